"""``check_quote_rules``: rules over all lines of a quote (averages, sums, counts, extremes) on a small window model."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest

from configurator.core.engine.quote_rules import QuoteRuleViolation, check_quote_rules
from configurator.core.model import schema as s
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import model_from_document
from tests.helpers.engine_kit import T, document, options

D = Decimal


def window_model(quote_rules: Sequence[dict[str, Any]]) -> s.ProductModel:
    doc = document([
        {"id": "glazing", "type": "choice",
         "options": options("double", "triple", "quad", values=[{"u": D("1.1")}, {"u": D("0.6")}, {"u": D("0.4")}])},
        {"id": "w", "type": "integer", "unit": "mm", "min": 400, "max": 2400, "step": 100},
        {"id": "h", "type": "integer", "unit": "mm", "min": 400, "max": 2400, "step": 100},
        {"id": "area", "type": "computed", "unit": "m2", "decimals": 2, "expr": "w * h / 1000000"},
        {"id": "u", "type": "computed", "unit": "W/m2K", "decimals": 2, "expr": "glazing.u"},
    ])
    doc["quote_parameters"] = [
        {"id": "energy_level", "type": "boolean", "label": T("energy"), "default": False},
        {"id": "one_facade", "type": "boolean", "label": T("one facade"), "default": True},
        {"id": "max_lines", "type": "integer", "label": T("max lines"), "min": 1, "max": 20, "step": 1, "default": 3},
    ]
    doc["quote_rules"] = [{"message": T(r["id"]), **r} for r in quote_rules]
    return model_from_document({"model": doc, "tables": {}})


ENERGY = {"id": "energy-average-u", "when": "quote.energy_level", "require": "avg(u, weight=area) <= 0.80"}


def line(glazing: str, w: int = 1000, h: int = 1000) -> dict[str, Any]:
    return {"glazing": glazing, "w": D(w), "h": D(h)}


def summary(violations: list[QuoteRuleViolation]) -> list[tuple[str, tuple[int, ...], Any]]:
    return [(v.rule.id, v.lines, v.value) for v in violations]


ON = {"energy_level": True}


# ---------------------------------------------------------------- the area-weighted average


def test_average_holds() -> None:
    model = window_model([ENERGY])
    assert check_quote_rules(model, [line("triple"), line("triple"), line("quad")], ON) == []
    assert check_quote_rules(model, [line("triple")], ON) == []
    assert check_quote_rules(model, [], ON) == []  # no windows, nothing to average


def test_average_at_the_limit_holds() -> None:
    model = window_model([ENERGY])
    # (1.1 * 1 + 0.6 * 4 + 0.4 * 1) / 6 = 3.9 / 6 = 0.65; (1.1 + 0.6 + 0.4 + 1.1) / 4 = 0.80 exactly
    assert check_quote_rules(model, [line("double"), line("triple", 2000, 2000), line("quad")], ON) == []
    assert check_quote_rules(model, [line("double"), line("triple"), line("quad"), line("double")], ON) == []


def test_average_violated_names_the_line_whose_removal_fixes_it() -> None:
    model = window_model([ENERGY])
    violations = check_quote_rules(model, [line("triple"), line("double"), line("triple")], ON)
    # (0.6 + 1.1 + 0.6) / 3 = 0.7666... holds; make it fail with a large double window
    assert violations == []
    violations = check_quote_rules(model, [line("triple"), line("double", 2000, 1000), line("triple")], ON)
    # (0.6 + 1.1 * 2 + 0.6) / 4 = 3.4 / 4 = 0.85
    assert summary(violations) == [("energy-average-u", (1,), D("0.85"))]
    assert violations[0].rule is model.quote_rules[0]


def test_the_average_is_weighted_by_area() -> None:
    model = window_model([ENERGY])
    small_double = [line("triple", 2000, 2000), line("double", 1000, 1000)]  # (2.4 + 1.1) / 5 = 0.70
    assert check_quote_rules(model, small_double, ON) == []
    large_double = [line("triple", 1000, 1000), line("double", 2000, 2000)]  # (0.6 + 4.4) / 5 = 1.00
    assert summary(check_quote_rules(model, large_double, ON)) == [("energy-average-u", (1,), D("1"))]


def test_every_line_whose_removal_fixes_it_is_named() -> None:
    model = window_model([ENERGY])
    lines = [line("double"), line("quad"), line("double"), line("triple"), line("double")]
    # (1.1 * 3 + 0.4 + 0.6) / 5 = 0.86; without one double (1.1 * 2 + 1.0) / 4 = 0.80 holds
    assert summary(check_quote_rules(model, lines, ON)) == [("energy-average-u", (0, 2, 4), D("0.86"))]


def test_when_no_single_removal_fixes_it_the_lines_failing_alone_are_named() -> None:
    model = window_model([ENERGY])
    lines = [line("double"), line("double"), line("triple")]
    # (2.2 + 0.6) / 3 = 0.933...; without a double 0.85, without the triple 1.1: no single line fixes it
    (violation,) = check_quote_rules(model, lines, ON)
    assert violation.lines == (0, 1)
    assert violation.value == (D("1.1") + D("1.1") + D("0.6")) / 3


def test_when_false_no_violation() -> None:
    model = window_model([ENERGY])
    lines = [line("double"), line("double")]
    assert check_quote_rules(model, lines, {"energy_level": False}) == []
    assert len(check_quote_rules(model, lines, {"energy_level": True})) == 1


def test_parameter_defaults_are_used_when_not_given() -> None:
    model = window_model([ENERGY])
    lines = [line("double"), line("double")]
    assert check_quote_rules(model, lines) == []  # energy_level defaults to false
    assert check_quote_rules(model, lines, {}) == []
    same = window_model([{"id": "facade-same-glass", "when": "quote.one_facade",
                          "require": "min_of(glazing.u) == max_of(glazing.u)"}])
    mixed = [line("triple"), line("double"), line("triple")]
    assert [v.lines for v in check_quote_rules(same, mixed)] == [(1,)]  # one_facade defaults to true
    assert check_quote_rules(same, mixed, {"one_facade": False}) == []
    assert check_quote_rules(same, [line("double"), line("double")]) == []


def test_a_numeric_parameter_and_count() -> None:
    model = window_model([{"id": "max-lines", "require": "count() <= quote.max_lines"}])
    three = [line("triple")] * 3
    assert check_quote_rules(model, three) == []  # max_lines defaults to 3
    # every line's removal fixes it
    assert summary(check_quote_rules(model, [*three, line("double")])) == [("max-lines", (0, 1, 2, 3), D(4))]
    assert check_quote_rules(model, [*three, line("double")], {"max_lines": 4}) == []
    assert [v.lines for v in check_quote_rules(model, three, {"max_lines": 2})] == [(0, 1, 2)]


def test_sum() -> None:
    model = window_model([{"id": "total-area", "require": "sum(area) <= 5"}])
    assert check_quote_rules(model, [line("triple", 2000, 2000), line("double", 1000, 1000)]) == []  # 4 + 1 = 5
    lines = [line("triple", 2000, 2000), line("double", 400, 400), line("quad", 2000, 1000)]  # 4 + 0.16 + 2
    # without the first 2.16, without the last 4.16; without the small one still 6
    assert summary(check_quote_rules(model, lines)) == [("total-area", (0, 2), D("6.16"))]


def test_aggregates_count_line_quantities() -> None:
    """A line of 3 windows is three windows in count(), sum() and avg() (docs/product-models.md)."""
    counted = window_model([{"id": "max-lines", "require": "count() <= quote.max_lines"}])
    assert summary(check_quote_rules(counted, [line("triple")] * 2, quantities=[1, 3])) == [
        ("max-lines", (0, 1), D(4))]
    area = window_model([{"id": "total-area", "require": "sum(area) <= 5"}])
    assert summary(check_quote_rules(area, [line("triple", 2000, 1000)], quantities=[3])) == [
        ("total-area", (0,), D(6))]
    energy = window_model([ENERGY])
    # one line of double (U 1.1) and three of quad (U 0.4), the same size: (1.1 + 3 × 0.4) / 4 = 0.575
    assert check_quote_rules(energy, [line("double"), line("quad")], ON, [1, 3]) == []
    assert summary(check_quote_rules(energy, [line("double"), line("quad")], ON, [3, 1])) == [
        ("energy-average-u", (0,), D("0.925"))]


def test_min_of_and_max_of() -> None:
    model = window_model([
        {"id": "min-width", "require": "min_of(w) >= 800"},
        {"id": "max-height", "require": "max_of(h) <= 2000"},
    ])
    assert check_quote_rules(model, [line("triple", 800, 2000), line("double", 2400, 400)]) == []
    lines = [line("triple", 700, 2100), line("double", 1000, 1000), line("quad", 600, 2200)]
    assert summary(check_quote_rules(model, lines)) == [
        ("min-width", (0, 2), D(600)),  # no single removal fixes it: the lines that fail alone
        ("max-height", (0, 2), D(2200)),
    ]
    assert summary(check_quote_rules(model, lines[:2])) == [("min-width", (0,), D(700)), ("max-height", (0,), D(2100))]


def test_several_rules_are_reported_in_the_models_order() -> None:
    model = window_model([{"id": "total-area", "require": "sum(area) <= 2"}, ENERGY])
    lines = [line("double"), line("double"), line("triple")]
    assert [v.rule.id for v in check_quote_rules(model, lines, ON)] == ["total-area", "energy-average-u"]


def test_the_value_is_the_first_aggregate_of_the_rule() -> None:
    """A rule with two aggregates reports the first one as written (here the sum, not the count)."""
    model = window_model([{"id": "small-order", "require": "sum(area) <= 2 and count() <= 5"}])
    (violation,) = check_quote_rules(model, [line("double"), line("double"), line("triple", 2000, 1000)])
    assert violation.value == D(4)  # 1 + 1 + 2 square metres (the count is 3)


# ---------------------------------------------------------------- all equal, count distinct, exclude


def test_all_equal_over_a_choice() -> None:
    """One glazing for the whole facade: the odd line is named."""
    model = window_model([{"id": "one-glazing", "when": "quote.one_facade", "require": "all_equal(glazing)"}])
    assert check_quote_rules(model, [line("triple"), line("triple")]) == []
    assert check_quote_rules(model, []) == []
    assert summary(check_quote_rules(model, [line("triple"), line("double"), line("triple")])) == [
        ("one-glazing", (1,), False)]
    assert check_quote_rules(model, [line("triple"), line("double")], {"one_facade": False}) == []


def test_count_distinct_ignores_quantities() -> None:
    """At most two sizes on one order, however many windows of each."""
    model = window_model([{"id": "two-sizes", "require": "count_distinct(w) <= 2"}])
    two = [line("triple", 1000), line("double", 1200), line("quad", 1000)]
    assert check_quote_rules(model, two, quantities=[5, 7, 9]) == []
    three = [*two, line("triple", 600)]
    assert summary(check_quote_rules(model, three)) == [("two-sizes", (1, 3), D(3))]


def test_exclude_is_the_condition_that_must_not_hold() -> None:
    """Quad glazing is not mixed with other glazing on an energy quote."""
    model = window_model([{"id": "no-mixed-quad", "when": "quote.energy_level",
                           "exclude": "count_distinct(glazing) > 1 and min_of(glazing.u) < 0.5"}])
    (violation,) = check_quote_rules(model, [line("quad"), line("triple")], ON)
    assert violation.rule.exclude
    assert check_quote_rules(model, [line("quad"), line("quad")], ON) == []
    assert check_quote_rules(model, [line("double"), line("triple")], ON) == []
    assert check_quote_rules(model, [line("quad"), line("triple")]) == []  # energy_level is off


def test_a_quote_rule_needs_require_or_exclude() -> None:
    for keys in ({}, {"require": "count() < 3", "exclude": "count() > 5"}):
        with pytest.raises(ModelErrors) as info:
            window_model([{"id": "odd", **keys}])
        assert "a quote rule needs exactly one of 'require' or 'exclude'" in info.value.render("en")
