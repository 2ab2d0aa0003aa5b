"""The whole sales flow from the command line, for each seed family: a customer, a quote, send, accept, the
production order, both PDFs read back (text, metadata, a rendered page) and the factory export.

Runs ``skredder`` in-process (``configurator.cli.main``) on a real SQLite file built from the bundled models.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from PIL import Image

from configurator.cli import main
from configurator.core.catalogue.db import open_database
from configurator.core.pricing.money import format_money, from_ore
from configurator.core.quoting.service import QuoteService
from configurator.core.quoting.snapshots import order_snapshot, quote_snapshot
from configurator.core.settings import ENV_CONFIG_DIR, load_settings

Capture = pytest.CaptureFixture[str]

FAMILIES = {
    "window": ["--set", "window_type=side_hung", "--set", "width_mm=1200", "--set", "height_mm=1400",
               "--set", "glazing=triple", "--set", "glazing_bars=through", "--set", "bars_per_sash=2",
               "--quantity", "3"],
    "chair": ["--set", "model=sofi", "--set", "user_height_m=1.85", "--quantity", "12"],
    "eartag": ["--set", "species=sheep", "--set", "holding_id=1234567", "--set", "birth_year=2027",
               "--set", "series_number=1", "--set", "tag_count=120", "--set", "inside_text_1=Hansen",
               "--param", "origin_pairs=false"],
    "chimney_cap": ["--set", "flue_shape=round"],
}


@pytest.fixture
def template(seed_catalogue: Path) -> Path:
    return seed_catalogue


@pytest.fixture
def db(backend: str, template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
       request: pytest.FixtureRequest) -> Iterator[str]:
    """The seed catalogue for the commands' --database: a SQLite file path, or a PostgreSQL URL (``backend``)."""
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "config"))
    if backend == "postgresql":
        yield str(request.getfixturevalue("office_url"))
        return
    file = tmp_path / "catalogue.sqlite"
    shutil.copyfile(template, file)
    yield str(file)


def run(capsys: Capture, db: str, *argv: str, language: str = "nb") -> str:
    code = main([*argv, "--database", db, "--language", language])
    out, err = capsys.readouterr()
    assert (code, err) == (0, ""), f"{argv}: {err}"
    return out


def refused(capsys: Capture, db: str, *argv: str, language: str = "en") -> str:
    code = main([*argv, "--database", db, "--language", language])
    out, err = capsys.readouterr()
    assert code == 1, out
    return err


def setup_seller_and_customer(capsys: Capture, db: str) -> None:
    run(capsys, db, "settings", "set", "company.name", "Røros Dører og Vinduer AS")
    run(capsys, db, "settings", "set", "salesperson", "Kari Nordmann")
    run(capsys, db, "customer", "add", "--name", "Ødegård Gårdsbruk AS", "--org-number", "923609016",
        "--address", "Gardsveien 1", "--postcode", "7374", "--city", "Røros")


def pdf_text(path: Path) -> str:
    """The PDF's text with all runs of white space (line breaks, non-breaking spaces) made one space."""
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def first_page_png(path: Path, tmp_path: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
                   check=True)
    return Image.open(next(tmp_path.glob("page*.png")))


