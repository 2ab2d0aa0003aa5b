"""Printing benchmark: the 20-line quote of ``benchmarks/documents.py`` sent to a printer both ways.

    QT_QPA_PLATFORM=offscreen python benchmarks/printing.py [--runs N]

(a) *vector*: what a PDF-file printer or a CUPS queue gets now (``print_pdf``: the document's own pages);
(b) *raster*: each page painted as a 600 dpi bitmap on a QPrinter (HighResolution, writing a PDF), what every
printer got before and what a printer without CUPS still gets. Prints one Markdown table: time per print and
the size of what went to the printer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="prints per way")
    args = parser.parse_args(argv)
    import pypdfium2 as pdfium
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from benchmarks.documents import with_real_previews
    from configurator.core.documents.quote_pdf import render_quote_pdf
    from configurator.ui.quote_printing import _paint_pages, print_pdf
    from tests.helpers import documents_kit

    _app = QApplication.instance() or QApplication([])
    pdf = render_quote_pdf(with_real_previews(documents_kit.window_quote(lines=20)))
    pages = len(pdfium.PdfDocument(pdf))
    folder = Path(tempfile.mkdtemp(prefix="skredder-print-"))

    def printer(name: str) -> QPrinter:
        target = QPrinter(QPrinter.PrinterMode.HighResolution)
        target.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        target.setOutputFileName(str(folder / name))
        return target

    def vector() -> Path:
        print_pdf(pdf, printer("vector.pdf"), lp=False)
        return folder / "vector.pdf"

    def raster() -> Path:
        document = pdfium.PdfDocument(pdf)
        _paint_pages(document, list(range(pages)), printer("raster.pdf"), None)
        document.close()
        return folder / "raster.pdf"

    rows = [["way", "pages", "runs", "median s", "max s", "sent to the printer"]]
    for name, run in (("vector (PDF file / CUPS)", vector), ("raster, 600 dpi bitmaps", raster)):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            out = run()
            times.append(time.perf_counter() - start)
        rows.append([name, str(pages), str(args.runs), f"{statistics.median(times):.2f}", f"{max(times):.2f}",
                     f"{out.stat().st_size / 1024:,.0f} KiB"])
        print(f"... {name} done", file=sys.stderr)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |")
        if index == 0:
            print("| " + " | ".join("-" * width for width in widths) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
