"""JSON that keeps decimals exact: ``Decimal('1.10')`` is written as ``1.10`` and read back as a Decimal.

Used for everything Skredder stores as JSON (model documents, configurations, price snapshots), so a number
never passes through a binary float. Keys are sorted: equal documents are equal text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def dumps(value: Any) -> str:
    """Canonical JSON text of dicts, lists, str, int, bool, None and finite Decimals."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{dumps(v)}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a number JSON can hold")
        return str(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def loads(text: str) -> Any:
    """Read JSON; numbers with a fraction or an exponent become Decimal."""
    return json.loads(text, parse_float=Decimal)
