"""Solution generalisation for numbers with many values.

A SAT solution fixes one value per attribute. For a number with hundreds of values that the rules tell
apart (a series start against a tag count), marking one value per solution would need hundreds of solver
calls. Instead, each solution is *generalised*: keeping every other attribute as the solution has it, the
rules that read the number are evaluated along its whole domain at once (numpy, exactly as the encoding
tabulated them), and every value they all accept is a valid value too — the solution with that value
swapped in is itself a complete valid configuration.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from configurator.core.engine import grid
from configurator.core.engine.encode import Encoding, negate
from configurator.core.model import expr as e
from configurator.core.model import schema as s

MIN_SEGMENTS = 24  # below this, solution reuse alone is quick enough
MAX_RULES = 8  # generalising costs an evaluation of each rule per solution: only for numbers few rules read
MAX_TABLE_ROWS = 2000


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

    def extend(self, values: dict[str, Any]) -> set[int]:
        """Value literals of the target numbers that fit the solution ``values`` (attribute -> value)."""
        found: set[int] = set()
        for attr_id, rules in self.targets.items():
            allowed = np.ones(len(self.encoding.domains[attr_id]), dtype=bool)
            fixed = {a: v for a, v in values.items() if a != attr_id}
            for rule in rules:
                allowed &= self._along(rule, attr_id, fixed)
                if not allowed.any():
                    break
            literals = self.encoding.literals[attr_id]
            found.update(literals[i] for i in np.nonzero(allowed)[0])
        return found

    def _along(self, rule: s.Rule, attr_id: str, fixed: dict[str, Any]) -> np.ndarray:
        model = self.encoding.model
        size = len(self.encoding.domains[attr_id])
        if rule.kind == "table":
            assert rule.table is not None
            holds = _table_along(rule.table, attr_id, fixed, self.encoding.domains[attr_id])
            if rule.when is not None:
                holds |= _vector(negate(rule.when.node), model, attr_id, fixed, size)
            return holds
        assert rule.expr is not None
        body = rule.expr.node if rule.kind == "require" else negate(rule.expr.node)
        if rule.when is not None:
            body = e.BoolOp(e.BOOL, "or", (negate(rule.when.node), body))
        return _vector(body, model, attr_id, fixed, size)


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
