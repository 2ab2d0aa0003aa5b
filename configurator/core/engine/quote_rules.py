"""Quote-level rules: conditions over all lines of a quote (e.g. the average U-value of all windows).

A violated rule is explained by naming the lines: those whose removal alone would make the rule hold, or,
when no single line does, every line that fails the condition on its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.computed import with_computed


@dataclass(frozen=True)
class QuoteRuleViolation:
    rule: s.QuoteRule
    lines: tuple[int, ...]  # positions (0-based) of the lines that cause it
    value: Any = None  # the value of the rule's main aggregate, when it has one (e.g. the average)


def quote_env(model: s.ProductModel, lines: Sequence[Mapping[str, Any]], quote: Mapping[str, Any],
         quantities: Sequence[int]) -> e.Env:
    option_values = model.option_values()
    envs = [e.Env(with_computed(dict(values), model), option_values, quantity=Decimal(quantity))
            for values, quantity in zip(lines, quantities, strict=True)]
    return e.Env({}, option_values, quote, envs)


def _holds(rule: s.QuoteRule, env: e.Env) -> bool:
    if rule.when is not None and e.evaluate(rule.when.node, env) is not True:
        return True
    value = e.evaluate(rule.require.node, env)
    return value is not True if rule.exclude else value is not False


def _first_aggregate(node: e.Node) -> e.Node | None:
    """The first aggregate as written (left to right)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, e.Aggregate):
            return current
        stack.extend(reversed(list(e.children(current))))
    return None


def check_quote_rules(model: s.ProductModel, lines: Sequence[Mapping[str, Any]],
                      quote: Mapping[str, Any] | None = None,
                      quantities: Sequence[int] | None = None) -> list[QuoteRuleViolation]:
    """The quote rules of ``model`` that the lines (attribute values of each line of this family) break.

    Aggregates count each line ``quantities[i]`` times (default 1): a line of 10 windows is ten windows in
    ``sum``, ``avg`` (with its weight) and ``count``."""
    quote = dict(quote or {})
    for parameter in model.quote_parameters:
        quote.setdefault(parameter.id, parameter.default)
    counts = list(quantities) if quantities is not None else [1] * len(lines)

    def _env_of(indices: Sequence[int]) -> e.Env:
        return quote_env(model, [lines[i] for i in indices], quote, [counts[i] for i in indices])

    env = _env_of(range(len(lines)))
    violations = []
    for rule in model.quote_rules:
        if _holds(rule, env):
            continue
        culprits = [i for i in range(len(lines))
                    if _holds(rule, _env_of([j for j in range(len(lines)) if j != i]))]
        if not culprits:
            culprits = [i for i in range(len(lines)) if not _holds(rule, _env_of([i]))]
        aggregate = _first_aggregate(rule.require.node)
        value = e.evaluate(aggregate, env) if aggregate is not None else None
        violations.append(QuoteRuleViolation(rule, tuple(culprits), value))
    return violations
