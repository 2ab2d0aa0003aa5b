"""The quote editor's documents: print the quote, export it as PDF, open it in the system's PDF viewer, and the
production order as PDF, CSV or JSON.

Snapshot, then render: the snapshot is taken on the UI thread (a few reads of the database), the rendering
(ReportLab, imported only here and only when needed) and printing run through ``run_in_background``, the
progress bar moving through both. Printing sends the PDF's own vector pages where the printer allows (a PDF file,
or CUPS through ``lp``); elsewhere it paints each page, rendered by PDFium at the printer's resolution, on the
QPrinter in the worker thread (Qt allows a QPainter on a QPrinter outside the GUI thread).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, QStandardPaths, QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices

from configurator.core.files import write_private_file
from configurator.core.i18n import msg, translate
from configurator.ui.context import UserError
from configurator.ui.work import BackgroundTask, Progress, run_in_background

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from configurator.core.documents.snapshot import QuoteSnapshot
    from configurator.ui.quote_editor import QuoteEditor

log = logging.getLogger("skredder.ui")
MAX_PRINT_DPI = 600  # a page bitmap at 600 dpi is about 100 MB; finer adds nothing a printer shows
RENDER_SHARE = 0.3  # of the progress bar: making the PDF; the rest: the pages going to the printer


def render_quote(snapshot: QuoteSnapshot) -> bytes:
    from configurator.core.documents.quote_pdf import render_quote_pdf

    return render_quote_pdf(snapshot)


def print_pdf(pdf: bytes, printer: QPrinter, progress: Progress | None = None, *,
              lp: str | bool | None = True) -> PrintResult:
    """Send the pages of ``pdf`` chosen in the print dialog to ``printer``, as vectors where the printer allows.

    - a printer that writes a PDF file ("Print to file"): the document's own pages are written, text stays text;
    - a CUPS printer (``lp`` found; ``lp=None``/``False``: never): the PDF goes to the print system as it is,
      with the copies and the two-sided setting of the dialog — CUPS renders it for the printer;
    - otherwise (no CUPS, e.g. Windows): each page painted at the printer's resolution (a bitmap per page).
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = list(range(len(document)))
        if printer.fromPage() > 0:
            pages = pages[printer.fromPage() - 1:printer.toPage() or None]
        if progress is not None:
            progress(0.0, "")
        chosen = pdf if pages == list(range(len(document))) else _pages_only(document, pages)
        program = shutil.which("lp") if lp is True else (lp or None)
        if printer.outputFormat() == printer.OutputFormat.PdfFormat and printer.outputFileName():
            Path(printer.outputFileName()).write_bytes(chosen)
            result = PrintResult(len(pages), "vector")
        elif program and printer.printerName():
            _send_to_cups(program, chosen, printer)
            result = PrintResult(len(pages), "vector")
        else:
            _paint_pages(document, pages, printer, progress)
            result = PrintResult(len(pages), "raster")
        if progress is not None:
            progress(1.0, "")
        return result
    finally:
        document.close()


@dataclass(frozen=True)
class PrintResult:
    pages: int
    kind: str  # "vector": the PDF's own pages went to the printer; "raster": painted as bitmaps


def _pages_only(document: Any, pages: list[int]) -> bytes:
    """A PDF of only ``pages`` of ``document`` (copied as they are: vectors and fonts kept)."""
    import io

    import pypdfium2 as pdfium

    part = pdfium.PdfDocument.new()
    try:
        part.import_pages(document, pages)
        buffer = io.BytesIO()
        part.save(buffer)
        return buffer.getvalue()
    finally:
        part.close()


