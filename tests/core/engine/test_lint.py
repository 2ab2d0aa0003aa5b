"""``lint_model``: what the rules make impossible or pointless, with its exact English messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from configurator.core.engine import grid
from configurator.core.engine.lint import LintIssue, lint_model
from configurator.core.model import schema as s
from tests.helpers.engine_kit import make_model, options


def issues(model: s.ProductModel) -> list[tuple[str, str, str]]:
    return [(i.severity, i.where.render("en"), i.message.render("en")) for i in lint_model(model)]


def chair(rules: Sequence[dict[str, Any]] = (), presets: Sequence[dict[str, Any]] = (),
          colour_default: str | None = None) -> s.ProductModel:
    colour: dict[str, Any] = {"id": "colour", "type": "choice", "options": options("red", "blue", "green")}
    if colour_default is not None:
        colour["default"] = colour_default
    return make_model(
        [colour,
         {"id": "armrests", "type": "boolean"},
         {"id": "height", "type": "integer", "unit": "cm", "min": 40, "max": 50, "step": 5},
         {"id": "name", "type": "text", "max_length": 8, "required": False}],
        rules, presets=presets)


def test_a_clean_model_has_no_issues() -> None:
    model = chair([{"id": "red-armrests", "when": "colour == red", "require": "armrests"},
                   {"id": "low-no-armrests", "when": "height == 40", "exclude": "armrests"}])
    assert lint_model(model) == []


def test_dead_options_are_named() -> None:
    model = chair([{"id": "no-green", "exclude": "colour == green"}])
    assert issues(model) == [("warning", "attribute 'colour'", "these values can never be chosen: green")]


def test_dead_options_through_two_rules() -> None:
    model = chair([{"id": "green-armrests", "when": "colour == green", "require": "armrests"},
                   {"id": "blue-armrests", "when": "colour == blue", "require": "armrests"},
                   {"id": "tall-no-armrests", "when": "height >= 45", "exclude": "armrests"},
                   {"id": "low-no-armrests", "when": "height < 45", "exclude": "armrests"}])
    assert issues(model) == [
        ("warning", "attribute 'colour'", "only 'red' is ever possible: the rules force it"),
        ("warning", "attribute 'armrests'", "only 'no' is ever possible: the rules force it"),
    ]


def test_forced_attributes() -> None:
    model = chair([{"id": "always-blue", "require": "colour == blue"},
                   {"id": "tall", "require": "height >= 50"}])
    assert issues(model) == [
        ("warning", "attribute 'colour'", "only 'blue' is ever possible: the rules force it"),
        ("warning", "attribute 'height'", "only '50' is ever possible: the rules force it"),
    ]


def test_dead_numbers_alone_are_not_reported() -> None:
    # 40 is impossible, but a range that the rules narrow is normal for numbers
    assert issues(chair([{"id": "not-40", "require": "height > 40"}])) == []


def test_contradicting_rules_are_named_minimally() -> None:
    model = chair([
        {"id": "red-armrests", "when": "colour == red", "require": "armrests"},  # not part of the conflict
        {"id": "armrests-tall", "when": "armrests", "require": "height == 50"},
        {"id": "always-armrests", "require": "armrests"},
        {"id": "never-tall", "exclude": "height >= 50"},
        {"id": "no-green", "exclude": "colour == green"},  # not part of it either
    ])
    assert issues(model) == [("error", "model 'probe'", "the model has no valid configuration: these rules "
                              "contradict each other: armrests-tall, always-armrests, never-tall")]


def test_a_table_contradicting_a_rule() -> None:
    model = make_model(
        [{"id": "colour", "type": "choice", "options": options("red", "blue")},
         {"id": "armrests", "type": "boolean"}],
        [{"id": "combinations", "table": {"file": "t.csv"}}, {"id": "never-red", "exclude": "colour == red"}],
        {"t.csv": {"header": ["colour", "armrests"], "rows": [["red", "*"]]}},
    )
    assert issues(model) == [("error", "model 'probe'", "the model has no valid configuration: these rules "
                              "contradict each other: combinations, never-red")]


def test_an_invalid_preset_names_its_rules() -> None:
    model = chair([{"id": "red-armrests", "when": "colour == red", "require": "armrests"},
                   {"id": "low-no-armrests", "when": "height == 40", "exclude": "armrests"}],
                  presets=[{"id": "fine", "values": {"colour": "red", "height": 45}},
                           {"id": "low_red", "values": {"colour": "red", "height": 40, "name": "X"}}])
    assert issues(model) == [("error", "preset 'low_red'",
                              "the preset is not a valid configuration (rules: red-armrests, low-no-armrests)")]


def test_a_default_that_can_never_hold() -> None:
    model = chair([{"id": "no-green", "exclude": "colour == green"},
                   {"id": "prefer-green-tall", "default": "colour == green and height == 50"},
                   {"id": "prefer-tall", "default": "height == 50"}],
                  colour_default="green")
    # the model's rules in order; an attribute's default is the rule 'default-<attr>' after them
    assert issues(model) == [("warning", "attribute 'colour'", "these values can never be chosen: green"),
                             ("warning", "rule 'prefer-green-tall'", "this default can never be followed"),
                             ("warning", "rule 'default-colour'", "this default can never be followed")]


def test_a_rule_too_large_for_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grid, "MAX_GRID", 10)
    model = chair([{"id": "small", "when": "armrests", "require": "colour != green"},  # 6 combinations
                   {"id": "too-big", "require": "height + (5 if armrests else 0) < 55 or colour == red"}])
    # the 'or' is split; its first part still has 3 x 2 = 6 combinations, so only a rule that cannot be split fails
    assert issues(model) == []
    model = chair([{"id": "too-big", "require": "height + (5 if armrests else 0) < 55 or colour == red"},
                   {"id": "really-too-big", "require": "height + (5 if armrests else 0) + (1 if colour == red else 0) "
                                                       "< 56"}])
    result = lint_model(model)
    assert result == [LintIssue("error", result[0].where, result[0].message)]
    assert result[0].where.render("en") == "rule 'really-too-big'"
    assert result[0].message.render("en") == ("the engine cannot use this rule: 18 combinations of colour, armrests, "
                                              "height; split the rule into smaller ones")


def test_lint_messages_are_translated() -> None:
    model = chair([{"id": "no-green", "exclude": "colour == green"}])
    (issue,) = lint_model(model)
    assert issue.where.render("nb") != issue.where.render("en") or issue.message.render("nb") != issue.message.render(
        "en")
