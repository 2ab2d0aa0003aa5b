"""Plain-text tables and argument types for the command line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

LARGEST_ID = 2**63 - 1  # SQLite's largest integer


def record_id(text: str) -> int:
    """An argparse type: a customer id, a line number, a quantity — a whole number from 1 up."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not 1 <= value <= LARGEST_ID:
        raise argparse.ArgumentTypeError(f"'{text}' must be a whole number from 1 to {LARGEST_ID}")
    return value


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> None:
    """Print ``rows`` under ``headers``; the columns in ``right`` (numbers, money) are right-aligned."""
    table = [list(headers), *[list(map(str, row)) for row in rows]]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    for row in table:
        cells = [cell.rjust(width) if i in right else cell.ljust(width)
                 for i, (cell, width) in enumerate(zip(row, widths, strict=True))]
        print("  ".join(cells).rstrip())
