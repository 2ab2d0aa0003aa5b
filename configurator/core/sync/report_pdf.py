"""The re-check report as a PDF for the sales manager: every open quote's lines against the new catalogue.

Landscape A4 in the bundled DejaVu Sans (æ, ø and å print everywhere), the same table as the CLI, the app and the
CSV (:func:`configurator.core.sync.recheck.report_rows`), the header repeated on every page, a summary of how many
lines are unchanged, changed in price only or no longer valid, and "page N of M" in the footer.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import format_date, translate

if TYPE_CHECKING:
    from configurator.core.sync.recheck import LineCheck

COLUMN_SHARES = (0.11, 0.05, 0.10, 0.11, 0.11, 0.11, 0.41)  # of the frame's width


def report_pdf(checks: list[LineCheck], language: str, *, today: date | None = None, catalogue: str = "") -> bytes:
    """The PDF's bytes."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    from configurator.core.documents.pdf_style import (
        ACCENT,
        FONT,
        FONT_BOLD,
        MUTED,
        RULE,
        SHADE,
        para,
        styles,
        table_style,
    )
    from configurator.core.sync.recheck import STATUS_TEXTS, report_rows

    st = styles()
    today = today or date.today()
    buffer = io.BytesIO()
    title = translate("Open quotes after the catalogue update", language)
    page_size = landscape(A4)
    margin = 14 * mm
    doc = SimpleDocTemplate(buffer, pagesize=page_size, leftMargin=margin, rightMargin=margin, topMargin=margin,
                            bottomMargin=margin + 4 * mm, title=title, author="Skredder", creator="Skredder",
                            lang="nb-NO" if language == "nb" else "en-GB", initialFontName=FONT)
    width = page_size[0] - 2 * margin
    story: list = [para(title, st.title), Spacer(1, 3 * mm)]
    subtitle = translate("Checked on {day} against the catalogue in force{catalogue}", language,
                         day=format_date(today, language), catalogue=f" ({catalogue})" if catalogue else "")
    story.append(para(subtitle, st.muted))
    counts = Counter(c.status for c in checks)
    quotes = len({c.number for c in checks})
    summary = translate("{quotes} open quotes, {lines} lines: {unchanged} unchanged, {price} price only, "
                        "{invalid} no longer valid, {withdrawn} withdrawn", language, quotes=quotes,
                        lines=len(checks), unchanged=counts["unchanged"], price=counts["price"],
                        invalid=counts["invalid"], withdrawn=counts["withdrawn"])
    story += [Spacer(1, 2 * mm), para(summary, st.body), Spacer(1, 4 * mm)]
    rows = report_rows(checks, language)
    if not rows:
        story.append(para(translate("No open quotes to check.", language), st.body))
    else:
        header = [Paragraph(cell, st.header_cell) for cell in rows[0]]
        warning = ParagraphStyle("warning", parent=st.small, fontName=FONT_BOLD, textColor=colors.HexColor("#9B2C2C"))
        flagged = {translate(STATUS_TEXTS[s], language) for s in ("invalid", "withdrawn")}
        body = [[para(cell, warning if column == 3 and cell in flagged else st.small)
                 for column, cell in enumerate(row)] for row in rows[1:]]
        table = Table([header, *body], colWidths=[width * share for share in COLUMN_SHARES], repeatRows=1)
        shaded = [("BACKGROUND", (0, i), (-1, i), SHADE) for i in range(2, len(body) + 1, 2)]
        table.setStyle(table_style([("BACKGROUND", (0, 0), (-1, 0), ACCENT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), *shaded]))
        story.append(table)

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(margin, margin, title)
        canvas.drawRightString(page_size[0] - margin, margin,
                               translate("Page {page}", language, page=document.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def write_report_pdf(checks: list[LineCheck], path: Path | str, language: str, *, today: date | None = None,
                     catalogue: str = "") -> None:
    """Write the report to ``path`` (through a temporary file beside it, so a failure leaves no half PDF)."""
    import os
    import tempfile

    target = Path(path)
    data = report_pdf(checks, language, today=today, catalogue=catalogue)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
