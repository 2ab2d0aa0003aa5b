"""The quote ("tilbud") as a PDF, rendered from a :class:`QuoteSnapshot` and nothing else.

Layout (A4): the seller's header (logo, details), the title, the customer and the quote's facts side by side;
then one table of lines whose column headers repeat on every page. A line is one block (its preview image, the
product and model version, every specification item, quantity, unit price and line total, then its price
breakdown in smaller type) kept on one page whenever it fits on one; a very long line continues on the next
page. Then the totals (subtotal, quote discount, total excl. VAT, VAT, total incl. VAT), notes and terms.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from configurator.core.documents.pdf_style import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FRAME_HEIGHT,
    INK,
    MUTED,
    RULE,
    SHADE,
    Metadata,
    PageFrame,
    build_pdf,
    company_header,
    company_line,
    facts_table,
    fitted_size,
    lines_para,
    para,
    party_lines,
    print_image,
    side_by_side,
    styles,
    table_style,
    wrap_text,
)
from configurator.core.documents.snapshot import (
    PriceItem,
    QuoteLineSnapshot,
    QuoteSnapshot,
    SpecItem,
)
from configurator.core.i18n import format_date, translate
from configurator.core.pricing.money import format_money, format_number

IMAGE_WIDTH = 35 * mm
# columns of the lines table: image, label, value (the description spans both), quantity, unit price, amount
COLUMNS = (IMAGE_WIDTH + 2 * mm, 33 * mm, 30 * mm, 17 * mm, 28 * mm, 29 * mm)
SPEC_CHUNK = 12  # specification items per table row: a line may split between chunks when it has to
SMALL, LEADING = 7.2, 9.0
EMPTY: list[Flowable] = []  # an empty cell that draws nothing (an empty string would still emit text operators)


def render_quote_pdf(snapshot: QuoteSnapshot) -> bytes:
    """The quote as PDF bytes, in the snapshot's language."""
    lang = snapshot.language
    document = translate("Quote {number} {revision}", lang, number=snapshot.number, revision=snapshot.revision)
    frame = PageFrame(lang, snapshot.company.name, company_line(snapshot.company, lang), document)
    metadata = Metadata(
        title=document,
        author=snapshot.company.name,
        subject=translate("Quote for {customer}", lang, customer=snapshot.customer.name),
        keywords=(snapshot.number, snapshot.revision),
    )
    story: list[Flowable] = [
        company_header(snapshot.company, lang),
        Spacer(1, 7 * mm),
        Paragraph(translate("Quote", lang), styles().title),
        Spacer(1, 3 * mm),
        _parties(snapshot),
        Spacer(1, 7 * mm),
        _lines_table(snapshot),
        Spacer(1, 4 * mm),
        KeepTogether(_totals(snapshot)),
        *_closing(snapshot),
    ]
    return build_pdf(story, frame, metadata)


def _parties(snapshot: QuoteSnapshot) -> Table:
    lang, st = snapshot.language, styles()
    customer = [Paragraph(translate("Customer", lang), st.heading), lines_para(party_lines(snapshot.customer, lang),
                                                                                st.body, first_bold=True)]
    facts = facts_table([
        (translate("Quote number", lang), snapshot.number),
        (translate("Revision", lang), snapshot.revision),
        (translate("Date", lang), format_date(snapshot.issued, lang)),
        (translate("Valid until", lang), format_date(snapshot.valid_until, lang)),
        (translate("Salesperson", lang), snapshot.salesperson),
        (translate("Status", lang), snapshot.status),
    ])
    return side_by_side(customer, facts)


# ------------------------------------------------------------------ the lines
#
# One table for all lines, plain strings only (wrapped here, which is much faster than paragraphs): per line a
# title row (position and product), the model version, the specification in chunks (labels in one cell, values
# in the next, wrapped lines aligned) and the breakdown (texts spanning to the quantity, amounts under the
# unit price). The preview image spans the first rows.