def _send_to_cups(program: str, pdf: bytes, printer: QPrinter) -> None:
    command = [program, "-d", printer.printerName(), "-n", str(max(1, printer.copyCount())),
               "-t", printer.docName() or "Skredder"]
    duplex = {printer.DuplexMode.DuplexLongSide: "two-sided-long-edge",
              printer.DuplexMode.DuplexShortSide: "two-sided-short-edge"}.get(printer.duplex())
    if duplex is not None:
        command += ["-o", f"sides={duplex}"]
    try:
        done = subprocess.run([*command, "--", "-"], input=pdf, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UserError(msg("The printer could not be started; check that it is ready.")) from error
    if done.returncode != 0:
        log.error("lp failed (%s): %s", done.returncode, done.stderr.decode("utf-8", "replace")[:500])
        raise UserError(msg("The print system refused the quote: {detail}",
                            detail=done.stderr.decode("utf-8", "replace").strip()[:200] or done.returncode))


def _paint_pages(document: Any, pages: list[int], printer: QPrinter, progress: Progress | None) -> None:
    from PySide6.QtGui import QImage, QPainter

    resolution = printer.resolution()
    scale = min(resolution, MAX_PRINT_DPI) / 72
    printer.setFullPage(True)
    paper = printer.pageLayout().fullRectPixels(resolution)
    painter = QPainter()
    if not painter.begin(printer):
        raise UserError(msg("The printer could not be started; check that it is ready."))
    try:
        for count, index in enumerate(pages):
            if count:
                printer.newPage()
            bitmap = document[index].render(scale=scale, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888)
            fit = min(paper.width() / bitmap.width, paper.height() / bitmap.height)
            painter.drawImage(QRectF(0, 0, bitmap.width * fit, bitmap.height * fit), image)
            if progress is not None:
                progress((count + 1) / len(pages), "")
    finally:
        painter.end()


class QuoteDocuments:
    """The documents of the quote shown in one editor (the revision on show)."""

    def __init__(self, editor: QuoteEditor) -> None:
        self.editor = editor
        self.context = editor.context
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.last_task: BackgroundTask | None = None  # the document work running or last run

    # ------------------------------------------------------------------ helpers
    def _snapshot(self) -> QuoteSnapshot:
        from configurator.core.quoting.snapshots import quote_snapshot

        return quote_snapshot(self.context.service, self.editor.number, self.editor.revision.letter)

    def _stem(self) -> str:
        return f"{self.editor.number}-{self.editor.revision.letter}"

    def _ask_path(self, title: str, name: str, filter_text: str, suffix: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        answer = self.editor.prompts.ask_save_path(self.editor, title, str(Path(folder or ".") / name), filter_text)
        if not answer:
            return None
        path = Path(answer)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _background(self, label: str, job: Callable[[Progress], Any], on_done: Callable[[Any], None]) -> None:
        self.last_task = run_in_background(self.editor, self.context, label, job, on_done=on_done)

    def _saved(self, path: Path) -> None:
        self.editor.show_message(self.context.tr("Saved {file}.", file=str(path)))

    # ------------------------------------------------------------------ the quote
    def print_quote(self) -> None:
        tr = self.context.tr
        printer = self.editor.prompts.ask_printer(self.editor, tr("Print quote {number}", number=self.editor.number))
        if printer is None:
            return
        snapshot = self._snapshot()
        printer.setDocName(self._stem())

        making, sending = tr("Making the PDF of quote {number}…", number=snapshot.number), tr(
            "Sending quote {number} to the printer…", number=snapshot.number)

        def job(progress: Progress) -> PrintResult:
            progress(0.02, making)
            pdf = render_quote(snapshot)
            progress(RENDER_SHARE, sending)
            return print_pdf(pdf, printer, lambda fraction, _text: progress(
                RENDER_SHARE + (1 - RENDER_SHARE) * fraction, ""))

        self._background(tr("Printing quote {number}…", number=self.editor.number), job,
                         lambda result: self.editor.show_message(tr(
                             "Quote {number} went to the printer ({pages} pages).", number=snapshot.number,
                             pages=result.pages)))

    def export_pdf(self) -> None:
        tr = self.context.tr
        path = self._ask_path(tr("Export quote as PDF"), f"{self._stem()}.pdf", tr("PDF files (*.pdf)"), ".pdf")
        if path is None:
            return
        snapshot = self._snapshot()

        def job(_progress: Progress) -> Path:
            path.write_bytes(render_quote(snapshot))
            return path

        self._background(tr("Making the PDF of quote {number}…", number=self.editor.number), job, self._saved)

    def open_pdf(self) -> None:
        tr = self.context.tr
        snapshot = self._snapshot()
        stem = self._stem()

        def job(_progress: Progress) -> Path:
            # a new file of a random name in a 0700 folder of our own: never a fixed path another user can plant
            return write_private_file(render_quote(snapshot), stem, ".pdf")

        self._background(tr("Making the PDF of quote {number}…", number=self.editor.number), job, self._open)

    def _open(self, path: Path) -> None:
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            raise UserError(msg("No program to show PDF files was found. The PDF is here: {file}", file=str(path)))
        self.editor.show_message(self.context.tr("Opened {file}.", file=str(path)))

    # ------------------------------------------------------------------ e-mail
    def email_pdf(self) -> None:
        """Write the e-mail of the sent quote in the system's mail client (a mailto: link: to the customer, with
        a subject and a short text in the customer's language). A mailto: link cannot carry a file, so the PDF is
        saved first (in the Documents folder, never over another file), the folder is opened, and the user is
        told where the PDF is to attach it."""
        snapshot, revision = self._snapshot(), self.editor.revision
        customer = dict(revision.frozen.customer) if revision.frozen else {}
        if not customer:
            record = self.context.service.customer(self.editor.quote.customer_id)
            customer = {"name": record.name, "email": record.email, "language": record.language}
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                      or Path.home())
        stem = self._stem()

        def job(_progress: Progress) -> Path:
            folder.mkdir(parents=True, exist_ok=True)
            data = render_quote(snapshot)
            for count in range(1, 1000):
                path = folder / (f"{stem}.pdf" if count == 1 else f"{stem} ({count}).pdf")
                try:
                    with path.open("xb") as file:  # never over a file that is there already
                        file.write(data)
                    return path
                except FileExistsError:
                    continue
            raise UserError(msg("The PDF could not be saved in {folder}: too many files of that name.",
                                folder=str(folder)))

        def written(path: Path) -> None:
            url = self.mail_url(str(customer.get("email") or ""), str(customer.get("language") or "nb"))
            if not self.open_url(url):
                raise UserError(msg("No mail program was found to write the e-mail. The PDF is here: {file}",
                                    file=str(path)))
            self.open_url(QUrl.fromLocalFile(str(path.parent)))  # the folder: drag the PDF into the e-mail
            self.editor.show_message(self.context.tr(
                "The e-mail to {customer} is open in your mail program. Attach the PDF yourself (a mail link cannot "
                "carry files): {file}", customer=str(customer.get("name") or ""), file=str(path)))

        self._background(self.context.tr("Making the PDF of quote {number}…", number=self.editor.number), job,
                         written)

    def mail_url(self, email: str, language: str) -> QUrl:
        """mailto:EMAIL?subject=…&body=… in the customer's ``language`` (what the mail client opens)."""
        settings, number = self.context.settings, self.editor.number
        company = settings.company.name
        sender = "\n".join(part for part in (settings.salesperson, company) if part)
        url = QUrl(f"mailto:{email}")
        query = QUrlQuery()
        subject = (translate("Quote {number} from {company}", language, number=number, company=company) if company
                   else translate("Quote {number}", language, number=number))
        query.addQueryItem("subject", subject)
        body = translate("Hello,\n\nplease find attached our quote {number}.\n\nKind regards\n{sender}", language,
                         number=number, sender=sender)
        query.addQueryItem("body", body.replace("\n", "\r\n"))  # RFC 6068: line breaks as CRLF
        url.setQuery(query)
        return url

    # ------------------------------------------------------------------ the production order
    def _order_snapshot(self) -> Any:
        from configurator.core.quoting.snapshots import order_snapshot

        if self.editor.order is None:
            raise UserError(msg("Quote {number} has no production order yet.", number=self.editor.number))
        return order_snapshot(self.context.service, self.editor.order.number)

    def export_order_pdf(self) -> None:
        tr = self.context.tr
        snapshot = self._order_snapshot()
        path = self._ask_path(tr("Export production order as PDF"), f"{snapshot.number}.pdf",
                              tr("PDF files (*.pdf)"), ".pdf")
        if path is None:
            return

        def job(_progress: Progress) -> Path:
            from configurator.core.documents.order_pdf import render_order_pdf

            path.write_bytes(render_order_pdf(snapshot))
            return path

        self._background(tr("Making the PDF of production order {order}…", order=snapshot.number), job, self._saved)

    def export_order_data(self, kind: str) -> None:
        """The order for the factory: "xlsx" (a sheet per table), "csv" (a file per table, named after the chosen
        file: O-2026-00001-bom.csv, ...) or "json"."""
        tr = self.context.tr
        snapshot = self._order_snapshot()
        filter_text = {"csv": tr("CSV files (*.csv)"), "xlsx": tr("Excel workbooks (*.xlsx)"),
                       "json": tr("JSON files (*.json)")}[kind]
        path = self._ask_path(tr("Export production order"), f"{snapshot.number}.{kind}", filter_text, f".{kind}")
        if path is None:
            return

        def job(_progress: Progress) -> Path:
            from configurator.core.documents import export

            if kind == "xlsx":
                path.write_bytes(export.order_xlsx(snapshot))
            elif kind == "json":
                path.write_text(export.order_json(snapshot), encoding="utf-8", newline="")
            else:
                for name, (header, rows) in export.order_tables(snapshot).items():
                    (path.parent / f"{path.stem}-{name}.csv").write_text(export.table_csv(header, rows),
                                                                         encoding="utf-8", newline="")
                return path.parent / f"{path.stem}-*.csv"
            return path

        self._background(tr("Writing production order {order}…", order=snapshot.number), job, self._saved)
