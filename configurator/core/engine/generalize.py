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

Numbers that rules tie together (``width == depth``) cannot move one at a time; they are generalised as a
group: every rule that reads one of them is evaluated over all their combinations at once, and each number's
values that some allowed combination has are marked. Members the caller's assumptions fix keep their value.
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
# a pooled solution is also repaired locally for choices and yes/no: each other value swapped in, only the rules
# that read the attribute checked (remembered like a number's), before the solver is asked for it
LOCALLY_REPAIRED = (s.CHOICE, s.BOOLEAN)
MAX_REMEMBERED = 50_000  # answers of rules along a number kept per encoding (each a bool array of its domain)

_MEMOS: dict[int, tuple[Encoding, dict[tuple[Any, ...], Any]]] = {}
_MEMOS_LOCK = threading.Lock()


def _shared_memo(encoding: Encoding) -> dict[tuple[Any, ...], Any]:
    """The remembered answers of every oracle over ``encoding`` (kept for the last few encodings)."""
    with _MEMOS_LOCK:
        known = _MEMOS.get(id(encoding))
        if known is None or known[0] is not encoding:
            if len(_MEMOS) >= 8:
                del _MEMOS[next(iter(_MEMOS))]
            known = _MEMOS[id(encoding)] = (encoding, {})
        return known[1]


MAX_SPAN_CELLS = 250_000  # a rule over several such numbers is remembered over all of them at once (below this)
MAX_JOINT_CELLS = 400_000  # numbers tied by rules (width == depth) are generalised together below this


