"""The quote ("tilbud") as a PDF, rendered from a :class:`QuoteSnapshot` and nothing else.

Layout (A4): the seller's header (logo, details), the title, the customer and the quote's facts side by side, the
quote's parameters; then one table of lines whose column headers repeat on every page: description, quantity, unit
price, discount and amount. A line is one block (its preview image, the product, every specification item, a
shown option's price beside it, the surcharges and discounts the customer sees) kept on one page whenever it fits
on one; a very long line continues on the next page. Then the totals (subtotal, quote discount, total excl. VAT,
VAT, total incl. VAT), notes, terms, room for the customer's acceptance (date, signature, name) and a small
reference line (the quote and the model versions it was made from).

That is what a customer sees. With the setting ``quote.show_breakdown`` (``QuoteSnapshot.show_breakdown``) each
line also prints its internal price build-up (markups, formulas) and model version, and the facts the status.
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
    FRAME_WIDTH,
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
    no_padding,
    para,
    party_lines,
    print_image,
    side_by_side,
    styles,
    table_style,
    wrap_text,
)
from configurator.core.documents.snapshot import (
    QuoteLineSnapshot,
    QuoteSnapshot,
    SpecItem,
)
from configurator.core.i18n import format_date, translate
from configurator.core.numbers import format_percent
from configurator.core.pricing.money import format_money, format_number

IMAGE_WIDTH = 30 * mm
# columns of the lines table: image, label, value (the description spans both), quantity, unit price, discount,
# amount; a specification value runs on under the quantity, a shown option's price stands under the unit price
COLUMNS = (IMAGE_WIDTH + 2 * mm, 34 * mm, 27 * mm, 12 * mm, 25 * mm, 16 * mm, 28 * mm)
UNIT, DISCOUNT, AMOUNT = 4, 5, 6
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
        *_parameters(snapshot),
        Spacer(1, 7 * mm),
        _lines_table(snapshot),
        Spacer(1, 4 * mm),
        KeepTogether(_totals(snapshot)),
        *_closing(snapshot),
        _acceptance(snapshot),
        Spacer(1, 5 * mm),
        para(_reference(snapshot), styles().muted),
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
        *([(translate("Status", lang), snapshot.status)] if snapshot.show_breakdown else []),
    ])
    return side_by_side(customer, facts)


def _parameters(snapshot: QuoteSnapshot) -> list[Flowable]:
    """The quote's parameters (questions asked once per quote), label and value."""
    if not snapshot.parameters:
        return []
    lang, st = snapshot.language, styles()
    rows = [(f"{item.label}:", item.value) for item in snapshot.parameters]
    return [Paragraph(translate("Basis of the quote", lang), st.heading),
            facts_table(rows, (75 * mm, FRAME_WIDTH - 75 * mm))]


# ------------------------------------------------------------------ the lines
#
# One table for all lines, plain strings only (wrapped here, which is much faster than paragraphs): per line a
# title row (position, product, quantity, unit price, discount, amount), the specification in chunks (labels in
# one cell, values in the next, a shown price under the unit price, wrapped lines aligned), the surcharges and
# discounts the customer sees, and, with show_breakdown, the model version and the build-up (texts spanning to
# the quantity, amounts under the unit price). The preview image spans the first rows.


def _lines_table(snapshot: QuoteSnapshot) -> Table:
    lang, st = snapshot.language, styles()
    header = [EMPTY, Paragraph(translate("Description", lang), st.header_cell), EMPTY,
              Paragraph(translate("Qty", lang), st.header_cell_right),
              Paragraph(translate("Unit price", lang), st.header_cell_right),
              Paragraph(translate("Discount", lang), st.header_cell_right),
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
        _add_line(line, snapshot, rows, commands)
    _add_items(snapshot, rows, commands)
    commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.8, ACCENT))
    table = Table(rows, colWidths=COLUMNS, repeatRows=1)
    table.setStyle(table_style(commands))
    return table


