"""Document rendering benchmark: a 20-line quote with preview images, and a production order.

    python benchmarks/documents.py [--runs N]

Times (a) ``render_quote_pdf`` on a bokmål window quote of 20 lines, each with its own 480 × 560 px preview
PNG drawn by the app's own preview code (the window drawing at each line's size), a logo, discount, notes and
terms, and (b) ``render_order_pdf`` on a production order with an ear-tag line
of 500 tags and three window lines (specification, production fields, bill of materials, cut list, preview and
QR code each). The snapshots are the test suite's (``tests/core/documents/documents_kit.py``), built once
before timing; each run renders the whole PDF to bytes. One warm-up run (font loading) is not counted. Prints
one Markdown table: median, p95 and max per document against the target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from configurator.core.documents.order_pdf import render_order_pdf
from configurator.core.documents.preview import folder_images, preview_png
from configurator.core.documents.quote_pdf import render_quote_pdf
from configurator.core.documents.snapshot import QuoteSnapshot
from configurator.core.model.loader import load_model
from tests.helpers import documents_kit

TARGET_MS = 300.0
ROOT = Path(__file__).resolve().parents[1]


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(render: Callable[[], bytes], runs: int) -> tuple[list[float], int]:
    size = len(render())  # warm-up: fonts registered, modules imported
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        render()
        times.append(time.perf_counter() - start)
    return times, size


def print_table(results: list[tuple[str, list[float], int]]) -> None:
    headers = ["document", "runs", "median ms", "p95 ms", "max ms", "target ms", "met"]
    rows = [headers]
    for name, times, _ in results:
        p95 = _ms(times, 0.95)
        rows.append([name, str(len(times)), f"{1000 * statistics.median(times):.0f}", f"{p95:.0f}",
                     f"{_ms(times, 1.0):.0f}", f"{TARGET_MS:.0f}", "yes" if p95 <= TARGET_MS else "no"])
    widths = [max(len(row[i]) for row in rows) for i in range(len(headers))]
    for index, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) + " |")
        if index == 0:
            print("| " + " | ".join("-" * width for width in widths) + " |")
    print()
    for name, _, size in results:
        print(f"{name}: {size / 1024:.0f} KiB")
    print(f"Target: median and p95 ≤ {TARGET_MS:.0f} ms per document ('met' judges the p95).")


def with_real_previews(quote: QuoteSnapshot) -> QuoteSnapshot:
    """The quote with the previews the app stores with each line: the window model's drawing at the size of
    each line (the kit's pictures are synthetic), made once before timing."""
    folder = ROOT / "product_models" / "window"
    loaded = load_model(folder)
    images = folder_images(folder)
    lines = []
    for index, line in enumerate(quote.lines):
        values = {"window_type": ("side_hung", "double_side_hung", "fixed", "top_hung")[index % 4],
                  "width_mm": Decimal(600 + 50 * index), "height_mm": Decimal(1500 - 30 * index),
                  "bars_per_sash": Decimal(index % 3), "paint": "ral9010"}
        lines.append(replace(line, preview_png=preview_png(loaded.model, values, images)))
    return replace(quote, lines=tuple(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20, help="timed renders per document")
    args = parser.parse_args(argv)
    quote = with_real_previews(documents_kit.window_quote(lines=20))
    order = documents_kit.eartag_order(tags=500, windows=3)
    results = []
    for name, render in (("quote, 20 lines with images", lambda: render_quote_pdf(quote)),
                         ("production order, 500 ear tags + 3 windows", lambda: render_order_pdf(order))):
        times, size = measure(render, args.runs)
        results.append((name, times, size))
        print(f"... {name} done", file=sys.stderr)
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
