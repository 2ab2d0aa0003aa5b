"""The production order PDF read back: facts, specification, BOM, cut list, every ear tag, QR codes, no money."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from configurator.core.documents.order_pdf import render_order_pdf
from configurator.core.documents.snapshot import BomRow, OrderSnapshot, SpecItem, TagRow
from configurator.core.numbers import format_number
from tests.helpers.documents_kit import (
    eartag_order,
    page_pngs,
    pdf_fonts,
    pdf_info,
    pdf_text,
    qr_payloads,
    tag_rows,
    word_boxes,
    words_in_order,
)


def rendered(snapshot: OrderSnapshot, folder: Path) -> tuple[Path, str]:
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / "order.pdf"
    pdf.write_bytes(render_order_pdf(snapshot))
    return pdf, pdf_text(pdf)


@pytest.fixture(scope="module")
def order(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OrderSnapshot, Path, str]]:
    snapshot = eartag_order(tags=300, windows=2)
    yield snapshot, *rendered(snapshot, tmp_path_factory.mktemp("order"))


def squeeze(text: str) -> str:
    return " ".join(text.split())


def test_order_facts_and_addresses(order: tuple[OrderSnapshot, Path, str]) -> None:
    _, _, text = order
    for label, value in (("Ordrenummer", "O-2026-00007"), ("Tilbud", "Q-2026-00001 revisjon B"),
                         ("Opprettet", "26.11.2026"), ("Leveringsdato", "15.01.2027")):
        assert re.search(rf"{label}\s+{value}", text), label
    assert "Produksjonsordre" in text
    for expected in ("Kunde", "Leveringsadresse", "Høsøien 14", "7380 Ålen", "Att.: Åse Værnes", "Gørvelgata 3",
                     "Merknader", "Merkene pakkes per 50 i nummerorden."):
        assert expected in text, expected
    assert words_in_order(squeeze(text), "Ålen Bygg og Økonomi AS, byggeplass Høsøien")


def test_every_line_its_specification_fields_bom_and_cut_list(order: tuple[OrderSnapshot, Path, str]) -> None:
    snapshot, _, text = order
    flat = squeeze(text)
    for line in snapshot.lines:
        assert f"Linje {line.position}" in text
        assert line.product in text
        assert f"Modellversjon {line.model_version}" in text
        assert f"Antall: {line.quantity}" in text
        for item in (*line.specification, *line.fields):
            # a long label wraps in its cell: its words and the value are found, not one run of text
            assert words_in_order(flat, item.label) and item.value.replace("\u00a0", " ") in flat, item
        for bom in line.bom:
            quantity = str(bom.quantity).replace(".", ",")
            assert re.search(rf"{re.escape(bom.item)}\s+{re.escape(bom.label)}\s+{quantity}\s+{bom.unit}\n", text)
        for cut in line.cut_list:
            length = format_number(cut.length_mm, "nb").replace("\u00a0", " ")
            assert re.search(rf"{re.escape(cut.label)}\s+{re.escape(cut.material)}\s+{length}\s+{cut.count}\n", text)
    for heading in ("Spesifikasjon", "Produksjon", "Stykkliste", "Kappliste", "Varenr.", "Lengde (mm)"):
        assert heading in text


def test_every_ear_tag_is_listed(order: tuple[OrderSnapshot, Path, str]) -> None:
    snapshot, _, text = order
    line = snapshot.lines[0]
    assert re.search(r"Dyreholds-ID\s+NO 1234567", text)
    assert re.search(r"Nummerserie\s+70001–70300 \(300 merker\)", text)
    assert "Nordre Vollan gård / Tlf 916 00 000" in text  # the inside text all tags share, once
    for tag in line.tags:
        assert re.search(rf"{tag.number}\s+{re.escape(tag.printed)}\s+{tag.eid}", text), tag.number


def test_tags_are_compact_and_read_column_by_column(order: tuple[OrderSnapshot, Path, str]) -> None:
    _, pdf, text = order
    assert int(pdf_info(pdf)["Pages"]) <= 5  # 300 tags in two columns, plus two window lines
    first_row = next(row for row in text.splitlines() if row.strip().startswith("70001"))
    later = re.findall(r"\b7\d{4}\b", first_row.split("578123456770001", 1)[1])
    assert later and int(later[0]) > 70010  # the second column continues the first one's numbers


def test_no_money_anywhere(order: tuple[OrderSnapshot, Path, str]) -> None:
    _, _, text = order
    assert not re.search(r"\bkr\s*[−-]?\d", text)
    assert "NOK" not in text
    for word in ("Enhetspris", "Beløp", "mva", "Delsum", "Totalt"):
        assert word not in text


def test_page_numbers_metadata_and_fonts(order: tuple[OrderSnapshot, Path, str]) -> None:
    _, pdf, text = order
    info = pdf_info(pdf)
    pages = int(info["Pages"])
    for page in range(1, pages + 1):
        assert f"Side {page} av {pages}" in text
    assert info["Title"] == "Produksjonsordre O-2026-00007"
    assert info["Author"] == "Røros Trevare AS"
    assert info["Subject"] == "Produksjonsordre for tilbud Q-2026-00001 B"
    assert info["Creator"] == "Skredder"
    fonts = pdf_fonts(pdf)
    assert {font["name"].split("+")[-1] for font in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(font["embedded"] == "yes" for font in fonts)


def test_page_one_renders(order: tuple[OrderSnapshot, Path, str], tmp_path: Path) -> None:
    _, pdf, _ = order
    [png] = page_pngs(pdf, tmp_path, dpi=60, last=1)
    with Image.open(png) as image:
        stat = ImageStat.Stat(image.convert("L"))
        assert stat.extrema[0][0] < 60
        assert 150 < stat.mean[0] < 250


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg is not installed (the setup script adds it)")
def test_qr_codes_decode_to_each_lines_payload(order: tuple[OrderSnapshot, Path, str], tmp_path: Path) -> None:
    snapshot, pdf, _ = order
    found = [payload for png in page_pngs(pdf, tmp_path, dpi=150) for payload in qr_payloads(png)]
    assert sorted(found) == sorted(line.qr_payload for line in snapshot.lines)


def test_the_qr_payload_is_printed_under_its_code(order: tuple[OrderSnapshot, Path, str]) -> None:
    snapshot, _, text = order
    for line in snapshot.lines:
        assert words_in_order(squeeze(text), line.qr_payload)


def test_tags_with_their_own_inside_texts_get_a_column(tmp_path: Path) -> None:
    snapshot = eartag_order(tags=40, windows=0)
    tags = tuple(replace(tag, inside=(f"Søye {index}",)) for index, tag in enumerate(snapshot.lines[0].tags))
    pdf, text = rendered(replace(snapshot, lines=(replace(snapshot.lines[0], tags=tags),), parameters=()), tmp_path)
    assert "Innside" in text and "alle merker)" not in text
    for index, tag in enumerate(tags):
        assert re.search(rf"{tag.number}\s+{re.escape(tag.printed)}\s+{tag.eid}\s+Søye {index}\b", text)
    assert int(pdf_info(pdf)["Pages"]) == 1


def test_very_wide_tags_fall_back_to_a_wrapped_table(tmp_path: Path) -> None:
    long_inside = ("Nordre Vollan gård, Haltdalen, med en svært lang tekst som må brytes over flere linjer",)
    tags = tuple(replace(tag, inside=(*long_inside, str(index))) for index, tag in enumerate(tag_rows(30)))
    snapshot = eartag_order(tags=30, windows=0)
    _, text = rendered(replace(snapshot, lines=(replace(snapshot.lines[0], tags=tags),)), tmp_path)
    for tag in tags:
        assert tag.eid in text
    assert words_in_order(squeeze(text), long_inside[0])


def test_english_order_without_delivery_date(tmp_path: Path) -> None:
    snapshot = replace(eartag_order(tags=5, windows=1), language="en", delivery_date=None)
    pdf, text = rendered(snapshot, tmp_path)
    for expected in ("Production order", "Order number", "Delivery address", "Bill of materials", "Cut list",
                     "Holding ID", "70001–70005 (5 tags)", "Page 1 of", "Quantity: 5", "26 Nov 2026"):
        assert expected in text, expected
    assert re.search(r"Delivery date\s+not agreed", text)
    assert pdf_info(pdf)["Title"] == "Production order O-2026-00007"


def test_a_single_tag(tmp_path: Path) -> None:
    snapshot = eartag_order(tags=1, windows=0)
    only = TagRow(number="00001", printed="MT NO 1234567 00001 E", eid="")
    _, text = rendered(replace(snapshot, lines=(replace(snapshot.lines[0], tags=(only,)),)), tmp_path)
    assert "MT NO 1234567 00001 E" in text


def test_visual_tags_have_no_eid_column(tmp_path: Path) -> None:
    snapshot = eartag_order(tags=12, windows=0)
    tags = tuple(replace(tag, eid="") for tag in snapshot.lines[0].tags)
    _, text = rendered(replace(snapshot, lines=(replace(snapshot.lines[0], tags=tags),)), tmp_path)
    assert "EID" not in text
    assert all(re.search(rf"{tag.number}\s+{re.escape(tag.printed)}", text) for tag in tags)


# ------------------------------------------------------------------ page breaks and narrow columns

HEADINGS = ("Produksjon", "Stykkliste", "Kappliste", "Øremerker", "Spesifikasjon")


def test_a_long_item_number_wraps_in_its_column(tmp_path: Path) -> None:
    snapshot = eartag_order(tags=1, windows=1)
    window = snapshot.lines[1]
    bom = (BomRow("BLUM-CLIP-TOP-BLUMOTION-110", "Hengsel Blum Clip top Blumotion 110°", Decimal("4"), "stk"),
           *window.bom)
    pdf, _ = rendered(replace(snapshot, lines=(snapshot.lines[0], replace(window, bom=bom))), tmp_path)
    boxes = word_boxes(pdf)
    item = [box for box in boxes if box[5] in ("BLUM-CLIP-TOP-", "BLUMOTION-110")]
    description = next(box for box in boxes if box[5] == "Hengsel")
    assert [box[5] for box in item] == ["BLUM-CLIP-TOP-", "BLUMOTION-110"]  # broken after a hyphen, two rows
    assert all(box[3] < description[1] for box in item)  # and ending before the description begins


@pytest.mark.parametrize("items", [0, 8, 16])
def test_no_heading_is_left_alone_at_the_bottom_of_a_page(items: int, tmp_path: Path) -> None:
    # with 0, 8 or 16 more specification items the headings "Kappliste", "Stykkliste", "Produksjon" used to land
    # at the very bottom of page 2, their tables on page 3
    snapshot = eartag_order(tags=40, windows=3)
    lines = list(snapshot.lines)
    lines[1] = replace(lines[1], specification=tuple(SpecItem(f"Egenskap {i}", "verdi") for i in range(items)))
    _, text = rendered(replace(snapshot, lines=tuple(lines)), tmp_path)
    for page in text.split("\f")[:-1]:
        content = [row.strip() for row in page.splitlines() if row.strip()][:-1]  # the footer left out
        assert content[-1] not in HEADINGS, content[-3:]


def test_a_line_running_onto_the_next_page_repeats_its_heading(tmp_path: Path) -> None:
    snapshot = eartag_order(tags=1, windows=2)
    window = snapshot.lines[1]
    bom = tuple(BomRow(f"ITEM-{index:03d}", f"Del nummer {index}", Decimal(index), "stk") for index in range(90))
    lines = (snapshot.lines[0], replace(window, bom=bom), snapshot.lines[2])
    _, text = rendered(replace(snapshot, lines=lines), tmp_path)
    pages = text.split("\f")[:-1]
    continued = "Linje 2 · Trevindu etter mål (forts.)"
    holding = [number for number, page in enumerate(pages, start=1) if "ITEM-" in page]
    assert len(holding) >= 2
    for number in holding[1:]:  # every page the line runs onto starts with its heading, then the table's header
        content = [row.strip() for row in pages[number - 1].splitlines() if row.strip()]
        assert content[1] == continued, content[:3]  # after the running header
        assert content[2].startswith("Varenr.")
    assert "Linje 3 ·" not in text and text.count(continued) == len(holding) - 1  # and only while the line lasts


def test_the_quote_parameters_are_on_the_order(order: tuple[OrderSnapshot, Path, str]) -> None:
    _, _, text = order
    assert "Forutsetninger for tilbudet" in text and re.search(r"Merker i par:\s+Ja", text)