def _add_line(line: QuoteLineSnapshot, snapshot: QuoteSnapshot, rows: list[list[object]],
              commands: list[tuple[object, ...]]) -> None:
    lang, first = snapshot.language, len(rows)
    title = wrap_text(f"{line.position}  {line.product}", COLUMNS[1] + COLUMNS[2] - 12, FONT_BOLD, 9)
    image: object = print_image(line.preview_png, IMAGE_WIDTH) if line.preview_png else EMPTY
    unit_price, total = format_money(line.unit_price, lang), format_money(line.line_total, lang)
    discount = format_percent(line.discount_percent, lang) if line.discount_percent else ""
    rows.append([image, title, EMPTY, format_number(line.quantity, lang), unit_price, discount, total])
    commands += [("FONT", (1, first), (2, first), FONT_BOLD, 9, 11), ("FONT", (3, first), (3, first), FONT, 8.5, 11),
                 ("FONT", (UNIT, first), (UNIT, first), FONT, fitted_size(unit_price, COLUMNS[UNIT] - 8), 11),
                 ("FONT", (DISCOUNT, first), (DISCOUNT, first), FONT, 8.5, 11),
                 ("FONT", (AMOUNT, first), (AMOUNT, first), FONT_BOLD,
                  fitted_size(total, COLUMNS[AMOUNT] - 8, FONT_BOLD), 11),
                 ("SPAN", (1, first), (2, first)), ("TOPPADDING", (0, first), (-1, first), 6),
                 ("LINEABOVE", (0, first), (-1, first), 0.5, RULE), ("BOTTOMPADDING", (0, first), (-1, first), 4)]
    if snapshot.show_breakdown:
        rows.append([EMPTY, translate("Model version {version}", lang, version=line.model_version), *[EMPTY] * 5])
        row = len(rows) - 1
        commands += [("SPAN", (1, row), (2, row)), ("TEXTCOLOR", (1, row), (1, row), MUTED),
                     ("BOTTOMPADDING", (0, row), (-1, row), 4)]
    for start in range(0, len(line.specification), SPEC_CHUNK):
        labels, values, amounts = _spec_cells(line.specification[start:start + SPEC_CHUNK], lang)
        rows.append([EMPTY, labels, values, EMPTY, amounts, EMPTY, EMPTY])
        row = len(rows) - 1
        commands += [("TEXTCOLOR", (1, row), (1, row), MUTED), ("SPAN", (2, row), (3, row))]
    extras = [(item.text, format_money(item.amount, lang)) for item in line.surcharges]
    extras += [(text, "") for text in line.discounts]
    if extras and not snapshot.show_breakdown:
        texts, amounts = _aligned([(wrap_text(text, _DESCRIPTION - 12, size=SMALL), amount)
                                   for text, amount in extras])
        rows.append([EMPTY, texts, EMPTY, EMPTY, amounts, EMPTY, EMPTY])
        row = len(rows) - 1
        commands += [("SPAN", (1, row), (3, row)), ("TOPPADDING", (0, row), (-1, row), 3)]
    if line.breakdown and snapshot.show_breakdown:
        texts, amounts = _aligned([(wrap_text(item.text, _DESCRIPTION - 12, size=SMALL),
                                    format_money(item.amount, lang)) for item in line.breakdown])
        rows.append([EMPTY, texts, EMPTY, EMPTY, amounts, EMPTY, EMPTY])
        row = len(rows) - 1
        commands += [("SPAN", (1, row), (3, row)), ("TEXTCOLOR", (0, row), (-1, row), MUTED),
                     ("TOPPADDING", (0, row), (-1, row), 4)]
    last = len(rows) - 1
    commands.append(("BOTTOMPADDING", (0, last), (-1, last), 6))
    # The image column spans the whole line, so the table cannot split inside it: the line stays on one page.
    # A line too tall for a page spans only its first rows and may continue between specification chunks.
    keep_whole = _height(rows[first:]) < FRAME_HEIGHT * 0.8
    commands.append(("SPAN", (0, first), (0, last if keep_whole else min(last, first + 2))))


_DESCRIPTION = COLUMNS[1] + COLUMNS[2] + COLUMNS[3]  # the width a text spanning to the quantity has


