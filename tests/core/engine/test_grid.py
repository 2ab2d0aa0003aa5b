"""``grid.tabulate`` (numpy, float64 with exact re-checks) must equal exact ``expr.evaluate`` in every cell."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from configurator.core.engine import grid
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from tests.helpers.engine_kit import ExprGen, Spec, make_model, options, session_of, with_computed

FAST = settings(derandomize=True, deadline=None, database=None, max_examples=100,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])


def boundary_attributes() -> list[dict[str, Any]]:
    return [
        {"id": "a", "type": "integer", "min": 0, "max": 12, "step": 1},
        {"id": "b", "type": "integer", "min": -6, "max": 6, "step": 1},
        {"id": "d", "type": "decimal", "min": 0, "max": Decimal("1.5"), "step": Decimal("0.1")},
        {"id": "e", "type": "decimal", "min": -1, "max": 1, "step": Decimal("0.25")},
        {"id": "c", "type": "choice", "options": options(
            "double", "triple", "quad",
            values=[{"u": Decimal("1.1"), "n": 2}, {"u": Decimal("0.6"), "n": 3}, {"u": Decimal("0.45"), "n": 4}])},
        {"id": "f", "type": "boolean"},
        {"id": "w", "type": "integer", "unit": "mm", "min": 400, "max": 1600, "step": 100},
        {"id": "h", "type": "integer", "unit": "mm", "min": 400, "max": 1600, "step": 100},
        {"id": "area_m2", "type": "computed", "unit": "m2", "decimals": 3, "expr": "w * h / 1000000"},
    ]


def model_with(expressions: list[str], attributes: list[dict[str, Any]] | None = None) -> s.ProductModel:
    rules = [{"id": f"r{i}", "require": text} for i, text in enumerate(expressions)]
    return make_model(attributes or boundary_attributes(), rules)


def mismatches(model: s.ProductModel, node: e.Node) -> list[tuple[dict[str, Any], bool, object]]:
    """The cells where the grid disagrees with the exact evaluator (an undefined value counts as false)."""
    scope = grid.scope_of(node, model)
    table = grid.tabulate(node, model, scope)
    domains = [grid.engine_domain(model.attribute(a)) for a in scope]
    assert table.shape == tuple(len(d) for d in domains)
    assert table.dtype == np.bool_
    option_values = model.option_values()
    wrong = []
    for index in itertools.product(*(range(len(d)) for d in domains)):
        values = {a: domains[k][i] for k, (a, i) in enumerate(zip(scope, index, strict=True))}
        exact = e.evaluate(node, e.Env(with_computed(model, values), option_values))
        if bool(table[index]) != (exact is True):
            wrong.append((values, bool(table[index]), exact))
    return wrong


BOUNDARIES = [
    # float arithmetic is off by one ulp right at these boundaries
    "a * 0.1 + a * 0.2 == a * 0.3",
    "a * 0.1 + a * 0.2 <= a * 0.3",
    "d * 0.1 + e * 0.2 >= 0.03",
    "w * 0.1 + h * 0.2 >= 300",
    "d + 0.2 == 0.3",
    "d * 3 == 0.9",
    "a / 3 * 3 == a",
    "a / 10 == d",
    "1 / (a + 1) >= 0.25",
    "area_m2 >= 1.21",
    "area_m2 * 3 == 0.48",
    # floor, ceil, round (half up, also for negative numbers)
    "floor(d * 10) == 3",
    "ceil(d * 10) == 3",
    "floor(a / 3) == a // 3",
    "ceil(a / 4) * 4 >= a",
    "ceil(d * 3) == 1",
    "round(d * 2.5) == 2",
    "round(d / 4, 2) == 0.03",
    "round(e * 3) == -2",
    "round(b / 2) == -1",
    "round(b / 4, 1) == -0.3",
    "round(area_m2, 1) == 0.5",
    "floor(e * 2) == -1",
    "ceil(-d * 10) == -3",
    # // and % (floored, also for negative numbers and decimals)
    "b // 4 == -1",
    "b % 4 == 3",
    "d // 0.3 == 1",
    "d % 0.3 < 0.1",
    "e % 0.5 == 0",
    "a % 2.5 == 0",
    "(d * 10) % 3 == 0",
    "e // 0.25 == e * 4",
    # option values, if/else, min/max/abs, chained comparisons, membership
    "c.u * d >= 0.6",
    "(c.u + 0.2 if area_m2 < 2 else c.u + 0.1) <= 0.8",
    "c.n * a == 12",
    "c.u * 3 == 1.35",
    "(a / 3 if f else d * 10) * 3 == a",
    "(0.1 if f else 0.2) * a == 0.3",
    "abs(e - 0.25) <= 0.5",
    "min(d, 0.7) == 0.7",
    "max(a / 3, d) == 1",
    "500 <= w <= 1200",
    "0.2 < d <= 0.7",
    "c in [double, quad] and not f",
    "c not in [triple] or a > 6",
    "c != triple and e < 0",
    "-d == -0.3",
    "not (d * 3 == 0.9)",
    "(d * 3 == 0.9) == f",
    # undefined (division by zero) counts as false, like the exact evaluator's None
    "1 / b > 0",
    "not (1 / b > 0)",
    "b / b == 1",
]


@pytest.mark.parametrize("text", BOUNDARIES)
def test_tabulate_equals_exact_evaluation(text: str) -> None:
    model = model_with([text])
    assert model.rules[0].expr is not None
    assert mismatches(model, model.rules[0].expr.node) == []


def test_the_boundaries_are_real() -> None:
    """Plain float64 would get these wrong: the exact re-check is what makes the tests above pass."""
    assert 1 * 0.1 + 1 * 0.2 != 1 * 0.3
    assert np.ceil(0.1 * 3 * 10) == 4  # ceil(d * 3 * 10) with d = 0.1 is exactly 3
    assert 1 / 3 * 3 == 1  # but exactly, 1 / 3 * 3 is 0.999...9 (28 digits) != 1
    assert Decimal(1) / 3 * 3 != 1
    assert 100_000_001.0 * 100_000_001.0 == 100_000_000.0 * 100_000_002.0  # beyond 2**53: not exact


def test_a_rule_over_constants_only() -> None:
    """A rule without attributes tabulates to a 0-d array (here: a decimal comparison needing a re-check)."""
    model = model_with(["0.1 + 0.2 == 0.3", "round(2.5) == 3", "1.5 > 1"])
    for rule in model.rules:
        assert rule.expr is not None
        assert grid.scope_of(rule.expr.node, model) == []
        table = grid.tabulate(rule.expr.node, model, [])
        assert table.shape == ()
        assert bool(table) is True
    with session_of(model) as session:
        assert session.state().available("f") == (False, True)


def test_a_choice_compared_with_another_choice_compares_option_ids() -> None:
    """``c1 == c2`` (and ``c1 in [c2]``) compare the options' ids, not their positions in each list."""
    attributes: list[dict[str, Any]] = [
        {"id": "c1", "type": "choice", "options": options("red", "blue", "green")},
        {"id": "c2", "type": "choice", "options": options("green", "red")},
        {"id": "f", "type": "boolean"},
    ]
    model = model_with(["c1 == c2", "c1 != c2", "c1 in [c2, blue]", "(c1 if f else c2) == red"], attributes)
    for rule in model.rules:
        assert rule.expr is not None
        assert mismatches(model, rule.expr.node) == [], rule.expr.source


