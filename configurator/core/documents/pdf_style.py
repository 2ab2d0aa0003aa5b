"""What the quote and the production order share: fonts, styles, dates, the page frame and its footer.

Fonts are the DejaVu Sans TrueType files bundled in ``resources/fonts`` (never the system's), registered once and
embedded (subset) in every PDF, so æ, ø and å print everywhere. A document is built by :func:`build_pdf`: one A4
frame, a running header on every page after the first, and a footer that knows the page count ("Side 1 av 2"),
drawn by a canvas that keeps each page until the whole document is laid out (two passes over the pages, one
layout pass). Every visible label goes through :func:`configurator.core.i18n.translate`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, partial
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from configurator.core.documents.snapshot import CompanyInfo, PartyBlock
from configurator.core.i18n import RESOURCES, translate

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_DIR = RESOURCES / "fonts"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
TOP_MARGIN = 16 * mm
BOTTOM_MARGIN = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN

INK = colors.HexColor("#1E2A32")
MUTED = colors.HexColor("#5F6B73")
ACCENT = colors.HexColor("#23465C")  # table headers, the document title
RULE = colors.HexColor("#C9D1D6")
SHADE = colors.HexColor("#F1F4F6")

MAX_PRINT_PIXELS = 8192 * 8192  # a stored image larger than this is left out (30000 x 30000 is 900 M)
PRINT_DPI = 150  # images are reduced towards (never below) this resolution at their printed size
@cache
def register_fonts() -> None:
    """Register the bundled DejaVu Sans (regular and bold) with ReportLab, once per process.

    Also switches off ReportLab's ASCII85 wrapping of binary streams (a process-wide setting): the PDFs are
    binary anyway, and without it images and fonts are a quarter smaller and written faster.
    """
    rl_config.useA85 = 0
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of both documents."""

    body: ParagraphStyle
    body_right: ParagraphStyle
    bold: ParagraphStyle
    small: ParagraphStyle
    small_right: ParagraphStyle
    muted: ParagraphStyle
    caption: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    company: ParagraphStyle
    header_cell: ParagraphStyle
    header_cell_right: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=8.5, leading=11, textColor=INK)
    small = ParagraphStyle("small", parent=body, fontSize=7.2, leading=9)
    header_cell = ParagraphStyle("header_cell", parent=body, fontName=FONT_BOLD, fontSize=7.5, textColor=colors.white)
    return Styles(
        body=body,
        body_right=ParagraphStyle("body_right", parent=body, alignment=TA_RIGHT),
        bold=ParagraphStyle("bold", parent=body, fontName=FONT_BOLD),
        small=small,
        small_right=ParagraphStyle("small_right", parent=small, alignment=TA_RIGHT),
        muted=ParagraphStyle("muted", parent=small, textColor=MUTED),
        caption=ParagraphStyle("caption", parent=small, textColor=MUTED, alignment=TA_CENTER),
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=20, leading=24, textColor=ACCENT),
        heading=ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, fontSize=10, leading=13,
                               textColor=ACCENT, spaceBefore=8, spaceAfter=3),
        company=ParagraphStyle("company", parent=body, fontName=FONT_BOLD, fontSize=13, leading=16),
        header_cell=header_cell,
        header_cell_right=ParagraphStyle("header_cell_right", parent=header_cell, alignment=TA_RIGHT),
    )


