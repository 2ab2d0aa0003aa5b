"""The quote PDF read back: every chosen value, exact totals and VAT, page numbers, metadata, fonts, images."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from configurator.core.documents.pdf_style import wrap_text
from configurator.core.documents.quote_pdf import render_quote_pdf
from configurator.core.documents.snapshot import PriceItem, QuoteSnapshot, SpecItem
from configurator.core.i18n import format_date
from configurator.core.pricing.money import format_money
from tests.helpers.documents_kit import (
    chair_quote_en,
    page_pngs,
    pdf_fonts,
    pdf_info,
    pdf_text,
    run_tool,
    window_quote,
    word_boxes,
    words_in_order,
)


def rendered(snapshot: QuoteSnapshot, folder: Path) -> tuple[Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "quote.pdf"
    pdf.write_bytes(render_quote_pdf(snapshot))
    return pdf, pdf_text(pdf)


@pytest.fixture(scope="module")
def nb_quote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[QuoteSnapshot, Path, str]]:
    snapshot = window_quote()
    yield snapshot, *rendered(snapshot, tmp_path_factory.mktemp("nb"))


@pytest.fixture(scope="module")
def long_quote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[QuoteSnapshot, Path, str]]:
    snapshot = window_quote(lines=20)
    yield snapshot, *rendered(snapshot, tmp_path_factory.mktemp("long"))


@pytest.fixture(scope="module")
def en_quote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[QuoteSnapshot, Path, str]]:
    snapshot = chair_quote_en()
    yield snapshot, *rendered(snapshot, tmp_path_factory.mktemp("en"))


def kr(amount: Decimal, language: str) -> str:
    """An amount as it reads in the extracted text (the no-break spaces are plain spaces there)."""
    return format_money(amount, language).replace("\u00a0", " ")


def squeeze(text: str) -> str:
    return " ".join(text.split())


def assert_line_shown(text: str, label: str, value: str) -> None:
    """On one printed row when both fit; otherwise (wrapped) the words of each still in order."""
    if not re.search(rf"{re.escape(label)}\s+{re.escape(value)}", text):
        assert words_in_order(squeeze(text), label), label
        assert words_in_order(squeeze(text), value), value


# ------------------------------------------------------------------ content


def test_header_customer_and_facts(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    snapshot, _, text = nb_quote
    for expected in ("Tilbud", "Røros Trevare AS", "Kjerkgata 12", "7374 Røros", "Org.nr. 923 456 789 MVA",
                     "+47 72 41 00 00", "post@rorostrevare.no", "www.rorostrevare.no", "Kunde",
                     "Ålen Bygg og Økonomi AS", "Gørvelgata 3", "7380 Ålen", "Org.nr. 987 654 321",
                     "Att.: Kåre Østby", "kare@alenbygg.no", "+47 915 55 123"):
        assert expected in text, expected
    for label, value in (("Tilbudsnummer", "Q-2026-00001"), ("Revisjon", "B"), ("Dato", "25.11.2026"),
                         ("Gyldig til", "23.12.2026"), ("Selger", "Ingrid Bjørnstad")):
        assert re.search(rf"{label}\s+{re.escape(value)}", text), label
    assert snapshot.valid_until.isoformat() == "2026-12-23"
    assert "Status" not in text and "Sendt" not in text  # the customer is not told the quote's state


def test_every_line_with_its_specification_and_prices_for_the_customer(
        nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    snapshot, _, text = nb_quote
    for line in snapshot.lines:
        assert f"{line.position} {line.product}" in squeeze(text)
        row = rf"{line.position}\s+{line.product}\s+{line.quantity}\s+{re.escape(kr(line.unit_price, 'nb'))}"
        assert re.search(row + rf"\s+{re.escape(kr(line.line_total, 'nb'))}", text)
        for item in line.specification:
            assert_line_shown(text, f"{item.label}:", item.value.replace("\u00a0", " "))
        # the options the model shows carry their price, under the unit price
        assert re.search(rf"Sprosser:\s+Ja, 2 × 3 ruter, kittfals\s+{kr(line.specification[8].amount, 'nb')}\n",
                         text)
    # the internal build-up and the model version are not the customer's
    for internal in ("Grunnpris trevindu", "1,08 m² × kr 850,00", "Rabatt for kjerneved-kampanje", "Modellversjon"):
        assert internal not in text, internal
    assert "Referanse: Q-2026-00001 B · Trevindu etter mål 2026.1" in squeeze(text)  # one small reference line


def test_the_full_build_up_only_with_show_breakdown(tmp_path: Path) -> None:
    snapshot = replace(window_quote(), show_breakdown=True)
    _, text = rendered(snapshot, tmp_path)
    for line in snapshot.lines:
        assert f"Modellversjon {line.model_version}" in text
        for price in line.breakdown:
            assert re.search(rf"{re.escape(price.text)}\s+{re.escape(kr(price.amount, 'nb'))}", text)
    assert "kr −250,00" in text  # a negative amount with the minus sign
    assert re.search(r"Status\s+Sendt", text)


def test_discount_column_surcharges_and_discounts_by_name(tmp_path: Path) -> None:
    snapshot = window_quote(lines=1)
    line = replace(snapshot.lines[0], quantity=10, discount_percent=Decimal("7.5"),
                   discounts=("Kvantumsrabatt (10 eller flere) 5 %", "Linjerabatt 2,5 %"),
                   surcharges=(PriceItem("Verneverdig utførelse", Decimal("727.50")),))
    _, text = rendered(replace(snapshot, lines=(line,)), tmp_path)
    header = next(row for row in text.splitlines() if "Beskrivelse" in row)
    assert re.search(r"Antall\s+Enhetspris\s+Rabatt\s+Beløp", header)
    assert re.search(rf"10\s+{kr(line.unit_price, 'nb')}\s+7,5 %\s+{kr(line.line_total, 'nb')}\n", text)
    assert re.search(r"Verneverdig utførelse\s+kr 727,50\n", text)
    assert "Kvantumsrabatt (10 eller flere) 5 %" in text and "Linjerabatt 2,5 %" in text


def test_the_quote_parameters_are_shown(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    _, _, text = nb_quote
    assert "Forutsetninger for tilbudet" in text
    assert re.search(r"Energitiltak \(snitt U ≤ 0,80\):\s+Ja", text)
    assert re.search(r"Alle vinduene på samme fasade:\s+Nei", text)


def test_room_for_the_customers_acceptance(nb_quote: tuple[QuoteSnapshot, Path, str], tmp_path: Path) -> None:
    _, pdf, text = nb_quote
    last = text.split("\f")[-2]
    assert "Aksept" in last and "Vi aksepterer tilbud Q-2026-00001, revisjon B, på vilkårene over." in squeeze(last)
    assert re.search(r"Dato\s+Underskrift\s+Navn med blokkbokstaver", last)
    pages = int(pdf_info(pdf)["Pages"])
    [png] = page_pngs(pdf, tmp_path, dpi=72, first=pages, last=pages)
    [box] = [b for b in word_boxes(pdf) if b[0] == pages and b[5] == "Underskrift"]
    with Image.open(png) as image:  # a line to sign on, drawn just above the label, far wider than the word
        grey = image.convert("L")
        row = next(y for y in range(int(box[2]) - 1, int(box[2]) - 12, -1)
                   if grey.getpixel((int(box[1]) + 2, y)) < 120)
        dark = sum(1 for x in range(int(box[1]), int(box[1]) + 140) if grey.getpixel((x, row)) < 120)
        assert dark > 130


def test_totals_and_vat_exact(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    _, _, text = nb_quote
    for label, amount in (("Delsum", "kr 44 669,00"), ("Rabatt 5 %", "kr −2 233,45"),
                          ("Sum eks. mva.", "kr 42 435,55"), ("Mva. 25 %", "kr 10 608,89"),
                          ("Totalt inkl. mva.", "kr 53 044,44")):
        assert re.search(rf"{re.escape(label)}\s+{amount}\n", text), label


def test_notes_terms_and_page_numbers(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    snapshot, pdf, text = nb_quote
    assert "Merknader" in text
    assert "Betingelser" in text
    for paragraph in (*snapshot.notes, *snapshot.terms.split("\n\n")):
        assert words_in_order(squeeze(text), paragraph), paragraph
    pages = int(pdf_info(pdf)["Pages"])
    assert pages == 2
    for page in range(1, pages + 1):
        assert f"Side {page} av {pages}" in text
    assert "Tilbud Q-2026-00001 B" in text  # the footer names the document


def test_no_discount_line_without_discount(en_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    _, _, text = en_quote
    assert not re.search(r"Discount \d", text)  # the column is there, empty; no quote discount in the totals
    assert not re.search(r"\d %|\d%", text.split("Subtotal")[0])


def test_english_quote(en_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    snapshot, pdf, text = en_quote
    for expected in ("Quote", "Customer", "Valid until", "Qty", "Unit price", "Discount", "Page 1 of 1",
                     "Attn.: Jane Smith", "United Kingdom", "Reference: Q-2026-00042 A · Task chair 2026.2",
                     "Acceptance", "Signature", format_date(snapshot.valid_until, "en")):
        assert expected in text, expected
    assert "9 Dec 2026" in text
    for label, amount in (("Subtotal", "NOK 59,940.00"), ("Total excl. VAT", "NOK 59,940.00"),
                          ("VAT 25%", "NOK 14,985.00"), ("Total incl. VAT", "NOK 74,925.00")):
        assert re.search(rf"{re.escape(label)}\s+{amount}\n", text), label
    info = pdf_info(pdf)
    assert info["Title"] == "Quote Q-2026-00042 A"
    assert info["Subject"] == "Quote for Nordic Office Ltd"


# ------------------------------------------------------------------ a long quote flows across pages


def test_long_quote_repeats_headers_and_keeps_each_line_on_one_page(
        long_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    snapshot, pdf, text = long_quote
    pages = text.split("\f")[:-1]
    assert len(pages) == int(pdf_info(pdf)["Pages"]) > 5
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} av {len(pages)}" in page
    for line in snapshot.lines:
        title = rf"(?<!\d){line.position}\s+{line.product}"
        last = f"Sprosser: Ja, 2 × 3 ruter, kittfals {kr(line.specification[8].amount, 'nb')}"
        holding = [page for page in pages if re.search(title, page)]
        assert len(holding) == 1, title
        assert last in squeeze(holding[0]), title
        assert "Beskrivelse" in holding[0] and "Enhetspris" in holding[0]  # the table header repeats
    total = kr(snapshot.total_inc_vat, "nb")
    assert re.search(rf"Totalt inkl. mva.\s+{total}", pages[-1])


# ------------------------------------------------------------------ the file itself


def test_metadata(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    _, pdf, _ = nb_quote
    info = pdf_info(pdf)
    assert info["Title"] == "Tilbud Q-2026-00001 B"
    assert info["Author"] == "Røros Trevare AS"
    assert info["Subject"] == "Tilbud til Ålen Bygg og Økonomi AS"
    assert info["Creator"] == "Skredder"
    assert info["Page size"].startswith("595.276 x 841.89")  # A4


def test_only_embedded_dejavu_fonts(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    _, pdf, _ = nb_quote
    fonts = pdf_fonts(pdf)
    assert {font["name"].split("+")[-1] for font in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(font["embedded"] == "yes" for font in fonts)


def test_images_are_downscaled_for_print(nb_quote: tuple[QuoteSnapshot, Path, str]) -> None:
    snapshot, pdf, _ = nb_quote
    rows = [row.split() for row in run_tool("pdfimages", "-list", str(pdf)).splitlines()[2:]]
    assert len(rows) == len(snapshot.lines) + 1  # the previews and the logo
    previews = rows[1:]
    assert all(int(row[3]) <= 300 and 140 <= int(row[12]) <= 320 for row in previews)  # width px, x-ppi
    assert all(row[8] == "image" and row[9] == "no" for row in previews)  # flate-compressed, not interpolated
    assert pdf.stat().st_size < 150_000


def test_page_one_renders(nb_quote: tuple[QuoteSnapshot, Path, str], tmp_path: Path) -> None:
    _, pdf, _ = nb_quote
    [png] = page_pngs(pdf, tmp_path, dpi=60, last=1)
    with Image.open(png) as image:
        grey = image.convert("L")
        assert abs(grey.size[0] - 496) <= 1 and abs(grey.size[1] - 702) <= 1  # A4 at 60 dpi
        assert ImageStat.Stat(grey).extrema[0][0] < 60  # dark text
        assert 150 < ImageStat.Stat(grey).mean[0] < 250  # mostly paper, but not blank
        colours = image.convert("RGB").getcolors(1_000_000) or []
        assert len(colours) > 50  # images, the shaded header, anti-aliased text


def test_a_quote_without_images_logo_or_specification(tmp_path: Path) -> None:
    snapshot = window_quote(lines=2, images=False)
    bare = replace(snapshot, company=replace(snapshot.company, logo_png=None, org_number=""),
                   lines=(replace(snapshot.lines[0], specification=(), breakdown=()),), notes=(), terms="")
    pdf, text = rendered(bare, tmp_path)
    assert "Røros Trevare AS" in text
    assert "Merknader" not in text and "Betingelser" not in text
    assert run_tool("pdfimages", "-list", str(pdf)).count("image") == 0


def test_a_line_longer_than_a_page_continues_on_the_next(tmp_path: Path) -> None:
    snapshot = window_quote(lines=2)
    items = tuple(SpecItem(f"Egenskap {index}", f"Verdi {index} med tekst") for index in range(150))
    long_line = replace(snapshot.lines[1], specification=items)
    pdf, text = rendered(replace(snapshot, lines=(snapshot.lines[0], long_line)), tmp_path)
    assert int(pdf_info(pdf)["Pages"]) >= 3
    for item in items:
        assert re.search(rf"{item.label}:\s+{item.value}\n", text), item.label


def test_large_amounts_stay_whole_and_apart(tmp_path: Path) -> None:
    snapshot = chair_quote_en()
    line = replace(snapshot.lines[0], quantity=250, unit_price=Decimal("1234567.89"),
                   line_total=Decimal("308641972.50"))
    big = replace(snapshot, lines=(line,), subtotal=line.line_total, total_ex_vat=line.line_total,
                  vat=Decimal("77160493.13"), total_inc_vat=Decimal("385802465.63"))
    _, text = rendered(big, tmp_path)
    assert re.search(r"250\s+NOK 1,234,567.89\s+NOK 308,641,972.50\n", text)
    assert re.search(r"Total incl. VAT\s+NOK 385,802,465.63\n", text)


@pytest.mark.parametrize("lines", [1, 2])
def test_totals_that_do_not_fit_on_page_one_move_whole_to_the_next(lines: int, tmp_path: Path) -> None:
    snapshot = window_quote(lines=lines)
    notes = tuple(f"Merknad nummer {index} om leveringen." for index in range(40)) if lines == 1 else ()
    _, text = rendered(replace(snapshot, notes=notes or snapshot.notes), tmp_path)
    pages = text.split("\f")[:-1]
    holding = [page for page in pages if "Totalt inkl. mva." in page]
    assert len(holding) == 1
    assert all(label in holding[0] for label in ("Delsum", "Sum eks. mva.", "Mva. 25 %"))


def test_text_wraps_at_spaces_but_never_inside_an_amount() -> None:
    text = "3-lags energiglass (Ug 0,5): 1,68 m² × kr 850,00 = kr\u00a01\u00a0428,00"
    lines = wrap_text(text, 150).split("\n")
    assert len(lines) > 1
    assert lines[-1].endswith("kr\u00a01\u00a0428,00")
    assert " ".join(lines) == text


def test_a_word_wider_than_its_column_breaks_after_a_hyphen_or_between_characters() -> None:
    assert wrap_text("BLUM-CLIP-TOP-BLUMOTION-110", 101, size=7.8).split("\n") == ["BLUM-CLIP-TOP-", "BLUMOTION-110"]
    pieces = wrap_text("A" * 60, 60).split("\n")
    assert len(pieces) > 1 and "".join(pieces) == "A" * 60
