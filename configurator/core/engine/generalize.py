"""Solution generalisation for numbers with many values.

A SAT solution fixes one value per attribute. For a number with hundreds of values that the rules tell
apart (a series start against a tag count), marking one value per solution would need hundreds of solver
calls. Instead, each solution is *generalised*: keeping every other attribute as the solution has it, the
rules that read the number are evaluated along its whole domain at once (numpy, exactly as the encoding
tabulated them), and every value they all accept is a valid value too — the solution with that value
swapped in is itself a complete valid configuration.

A rule reads only a few attributes, so along one number it gives the same answer for every solution that
agrees on the rule's *other* attributes: each rule's answer is remembered per number and per those values
(shared by every oracle over the encoding). Solutions of one model differ in many attributes but rarely in
the few a rule reads, so after the first solutions generalising is a handful of dictionary look-ups instead
of evaluating the rules again.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from configurator.core.engine import grid
from configurator.core.engine.encode import Encoding, negate
from configurator.core.model import expr as e
from configurator.core.model import schema as s

MIN_SEGMENTS = 8  # below this, solution reuse alone is quick enough
MAX_RULES = 24  # generalising looks up (or once evaluates) each rule per solution: not for numbers read by very many
MAX_TABLE_ROWS = 2000
MAX_REMEMBERED = 50_000  # answers of rules along a number kept per encoding (each a bool array of its domain)

_MEMOS: dict[int, tuple[Encoding, dict[tuple[Any, ...], np.ndarray]]] = {}
_MEMOS_LOCK = threading.Lock()


def _shared_memo(encoding: Encoding) -> dict[tuple[Any, ...], np.ndarray]:
    """The remembered answers of every oracle over ``encoding`` (kept for the last few encodings)."""
    with _MEMOS_LOCK:
        known = _MEMOS.get(id(encoding))
        if known is None or known[0] is not encoding:
            if len(_MEMOS) >= 8:
                del _MEMOS[next(iter(_MEMOS))]
            known = _MEMOS[id(encoding)] = (encoding, {})
        return known[1]


MAX_SPAN_CELLS = 250_000  # a rule over several such numbers is remembered over all of them at once (below this)


@dataclass(frozen=True)
class _Plan:
    number: int  # the rule's place in the model
    rule: s.Rule
    axes: tuple[str, ...]  # the grid's attributes (expression rules over several numbers)
    free: tuple[str, ...]  # the numbers the remembered answer spans
    keyed: tuple[str, ...]  # the other attributes the rule reads: their values key the answer


def _body(rule: s.Rule) -> e.Node:
    """An expression rule as one condition that a valid configuration makes true."""
    assert rule.expr is not None
    body = rule.expr.node if rule.kind == "require" else negate(rule.expr.node)
    if rule.when is not None:
        body = e.BoolOp(e.BOOL, "or", (negate(rule.when.node), body))
    return body


class Generalizer:
    def __init__(self, encoding: Encoding) -> None:
        self.encoding = encoding
        model = encoding.model
        self.targets: dict[str, list[s.Rule]] = {}
        for attr_id in encoding.attributes:
            if model.attribute(attr_id).type not in s.NUMERIC_TYPES:
                continue
            segments = len({encoding.representative[lit] for lit in encoding.literals[attr_id]})
            if segments < MIN_SEGMENTS:
                continue
            rules = [r for r in model.rules if r.kind != "default" and attr_id in _scope(r, model)]
            if len(rules) <= MAX_RULES and all(r.table is None or len(r.table.rows) <= MAX_TABLE_ROWS for r in rules):
                self.targets[attr_id] = rules
        # per target and rule: which numbers the remembered answer spans (``free``, in the grid's axis order; the
        # target among them) and which other attributes' values key it (``keyed``)
        self._plans: dict[str, list[_Plan]] = {}
        for attr_id, rules in self.targets.items():
            self._plans[attr_id] = [self._plan(model.rules.index(r), r, attr_id) for r in rules]
        spanned = {a for plans in self._plans.values() for plan in plans for a in plan.free}
        self._index = {a: {v: i for i, v in enumerate(encoding.domains[a])} for a in spanned}
        self._memo = _shared_memo(encoding)

    def _plan(self, number: int, rule: s.Rule, attr_id: str) -> _Plan:
        model = self.encoding.model
        scope = _scope(rule, model)
        if rule.kind != "table":
            axes = tuple(grid.scope_of(_body(rule), model))
            # the target with every other number the rule reads (a width beside a height): one answer over
            # all of them serves every solution that agrees on the rule's choices
            free = tuple(a for a in axes if a == attr_id or model.attribute(a).type in s.NUMERIC_TYPES)
            if math.prod(len(self.encoding.domains[a]) for a in free) <= MAX_SPAN_CELLS:
                return _Plan(number, rule, axes, free, tuple(a for a in axes if a not in free))
        return _Plan(number, rule, (), (attr_id,), tuple(sorted(scope - {attr_id})))

    def extend(self, values: dict[str, Any]) -> set[int]:
        """Value literals of the target numbers that fit the solution ``values`` (attribute -> value)."""
        found: set[int] = set()
        memo = self._memo
        for attr_id in self.targets:
            allowed = np.ones(len(self.encoding.domains[attr_id]), dtype=bool)
            for plan in self._plans[attr_id]:
                key = (plan.number, plan.free, *(values.get(a) for a in plan.keyed))
                span = memo.get(key)
                if span is None:
                    span = self._span(plan, attr_id, values)
                    span.setflags(write=False)
                    if len(memo) >= MAX_REMEMBERED:
                        memo.clear()
                    memo[key] = span
                if len(plan.free) > 1:
                    index = tuple(slice(None) if a == attr_id else self._index[a].get(values.get(a), -1)
                                  for a in plan.free)
                    if -1 in index:  # a value outside the domain (never in a solution): ask the rule directly
                        holds = self._along(plan.rule, attr_id, {a: v for a, v in values.items() if a != attr_id})
                    else:
                        holds = span[index]
                else:
                    holds = span
                allowed &= holds
                if not allowed.any():
                    break
            literals = self.encoding.literals[attr_id]
            found.update(literals[i] for i in np.nonzero(allowed)[0])
        return found

    def _span(self, plan: _Plan, attr_id: str, values: dict[str, Any]) -> np.ndarray:
        """The rule's answer over its free numbers (one axis each), the other attributes as in ``values``."""
        if len(plan.free) == 1:
            return self._along(plan.rule, attr_id, {a: v for a, v in values.items() if a != attr_id})
        model = self.encoding.model
        fixed = {a: values.get(a) for a in plan.keyed}
        table = grid.tabulate(_body(plan.rule), model, list(plan.axes), fixed)
        return np.asarray(table).reshape([len(self.encoding.domains[a]) for a in plan.free])

    def _along(self, rule: s.Rule, attr_id: str, fixed: dict[str, Any]) -> np.ndarray:
        model = self.encoding.model
        size = len(self.encoding.domains[attr_id])
        if rule.kind == "table":
            assert rule.table is not None
            holds = _table_along(rule.table, attr_id, fixed, self.encoding.domains[attr_id])
            if rule.when is not None:
                holds |= _vector(negate(rule.when.node), model, attr_id, fixed, size)
            return holds
        return _vector(_body(rule), model, attr_id, fixed, size)


