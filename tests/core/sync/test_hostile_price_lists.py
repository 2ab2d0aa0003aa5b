"""A deterministic corpus of 300 broken price lists (.xlsx and .csv): damaged bytes, truncated and re-zipped
workbooks, strange cells (formulas, control characters, huge and non-finite numbers, impossible dates, very long
texts), wrong headers. Each one is answered in bounded time by a located error in nb and en that names the file
(or, where the damage left a readable list, by a plan), never by a traceback; the database is unchanged."""

from __future__ import annotations

import io
import random
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from configurator.core.catalogue.db import Database
from configurator.core.sync.errors import PackageError
from configurator.core.sync.pricelist import prepare_price_list
from tests.helpers.bounded import bounded
from tests.helpers.kill_kit import dump

GOOD = [("window", "base", 7100, date(2026, 12, 1)), ("window", "glazing=triple", 900, date(2026, 12, 1)),
        ("chair", "seat_variant=puls_plus", 1250, date(2026, 12, 1))]
CELLS: list[Any] = [
    "=1+1", "=HYPERLINK(\"http://x\")", "\x1b[31m", "a\u202eb", "9" * 400, "1e400", "nan", "inf", "-0", "",
    " ", "0,001", "1.234,5", "1,234.50", "kr", "12 345 678 901", 10**30, -10**12, 1e308, float("nan"), True,
    "2026-13-01", "31.02.2026", "0000-00-00", "x" * 5000, "glazing==triple", "=", "glazing=", "=triple",
    "window\nwindow", "ÆØÅ", None, date(1, 1, 1), date(9999, 12, 31), "..", "\0",
]


def _xlsx(rows: list[list[Any]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append([cell if not isinstance(cell, str) else re.sub("[\x00-\x1f]", "", cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rows(rng: random.Random) -> list[list[Any]]:
    rows: list[list[Any]] = [["family", "item", "new price", "valid from"]] + [list(r) for r in GOOD]
    for _ in range(rng.randint(1, 3)):
        row, column = rng.randrange(len(rows)), rng.randrange(4)
        rows[row][column] = rng.choice(CELLS)
    return rows


def _csv(rows: list[list[Any]], rng: random.Random) -> bytes:
    separator = rng.choice([";", ",", "\t", "|"])
    text = "\n".join(separator.join("" if c is None else str(c) for c in row) for row in rows)
    return text.encode(rng.choice(["utf-8", "utf-16", "cp1252"]), errors="replace")


def _damaged(data: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:
        return data[: rng.randrange(len(data))]  # truncated
    if kind == 1:
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    if kind == 2 and data[:2] == b"PK":  # re-zipped with one part replaced, dropped or doubled
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
        victim = rng.choice(names)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                content = source.read(name)
                if name == victim:
                    choice = rng.randrange(3)
                    if choice == 0:
                        continue
                    content = content[: len(content) // 2] if choice == 1 else b"<x>" * 10 + content
                target.writestr(name, content)
        return out.getvalue()
    return data + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))  # trailing garbage


def _corpus() -> list[tuple[str, bytes]]:
    rng = random.Random(20261203)
    cases: list[tuple[str, bytes]] = []
    for index in range(300):
        xlsx = index % 2 == 0
        rows = _rows(rng)
        data = _xlsx(rows) if xlsx else _csv(rows, rng)
        if index % 3 == 0:
            data = _damaged(data, rng)
        cases.append((f"case-{index:03d}.{'xlsx' if xlsx else 'csv'}", data))
    return cases


def test_three_hundred_broken_price_lists(tmp_path: Path, database: Database, database_file: Path) -> None:
    before = dump(database_file)
    refused = planned = 0
    for name, data in _corpus():
        path = tmp_path / name
        path.write_bytes(data)
        with bounded(name):
            try:
                prepare_price_list(database, path)
                planned += 1
            except PackageError as error:
                refused += 1
                en, nb = error.render("en"), error.render("nb")
                assert en.startswith(name) and nb.startswith(name), en
                assert en != nb, en
    assert refused >= 200 and refused + planned == 300
    assert dump(database_file) == before
