"""Helpers for the seed model tests: the four families in ``product_models/``, loaded and encoded once per test run.

Encoding a model is the slow part of opening a session (the ear tag model takes about 2 s; its number series has
10,000 values); a session over an already encoded model opens in a few milliseconds. So each family is loaded and
encoded once (cached for the whole run) and every test gets fresh sessions over it: no test sees another's choices.

The brute-force check evaluates every hard rule of the model with the model layer's own evaluator
(:func:`configurator.core.model.expr.evaluate`), independently of the engine's encoding.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from configurator.core.engine.describe import explanation_text
from configurator.core.engine.encode import Encoding, encode_model
from configurator.core.engine.grid import engine_domain
from configurator.core.engine.session import ConfigurationSession, Explanation
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model
from tests.helpers.engine_kit import with_computed

ROOT = Path(__file__).resolve().parents[2]
MODELS = ROOT / "product_models"
FAMILIES = ("window", "eartag", "chair", "chimney_cap", "kitchen")

D = Decimal


@dataclass(frozen=True)
class Seed:
    model: s.ProductModel
    encoding: Encoding


@functools.cache
def seed(family: str) -> Seed:
    model = load_model(MODELS / family).model
    return Seed(model, encode_model(model))


def model_of(family: str) -> s.ProductModel:
    return seed(family).model


Configure = Callable[..., ConfigurationSession]


class SessionFactory:
    """Fresh sessions over the cached encodings; closes them all at the end of the test."""

    def __init__(self) -> None:
        self.sessions: list[ConfigurationSession] = []

    def open(self, family: str, /, **choices: Any) -> ConfigurationSession:
        found = seed(family)
        session = ConfigurationSession(found.model, found.encoding)
        self.sessions.append(session)
        if choices:
            session.set_many(choices)
        return session

    def close(self) -> None:
        for session in self.sessions:
            session.close()


# ---------------------------------------------------------------- explanations


def because(language: str, rules: Sequence[str], choices: Sequence[str]) -> str:
    """The rendered explanation: the rules' messages, then the user's choices that (with them) exclude the value."""
    text = " ".join(rules)
    if not choices:
        return text
    if language == "en":
        return f"{text} (because of your choices: {', '.join(choices)})"
    return f"{text} (på grunn av valgene dine: {', '.join(choices)})"


def assert_excluded(session: ConfigurationSession, attr_id: str, value: Any, *, rules: Sequence[str],
                    choices: Sequence[tuple[str, Any]], en: str, nb: str, fewest_choices: bool = True) -> Explanation:
    """``attr_id = value`` is excluded, explained by exactly these rules and choices, rendered exactly so.

    The named choices must exclude the value on their own; with ``fewest_choices`` (when no other explanation
    with fewer choices and more rules exists) each of them must also be needed, under all the model's rules.
    """
    explanation = session.explain(attr_id, value)
    assert explanation is not None, f"{attr_id} = {value!r} is not excluded"
    assert (explanation.attribute, explanation.value) == (attr_id, value)
    assert [r.id for r in explanation.rules] == list(rules)
    assert list(explanation.choices) == list(choices)
    model = session.model
    for reason in explanation.rules:
        assert reason.message == model_rule(model, reason.id).message
    assert explanation_text(model, explanation, "en") == en
    assert explanation_text(model, explanation, "nb") == nb
    assert_sufficient(explanation, model.family, each_needed=fewest_choices)
    return explanation


@functools.cache
def _checker(family: str) -> ConfigurationSession:
    """One session per family for checking explanations (its choices are replaced for every check)."""
    found = seed(family)
    return ConfigurationSession(found.model, found.encoding)


def assert_sufficient(explanation: Explanation, family: str, each_needed: bool = True) -> None:
    """The named choices alone exclude the value; with ``each_needed``, without any one of them it is available."""
    checker = _checker(family)
    named = dict(explanation.choices)
    for dropped in (None, *(named if each_needed else ())):
        checker.set_many({a: v for a, v in named.items() if a != dropped}, replace=True)
        again = checker.explain(explanation.attribute, explanation.value)
        if dropped is None:
            assert again is not None, f"the named choices {named} alone do not exclude {explanation.value!r}"
        else:
            assert again is None, f"{explanation.value!r} is still excluded without {dropped}: not the fewest choices"


def assert_refused(session: ConfigurationSession, attr_id: str, value: Any) -> None:
    """``set`` refuses the value and keeps the earlier choices (the explanation itself is checked elsewhere)."""
    from configurator.core.engine.session import SessionError

    before = dict(session.choices)
    try:
        session.set(attr_id, value)
    except SessionError as error:
        assert error.explanation == session.explain(attr_id, value)
    else:
        raise AssertionError(f"{attr_id} = {value!r} was accepted")
    assert session.choices == before


def model_rule(model: s.ProductModel, rule_id: str) -> s.Rule:
    return next(r for r in model.rules if r.id == rule_id)


def numbers(values: Iterable[int | str]) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


# ---------------------------------------------------------------- brute force


def evaluate(model: s.ProductModel, source: e.Node, values: Mapping[str, Any]) -> Any:
    return e.evaluate(source, e.Env(with_computed(model, values), model.option_values()))


class Rules:
    """Every hard rule of a model as a Python predicate over complete values (tables as sets of rows)."""

    def __init__(self, model: s.ProductModel) -> None:
        self.model = model
        self.option_values = model.option_values()
        self.hard = [r for r in model.rules if r.kind != "default"]
        self.tables: dict[str, tuple[set[tuple[Any, ...]], list[tuple[Any, ...]]]] = {}
        for rule in self.hard:
            if rule.table is not None:
                exact = {row for row in rule.table.rows if s.ANY not in row}
                wild = [row for row in rule.table.rows if s.ANY in row]
                self.tables[rule.id] = (exact, wild)

    def _truth(self, node: e.Node, env: e.Env) -> bool | None:
        value = e.evaluate(node, env)
        if value is None and any(env.values.get(a) is None for a in e.attributes_used(node)):
            return None  # it reads an attribute that does not apply (applies_when): not decided without it
        assert isinstance(value, bool), f"undefined with complete values: {value!r}"
        return value

    def holds(self, rule: s.Rule, env: e.Env) -> bool:
        """Whether the rule is not broken (three-valued: a rule not decided for want of a value holds)."""
        if rule.when is not None and self._truth(rule.when.node, env) is False:
            return True
        if rule.table is not None:
            exact, wild = self.tables[rule.id]
            key = tuple(_plain(env.values[c]) for c in rule.table.columns)
            matched = key in exact or any(
                all(cell is s.ANY or cell == value for cell, value in zip(row, key, strict=True)) for row in wild)
            return matched if rule.table.mode == "allowed" else not matched
        assert rule.expr is not None
        body = rule.expr.node if rule.kind != "exclude" else e.Unary(e.BOOL, "not", rule.expr.node)
        if rule.when is not None:  # "not when or body": false only where the when is true and the body false
            return not (self._truth(rule.when.node, env) is True and self._truth(body, env) is False)
        return self._truth(body, env) is not False

    def broken(self, values: Mapping[str, Any]) -> list[str]:
        env = e.Env(with_computed(self.model, _present(values)), self.option_values)
        return [r.id for r in self.hard if not self.holds(r, env)]

    def valid(self, values: Mapping[str, Any]) -> bool:
        env = e.Env(with_computed(self.model, _present(values)), self.option_values)
        return all(self.holds(r, env) for r in self.hard)


def _present(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values without the engine's 'does not apply' (such an attribute has no value)."""
    return {k: v for k, v in values.items() if v is not e.NOT_APPLICABLE}


