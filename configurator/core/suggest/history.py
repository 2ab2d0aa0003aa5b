"""Sold configurations as a table: one row per sale, one column per attribute, values as small integer codes.

Values are matched by their id (text) across model versions, so a sale made on version 2026.1 counts for 2026.2
wherever the attribute and the value still exist. Missing values (an attribute the sale did not have) are -1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from configurator.core.i18n import Message, msg

MISSING = -1
MAX_HISTORY_BYTES = 64 * 1024 * 1024  # an imported sales file: far beyond any real one
MAX_ROWS = 500_000


class HistoryError(Exception):
    """A sales file that cannot be read, with where and why in the user's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message

    def render(self, language: str = "nb") -> str:
        return self.message.render(language)


def value_key(value: Any) -> str:
    """The id a value is matched by across versions and files (``True`` -> ``true``, ``1200`` -> ``1200``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if "." in text and text.replace(".", "", 1).lstrip("-").isdigit():
        text = text.rstrip("0").rstrip(".")  # 1200.0 and 1200 are one value
    return text


@dataclass(frozen=True)
class SalesHistory:
    """``matrix[i, j]`` is the code of sale ``i``'s value of ``attributes[j]`` (``values[j][code]``)."""

    attributes: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]
    matrix: np.ndarray

    @property
    def size(self) -> int:
        return int(self.matrix.shape[0])

    def column(self, attribute: str) -> int:
        return self.attributes.index(attribute)

    def code(self, column: int, value: Any) -> int:
        """The code of ``value`` in ``column``; ``MISSING`` when no sale had it."""
        try:
            return self.values[column].index(value_key(value))
        except ValueError:
            return MISSING

    @classmethod
    def from_rows(cls, attributes: Sequence[str], rows: Iterable[Sequence[Any]]) -> SalesHistory:
        """From rows of values in the order of ``attributes`` (``None`` or ``""``: not known)."""
        names = tuple(attributes)
        seen: list[dict[str, int]] = [{} for _ in names]
        coded: list[list[int]] = []
        for row in rows:
            codes = []
            for column, value in enumerate(row):
                if value is None or value == "":
                    codes.append(MISSING)
                    continue
                key = value_key(value)
                codes.append(seen[column].setdefault(key, len(seen[column])))
            coded.append(codes)
        matrix = np.array(coded, dtype=np.int32).reshape(len(coded), len(names))
        return cls(names, tuple(tuple(s) for s in seen), matrix)

    @classmethod
    def from_configurations(cls, configurations: Iterable[Mapping[str, Any]],
                            attributes: Sequence[str] | None = None) -> SalesHistory:
        """From sold configurations (attribute id -> value); the attributes are those given or all seen."""
        configurations = list(configurations)
        names = list(attributes) if attributes is not None else sorted({a for c in configurations for a in c})
        return cls.from_rows(names, ([c.get(a) for a in names] for c in configurations))

    def restricted(self, rows: np.ndarray) -> SalesHistory:
        """The same table with only ``rows`` (indices or a mask): a training fold."""
        return SalesHistory(self.attributes, self.values, self.matrix[rows])


def read_sales_csv(path: Path) -> SalesHistory:
    """Historic sales: a header of attribute ids, then one sold configuration per line (separated by spaces,
    commas or semicolons, as the Renault data or a spreadsheet export); checked, never executed."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_HISTORY_BYTES + 1)
    except OSError as error:
        raise HistoryError(msg("{file}: cannot be read ({reason})", file=str(path), reason=error.strerror or
                               str(error))) from None
    if len(raw) > MAX_HISTORY_BYTES:
        raise HistoryError(msg("{file}: larger than {limit} MB; not read", file=str(path),
                               limit=MAX_HISTORY_BYTES // (1024 * 1024)))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise HistoryError(msg("{file}: not UTF-8 text (byte {offset})", file=str(path), offset=error.start)) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise HistoryError(msg("{file}:1: the first line must name the attributes", file=str(path)))
    delimiter = next((d for d in (";", ",", "\t") if d in lines[0]), None)

    def split(line: str) -> list[str]:
        if delimiter is None:
            return line.split()
        return [cell.strip() for cell in next(csv.reader(io.StringIO(line), delimiter=delimiter))]

    header = split(lines[0])
    if len(set(header)) != len(header) or any(not name for name in header):
        raise HistoryError(msg("{file}:1: every column needs a name of its own", file=str(path)))
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = split(line)
        if len(cells) != len(header):
            raise HistoryError(msg("{file}:{line}: {found} values, expected {expected} (one per column)",
                                   file=str(path), line=number, found=len(cells), expected=len(header)))
        rows.append(cells)
        if len(rows) > MAX_ROWS:
            raise HistoryError(msg("{file}: more than {limit} sales; not read", file=str(path), limit=MAX_ROWS))
    return SalesHistory.from_rows(header, rows)
