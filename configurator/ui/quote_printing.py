"""The quote editor's documents: print the quote, export it as PDF, open it in the system's PDF viewer, and the
production order as PDF, CSV or JSON.

Snapshot, then render: the snapshot is taken on the UI thread (a few reads of the database), the rendering
(ReportLab, imported only here and only when needed) and printing run through ``run_in_background``. Printing
paints each PDF page, rendered by PDFium at the printer's resolution, on the QPrinter in the worker thread (Qt
allows a QPainter on a QPrinter outside the GUI thread), so a long quote never blocks the window.
"""

from __future__ import annotations

from collections.abc import Callable
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

MAX_PRINT_DPI = 600  # a page bitmap at 600 dpi is about 100 MB; finer adds nothing a printer shows


def render_quote(snapshot: QuoteSnapshot) -> bytes:
    from configurator.core.documents.quote_pdf import render_quote_pdf

    return render_quote_pdf(snapshot)


def print_pdf(pdf: bytes, printer: QPrinter, progress: Progress | None = None) -> int:
    """Paint the pages of ``pdf`` on ``printer`` (each page fitted to the paper); returns the pages printed."""
    import pypdfium2 as pdfium
    from PySide6.QtGui import QImage, QPainter

    document = pdfium.PdfDocument(pdf)
    try:
        pages = list(range(len(document)))
        if printer.fromPage() > 0:
            pages = pages[printer.fromPage() - 1:printer.toPage() or None]
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
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888)
                fit = min(paper.width() / bitmap.width, paper.height() / bitmap.height)
                painter.drawImage(QRectF(0, 0, bitmap.width * fit, bitmap.height * fit), image)
                if progress is not None:
                    progress((count + 1) / len(pages), "")
        finally:
            painter.end()
        return len(pages)
    finally:
        document.close()


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

        def job(progress: Progress) -> int:
            return print_pdf(render_quote(snapshot), printer, progress)

        self._background(tr("Printing quote {number}…", number=self.editor.number), job,
                         lambda pages: self.editor.show_message(tr("Quote {number} went to the printer ({pages} "
                                                                   "pages).", number=snapshot.number, pages=pages)))

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