def table_style(commands: Sequence[tuple[object, ...]]) -> TableStyle:
    """A table style whose cells are all in DejaVu Sans unless told otherwise (ReportLab's default is
    Helvetica, which would be referenced, unembedded, even by empty cells)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FONT), *commands])


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def lines_para(lines: Sequence[str], style: ParagraphStyle, first_bold: bool = False) -> Paragraph:
    """Several plain lines in one paragraph; empty lines are left out."""
    shown = [escape(line) for line in lines if line]
    if first_bold and shown:
        shown[0] = f"<b>{shown[0]}</b>"
    return Paragraph("<br/>".join(shown), style)


def fitted_size(text: str, width: float, font: str = FONT, size: float = 8.5, smallest: float = 6.0) -> float:
    """``size``, or the largest smaller size (in steps of 0.5 pt, not below ``smallest``) at which ``text`` fits
    on one line of ``width`` points: for amounts, which must never wrap or run into their neighbour."""
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def wrap_text(text: str, width: float, font: str = FONT, size: float = 7.2) -> str:
    """``text`` broken into lines of at most ``width`` points, joined by newlines, for a plain table cell.

    Breaks at plain spaces: a no-break space (inside an amount, "kr 1 428,00", or "1 200 mm") holds. A single word
    wider than ``width`` (an item number such as "BLUM-CLIP-TOP-BLUMOTION-110") is broken after its hyphens, and
    where a piece is still too wide, between characters: it never runs into the next column. Much faster than a
    paragraph for the many short texts of a specification; a table draws each line.
    """
    if "\n" not in text and pdfmetrics.stringWidth(text, font, size) <= width:
        return text  # the common case
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for word in part.split(" "):
            candidate = f"{line} {word}" if line else word
            if pdfmetrics.stringWidth(candidate, font, size) > width:
                if line:
                    lines.append(line)
                candidate = word
                if pdfmetrics.stringWidth(word, font, size) > width:
                    *whole, candidate = _broken_word(word, width, font, size)
                    lines += whole
            line = candidate
        lines.append(line)
    return "\n".join(lines)


def _broken_word(word: str, width: float, font: str, size: float) -> list[str]:
    """A word too wide for ``width`` in pieces that fit: after hyphens where it can, else between characters."""
    pieces: list[str] = []
    piece = ""
    for part in re.findall(r"[^-]*-|[^-]+", word):
        if pdfmetrics.stringWidth(piece + part, font, size) <= width:
            piece += part
            continue
        if piece:
            pieces.append(piece)
        piece = ""
        for character in part:
            if piece and pdfmetrics.stringWidth(piece + character, font, size) > width:
                pieces.append(piece)
                piece = ""
            piece += character
    return [*pieces, piece]


class PrintImage(Flowable):
    """A Pillow image drawn at a given size (handed to ReportLab as pixels, not re-encoded as a file)."""

    def __init__(self, picture: PILImage.Image, width: float, height: float) -> None:
        super().__init__()
        self.picture, self.width, self.height = picture, width, height
        self.hAlign = "LEFT"

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(ImageReader(self.picture), 0, 0, self.width, self.height)


def print_image(png: bytes, width: float, max_height: float | None = None) -> PrintImage:
    """An image scaled to ``width`` points, downscaled for print and flattened onto white.

    Only the downscaled pixels are embedded (Flate-compressed RGB), never the original PNG: the image is reduced
    by the largest whole factor that keeps at least :data:`PRINT_DPI` at its printed size (a box filter, fast
    and sharp for drawings), so a 480 px preview printed 35 mm wide is embedded at 240 px.
    """
    try:
        return _print_image(png, width, max_height)
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):  # a damaged or huge stored image
        return PrintImage(PILImage.new("RGB", (1, 1), "white"), width, max_height or width / 2)


def _print_image(png: bytes, width: float, max_height: float | None) -> PrintImage:
    with PILImage.open(io.BytesIO(png)) as source:
        if source.width * source.height > MAX_PRINT_PIXELS:  # read from the header: nothing decoded yet
            raise ValueError(f"{source.width}x{source.height} pixels")
        # previews are opaque (a palette PNG on a light background): plain RGB is the cheap conversion
        opaque = source.mode in ("RGB", "L") or (source.mode == "P" and "transparency" not in source.info)
        picture = source if source.mode in ("RGB", "RGBA") else source.convert("RGB" if opaque else "RGBA")
        height = width * picture.height / picture.width
        if max_height is not None and height > max_height:
            width, height = width * max_height / height, max_height
        factor = int(picture.width / (width / 72 * PRINT_DPI))
        if factor >= 2:
            picture = picture.reduce(factor)
        if picture.mode == "RGBA":
            flat = PILImage.new("RGB", picture.size, "white")
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        picture.load()
    return PrintImage(picture, width, height)


@dataclass(frozen=True)
class PageFrame:
    """What every page shows around the content: who issued the document and what it is."""

    language: str
    company: str
    company_line: str  # the footer's left part, e.g. "Røros Trevare AS · Org.nr. 923 456 789 MVA"
    document: str  # "Tilbud Q-2026-00001 B", shown in the running header and the footer


def _draw_frame(canvas: Canvas, _doc: Any, frame: PageFrame, first: bool) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 7)
    if not first:
        top = PAGE_HEIGHT - TOP_MARGIN + 4 * mm
        canvas.drawString(MARGIN, top, frame.company)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top, frame.document)
        canvas.line(MARGIN, top - 2 * mm, PAGE_WIDTH - MARGIN, top - 2 * mm)
    bottom = BOTTOM_MARGIN - 9 * mm
    canvas.line(MARGIN, bottom + 3.5 * mm, PAGE_WIDTH - MARGIN, bottom + 3.5 * mm)
    canvas.drawString(MARGIN, bottom, frame.company_line)
    canvas.restoreState()


class NumberedCanvas(Canvas):
    """A canvas that holds its pages back until it knows how many there are, then numbers each one."""

    def __init__(self, *args: Any, frame: PageFrame, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._frame = frame
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, page: int, pages: int) -> None:
        self.saveState()
        self.setFont(FONT, 7)
        self.setFillColor(MUTED)
        text = translate("Page {page} of {pages}", self._frame.language, page=page, pages=pages)
        right, bottom = PAGE_WIDTH - MARGIN, BOTTOM_MARGIN - 9 * mm
        self.drawRightString(right, bottom, text)  # the document's name just before the page number
        self.drawRightString(right - self.stringWidth(text, FONT, 7) - 6 * mm, bottom, self._frame.document)
        self.restoreState()


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...] = ()


def build_pdf(story: list[Flowable], frame: PageFrame, metadata: Metadata) -> bytes:
    """Lay ``story`` out on A4 pages with the running header and the numbered footer; the PDF's bytes."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN, title=metadata.title, author=metadata.author, subject=metadata.subject,
        creator="Skredder", keywords=list(metadata.keywords), lang=_pdf_language(frame.language),
        pageCompression=1, initialFontName=FONT,
    )
    body = Frame(MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN, id="body",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([
        PageTemplate("first", [body], onPage=partial(_draw_frame, frame=frame, first=True),
                     autoNextPageTemplate="later"),  # by name: an index breaks KeepTogether's look-ahead
        PageTemplate("later", [body], onPage=partial(_draw_frame, frame=frame, first=False)),
    ])
    doc.build(story, canvasmaker=partial(NumberedCanvas, frame=frame))
    return buffer.getvalue()


def _pdf_language(language: str) -> str:
    return "nb-NO" if language == "nb" else "en-GB"


# ------------------------------------------------------------------ blocks both documents show


def company_line(company: CompanyInfo, lang: str) -> str:
    """The footer's left part: the company and its organisation number."""
    if not company.org_number:
        return company.name
    return translate("{company} · Org. no. {number}", lang, company=company.name, number=company.org_number)


def company_header(company: CompanyInfo, lang: str) -> Table:
    """Logo (or the name in large type) on the left, the company's details on the right."""
    st = styles()
    if company.logo_png:
        left: Flowable = print_image(company.logo_png, 60 * mm, max_height=20 * mm)
        left.hAlign = "LEFT"
    else:
        left = para(company.name, st.company)
    org = translate("Org. no. {number}", lang, number=company.org_number) if company.org_number else ""
    details = [company.name, *company.address_lines, org, company.phone, company.email, company.web]
    table = Table([[left, lines_para(details, st.small_right, first_bold=True)]],
                  colWidths=(FRAME_WIDTH * 0.55, FRAME_WIDTH * 0.45))
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), *no_padding()]))
    return table


def party_lines(party: PartyBlock, lang: str) -> list[str]:
    """A customer or delivery address as printed, line by line."""
    org = translate("Org. no. {number}", lang, number=party.org_number) if party.org_number else ""
    contact = translate("Attn.: {name}", lang, name=party.contact) if party.contact else ""
    return [party.name, *party.address_lines, org, contact, party.email, party.phone]


def facts_table(rows: Sequence[tuple[str, str]], widths: tuple[float, float] = (30 * mm, 48 * mm)) -> Table:
    """Label: value rows (the document's number, dates, ...), labels muted."""
    st = styles()
    table = Table([[para(label, st.muted), para(value, st.body)] for label, value in rows],
                  colWidths=widths, hAlign="LEFT")
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), *no_padding(),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5), ("RIGHTPADDING", (0, 0), (0, -1), 6)]))
    return table


def side_by_side(left: object, right: object) -> Table:
    """Two blocks in one row: the left one takes the space the right one (80 mm) leaves."""
    table = Table([[left, right]], colWidths=(FRAME_WIDTH - 80 * mm, 80 * mm))
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), *no_padding()]))
    return table


def no_padding() -> list[tuple[object, ...]]:
    return [(side, (0, 0), (-1, -1), 0) for side in ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")]
