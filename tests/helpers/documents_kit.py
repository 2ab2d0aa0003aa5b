"""Snapshots made by hand for the document tests and the benchmark, with preview-like images drawn by Pillow.

- :func:`window_quote` — a window quote in bokmål (3 lines, or ``lines=20`` for the long variant), with a logo,
  a 5 % quote discount, notes and terms; every amount computed with the one rounding rule.
- :func:`chair_quote_en` — a short English quote without discount or logo.
- :func:`eartag_order` — a production order: an ear-tag line with ``tags`` tags and ``windows`` window lines
  with bills of materials and cut lists.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

from configurator.core.documents.snapshot import (
    BomRow,
    CompanyInfo,
    CutRow,
    OrderLineSnapshot,
    OrderSnapshot,
    PartyBlock,
    PriceItem,
    QuoteLineSnapshot,
    QuoteSnapshot,
    SpecItem,
    TagRow,
)
from configurator.core.pricing.money import format_number, percent_of, round_ore

HOLDING = "1234567"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def window_png(variant: int = 0, size: tuple[int, int] = (480, 560)) -> bytes:
    """A full-size preview-like drawing of a two-sash window (transparent background, like the real previews)."""
    width, height = size
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    frame = [(245, 245, 240), (120, 70, 40), (40, 60, 50), (150, 30, 30)][variant % 4]
    inset = 30 + variant % 11  # every variant's pixels differ a little
    draw.rectangle((inset, inset, width - inset, height - inset), fill=frame, outline=(60, 60, 60), width=6)
    middle = width // 2
    for left, right in ((90, middle - 15), (middle + 15, width - 90)):
        draw.rectangle((left, 90, right, height - 90), fill=frame, outline=(80, 80, 80), width=4)
        for row in range(40):  # a sky-like gradient in the glass
            top = 120 + row * (height - 240) // 40
            bottom = 120 + (row + 1) * (height - 240) // 40
            draw.rectangle((left + 30, top, right - 30, bottom), fill=(150 + row * 2, 190 + row, 225, 255))
        draw.line((left + 30, height // 2, right - 30, height // 2), fill=frame, width=14)
    draw.ellipse((middle - 60, height // 2 - 12, middle - 36, height // 2 + 12), fill=(190, 160, 60))
    return _png(image)


def chair_png() -> bytes:
    image = Image.new("RGB", (800, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((250, 120, 550, 420), radius=40, fill=(40, 40, 45))
    draw.rounded_rectangle((220, 430, 580, 500), radius=25, fill=(60, 60, 70))
    draw.rectangle((385, 500, 415, 640), fill=(150, 150, 155))
    for dx in (-220, -110, 0, 110, 220):
        draw.line((400, 640, 400 + dx, 700), fill=(90, 90, 95), width=16)
        draw.ellipse((385 + dx, 690, 415 + dx, 720), fill=(20, 20, 20))
    return _png(image)


def logo_png() -> bytes:
    image = Image.new("RGBA", (1200, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 340), (180, 40), (340, 340)], fill=(35, 70, 92))
    draw.polygon([(200, 340), (300, 150), (400, 340)], fill=(120, 150, 160))
    draw.rectangle((440, 120, 1180, 250), fill=(35, 70, 92))
    return _png(image)


COMPANY = CompanyInfo(
    name="Røros Trevare AS",
    address_lines=("Kjerkgata 12", "7374 Røros"),
    org_number="923 456 789 MVA",
    phone="+47 72 41 00 00",
    email="post@rorostrevare.no",
    web="www.rorostrevare.no",
)

CUSTOMER_NB = PartyBlock(
    name="Ålen Bygg og Økonomi AS",
    address_lines=("Gørvelgata 3", "7380 Ålen"),
    org_number="987 654 321",
    contact="Kåre Østby",
    email="kare@alenbygg.no",
    phone="+47 915 55 123",
)


def _window_spec(index: int) -> tuple[SpecItem, ...]:
    width, height = 800 + 100 * (index % 7), 1000 + 50 * (index % 9)
    return (
        SpecItem("Vindustype", ["Sidehengslet", "Topphengslet", "Fastkarm"][index % 3]),
        SpecItem("Bredde (utvendig karm)", f"{format_number(width, 'nb')} mm"),
        SpecItem("Høyde (utvendig karm)", f"{format_number(height, 'nb')} mm"),
        SpecItem("Treslag", "Kjerneved av furu fra Røros"),
        SpecItem("Glass", "3-lags energiglass med argon", Decimal("918.00")),  # the model shows these prices
        SpecItem("U-verdi", "0,8 W/m²K"),
        SpecItem("Farge utvendig", "NCS S 0502-Y (hvit)"),
        SpecItem("Farge innvendig", "Lasert, lys grå"),
        SpecItem("Sprosser", "Ja, 2 × 3 ruter, kittfals", Decimal("1240.00") + index),
        SpecItem("Beslag", "Messing, tradisjonelle vindushaker"),
        SpecItem("Lufteventil", "Nei"),
        SpecItem("Vannbrett", "Aluminium, hvit"),
        SpecItem("Montering", "Levert ferdig til montering; gjelder også karmskruer og fugeskum for hele åpningen"),
    )


def _window_breakdown(index: int) -> tuple[PriceItem, ...]:
    return (
        PriceItem("Grunnpris trevindu", Decimal("4850.00")),
        PriceItem("3-lags energiglass: 1,08 m² × kr 850,00", Decimal("918.00")),
        PriceItem("Sprosser, 6 ruter", Decimal("1240.00") + index),
        PriceItem("Messingbeslag", Decimal("685.50")),
        PriceItem("Rabatt for kjerneved-kampanje", Decimal("-250.00")),
    )


def window_line(index: int, image: bytes | None) -> QuoteLineSnapshot:
    breakdown = _window_breakdown(index)
    unit = round_ore(sum((item.amount for item in breakdown), Decimal(0)))
    quantity = 1 + index % 4
    return QuoteLineSnapshot(
        position=index + 1, product="Trevindu etter mål", model_version="2026.1",
        specification=_window_spec(index), quantity=quantity, unit_price=unit,
        line_total=round_ore(unit * quantity), breakdown=breakdown, preview_png=image,
    )


def _totals(lines: tuple[QuoteLineSnapshot, ...], discount_percent: Decimal) -> dict[str, Decimal]:
    subtotal = round_ore(sum((line.line_total for line in lines), Decimal(0)))
    discount = percent_of(subtotal, discount_percent)
    ex_vat = subtotal - discount
    vat = percent_of(ex_vat, 25)
    return {"subtotal": subtotal, "discount_percent": discount_percent, "discount": discount,
            "total_ex_vat": ex_vat, "vat_percent": Decimal(25), "vat": vat, "total_inc_vat": ex_vat + vat}


def window_quote(lines: int = 3, images: bool = True) -> QuoteSnapshot:
    """A window quote in bokmål; each line has a preview of its own (as a real quote's configured lines do)."""
    quote_lines = tuple(window_line(index, window_png(index) if images else None) for index in range(lines))
    return QuoteSnapshot(
        parameters=(SpecItem("Energitiltak (snitt U ≤ 0,80)", "Ja"), SpecItem("Alle vinduene på samme fasade", "Nei")),
        language="nb", number="Q-2026-00001", revision="B", status="Sendt",
        issued=date(2026, 11, 25), valid_until=date(2026, 12, 23), salesperson="Ingrid Bjørnstad",
        company=CompanyInfo(**{**COMPANY.__dict__, "logo_png": logo_png()}),
        customer=CUSTOMER_NB, lines=quote_lines, **_totals(quote_lines, Decimal(5)),
        notes=("Vinduene i linje 2 tilfredsstiller ikke kravet til rømningsvei.",
               "Leveringstid er ca. 6 uker etter bekreftet ordre."),
        terms="Prisene gjelder levert fritt Røros. Betaling 14 dager netto.\n\n"
              "Tilbudet gjelder til datoen over. Spesialproduserte varer kan ikke returneres.",
    )


def chair_quote_en() -> QuoteSnapshot:
    line = QuoteLineSnapshot(
        position=1, product="Task chair", model_version="2026.2",
        specification=(SpecItem("Design", "Capisco Puls"), SpecItem("Seat", "Saddle seat, black"),
                       SpecItem("Castors", "Soft (hard floors)"), SpecItem("Footring", "Yes")),
        quantity=12, unit_price=Decimal("4995.00"), line_total=Decimal("59940.00"),
        breakdown=(PriceItem("Base chair", Decimal("4495.00")), PriceItem("Footring", Decimal("500.00"))),
        preview_png=chair_png(),
    )
    customer = PartyBlock(name="Nordic Office Ltd", address_lines=("1 Harbour Street", "Aberdeen AB11 5BB",
                                                                     "United Kingdom"), contact="Jane Smith")
    return QuoteSnapshot(
        language="en", number="Q-2026-00042", revision="A", status="Draft",
        issued=date(2026, 11, 25), valid_until=date(2026, 12, 9), salesperson="Ola Nordmann",
        company=COMPANY, customer=customer, lines=(line,), **_totals((line,), Decimal(0)),
    )


# ------------------------------------------------------------------ production order


def tag_rows(count: int, first: int = 70001) -> tuple[TagRow, ...]:
    rows = []
    for offset in range(count):
        number = str(first + offset)
        rows.append(TagRow(number=number, printed=f"MT NO {HOLDING} {number}", eid=f"578{HOLDING}{number}",
                           inside=("Nordre Vollan gård", "Tlf 916 00 000")))
    return tuple(rows)


def eartag_line(position: int, count: int) -> OrderLineSnapshot:
    tags = tag_rows(count)
    return OrderLineSnapshot(
        position=position, qr_payload=f"SKREDDER O-2026-00007/{position}", product="Øremerke, sau",
        model_version="2026.1", quantity=count,
        specification=(SpecItem("Dyreart", "Sau", id="species", code="sheep"),
                       SpecItem("Merketype", "Combi E30 Flagg, elektronisk", id="tag_type", code="e30_flag"),
                       SpecItem("Farge", "Gul", id="colour", code="yellow"),
                       SpecItem("Fødselsår", "2026", id="birth_year", code="2026")),
        fields=(SpecItem("Nummerserie", f"{tags[0].number}–{tags[-1].number}", id="number-series",
                         code=f"{tags[0].number}-{tags[-1].number}"),
                SpecItem("Produksjonsnummer", f"{HOLDING}", id="holding", code=HOLDING)),
        tags=tags, holding_id=f"NO {HOLDING}",
    )


def window_order_line(position: int) -> OrderLineSnapshot:
    return OrderLineSnapshot(
        position=position, qr_payload=f"SKREDDER O-2026-00007/{position}", product="Trevindu etter mål",
        model_version="2026.1", quantity=2,
        specification=tuple(replace(item, amount=None) for item in _window_spec(position)),  # no prices here
        fields=(SpecItem("Glassmål", "1 058 × 1 258 mm"), SpecItem("Karmdybde", "115 mm")),
        bom=(BomRow("FURU-56x115", "Karmtre furu 56 × 115", Decimal("10.4"), "m", "frame-timber"),
             BomRow("GLASS-3L-ARG", "Isolerglass 3-lags argon", Decimal("2"), "stk", "glass-unit"),
             BomRow("BESL-MS-02", "Vindushake messing", Decimal("4"), "stk", "hooks"),
             BomRow("MALING-HVIT", "Dekkmaling hvit", Decimal("0.75"), "l", "paint")),
        cut_list=(CutRow("Karm, side", "Furu 56 × 115", Decimal("1400"), 4, "frame-jamb"),
                  CutRow("Karm, topp/bunn", "Furu 56 × 115", Decimal("1200"), 4, "frame-head"),
                  CutRow("Sprosse", "Furu 22 × 40", Decimal("512.5"), 12, "bar")),
        preview_png=window_png(position),
    )


def eartag_order(tags: int = 300, windows: int = 1) -> OrderSnapshot:
    lines = (eartag_line(1, tags), *(window_order_line(2 + index) for index in range(windows)))
    return OrderSnapshot(
        language="nb", number="O-2026-00007", quote_number="Q-2026-00001", revision="B",
        created=date(2026, 11, 26), delivery_date=date(2027, 1, 15), company=COMPANY, customer=CUSTOMER_NB,
        delivery=PartyBlock(name="Ålen Bygg og Økonomi AS, byggeplass Høsøien", address_lines=(
            "Høsøien 14", "7380 Ålen"), contact="Åse Værnes", phone="+47 930 11 222"),
        lines=lines, notes=("Merkene pakkes per 50 i nummerorden.",),
        parameters=(SpecItem("Merker i par", "Ja", id="origin_pairs", code="true"),),
    )


# ------------------------------------------------------------------ reading PDFs back (poppler-utils, zbar)


def run_tool(*command: str) -> str:
    result = subprocess.run(list(command), capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


def pdf_text(pdf: Path) -> str:
    """``pdftotext -layout``, with no-break spaces as plain spaces; pages separated by form feeds."""
    return run_tool("pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-").replace("\u00a0", " ")


def pdf_info(pdf: Path) -> dict[str, str]:
    lines = run_tool("pdfinfo", "-enc", "UTF-8", str(pdf)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type and whether each font is embedded."""
    rows = run_tool("pdffonts", str(pdf)).splitlines()[2:]
    return [{"name": row.split()[0], "embedded": row.split()[-5]} for row in rows if row.strip()]


def page_pngs(pdf: Path, out: Path, dpi: int, first: int = 1, last: int | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    command = ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    run_tool(*command, str(pdf), str(out / "page"))
    return sorted(out.glob("page*.png"))


def qr_payloads(png: Path) -> list[str]:
    """Every QR code zbarimg finds on a page image (the caller skips when zbarimg is missing)."""
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                            capture_output=True, text=True, timeout=120, check=False)
    return [line for line in result.stdout.splitlines() if line]


def words_in_order(text: str, phrase: str) -> bool:
    """Whether the words of ``phrase`` occur in ``text`` in order (other words may come between)."""
    position = 0
    for word in phrase.split():
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """Every word with its page (from 1) and box (x min, y min, x max, y max in points, y from the top), as
    ``pdftotext -bbox`` reads them."""
    import html
    import re

    words = []
    for number, page in enumerate(run_tool("pdftotext", "-bbox", str(pdf), "-").split("<page ")[1:], start=1):
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            words.append((number, float(x0), float(y0), float(x1), float(y1), html.unescape(word)))
    return words