def _plain(value: Any) -> Any:
    return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value


def brute_force_available(model: s.ProductModel, fixed: Mapping[str, Any], open_attrs: Sequence[str], *,
                          keep_not_applicable: bool = False) -> dict[str, list[Any]]:
    """For each open attribute, the values some valid complete assignment has (the others fixed). An attribute
    with ``applies_when`` has no value (NOT_APPLICABLE) exactly where its condition is false; with
    ``keep_not_applicable`` the result says so (NOT_APPLICABLE among its values)."""
    rules = Rules(model)
    conditional = [a for a in model.chosen_attributes if a.applies_when is not None]
    option_values = model.option_values()
    domains = {a: engine_domain(model.attribute(a)) for a in open_attrs}  # NOT_APPLICABLE where it may not apply
    # an open attribute whose condition reads only fixed and unconditional open attributes is tried only with a
    # value where it applies, and only without one where it does not (the same result, far fewer assignments)

    def reads(condition: Any) -> set[str]:
        return e.attributes_used(condition.node)

    plain = [a for a in open_attrs if model.attribute(a).applies_when is None]
    decided = {a: model.attribute(a).applies_when for a in open_attrs if a not in plain
               and reads(model.attribute(a).applies_when) <= set(fixed) | set(plain)}
    rest = [a for a in open_attrs if a not in plain and a not in decided]

    def assignments() -> Iterable[dict[str, Any]]:
        for combination in itertools.product(*(domains[a] for a in plain)):
            values = {**fixed, **dict(zip(plain, combination, strict=True))}
            env = e.Env({k: v for k, v in values.items() if v is not e.NOT_APPLICABLE}, option_values)
            if any((values[a.id] is not e.NOT_APPLICABLE) != (e.evaluate(a.applies_when.node, env) is True)  # type: ignore
                   for a in conditional if a.id in values and reads(a.applies_when) <= set(values)):
                continue  # a given or unconditional attribute has a value exactly where it applies
            narrowed = []
            for attr_id, condition in decided.items():
                applies = e.evaluate(condition.node, env) is True  # type: ignore[union-attr]
                narrowed.append([v for v in domains[attr_id] if (v is not e.NOT_APPLICABLE) == applies])
            for more in itertools.product(*narrowed, *(domains[a] for a in rest)):
                yield {**values, **dict(zip([*decided, *rest], more, strict=True))}

    seen: dict[str, set[Any]] = {a: set() for a in open_attrs}
    for values in assignments():
        present = {k: v for k, v in values.items() if v is not e.NOT_APPLICABLE}
        if conditional:
            env = e.Env(present, option_values)
            if any((a.id in present) != (e.evaluate(a.applies_when.node, env) is True)  # type: ignore[union-attr]
                   for a in conditional):
                continue
        if rules.valid(present):
            for attr_id in open_attrs:
                seen[attr_id].add(values[attr_id])
    return {a: [v for v in domains[a] if v in seen[a] and (keep_not_applicable or v is not e.NOT_APPLICABLE)]
            for a in open_attrs}
