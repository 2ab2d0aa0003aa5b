"""Every number on the documents comes from core/numbers: a real quote of the four seed products (the full price
build-up printed, percent markups of 18 % and 140 %, a customer, line and quote discount, negative amounts) and its
production order, rendered and read back with pdftotext in both languages — no exponent ("1.1E+2 %"), one minus
sign (U+2212), years and identifiers never split ("2027", "70001"), percent as its reader writes it, ranges
written as "70001–70500"."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.records import Address, CustomerData
from configurator.core.documents.order_pdf import render_order_pdf
from configurator.core.documents.quote_pdf import render_quote_pdf
from configurator.core.quoting.service import LineRequest, QuoteService
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot
from tests.helpers.quoting_kit import EARTAG, TODAY, WINDOW, make_settings

pytestmark = pytest.mark.backends("sqlite")


def text_of(pdf: bytes, folder: Path, name: str) -> str:
    file = folder / f"{name}.pdf"
    file.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(file), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def documents(database: Database, tmp_path: Path) -> dict[str, str]:
    settings = make_settings()
    service = QuoteService(database, replace(settings, quote=replace(settings.quote, show_breakdown=True)),
                           today=TODAY)
    with database.session() as session:
        customer = CustomerRepository(session).add(CustomerData(
            kind="person", name="Hansen Gård", billing=Address(("Gardsveien 1",), "7374", "Røros"),
            discount_basis_points=250)).id
    number = service.new_quote(customer, parameters={"origin_pairs": False},
                               first_line=LineRequest("window", WINDOW, complete=True)).number
    service.add_line(number, "eartag", {**EARTAG, "tag_count": "500"}, complete=True, line_discount_bp=250)
    service.add_line(number, "chair", {"fabric": "le01"}, complete=True, quantity=10)
    service.add_line(number, "chimney_cap", {"material": "copper"}, complete=True)
    service.set_discount(number, 350)
    found = {f"quote-{language}": text_of(render_quote_pdf(quote_snapshot(service, number, None, language)),
                                          tmp_path, f"quote-{language}") for language in ("nb", "en")}
    service.send(number)
    service.accept(number)
    order = service.create_order(number).number
    for language in ("nb", "en"):
        found[f"order-{language}"] = text_of(render_order_pdf(order_snapshot(service, order, language)), tmp_path,
                                             f"order-{language}")
    return found


def test_no_exponent_one_minus_sign_and_percent_with_its_space(documents: dict[str, str]) -> None:
    for name, text in documents.items():
        assert not re.search(r"\d[eE][+-]?\d", text), name  # never "1.1E+2"
        assert not re.search(r"(?<![\w/.])-\s?(kr|NOK|\d)", text), name  # never an ASCII hyphen as a minus
        # percent as core/numbers writes it, the same everywhere: "18 %" in nb, "18%" in en
        assert not re.search(r"\d%" if name.endswith("nb") else r"\d\s%", text), name
    for name in ("quote-nb", "quote-en"):
        assert "\u2212" in documents[name]  # the discounts are negative amounts, with U+2212
    quote_nb, quote_en = documents["quote-nb"], documents["quote-en"]
    assert "140 % av kr 2 290,00" in quote_nb and "18 % av kr 9 490,00" in quote_nb
    assert "140% of NOK 2,290.00" in quote_en and "18% of NOK 9,490.00" in quote_en
    assert "Rabatt 3,5 %" in quote_nb and "Discount 3.5%" in quote_en and "Mva. 25 %" in quote_nb
    assert "kr −" in quote_nb and "NOK −" in quote_en


def test_years_and_identifiers_are_never_split_and_ranges_are_written_alike(documents: dict[str, str]) -> None:
    for name, text in documents.items():
        assert "1234567" in text, name  # the holding ID
        assert not re.search(r"\b20\s\d{2}\b(?!,)", text.replace("Incoterms 2020", "")), name  # "2 027" never
    for name in ("order-nb", "order-en"):
        text = documents[name]
        assert "29.03.2027" in text or "29 Mar 2027" in text or "29/03/2027" in text, name
        assert "70001–70500" in text and "70001 – 70500" not in text, name  # one way to write a range
        assert "70001" in text and "70 001" not in text
    assert "1200 mm" in documents["quote-nb"] and "12 852,00" in documents["quote-nb"]  # five digits grouped