def service(db: str) -> QuoteService:
    return QuoteService(open_database(db), load_settings())


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_family_from_quote_to_production_order(family: str, db: str, capsys: Capture,
                                                    tmp_path: Path) -> None:
    setup_seller_and_customer(capsys, db)
    out = run(capsys, db, "quote", "new", "--customer", "1", "--product", family, *FAMILIES[family], "--complete")
    assert "Tilbud Q-2026-00001 er opprettet (revisjon A)." in out
    run(capsys, db, "quote", "send", "Q-2026-00001")
    run(capsys, db, "quote", "accept", "Q-2026-00001")
    assert "O-2026-00001" in run(capsys, db, "order", "create", "Q-2026-00001")
    quote_pdf, order_pdf = tmp_path / "quote.pdf", tmp_path / "order.pdf"
    run(capsys, db, "quote", "pdf", "Q-2026-00001", "-o", str(quote_pdf))
    run(capsys, db, "order", "pdf", "O-2026-00001", "-o", str(order_pdf))

    sales = service(db)
    quote = sales.quote("Q-2026-00001").current
    snapshot = quote_snapshot(sales, "Q-2026-00001")
    text = pdf_text(quote_pdf)
    for line in snapshot.lines:
        assert line.product in text
        for item in line.specification:
            assert plain(f"{item.label}") in text and plain(item.value) in text, item
        assert plain(format_money(line.line_total, "nb")) in text
    # the stored totals, and VAT 25 % of the total computed here, half up to the øre
    ex_vat = from_ore(quote.total_ex_vat_ore)
    vat = (ex_vat * Decimal("0.25")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert from_ore(quote.vat_ore) == vat and from_ore(quote.total_inc_vat_ore) == ex_vat + vat
    assert ex_vat == sum((line.line_total for line in snapshot.lines), Decimal(0))
    for amount in (ex_vat, vat, ex_vat + vat):
        assert plain(format_money(amount, "nb")) in text
    assert "Side 1 av" in text and "Q-2026-00001" in text
    assert pdf_info(quote_pdf)["Title"] == "Tilbud Q-2026-00001 A"
    assert pdf_info(quote_pdf)["Author"] == "Røros Dører og Vinduer AS"
    page = first_page_png(quote_pdf, tmp_path).convert("L")
    assert page.getextrema()[0] < 100  # something dark is printed on the white page

    order = order_snapshot(sales, "O-2026-00001")
    order_text = pdf_text(order_pdf)
    assert "O-2026-00001" in order_text and "Q-2026-00001" in order_text
    for item in order.lines[0].specification:
        assert plain(item.value) in order_text
    for row in order.lines[0].bom:
        assert row.item in order_text
    assert " kr " not in f" {order_text} " and "kr " not in order_text  # a production order shows no prices
    sales.database.close()


def test_ear_tags_order_export_one_row_per_tag_and_no_reuse(db: str, capsys: Capture, tmp_path: Path) -> None:
    setup_seller_and_customer(capsys, db)
    tags = ["--set", "holding_id=1234567", "--set", "series_number=1", "--set", "tag_count=30", "--complete"]
    run(capsys, db, "quote", "new", "--customer", "1", "--product", "eartag", *tags)
    run(capsys, db, "quote", "add-line", "Q-2026-00001", "--product", "eartag", "--set", "tag_type=e24", *tags)
    for step in ("send", "accept"):
        run(capsys, db, "quote", step, "Q-2026-00001")
    run(capsys, db, "order", "create", "Q-2026-00001")
    rows = list(csv.DictReader(io.StringIO(run(capsys, db, "order", "export", "O-2026-00001", "--format", "csv",
                                               "--kind", "tags")), delimiter=";"))
    assert len(rows) == 60  # 30 visual and 30 electronic tags with the same numbers
    values = [list(row.values()) for row in rows]
    assert any("70001" in v and "578123456770001" in v for v in values)  # the E24 tag's EID
    assert any("70030" in v for v in values) and not any("70031" in v for v in values)
    folder = tmp_path / "export"
    folder.mkdir()
    run(capsys, db, "order", "export", "O-2026-00001", "--format", "csv", "-o", str(folder))
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        f"O-2026-00001-{kind}.csv" for kind in ("lines", "parameters", "specification", "fields", "bom", "cut_list",
                                                "tags"))
    bom = list(csv.DictReader(io.StringIO((folder / "O-2026-00001-bom.csv").read_text(encoding="utf-8")),
                              delimiter=";"))
    assert {row["line"] for row in bom} == {"1", "2"} and all(row["bom_id"] and row["item"] for row in bom)
    parameters = (folder / "O-2026-00001-parameters.csv").read_text(encoding="utf-8")
    assert "origin_pairs;Opprinnelsesmerker i par (visuelt + elektronisk);true;ja" in parameters
    import openpyxl

    run(capsys, db, "order", "export", "O-2026-00001", "--format", "xlsx", "-o", str(tmp_path / "order.xlsx"))
    workbook = openpyxl.load_workbook(tmp_path / "order.xlsx", read_only=True)
    assert workbook.sheetnames == ["lines", "parameters", "specification", "fields", "bom", "cut_list", "tags"]
    assert len(list(workbook["tags"].iter_rows(min_row=2))) == 60
    data = json.loads(run(capsys, db, "order", "export", "O-2026-00001", "--format", "json"))
    assert data["number"] == "O-2026-00001" and len(data["lines"]) == 2
    order_pdf = tmp_path / "order.pdf"
    run(capsys, db, "order", "pdf", "O-2026-00001", "-o", str(order_pdf))
    text = pdf_text(order_pdf)
    assert "MT NO 1234567 70001" in text and "MT NO 1234567 70030" in text and "578123456770030" in text

    # a second quote for the same holding asks for numbers 70021–70040: refused at sending, naming the first order
    run(capsys, db, "quote", "new", "--customer", "1", "--product", "eartag", "--set", "holding_id=1234567",
        "--set", "series_number=21", "--set", "tag_count=20", "--param", "origin_pairs=false", "--complete")
    error = refused(capsys, db, "quote", "send", "Q-2026-00002")
    assert "70021–70030" in error and "O-2026-00001" in error
    assert "O-2026-00002" not in run(capsys, db, "order", "list")