@dataclass(frozen=True)
class _Group:
    """Numbers that rules tie to each other (a square flue's width and depth, a round one's diameter): moving
    one alone breaks the rule, so they are generalised together, every rule that reads one of them evaluated
    over all their value combinations at once, the other attributes as the solution has them."""

    members: tuple[str, ...]
    rules: tuple[tuple[s.Rule, tuple[str, ...]], ...]  # each rule with its grid's attributes
    keyed: tuple[str, ...]  # the other attributes these rules read: their values key the answer


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
            kind = model.attribute(attr_id).type
            if kind in s.NUMERIC_TYPES:
                segments = len({encoding.representative.get(lit, lit) for lit in encoding.literals[attr_id]})
                if segments < MIN_SEGMENTS:
                    continue
            elif kind not in LOCALLY_REPAIRED or len(encoding.literals[attr_id]) < 2:
                continue
            rules = [r for r in model.rules if r.kind != "default" and attr_id in _scope(r, model)]
            if kind not in s.NUMERIC_TYPES and any(r.kind == "table" for r in rules):
                continue  # checking a table row by row costs more than the solver call it saves
            if len(rules) <= MAX_RULES and all(r.table is None or len(r.table.rows) <= MAX_TABLE_ROWS for r in rules):
                self.targets[attr_id] = rules
        # per target and rule: which numbers the remembered answer spans (``free``, in the grid's axis order; the
        # target among them) and which other attributes' values key it (``keyed``)
        self._plans: dict[str, list[_Plan]] = {}
        for attr_id, rules in self.targets.items():
            self._plans[attr_id] = [self._plan(model.rules.index(r), r, attr_id) for r in rules]
        # each number's value literals and their segments' representatives, to pick the allowed ones at once
        representative = encoding.representative
        self._literals = {a: np.asarray(encoding.literals[a], dtype=np.int64) for a in self.targets}
        self._representatives = {a: np.asarray([representative.get(lit, lit) for lit in encoding.literals[a]],
                                               dtype=np.int64) for a in self.targets}
        self._groups = self._tied_numbers()
        self.joint = {a for group in self._groups for a in group.members}
        # every attribute the targets' rules read: all that extending a solution looks at
        self.reads = sorted({a for rules in self.targets.values() for r in rules for a in _scope(r, model)}
                            | set(self.targets))
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

    def _tied_numbers(self) -> list[_Group]:
        """The target numbers that rules read together, as groups small enough to tabulate at once (rules over
        tables keep the one-number-at-a-time way)."""
        model, domains = self.encoding.model, self.encoding.domains
        groups: list[_Group] = []
        seen: set[str] = set()
        for start in self.targets:
            if start in seen or model.attribute(start).type not in s.NUMERIC_TYPES:
                continue
            members, stack = {start}, [start]
            while stack:
                for rule in self.targets[stack.pop()]:
                    for other in _scope(rule, model):
                        if other in self.targets and other not in members \
                                and model.attribute(other).type in s.NUMERIC_TYPES:
                            members.add(other)
                            stack.append(other)
            seen |= members
            ordered = tuple(a for a in self.encoding.attributes if a in members)
            rules = list({id(r): r for a in ordered for r in self.targets[a]}.values())
            if (len(ordered) < 2 or any(r.kind == "table" for r in rules)
                    or math.prod(len(domains[a]) for a in ordered) > MAX_JOINT_CELLS):
                continue
            with_axes = tuple((r, tuple(grid.scope_of(_body(r), model))) for r in rules)
            keyed = tuple(sorted({a for _r, axes in with_axes for a in axes} - members))
            groups.append(_Group(ordered, with_axes, keyed))
        return groups

    def _tied(self, group: _Group, values: dict[str, Any]) -> tuple[np.ndarray, ...]:
        """Per member of ``group``: which of its values some combination of the group's values allows, every
        rule that reads the group holding and the other attributes as in ``values``."""
        model, domains = self.encoding.model, self.encoding.domains
        members = group.members
        allowed = np.ones([len(domains[a]) for a in members], dtype=bool)
        for rule, axes in group.rules:
            fixed = {a: values.get(a) for a in axes if a not in members}
            table = np.asarray(grid.tabulate(_body(rule), model, list(axes), fixed))
            inside = [a for a in axes if a in members]
            table = table.reshape([len(domains[a]) for a in inside])
            table = table.transpose(sorted(range(len(inside)), key=lambda i: members.index(inside[i])))
            allowed &= table.reshape([len(domains[a]) if a in inside else 1 for a in members])
            if not allowed.any():
                break
        every = range(len(members))
        return tuple(np.asarray(allowed.any(axis=tuple(j for j in every if j != i))) for i in every)

    def _mark(self, found: set[int], attr_id: str, allowed: np.ndarray) -> None:
        found.update(self._literals[attr_id][allowed].tolist())
        found.update(self._representatives[attr_id][allowed].tolist())

    def extend(self, values: dict[str, Any], held: frozenset[str] = frozenset()) -> set[int]:
        """Value literals of the target numbers that fit the solution ``values`` (attribute -> value), with the
        representatives of their segments. ``held``: numbers of a group that the caller's assumptions fix (they
        keep their value; a group with one number left free moves it alone)."""
        found: set[int] = set()
        if not self.targets:
            return found
        memo = self._memo
        moved: set[str] = set()  # members of groups generalised one at a time (the others are held)
        for tied in self._groups:
            free = tuple(a for a in tied.members if a not in held)
            if len(free) < 2:
                moved.update(free)
                continue
            group = tied if len(free) == len(tied.members) else \
                _Group(free, tied.rules, tuple(sorted({*tied.keyed, *(set(tied.members) - set(free))})))
            key = (group.members, group.keyed, *(values.get(a) for a in group.keyed))
            projections = memo.get(key)
            if projections is None:
                projections = self._tied(group, values)
                if len(memo) >= MAX_REMEMBERED:
                    memo.clear()
                memo[key] = projections
            for attr_id, allowed in zip(group.members, projections, strict=True):
                self._mark(found, attr_id, allowed)
        for attr_id in self.targets:
            if attr_id in self.joint and attr_id not in moved:
                continue
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
            self._mark(found, attr_id, allowed)
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
