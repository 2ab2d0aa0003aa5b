"""Printing a quote: the PDF's own vector pages go to a PDF-file printer or to CUPS (``lp``), only the pages
chosen in the dialog, with copies and two-sided; elsewhere each page is painted as a bitmap. The progress bar
moves through making the PDF and sending the pages."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.db import Database
from configurator.core.quoting.snapshots import quote_snapshot
from configurator.ui import work
from configurator.ui.context import AppContext
from configurator.ui.quote_editor import QuoteEditor
from configurator.ui.quote_printing import _paint_pages, print_pdf, render_quote
from tests.helpers.ui_drive import wait_stored
from tests.helpers.ui_kit import add_customer

WINDOW = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}


def long_quote(context: AppContext, database: Database) -> str:
    number = context.service.new_quote(add_customer(database)).number
    context.service.add_line(number, "window", WINDOW, complete=True)
    for _ in range(7):  # enough lines for more than one page
        context.service.copy_line(number, 1)
    return number


def quote_pdf(context: AppContext, number: str) -> bytes:
    return render_quote(quote_snapshot(context.service, number, "A"))


def page_texts(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def file_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_only_the_pages_chosen_are_printed_as_vectors(context: AppContext, database: Database,
                                                      tmp_path: Path) -> None:
    number = long_quote(context, database)
    pdf = quote_pdf(context, number)
    whole = tmp_path / "whole.pdf"
    whole.write_bytes(pdf)
    pages = page_texts(whole)
    assert len(pages) >= 2
    printer = file_printer(tmp_path / "page2.pdf")
    printer.setFromTo(2, 2)
    told: list[float] = []
    result = print_pdf(pdf, printer, lambda fraction, _text: told.append(fraction), lp=False)
    assert (result.pages, result.kind) == (1, "vector")
    assert page_texts(tmp_path / "page2.pdf") == [pages[1]]  # the second page, its text as text
    assert told[0] == 0.0 and told[-1] == 1.0


def test_a_cups_printer_gets_the_pdf_itself(context: AppContext, database: Database, tmp_path: Path) -> None:
    pdf = quote_pdf(context, long_quote(context, database))
    received, arguments = tmp_path / "received.pdf", tmp_path / "arguments.txt"
    lp = tmp_path / "lp"
    lp.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {arguments}\ncat > {received}\n", encoding="utf-8")
    lp.chmod(0o755)

    class OfficePrinter(QPrinter):  # the dialog's choice of a CUPS queue (there is none on a test machine)
        def printerName(self) -> str:
            return "Kontoret"

        def outputFormat(self) -> QPrinter.OutputFormat:
            return QPrinter.OutputFormat.NativeFormat

        def duplex(self) -> QPrinter.DuplexMode:  # a PDF printer keeps no duplex; a CUPS queue does
            return QPrinter.DuplexMode.DuplexLongSide

    printer = OfficePrinter()
    printer.setCopyCount(2)
    printer.setDocName("Q-2026-00001-A")
    result = print_pdf(pdf, printer, lp=str(lp))
    assert result.kind == "vector" and received.read_bytes() == pdf  # the whole document, byte for byte
    assert arguments.read_text(encoding="utf-8").split("\n")[:-1] == [
        "-d", "Kontoret", "-n", "2", "-t", "Q-2026-00001-A", "-o", "sides=two-sided-long-edge", "--", "-"]


def test_a_refusing_print_system_is_told_in_plain_words(context: AppContext, database: Database,
                                                        tmp_path: Path) -> None:
    import pytest

    from configurator.ui.context import UserError

    pdf = quote_pdf(context, long_quote(context, database))
    lp = tmp_path / "lp"
    lp.write_text("#!/bin/sh\ncat > /dev/null\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n",
                  encoding="utf-8")
    lp.chmod(0o755)

    class OfficePrinter(QPrinter):
        def printerName(self) -> str:
            return "Borte"

        def outputFormat(self) -> QPrinter.OutputFormat:
            return QPrinter.OutputFormat.NativeFormat

    with pytest.raises(UserError) as raised:
        print_pdf(pdf, OfficePrinter(), lp=str(lp))
    assert "does not exist" in context.error_text(raised.value)
    assert "Utskriftssystemet avviste tilbudet" in context.error_text(raised.value)


def test_without_cups_each_page_is_painted(context: AppContext, database: Database, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = quote_pdf(context, long_quote(context, database))
    document = pdfium.PdfDocument(pdf)
    printer = file_printer(tmp_path / "painted.pdf")
    printer.setResolution(100)
    told: list[float] = []
    _paint_pages(document, [0, 1], printer, lambda fraction, _text: told.append(fraction))
    document.close()
    assert told == [0.5, 1.0]
    assert [text.strip() for text in page_texts(tmp_path / "painted.pdf")] == ["", ""]  # pictures of pages


def test_the_progress_bar_moves_while_printing(context: AppContext, database: Database, qtbot: QtBot,
                                               tmp_path: Path, monkeypatch: Any) -> None:
    told: list[tuple[float, str]] = []
    original = work.BackgroundTask._progressed
    monkeypatch.setattr(work.BackgroundTask, "_progressed",
                        lambda self, fraction, text: (told.append((fraction, text)), original(self, fraction, text)))
    number = long_quote(context, database)
    editor = QuoteEditor(context, number)
    qtbot.addWidget(editor)
    editor.prompts.ask_printer = lambda _parent, _title: file_printer(tmp_path / "out.pdf")  # type: ignore[method-assign]
    editor.commands.actions["print"].trigger()
    task = editor.documents.last_task
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=60_000):
        pass
    wait_stored(editor)
    fractions = [fraction for fraction, _text in told]
    assert fractions == sorted(fractions) and fractions[0] < 0.1 and fractions[-1] == 1.0
    assert (0.02, f"Lager PDF av tilbud {number} …") in told
    assert any(text == f"Sender tilbud {number} til skriveren …" for _fraction, text in told)
    assert "sider)" in editor.note.text()