def test_revisions_and_approval_from_the_command_line(db: str, capsys: Capture, tmp_path: Path) -> None:
    setup_seller_and_customer(capsys, db)
    run(capsys, db, "settings", "set-pin", "2468")
    run(capsys, db, "quote", "new", "--customer", "1", "--product", "window", *FAMILIES["window"], "--complete")
    run(capsys, db, "quote", "discount", "Q-2026-00001", "20")
    error = refused(capsys, db, "quote", "send", "Q-2026-00001")
    assert "needs a manager's approval" in error
    assert "Wrong manager PIN" in refused(capsys, db, "quote", "approve", "Q-2026-00001", "--pin", "1111")
    run(capsys, db, "quote", "approve", "Q-2026-00001", "--pin", "2468", "--manager", "Ola Leder")
    run(capsys, db, "quote", "send", "Q-2026-00001")
    assert "cannot be changed" in refused(capsys, db, "quote", "edit-line", "Q-2026-00001", "1", "--quantity", "1")
    assert "revision B" in run(capsys, db, "quote", "revise", "Q-2026-00001", language="en")
    run(capsys, db, "quote", "edit-line", "Q-2026-00001", "1", "--quantity", "1")
    shown = run(capsys, db, "quote", "show", "Q-2026-00001", "--revision", "A", language="en")
    assert "revision A (superseded)" in shown and "3 × NOK" in shown
    assert "1 × NOK" in run(capsys, db, "quote", "show", "Q-2026-00001", language="en")
    english = tmp_path / "a.pdf"
    run(capsys, db, "quote", "pdf", "Q-2026-00001", "--revision", "A", "--document-language", "en", "-o",
        str(english))
    text = pdf_text(english)
    assert "Discount approved by Ola Leder." in text and "Total incl. VAT" in text
    assert pdf_info(english)["Title"] == "Quote Q-2026-00001 A"
    listing = run(capsys, db, "quote", "list", language="en")
    assert "Q-2026-00001" in listing and "Ødegård Gårdsbruk AS" in listing and "draft" in listing


def test_a_refused_line_prints_why_and_stores_nothing(db: str, capsys: Capture) -> None:
    setup_seller_and_customer(capsys, db)
    error = refused(capsys, db, "quote", "new", "--customer", "1", "--product", "window", "--set",
                    "window_type=top_hung", "--set", "width_mm=1200", "--set", "height_mm=600", "--set",
                    "escape_window=true")
    assert "clear opening must be at least 600 mm high" in error
    assert "Height (outside frame) = 600 mm" in error
    assert "No quotes found" in run(capsys, db, "quote", "list", language="en")
    assert "There is no quote Q-2026-00009" in refused(capsys, db, "quote", "show", "Q-2026-00009")
    assert "not a percentage" in refused(capsys, db, "quote", "new", "--customer", "1", "--product", "window",
                                         "--discount", "abc")


def test_a_line_starts_from_a_preset(db: str, capsys: Capture) -> None:
    setup_seller_and_customer(capsys, db)
    run(capsys, db, "quote", "new", "--customer", "1", "--product", "chimney_cap", "--preset", "cabin_cap",
        "--complete")
    # --set changes what the preset chose
    run(capsys, db, "quote", "add-line", "Q-2026-00001", "--product", "chimney_cap", "--preset", "cabin_cap",
        "--set", "material=stainless", "--complete")
    sales = service(db)
    try:
        first, second = sales.quote("Q-2026-00001").current.lines
    finally:
        sales.database.close()
    assert {k: first.configuration.values[k] for k in ("chimney_type", "material", "mesh", "wind_variant")} == {
        "chimney_type": "masonry", "material": "galvanised", "mesh": "mesh_16", "wind_variant": "down_draught"}
    assert second.configuration.values["material"] == "stainless"
    error = refused(capsys, db, "quote", "add-line", "Q-2026-00001", "--product", "chimney_cap", "--preset",
                    "cabin")
    assert error == "unknown preset 'cabin' (known: cabin_cap, roros_black, steel_chimney)\n"