def _scope(rule: s.Rule, model: s.ProductModel) -> set[str]:
    if rule.kind == "table":
        assert rule.table is not None
        found = set(rule.table.columns)
        if rule.when is not None:
            found |= set(grid.scope_of(rule.when.node, model))
        return found
    nodes = [n.node for n in (rule.expr, rule.when) if n is not None]
    return {a for node in nodes for a in grid.scope_of(node, model)}


def _vector(node: e.Node, model: s.ProductModel, attr_id: str, fixed: dict[str, Any], size: int) -> np.ndarray:
    scope = grid.scope_of(node, model)
    if attr_id not in scope:
        value = grid.tabulate(node, model, scope, fixed)
        return np.full(size, bool(value.reshape(-1)[0]))
    table = grid.tabulate(node, model, scope, fixed)
    return np.asarray(table).reshape(size)


def _table_along(table: s.Table, attr_id: str, fixed: dict[str, Any], domain: list[Any]) -> np.ndarray:
    if attr_id not in table.columns:  # the number is only in the rule's condition
        listed_row = any(all(cell is s.ANY or cell == fixed.get(name) for cell, name in zip(row, table.columns,
                                                                                          strict=True))
                         for row in table.rows)
        return np.full(len(domain), listed_row != (table.mode == "forbidden"))
    column = table.columns.index(attr_id)
    index = {v: i for i, v in enumerate(domain)}
    listed = np.zeros(len(domain), dtype=bool)
    for row in table.rows:
        if all(cell is s.ANY or cell == fixed.get(name) for k, (cell, name) in enumerate(zip(row, table.columns,
                                                                                             strict=True))
               if k != column):
            if row[column] is s.ANY:
                listed[:] = True
                break
            listed[index[row[column]]] = True
    return ~listed if table.mode == "forbidden" else listed
