"""Canonical JSON with exact decimals: the fast writer (the json module's C encoder) gives byte for byte what the
plain reference writer gives, on the seed models' documents and on values made to trip it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from configurator.core import jsonio
from configurator.core.model.loader import load_model

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("family", ["chair", "chimney_cap", "eartag", "window"])
def test_a_model_document_is_written_as_the_reference_writes_it(family: str) -> None:
    document = load_model(ROOT / "product_models" / family).document
    assert jsonio._dumps_fast(document) is not None
    assert jsonio.dumps(document) == jsonio._dumps_plain(document)
    assert jsonio.loads(jsonio.dumps(document)) == document


@pytest.mark.parametrize("value", [
    {"b": Decimal("1.10"), "a": [Decimal("-0.5"), Decimal("1E+3"), Decimal("0E-10"), 1, 2.5, True, None]},
    {"text": "\x001.10\x00", "price": Decimal("1.10")},  # a text that looks like the fast writer's mark
    {"text": "\x001.10\x00"},
    {10: "ten", 2: "two", "b": 1},  # keys that are not text sort by their text
    {"nested": ({"x": "æøå \"quoted\" \\ \n"}, [[], {}])},
    [Decimal("12345678901234567890.123456789")],
    "plain", 3, None, Decimal("7"),
])
def test_tricky_values_are_written_as_the_reference_writes_them(value: Any) -> None:
    assert jsonio.dumps(value) == jsonio._dumps_plain(value)


@pytest.mark.parametrize(("value", "error"), [
    ({"a": Decimal("NaN")}, ValueError), ({"a": float("inf")}, ValueError), ({"a": object()}, TypeError),
    ({"a": {1, 2}}, TypeError),
])
def test_what_json_cannot_hold_is_refused(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        jsonio.dumps(value)
