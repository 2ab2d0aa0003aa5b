"""Limits that depend on choices (``max: 1000 if cabinet_type == wall else 900``), checked against brute force.

Each example draws, for every combination of a choice ``c`` and a boolean ``b``, its own range of a number
``n`` (minimum, step and count; optionally the maximum grows with a second number ``k``), writes the ranges as
nested ``if ... else`` expressions and loads the model. The brute force enumerates ``c``, ``b``, ``k`` and every
value ``n`` could ever take, keeps the rows whose ``n`` lies in the range drawn for them (computed here, not by
the model layer) and compares the session's available values with it under random partial choices.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from configurator.core.engine.session import SessionError
from configurator.core.model.errors import ModelErrors
from tests.helpers.engine_kit import make_model, options, session_of

FAST = settings(derandomize=True, deadline=None, database=None, max_examples=60,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])
OPTIONS = ("wall", "base", "tall")
K_VALUES = [Decimal(v) for v in range(3)]


def piecewise(table: dict[tuple[str, bool], str], choices: tuple[str, ...]) -> str:
    """Nested ``if ... else`` over ``c`` and ``b`` giving ``table[(c, b)]``."""
    text = ""
    for i, option in enumerate(choices):
        inner = f"(({table[(option, True)]}) if b else ({table[(option, False)]}))"
        text = inner if i == 0 else f"({inner} if c == {option} else {text})"
    return text


@st.composite
def limited_models(draw: st.DrawFn) -> dict[str, Any]:
    choices = tuple(draw(st.lists(st.sampled_from(OPTIONS), min_size=2, max_size=3, unique=True)))
    decimal = draw(st.booleans())
    unit = draw(st.sampled_from(["mm", "cm"])) if not decimal else "1"
    with_k = draw(st.booleans())
    ranges: dict[tuple[str, bool], tuple[Decimal, Decimal, int]] = {}
    for option, flag in itertools.product(choices, (False, True)):
        step = Decimal(draw(st.sampled_from([1, 2, 3, 5]))) * (Decimal("0.5") if decimal else 1)
        low = Decimal(draw(st.integers(0, 6))) * (Decimal("0.5") if decimal else 1)
        ranges[(option, flag)] = (low, step, draw(st.integers(0, 4)))
    number: dict[str, Any] = {"id": "n", "type": "decimal" if decimal else "integer", "unit": unit}
    number["min"] = piecewise({key: str(low) for key, (low, _, _) in ranges.items()}, choices)
    number["step"] = piecewise({key: str(step) for key, (_, step, _) in ranges.items()}, choices)
    extra = "" if not with_k else " + {step} * k" if unit == "1" else f" + {{step}} * k * 1 {unit}"  # k counts
    number["max"] = piecewise({key: f"{low} + {step} * {count}" + extra.format(step=step)
                               for key, (low, step, count) in ranges.items()}, choices)
    if unit == "mm" and draw(st.booleans()):  # the same limit written in another unit of the same dimension
        per = " / 1 mm" if with_k else ""  # a length divided by a length is a plain number
        number["max"] = f"({number['max']}){per} / 10 * 1 cm"
    rule = draw(st.sampled_from([None, "n >= k", "not b or c != " + choices[0], "n * 2 != 4"]))
    if rule == "n >= k" and unit != "1":
        rule = f"n >= k * 1 {unit}"  # a count times a unit literal is a length
    return {"choices": choices, "ranges": ranges, "number": number, "with_k": with_k, "rule": rule}


def load(spec: dict[str, Any]) -> Any:
    attributes = [
        {"id": "c", "type": "choice", "options": options(*spec["choices"])},
        {"id": "b", "type": "boolean"},
        {"id": "k", "type": "integer", "min": 0, "max": 2},
        spec["number"],
    ]
    rules = [{"id": "extra", "require": spec["rule"]}] if spec["rule"] else []
    return make_model(attributes, rules)


def brute_force(spec: dict[str, Any], union: list[Decimal]) -> list[dict[str, Any]]:
    rows = []
    for option, flag, k, n in itertools.product(spec["choices"], (False, True), K_VALUES, union):
        low, step, count = spec["ranges"][(option, flag)]
        high = low + step * (count + (int(k) if spec["with_k"] else 0))
        if not (low <= n <= high and (n - low) % step == 0):
            continue
        rule = spec["rule"]
        if rule and rule.startswith("n >= k") and not n >= k:
            continue
        if rule and rule.startswith("not b") and flag and option == spec["choices"][0]:
            continue
        if rule == "n * 2 != 4" and n * 2 == 4:
            continue
        rows.append({"c": option, "b": flag, "k": k, "n": n})
    return rows


@FAST
@given(limited_models(), st.data())
def test_the_offered_values_are_exactly_those_of_the_ranges(spec: dict[str, Any], data: st.DataObject) -> None:
    model = load(spec)
    attribute = model.attribute("n")
    union = attribute.domain()
    every = {low + step * i for (low, step, count) in spec["ranges"].values()
             for i in range(count + (2 if spec["with_k"] else 0) + 1)}
    assert every <= set(union)  # the union domain holds every value of every range
    rows = brute_force(spec, union)
    with session_of(model) as session:
        for _ in range(3):
            chosen = data.draw(st.lists(st.sampled_from(["c", "b", "k", "n"]), unique=True, max_size=3))
            if not rows:
                break
            row = data.draw(st.sampled_from(rows))
            choices = {a: row[a] for a in chosen}
            session.set_many(choices, replace=True)
            state = session.state()
            for attr_id in ("c", "b", "k", "n"):
                if attr_id in choices:
                    continue
                expected = {r[attr_id] for r in rows if all(r[a] == v for a, v in choices.items())}
                assert set(state.available(attr_id)) == expected, (attr_id, choices)
        outside = [n for n in union if not any(r["n"] == n for r in rows)]
        session.set_many({}, replace=True)
        for n in outside[:3]:  # a value of no range cannot be chosen, and the limits rule says why
            with pytest.raises(SessionError):
                session.set("n", n)


def test_a_kitchen_height_offers_the_real_range() -> None:
    model = make_model([
        {"id": "cabinet_type", "type": "choice", "options": options("wall", "base")},
        {"id": "height_mm", "type": "integer", "unit": "mm", "min": 300,
         "max": "1000 if cabinet_type == wall else 900", "step": 10},
    ])
    with session_of(model) as session:
        assert session.state().available("height_mm")[-1] == 1000
        session.set("cabinet_type", "base")
        available = session.state().available("height_mm")
        assert (available[0], available[-1], len(available)) == (300, 900, 61)
        session.unset("cabinet_type")
        session.set("height_mm", 950)
        assert session.state().available("cabinet_type") == ("wall",)
        explanation = session.explain("cabinet_type", "base")
        assert explanation is not None
        assert [r.id for r in explanation.rules] == ["limits-height_mm"]
        assert explanation.choices == (("height_mm", 950),)


def test_a_limit_in_metres_for_a_number_in_millimetres_is_converted() -> None:
    model = make_model([
        {"id": "tall", "type": "boolean"},
        {"id": "height_mm", "type": "integer", "unit": "mm", "min": "0.3 m", "max": "2.4 m if tall else 90 cm",
         "step": 100},
    ])
    attribute = model.attribute("height_mm")
    assert (attribute.minimum, attribute.maximum, attribute.step) == (300, 2400, 100)
    with session_of(model) as session:
        session.set("tall", False)
        assert session.state().available("height_mm") == tuple(Decimal(v) for v in range(300, 901, 100))


@pytest.mark.parametrize(("number", "message"), [
    ({"min": 0, "max": "100 if wide else -5"},
     "attribute 'n': with wide = false: 'max' (-5) is less than 'min' (0)"),
    ({"min": 0, "max": "10 if wide else 7", "step": 2},
     "attribute 'n': with wide = false: 'max' must be reachable from 'min' in whole steps of 2"),
    ({"min": 0, "max": "n + 1"}, "attribute 'n': a limit can read choices, booleans and numbers with fixed limits, "
                                 "not 'n'"),
    ({"min": 0, "max": "2 kg"}, "attribute 'n': the expression gives kg, which cannot be expressed in mm"),
    ({"min": 0, "max": "wide"}, "attribute 'n': 'max' must be a number or an expression that gives one (got 'wide': "
                                "expected a number, got true/false)"),
])
def test_broken_expression_limits_are_refused(number: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelErrors) as caught:
        make_model([{"id": "wide", "type": "boolean"}, {"id": "n", "type": "integer", "unit": "mm", **number}])
    assert message in [str(error).split(": ", 1)[1] for error in caught.value.errors]
