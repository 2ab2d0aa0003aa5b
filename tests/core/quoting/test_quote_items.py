"""Quote items (``quote_items`` in a model): what a quote needs once for all its lines of a product, counted
over the lines with their quantities, priced into the subtotal, printed on the quote, and on the production
order's bill of materials; checked with file and line when written wrong."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.documents.order_pdf import render_order_pdf
from configurator.core.documents.quote_pdf import render_quote_pdf
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.quoting.report import quote_text
from configurator.core.quoting.service import QuoteService
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot
from tests.helpers.documents_kit import pdf_text
from tests.helpers.model_kit import edit_file
from tests.helpers.quoting_kit import TODAY, WINDOW, add_customer, edited_catalogue, make_settings, open_copy

ROOT = Path(__file__).resolve().parents[3]
ITEMS = """
quote_items:
  - id: sealing-tape
    label: {nb: "Fugebånd, rull à 25 m", en: "Sealing tape, 25 m roll"}
    quantity: ceil(sum(perimeter_m) / 25)
    unit: stk
    price: 189
    item: FUGEBAND-25
  - id: site-measure
    label: {nb: Oppmåling på stedet, en: Measuring on site}
    when: count() >= 5
    quantity: 1
    price: 950
  - id: mounting-screws
    label: {nb: Karmskruer, en: Frame screws}
    quantity: sum(8)
    item: KARMSKRUE-100
quote_rules:"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edited_catalogue(tmp_path_factory.mktemp("models"), "window", ("\nquote_rules:", ITEMS))


@pytest.fixture
def service(catalogue: Path, tmp_path: Path) -> Iterator[tuple[QuoteService, Database]]:
    database = open_copy(catalogue, tmp_path)
    yield QuoteService(database, make_settings(), today=TODAY), database
    database.close()


def items_of(service: QuoteService, number: str) -> list[tuple[str, Decimal, Decimal]]:
    return [(item.id, item.quantity, item.total) for item in service.quote_items(number)]


def test_items_count_the_lines_with_their_quantities(service: tuple[QuoteService, Database]) -> None:
    quotes, database = service
    number = quotes.new_quote(add_customer(database)).number
    assert items_of(quotes, number) == []
    # 1200 × 1400 mm: a perimeter of 5.2 m; four of them are 20.8 m: one roll
    quotes.add_line(number, "window", WINDOW, quantity=4, complete=True)
    assert items_of(quotes, number) == [("sealing-tape", 1, Decimal("189.00")), ("mounting-screws", 32, 0)]
    # one more is 26 m: two rolls, and five windows need measuring on site
    quotes.add_line(number, "window", WINDOW, complete=True)
    assert items_of(quotes, number) == [("sealing-tape", 2, Decimal("378.00")), ("site-measure", 1, Decimal("950.00")),
                                        ("mounting-screws", 40, 0)]
    revision = quotes.quote(number).current
    lines = sum(line.line_total_ore for line in revision.lines)
    assert revision.total_ex_vat_ore == lines + 37_800 + 95_000  # the priced items are in the subtotal
    assert revision.total_inc_vat_ore == round((lines + 132_800) * Decimal("1.25"))
    quotes.remove_line(number, 2)
    assert [item[0] for item in items_of(quotes, number)] == ["sealing-tape", "mounting-screws"]
    assert quotes.quote(number).current.total_ex_vat_ore == revision.lines[0].line_total_ore + 18_900


def test_the_quote_shows_the_priced_items_and_the_order_lists_the_materials(
        service: tuple[QuoteService, Database], tmp_path: Path) -> None:
    quotes, database = service
    number = quotes.new_quote(add_customer(database)).number
    quotes.add_line(number, "window", WINDOW, quantity=5, complete=True)
    snapshot = quote_snapshot(quotes, number, language="nb")
    assert [(item.label, item.total) for item in snapshot.items] == [
        ("Fugebånd, rull à 25 m", Decimal("378.00")), ("Oppmåling på stedet", Decimal("950.00"))]
    assert snapshot.subtotal == sum(line.line_total for line in snapshot.lines) + Decimal("1328.00")
    pdf = tmp_path / "quote.pdf"
    pdf.write_bytes(render_quote_pdf(snapshot))
    text = pdf_text(pdf)
    assert "For hele tilbudet" in text
    assert "Fugebånd, rull à 25 m" in text and "kr 378,00" in text and "kr 950,00" in text
    assert "Karmskruer" not in text  # not priced: for the factory only
    assert "For the whole quote" in quote_text(quotes, number, None, "en")

    quotes.send(number)
    quotes.accept(number)
    order = quotes.create_order(number)
    ordered = order_snapshot(quotes, order.number, language="en")
    assert [(row.item, row.quantity) for row in ordered.bom] == [("FUGEBAND-25", 2), ("KARMSKRUE-100", 40)]
    pdf.write_bytes(render_order_pdf(ordered))
    text = pdf_text(pdf)
    assert "For the whole order: bill of materials" in text
    assert "KARMSKRUE-100" in text and "Frame screws" in text


BROKEN = [
    ("quantity: 1\n    price: 950", "quantity: glazing\n    price: 950",
     "window/window.yaml:{line}: quote item 'site-measure': expected a number, got choice 'glazing'", 3),
    ("    price: 189\n", "", None, None),
    ("    item: KARMSKRUE-100\n", "", "window/window.yaml:{line}: quote item 'mounting-screws': a quote item needs a "
     "'price', an 'item' number for the bill of materials, or both", 0),
    ("    unit: stk\n", "    units: stk\n",
     "window/window.yaml:{line}: quote item 'sealing-tape': unknown field 'units' (did you mean 'unit'?)", 3),
]


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_quote_item_names_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 case: tuple[str, str, str | None, int | None]) -> None:
    old, new, expected, offset = case
    folder = tmp_path / "window"
    shutil.copytree(ROOT / "product_models" / "window", folder)
    edit_file(folder / "window.yaml", "\nquote_rules:", ITEMS)
    edit_file(folder / "window.yaml", old, new)
    monkeypatch.chdir(tmp_path)
    if expected is None:  # an item with an item number and no price is for the order only: valid
        assert load_model(folder).model.quote_items
        return
    text = (folder / "window.yaml").read_text(encoding="utf-8").splitlines()
    marker = {"site-measure": "  - id: site-measure", "mounting-screws": "  - id: mounting-screws",
              "sealing-tape": "  - id: sealing-tape"}[expected.split("'")[1]]
    line = text.index(marker) + 1 + (offset or 0)
    with pytest.raises(ModelErrors) as info:
        load_model(folder)
    assert info.value.render("en").splitlines() == [expected.format(line=line)]
