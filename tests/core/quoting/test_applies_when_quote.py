"""A kitchen cabinet with two doors in a quote: its hinge side does not apply, so the line is complete without
it, the stored line keeps only the ids chosen, and the quote's snapshot, its PDF, the order and the order's
export leave it out (real SQLite file; the PDF read back with pdftotext)."""

from __future__ import annotations

from pathlib import Path

from configurator.core.catalogue.db import Database
from configurator.core.documents.quote_pdf import render_quote_pdf
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot
from tests.helpers.documents_kit import pdf_text
from tests.helpers.quoting_kit import add_customer

TWO_DOORS = {"cabinet_type": "base", "width_mm": "800", "height_mm": "800", "depth_mm": "600", "door_count": "2",
             "drawer_count": "0", "shelves": "1", "front": "white_matt", "front_style": "flat",
             "handle": "bar_steel", "soft_close": "true", "plinth": "true"}


def test_a_line_without_its_hinge_side_is_complete_and_leaves_it_off(service: QuoteService, database: Database,
                                                                     tmp_path: Path) -> None:
    customer = add_customer(database)
    quote = service.new_quote(customer, first_line=LineRequest("kitchen", TWO_DOORS, complete=True))
    snapshot = quote_snapshot(service, quote.number)
    (line,) = snapshot.lines
    ids = [item.id for item in line.specification]
    assert "hinge_side" not in ids and "door_count" in ids
    assert line.unit_price > 0
    pdf = tmp_path / "quote.pdf"
    pdf.write_bytes(render_quote_pdf(snapshot))
    text = pdf_text(pdf)
    assert "Antall dører" in text and "Hengslet på" not in text
    service.send(quote.number)
    service.accept(quote.number)
    order = service.create_order(quote.number)
    (order_line,) = order_snapshot(service, order.number).lines
    assert "hinge_side" not in [item.id for item in order_line.specification]