def test_large_integers_are_compared_exactly() -> None:
    """Products of integer attributes beyond 2**53 are not exact in float64 and must be re-checked."""
    attributes: list[dict[str, Any]] = [
        {"id": "a", "type": "integer", "min": 100_000_000, "max": 100_000_002, "step": 1},
        {"id": "b", "type": "integer", "min": 100_000_000, "max": 100_000_002, "step": 1},
    ]
    model = model_with(["a * a > b * (b + 2)", "a * a - b * b == 2 * b + 1"], attributes)
    for rule in model.rules:
        assert rule.expr is not None
        assert mismatches(model, rule.expr.node) == [], rule.expr.source


# ---------------------------------------------------------------- random expressions


RANDOM_SPECS = [
    Spec("a", "integer", [Decimal(v) for v in range(7)]),
    Spec("b", "integer", [Decimal(v) for v in range(-3, 4, 2)]),
    Spec("d", "decimal", [Decimal("0.1") * k for k in range(7)]),
    Spec("e", "decimal", [Decimal("-1") + Decimal("0.5") * k for k in range(5)]),
    Spec("c", "choice", ["red", "oak", "blue"], ("red", "oak", "blue")),
    Spec("f", "boolean", [False, True]),
]
RANDOM_ATTRIBUTES: list[dict[str, Any]] = [
    {"id": "a", "type": "integer", "min": 0, "max": 6, "step": 1},
    {"id": "b", "type": "integer", "min": -3, "max": 3, "step": 2},
    {"id": "d", "type": "decimal", "min": 0, "max": Decimal("0.6"), "step": Decimal("0.1")},
    {"id": "e", "type": "decimal", "min": -1, "max": 1, "step": Decimal("0.5")},
    {"id": "c", "type": "choice", "options": options(
        "red", "oak", "blue", values=[{"w": Decimal("0.1")}, {"w": Decimal("2.5")}, {"w": Decimal("0.3")}])},
    {"id": "f", "type": "boolean"},
    {"id": "k", "type": "computed", "decimals": 2, "expr": "d * 3 + e / 3"},
]


@FAST
@given(st.data())
def test_tabulate_equals_exact_evaluation_on_random_expressions(data: st.DataObject) -> None:
    gen = ExprGen(data.draw, RANDOM_SPECS, ["k"])
    text = gen.boolean(2)
    model = model_with([text], [dict(a) for a in RANDOM_ATTRIBUTES])
    assert model.rules[0].expr is not None
    assert mismatches(model, model.rules[0].expr.node) == [], text