def _lines_table(snapshot: QuoteSnapshot) -> Table:
    lang, st = snapshot.language, styles()
    header = [EMPTY, Paragraph(translate("Description", lang), st.header_cell), EMPTY,
              Paragraph(translate("Quantity", lang), st.header_cell_right),
              Paragraph(translate("Unit price", lang), st.header_cell_right),
              Paragraph(translate("Amount", lang), st.header_cell_right)]
    rows: list[list[object]] = [header]
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("SPAN", (1, 0), (2, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
        ("FONT", (0, 1), (-1, -1), FONT, SMALL, LEADING), ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 3), ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
        ("LEFTPADDING", (3, 0), (-1, -1), 4), ("RIGHTPADDING", (3, 0), (-1, -1), 4),
    ]
    for line in snapshot.lines:
        _add_line(line, lang, rows, commands)
    commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT))
    table = Table(rows, colWidths=COLUMNS, repeatRows=1)
    table.setStyle(table_style(commands))
    return table


def _add_line(line: QuoteLineSnapshot, lang: str, rows: list[list[object]], commands: list[tuple[object, ...]]) -> None:
    first = len(rows)
    title = wrap_text(f"{line.position}  {line.product}", COLUMNS[1] + COLUMNS[2] - 12, FONT_BOLD, 9)
    version = translate("Model version {version}", lang, version=line.model_version)
    image: object = print_image(line.preview_png, IMAGE_WIDTH) if line.preview_png else EMPTY
    unit_price, total = format_money(line.unit_price, lang), format_money(line.line_total, lang)
    rows.append([image, title, EMPTY, str(line.quantity), unit_price, total])
    rows.append([EMPTY, version, EMPTY, EMPTY, EMPTY, EMPTY])
    commands += [("FONT", (1, first), (2, first), FONT_BOLD, 9, 11), ("FONT", (3, first), (3, first), FONT, 8.5, 11),
                 ("FONT", (4, first), (4, first), FONT, fitted_size(unit_price, COLUMNS[4] - 8), 11),
                 ("FONT", (5, first), (5, first), FONT_BOLD, fitted_size(total, COLUMNS[5] - 8, FONT_BOLD), 11),
                 ("SPAN", (1, first), (2, first)), ("SPAN", (1, first + 1), (2, first + 1)),
                 ("TOPPADDING", (0, first), (-1, first), 6), ("LINEABOVE", (0, first), (-1, first), 0.5, RULE),
                 ("TEXTCOLOR", (1, first + 1), (1, first + 1), MUTED),
                 ("BOTTOMPADDING", (0, first + 1), (-1, first + 1), 4)]
    for start in range(0, len(line.specification), SPEC_CHUNK):
        labels, values = _spec_cells(line.specification[start:start + SPEC_CHUNK])
        rows.append([EMPTY, labels, values, EMPTY, EMPTY, EMPTY])
        commands += [("TEXTCOLOR", (1, len(rows) - 1), (1, len(rows) - 1), MUTED),
                     ("SPAN", (2, len(rows) - 1), (3, len(rows) - 1))]  # values run on under the quantity
    if line.breakdown:
        texts, amounts = _breakdown_cells(line.breakdown, lang)
        rows.append([EMPTY, texts, EMPTY, EMPTY, amounts, EMPTY])
        last = len(rows) - 1
        commands += [("SPAN", (1, last), (3, last)), ("TEXTCOLOR", (0, last), (-1, last), MUTED),
                     ("TOPPADDING", (0, last), (-1, last), 4)]
    last = len(rows) - 1
    commands.append(("BOTTOMPADDING", (0, last), (-1, last), 6))
    # The image column spans the whole line, so the table cannot split inside it: the line stays on one page.
    # A line too tall for a page spans only its first rows and may continue between specification chunks.
    keep_whole = _height(rows[first:]) < FRAME_HEIGHT * 0.8
    commands.append(("SPAN", (0, first), (0, last if keep_whole else min(last, first + 2))))