def _add_items(snapshot: QuoteSnapshot, rows: list[list[object]], commands: list[tuple[object, ...]]) -> None:
    """The quote items (what the lines need once for the quote), under a heading of their own."""
    lang = snapshot.language
    if not snapshot.items:
        return
    rows.append([EMPTY, translate("For the whole quote", lang), *[EMPTY] * 5])
    heading = len(rows) - 1
    commands += [("SPAN", (1, heading), (3, heading)), ("FONT", (1, heading), (1, heading), FONT_BOLD, 9, 11),
                 ("LINEABOVE", (0, heading), (-1, heading), 0.5, RULE), ("TOPPADDING", (0, heading), (-1, heading), 6)]
    for item in snapshot.items:
        quantity = f"{format_number(item.quantity, lang)} {item.unit}".strip()
        unit_price = format_money(item.unit_price or 0, lang)
        total = format_money(item.total, lang)
        rows.append([EMPTY, wrap_text(item.label, COLUMNS[1] + COLUMNS[2] - 12, size=SMALL), EMPTY, quantity,
                     unit_price, EMPTY, total])
        row = len(rows) - 1
        commands += [("SPAN", (1, row), (2, row)), ("TOPPADDING", (0, row), (-1, row), 2),
                     ("FONT", (UNIT, row), (UNIT, row), FONT, fitted_size(unit_price, COLUMNS[UNIT] - 8), 11),
                     ("FONT", (AMOUNT, row), (AMOUNT, row), FONT, fitted_size(total, COLUMNS[AMOUNT] - 8), 11)]
    commands.append(("BOTTOMPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 6))


def _aligned(rows: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """Columns of wrapped lines as cells whose lines stay side by side (the shorter padded)."""
    columns: list[list[str]] = [[] for _ in rows[0]] if rows else [[], []]
    for row in rows:
        split = [cell.split("\n") for cell in row]
        height = max(len(lines) for lines in split)
        for cells, lines in zip(columns, split, strict=True):
            cells.extend(lines + [""] * (height - len(lines)))
    return tuple("\n".join(column) for column in columns)


def _spec_cells(items: Sequence[SpecItem], lang: str) -> tuple[str, ...]:
    return _aligned([(wrap_text(f"{item.label}:", COLUMNS[1] - 12, size=SMALL),
                      wrap_text(item.value, COLUMNS[2] + COLUMNS[3] - 12, size=SMALL),
                      "" if item.amount is None else format_money(item.amount, lang)) for item in items])


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
        percent = format_percent(snapshot.discount_percent, lang)
        rows.append((translate("Discount {percent}", lang, percent=percent), format_money(-snapshot.discount, lang)))
    rows += [
        (translate("Total excl. VAT", lang), format_money(snapshot.total_ex_vat, lang)),
        (translate("VAT {percent}", lang, percent=format_percent(snapshot.vat_percent, lang)),
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


def _acceptance(snapshot: QuoteSnapshot) -> Flowable:
    """Room for the customer to accept: the quote named, then date, signature and name on lines to write on."""
    lang, st = snapshot.language, styles()
    text = translate("We accept quote {number}, revision {revision}, on the terms above.", lang,
                     number=snapshot.number, revision=snapshot.revision)
    labels = [para(label, st.muted) for label in (translate("Date", lang), translate("Signature", lang),
                                                   translate("Name in block letters", lang))]
    gap = 6 * mm
    width = (FRAME_WIDTH - 2 * gap) / 3
    boxes = Table([["", "", "", "", ""], [labels[0], "", labels[1], "", labels[2]]],
                  colWidths=(width, gap, width, gap, width), rowHeights=[14 * mm, None])
    boxes.setStyle(table_style([*no_padding(), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                *(("LINEBELOW", (column, 0), (column, 0), 0.6, INK) for column in (0, 2, 4)),
                                ("TOPPADDING", (0, 1), (-1, 1), 1.5)]))
    return KeepTogether([Paragraph(translate("Acceptance", lang), st.heading), para(text, st.body),
                         Spacer(1, 2 * mm), boxes])


def _reference(snapshot: QuoteSnapshot) -> str:
    """One small line for the seller's records: the quote and the product model versions it was priced with."""
    versions = dict.fromkeys(f"{line.product} {line.model_version}" for line in snapshot.lines)
    return translate("Reference: {number} {revision} · {versions}", snapshot.language, number=snapshot.number,
                     revision=snapshot.revision, versions="; ".join(versions) or "-")

