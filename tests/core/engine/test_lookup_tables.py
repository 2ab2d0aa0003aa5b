"""Lookup tables over values and number ranges, checked against brute force, and in prices and computed choices.

Each example draws, per option of a choice ``c``, rows over a number ``w`` (one ``*`` row, or consecutive ranges
``a-b`` and single values with gaps), each with a value. The brute force knows, from what was drawn (not from the
model layer), which value every (c, w) has and whether a row fits at all; a configuration is valid when a row fits
and the drawn rule holds. The session must offer exactly the values of the valid configurations.
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import model_from_document
from configurator.core.pricing.calculate import price_line
from tests.helpers.engine_kit import document, options, session_of

FAST = settings(derandomize=True, deadline=None, database=None, max_examples=60,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])
W = [Decimal(v) for v in range(10)]
K = [Decimal(v) for v in range(6)]
RULES = (None, "lookup(t) >= k", "lookup(t) + w > 6", "v * 2 != k")


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    choice = tuple(draw(st.lists(st.sampled_from(["red", "blue", "oak"]), min_size=2, max_size=3, unique=True)))
    rows: list[list[str]] = []
    values: dict[tuple[str, Decimal], Decimal] = {}
    for option in choice:
        if draw(st.booleans()) and draw(st.booleans()):
            value = Decimal(draw(st.integers(0, 5)))
            rows.append([option, "*", str(value)])
            values.update({(option, w): value for w in W})
            continue
        start = 0
        while start < len(W):
            end = min(len(W) - 1, start + draw(st.integers(0, 4)))
            if draw(st.integers(0, 3)):  # else a gap: no row for these numbers
                value = Decimal(draw(st.integers(0, 5)))
                cell = str(start) if start == end else draw(st.sampled_from([f"{start}-{end}", f"{start} - {end}",
                                                                             f"{start}–{end}"]))
                rows.append([option, cell, str(value)])
                values.update({(option, W[i]): value for i in range(start, end + 1)})
            start = end + 1
    order = draw(st.permutations(list(range(len(rows)))))
    return {"choice": choice, "rows": [rows[i] for i in order], "values": values,
            "rule": draw(st.sampled_from(RULES))}


def model_of(spec: dict[str, Any]) -> Any:
    doc = document([
        {"id": "c", "type": "choice", "options": options(*spec["choice"])},
        {"id": "w", "type": "integer", "min": 0, "max": 9},
        {"id": "k", "type": "integer", "min": 0, "max": 5},
        {"id": "v", "type": "computed", "expr": "lookup(t)"},
    ], [{"id": "extra", "require": spec["rule"]}] if spec["rule"] else [])
    doc["tables"] = [{"id": "t", "file": "t.csv", "keys": ["c", "w"], "value": "value"}]
    return model_from_document({"model": doc, "tables": {"t.csv": {"header": ["c", "w", "value"],
                                                                     "rows": spec["rows"]}}})


def valid_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for c, w, k in itertools.product(spec["choice"], W, K):
        value = spec["values"].get((c, w))
        if value is None:
            continue
        rule = spec["rule"]
        if (rule == "lookup(t) >= k" and not value >= k) or (rule == "lookup(t) + w > 6" and not value + w > 6) \
                or (rule == "v * 2 != k" and value * 2 == k):
            continue
        rows.append({"c": c, "w": w, "k": k, "v": value})
    return rows


@FAST
@given(tables(), st.data())
def test_the_engine_offers_exactly_the_configurations_a_table_row_fits(spec: dict[str, Any],
                                                                       data: st.DataObject) -> None:
    model = model_of(spec)
    rows = valid_rows(spec)
    with session_of(model) as session:
        for _ in range(3):
            if not rows:
                assert all(not session.state().available(a) for a in ("c", "w", "k"))
                break
            row = data.draw(st.sampled_from(rows))
            chosen = data.draw(st.lists(st.sampled_from(["c", "w", "k"]), unique=True, max_size=2))
            choices = {a: row[a] for a in chosen}
            session.set_many(choices, replace=True)
            state = session.state()
            for attr_id in ("c", "w", "k"):
                if attr_id not in choices:
                    expected = {r[attr_id] for r in rows if all(r[a] == v for a, v in choices.items())}
                    assert set(state.available(attr_id)) == expected, (attr_id, choices)
            session.set_many({a: row[a] for a in ("c", "w", "k")}, replace=True)
            assert session.values()["v"] == row["v"]


def kitchen(price_rows: list[list[str]], size_rows: list[list[str]]) -> Any:
    doc = document([
        {"id": "cabinet_type", "type": "choice", "options": options("wall", "base")},
        {"id": "width_mm", "type": "integer", "unit": "mm", "min": 300, "max": 1200, "step": 100},
        {"id": "frame_size", "type": "computed", "expr": "lookup(sizes)", "options": options("s", "m", "l")},
    ], [{"id": "no-large-wall", "exclude": "frame_size == l and cabinet_type == wall"}])
    doc["tables"] = [
        {"id": "base_prices", "file": "base_prices.csv", "keys": ["cabinet_type", "width_mm"], "value": "price",
         "unit": "kr"},
        {"id": "sizes", "file": "sizes.csv", "keys": ["width_mm"], "value": "size"},
    ]
    doc["pricing"] = {"base": {"formula": "lookup(base_prices)"}}
    return model_from_document({"model": doc, "tables": {
        "base_prices.csv": {"header": ["cabinet_type", "width_mm", "price"], "rows": price_rows},
        "sizes.csv": {"header": ["width_mm", "size"], "rows": size_rows}}})


PRICES = [["wall", "300-600", "1000"], ["wall", "700-900", "1500"], ["base", "*", "2000.50"]]
SIZES = [["300-500", "s"], ["600-800", "m"], ["900-1200", "l"]]


def test_a_price_table_prices_the_line_and_a_table_gives_a_computed_choice() -> None:
    model = kitchen(PRICES, SIZES)
    with session_of(model) as session:
        session.set("cabinet_type", "wall")
        # 1000-1200 have no wall price; 900 is a large frame, which a wall cabinet cannot have
        assert session.state().available("width_mm") == tuple(Decimal(v) for v in range(300, 801, 100))
        session.set("width_mm", 700)
        values = session.values()
        assert values["frame_size"] == "m"
        line = price_line(model, values, on_date=date(2026, 12, 1))
        assert line.unit_price == Decimal("1500.00")
        session.set("cabinet_type", "base")
        session.set("width_mm", 1200)
        assert session.values()["frame_size"] == "l"
        assert price_line(model, session.values(), on_date=date(2026, 12, 1)).unit_price == Decimal("2000.50")
        explanation = session.explain("cabinet_type", "wall")
        assert explanation is not None
        assert {r.id for r in explanation.rules} <= {"table-base_prices", "no-large-wall"}


@pytest.mark.parametrize(("prices", "sizes", "message"), [
    ([["wall", "300-600", "1000"], ["wall", "600-900", "1500"]], SIZES,
     "<catalogue>: table 'base_prices': this row and the row at line 1 both fit cabinet_type = wall, width_mm = 600 "
     "in 'base_prices.csv'; rows may not overlap"),
    ([["wall", "600-300", "1000"]], SIZES,
     "<catalogue>: table 'base_prices': '600-300' in column 'width_mm' of 'base_prices.csv' is not a value of "
     "'width_mm' (nor a range like 300-400, nor *)"),
    ([["wall", "300-600", "cheap"]], SIZES,
     "<catalogue>: table 'base_prices': 'cheap' in column 'price' of 'base_prices.csv' is not a number"),
    (PRICES, [["300-1200", "xl"]],
     "<catalogue>: attribute 'frame_size': the expression can give 'xl', which is not an option of 'frame_size' "
     "(options: l, m, s)"),
])
def test_broken_tables_are_refused(prices: list[list[str]], sizes: list[list[str]], message: str) -> None:
    with pytest.raises(ModelErrors) as caught:
        kitchen(prices, sizes)
    assert message in str(caught.value).splitlines()


def test_a_computed_choice_by_an_expression_drives_the_rules() -> None:
    doc = document([
        {"id": "inseam", "type": "integer", "min": 60, "max": 90, "step": 5},
        {"id": "frame_size", "type": "computed", "expr": "'s' if inseam < 75 else 'm'", "options": options("s", "m")},
        {"id": "wheel", "type": "choice", "options": options("w26", "w29")},
    ], [{"id": "small-frames-small-wheels", "exclude": "frame_size == s and wheel == w29"}])
    model = model_from_document({"model": doc, "tables": {}})
    with session_of(model) as session:
        session.set("wheel", "w29")
        assert session.state().available("inseam") == tuple(Decimal(v) for v in range(75, 91, 5))
        session.unset("wheel")
        session.set("inseam", 70)
        assert session.values()["frame_size"] == "s"
        assert session.state().available("wheel") == ("w26",)