def _aligned(pairs: Sequence[tuple[str, str]]) -> tuple[str, str]:
    """Two columns of wrapped lines as two cells whose lines stay side by side (the shorter padded)."""
    left: list[str] = []
    right: list[str] = []
    for a, b in pairs:
        a_lines, b_lines = a.split("\n"), b.split("\n")
        height = max(len(a_lines), len(b_lines))
        left += a_lines + [""] * (height - len(a_lines))
        right += b_lines + [""] * (height - len(b_lines))
    return "\n".join(left), "\n".join(right)


def _spec_cells(items: Sequence[SpecItem]) -> tuple[str, str]:
    return _aligned([(wrap_text(f"{item.label}:", COLUMNS[1] - 12, size=SMALL),
                      wrap_text(item.value, COLUMNS[2] + COLUMNS[3] - 12, size=SMALL)) for item in items])


def _breakdown_cells(items: Sequence[PriceItem], lang: str) -> tuple[str, str]:
    width = COLUMNS[1] + COLUMNS[2] + COLUMNS[3] - 12
    return _aligned([(wrap_text(item.text, width, size=SMALL), format_money(item.amount, lang)) for item in items])


def _height(rows: Sequence[Sequence[object]]) -> float:
    """A close estimate of rows' height in points (text lines × leading, the image, paddings)."""
    text = sum(max(cell.count("\n") + 1 if isinstance(cell, str) else 1 for cell in row[1:]) * LEADING + 6
               for row in rows)
    return max(IMAGE_WIDTH, text) + 12


# ------------------------------------------------------------------ totals, notes, terms


def _totals(snapshot: QuoteSnapshot) -> Table:
    lang = snapshot.language
    rows = [(translate("Subtotal", lang), format_money(snapshot.subtotal, lang))]
    if snapshot.discount:
        percent = format_number(snapshot.discount_percent, lang)
        rows.append((translate("Discount {percent}%", lang, percent=percent), format_money(-snapshot.discount, lang)))
    rows += [
        (translate("Total excl. VAT", lang), format_money(snapshot.total_ex_vat, lang)),
        (translate("VAT {percent}%", lang, percent=format_number(snapshot.vat_percent, lang)),
         format_money(snapshot.vat, lang)),
        (translate("Total incl. VAT", lang), format_money(snapshot.total_inc_vat, lang)),
    ]
    table = Table(rows, colWidths=(52 * mm, 38 * mm), hAlign="RIGHT")
    last = len(rows) - 1
    amount_width = 38 * mm - 12
    sizes = [("FONT", (1, row), (1, row), FONT, fitted_size(amount, amount_width))
             for row, (_, amount) in enumerate(rows)]
    table.setStyle(table_style([
        ("FONT", (0, 0), (-1, -1), FONT, 8.5), ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("ALIGN", (1, 0), (1, -1), "RIGHT"), *sizes,
        ("FONT", (0, last), (0, last), FONT_BOLD, 10),
        ("FONT", (1, last), (1, last), FONT_BOLD, fitted_size(rows[last][1], amount_width, FONT_BOLD, 10)),
        ("LINEABOVE", (0, last), (-1, last), 0.8, ACCENT), ("BACKGROUND", (0, last), (-1, last), SHADE),
        ("TOPPADDING", (0, last), (-1, last), 5), ("BOTTOMPADDING", (0, last), (-1, last), 5),
        ("LINEBELOW", (0, last - 2), (-1, last - 2), 0.4, RULE),
    ]))
    return table


def _closing(snapshot: QuoteSnapshot) -> list[Flowable]:
    lang, st = snapshot.language, styles()
    story: list[Flowable] = []
    if snapshot.notes:
        story.append(Paragraph(translate("Notes", lang), st.heading))
        story.extend(para(f"•  {note}", st.body) for note in snapshot.notes)
    if snapshot.terms:
        story.append(Paragraph(translate("Terms", lang), st.heading))
        story.extend(para(text, st.body) for text in snapshot.terms.split("\n\n"))
    return [KeepTogether(story[:2]), *story[2:]] if story else []

