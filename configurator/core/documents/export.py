"""The production order for the factory's machines and spreadsheets: CSV and JSON, made from an OrderSnapshot.

**CSV** (:func:`order_csv`): plain UTF-8 without a byte-order mark, ``;`` as separator (what Norwegian Excel
expects, since ``,`` is the decimal mark there), ``"`` as quote where a field needs it, ``\\n`` line ends, and
one header row with fixed English column names (a machine reads them; they never change with the language):

    order;line;product;quantity;holding_id;number;printed;eid;specification

An ear-tag line (one with tags) gives one row per tag (``quantity`` 1, ``holding_id``, ``number``, ``printed``
and ``eid`` filled, ``specification`` empty); any other line gives one row (``quantity`` the line's, the
specification as ``label=value`` pairs joined by `` | ``, the tag columns empty). Texts are written as the
snapshot has them (in its language).

**JSON** (:func:`order_json`): the whole snapshot as plain data, keys in the dataclasses' field order (stable),
``Decimal`` as strings in plain notation (exact: ``"10.4"``, never ``"1.4E+3"``), dates as ISO ``YYYY-MM-DD``,
tuples as lists, and no image bytes (``logo_png`` and ``preview_png`` are left out); ``ensure_ascii=False`` so
æ, ø and å stay readable.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.documents.snapshot import OrderLineSnapshot, OrderSnapshot

CSV_COLUMNS = ("order", "line", "product", "quantity", "holding_id", "number", "printed", "eid", "specification")
IMAGE_FIELDS = frozenset({"logo_png", "preview_png"})


def order_csv(snapshot: OrderSnapshot) -> str:
    """The order as CSV text (see the module's description of the format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in snapshot.lines:
        writer.writerows(_csv_rows(snapshot.number, line))
    return buffer.getvalue()


def _csv_rows(order: str, line: OrderLineSnapshot) -> list[list[str]]:
    specification = " | ".join(f"{item.label}={item.value}" for item in line.specification)
    if line.tags:  # every tag row carries the line's specification: tag type, colour, inside text
        return [[order, str(line.position), line.product, "1", line.holding_id, tag.number, tag.printed, tag.eid,
                 specification] for tag in line.tags]
    return [[order, str(line.position), line.product, str(line.quantity), "", "", "", "", specification]]


def order_json(snapshot: OrderSnapshot) -> str:
    """The order as JSON text (see the module's description of the format)."""
    return json.dumps(plain(snapshot), ensure_ascii=False, indent=2)


def plain(value: Any) -> Any:
    """A snapshot (or any part of one) as JSON-ready data: dicts in field order, lists, strings, ints, None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in IMAGE_FIELDS}
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, Decimal):
        return format(value, "f")  # never an exponent: "1400", "10.4"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        raise TypeError("image bytes are not exported")
    return value
