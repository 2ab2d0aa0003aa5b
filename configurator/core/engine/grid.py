"""Evaluate a rule's expression over every combination of its attributes' values at once (numpy).

The engine turns each rule into the set of value combinations that satisfy it (then into an MDD). Numbers
are evaluated as float64 arrays, which is fast; where float arithmetic could differ from exact decimal
arithmetic (division, a comparison or rounding right at a boundary) the cells are re-evaluated exactly with
:func:`configurator.core.model.expr.evaluate`, so the engine and the price/production code always agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np

from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.computed import with_computed

MAX_GRID = 6_000_000
_TOLERANCE = 1e-9
_EXACT_LIMIT = 2.0**52
FILLED = "\u2026"  # the engine's stand-in for "some text" (text attributes are either empty or filled)


class GridTooLarge(Exception):
    """The expression's attributes have too many combinations to tabulate."""


@dataclass
class _Value:
    array: np.ndarray
    uncertain: np.ndarray | bool  # cells where float arithmetic may differ from exact arithmetic
    exact: bool  # computed from integers only (no cell can be uncertain)
    unknown: np.ndarray | bool = False  # cells that read a value that does not apply (three-valued logic)


_DOMAINS: dict[int, tuple[s.Attribute, list[Any]]] = {}
_FLOATS: dict[int, tuple[list[Any], list[float], bool]] = {}


def engine_domain(attribute: s.Attribute) -> list[Any]:
    """The values the engine works with: the attribute's domain, or empty/filled for a text (cached)."""
    cached = _DOMAINS.get(id(attribute))
    if cached is not None and cached[0] is attribute:
        return cached[1]
    domain = ["", FILLED] if attribute.type == s.TEXT else attribute.domain()
    if attribute.applies_when is not None:
        domain = [*domain, e.NOT_APPLICABLE]  # the attribute may have no value
    if len(_DOMAINS) > 10_000:
        _DOMAINS.clear()
    _DOMAINS[id(attribute)] = (attribute, domain)
    return domain


def _floats(domain: list[Any]) -> tuple[list[float], bool]:
    """A number's values as floats, and whether they are all whole (cached per domain list)."""
    cached = _FLOATS.get(id(domain))
    if cached is not None and cached[0] is domain:
        return cached[1], cached[2]
    floats = [float(v) for v in domain]
    exact = all(v == int(v) for v in domain)
    if len(_FLOATS) > 10_000:
        _FLOATS.clear()
    _FLOATS[id(domain)] = (domain, floats, exact)
    return floats, exact


def scope_of(node: e.Node, model: s.ProductModel) -> list[str]:
    """The chosen attributes an expression depends on (computed ones replaced by what they use)."""
    found: list[str] = []
    stack = sorted(e.attributes_used(node))
    seen: set[str] = set()
    while stack:
        attr_id = stack.pop()
        if attr_id in seen:
            continue
        seen.add(attr_id)
        attribute = model.attribute(attr_id)
        if attribute.is_computed:
            assert attribute.expr is not None
            stack.extend(sorted(e.attributes_used(attribute.expr.node)))
        else:
            found.append(attr_id)
    order = {a.id: (0 if a.type in (s.CHOICE, s.BOOLEAN, s.TEXT) else 1, i) for i, a in enumerate(model.attributes)}
    return sorted(found, key=lambda a: order[a])


def tabulate(node: e.Node, model: s.ProductModel, scope: list[str], fixed: dict[str, Any] | None = None
             ) -> np.ndarray:
    """A boolean array with one axis per scope attribute: where ``node`` is true. Attributes in ``fixed``
    take only their given value (their axis has length 1)."""
    fixed = fixed or {}
    domains = [[fixed[a]] if a in fixed else engine_domain(model.attribute(a)) for a in scope]
    size = math.prod(len(d) for d in domains)
    if size > MAX_GRID:
        raise GridTooLarge(size)
    grid = _Grid(model, scope, domains)
    with np.errstate(all="ignore"):
        value = grid.value_of(node)
        result = np.broadcast_to(value.array, grid.shape).astype(bool)
        uncertain = np.broadcast_to(value.uncertain, grid.shape)
        if not value.exact and bool(uncertain.any()):
            if result.ndim == 0:
                return np.asarray(grid.exact(node, ()))
            result = result.copy()
            for index in zip(*np.nonzero(uncertain), strict=True):
                result[index] = grid.exact(node, index)
        if value.unknown is not False:
            # a condition that reads a value that does not apply (and is not decided without it) holds
            result = np.logical_or(result, np.broadcast_to(value.unknown, grid.shape))
    return result


class _Grid:
    def __init__(self, model: s.ProductModel, scope: list[str], domains: list[list[Any]]) -> None:
        self.model = model
        self.scope = scope
        self.domains = domains
        self.shape = tuple(len(d) for d in domains)
        self.axis = {attr_id: i for i, attr_id in enumerate(scope)}
        self.option_values = model.option_values()
        self.memo: dict[int, _Value] = {}
        # choices are compared by option id, so every option id gets one code across all attributes
        self.codes: dict[str, int] = {}
        for attribute in model.attributes:
            for option in attribute.options:
                self.codes.setdefault(option.id, len(self.codes))

    def attribute_value(self, attr_id: str) -> _Value:
        """An attribute's values over the grid (option codes for choices, 0/1 for booleans and texts), with the
        cells where it has no value (``unknown``)."""
        return self._attr(attr_id)

    def _axis_array(self, attr_id: str, values: list[Any]) -> np.ndarray:
        shape = [1] * len(self.shape)
        shape[self.axis[attr_id]] = len(values)
        return np.asarray(values).reshape(shape)

    def exact(self, node: e.Node, index: tuple[Any, ...]) -> bool:
        values = {attr_id: self.domains[i][int(index[i])] for i, attr_id in enumerate(self.scope)}
        missing = [a for a, v in values.items() if v is e.NOT_APPLICABLE]
        for attr_id in missing:
            values[attr_id] = None  # no value: the evaluator's three-valued logic
        env = e.Env(_with_computed(values, self.model), self.option_values)
        found = e.evaluate(node, env)
        return True if found is None and missing else bool(found)

    def value_of(self, node: e.Node) -> _Value:
        key = id(node)
        if key not in self.memo:
            self.memo[key] = self._eval(node)
        return self.memo[key]

    def _eval(self, node: e.Node) -> _Value:
        if isinstance(node, e.Const):
            if isinstance(node.value, str) and node.value in self.codes:
                return _Value(np.asarray(self.codes[node.value]), False, True)  # an option a computed choice gives
            return _const(node.value)
        if isinstance(node, e.AttrRef):
            return self._attr(node.attr)
        if isinstance(node, e.OptionConst):
            return _Value(np.asarray(self.codes[node.option]), False, True)
        if isinstance(node, e.OptionValue):
            attribute = self.model.attribute(node.attr)
            table = np.full(len(self.codes) + 1, np.nan)  # the last cell: an option that does not apply (-1)
            for option in attribute.options:
                table[self.codes[option.id]] = float(option.values[node.key])
            exact = all(o.values[node.key] == int(o.values[node.key]) for o in attribute.options)
            chosen = self._attr(node.attr)
            return _Value(table[chosen.array], False, exact, chosen.unknown)
        if isinstance(node, e.Applicable):
            missing = self._attr(node.attr).unknown
            return _Value(np.logical_not(missing) if missing is not False else np.asarray(True), False, True)
        if isinstance(node, e.Definitely):
            inner = self.value_of(node.operand)
            array = inner.array if inner.unknown is False else np.logical_and(inner.array,
                                                                               np.logical_not(inner.unknown))
            return _Value(array, inner.uncertain, inner.exact)
        if isinstance(node, e.Unary):
            inner = self.value_of(node.operand)
            array = np.logical_not(inner.array) if node.op == "not" else -inner.array
            return _Value(array, inner.uncertain, inner.exact, inner.unknown)
        if isinstance(node, e.BoolOp):
            parts = [self.value_of(v) for v in node.values]
            combine = np.logical_and if node.op == "and" else np.logical_or
            array = parts[0].array
            for part in parts[1:]:
                array = combine(array, part.array)
            return _Value(array, _any_uncertain(parts), all(p.exact for p in parts), _bool_unknown(node.op, parts))
        if isinstance(node, e.Binary):
            return self._binary(node)
        if isinstance(node, e.Compare):
            if node.left.type.kind is e.Kind.TEXT:
                if isinstance(node.left, e.Const):
                    return self._compare(node.op, self._text_const(node.left), self.value_of(node.right))
                return self._compare(node.op, self.value_of(node.left), self._text_const(node.right))
            return self._compare(node.op, self.value_of(node.left), self.value_of(node.right))
        if isinstance(node, e.Member):
            item = self.value_of(node.item)
            parts = [self._compare("==", item, self.value_of(c)) for c in node.choices]
            array = parts[0].array
            for part in parts[1:]:
                array = np.logical_or(array, part.array)
            if node.negated:
                array = np.logical_not(array)
            return _Value(array, _any_uncertain(parts), all(p.exact for p in parts), _any_unknown(parts))
        if isinstance(node, e.IfElse):
            test, then, other = self.value_of(node.test), self.value_of(node.then), self.value_of(node.other)
            uncertain = np.logical_or(test.uncertain, np.where(test.array, then.uncertain, other.uncertain))
            unknown: np.ndarray | bool = False
            if not (test.unknown is False and then.unknown is False and other.unknown is False):
                unknown = np.logical_or(test.unknown, np.where(test.array, then.unknown, other.unknown))
            return _Value(np.where(test.array, then.array, other.array), uncertain,
                          test.exact and then.exact and other.exact, unknown)
        if isinstance(node, e.Call):
            return self._call(node)
        if isinstance(node, e.Lookup):
            return self._lookup(node)
        raise TypeError(f"the engine cannot tabulate {type(node).__name__}")

    def _lookup(self, node: e.Lookup) -> _Value:
        """A table's value over the axes of its keys (NaN where no row fits; option codes for texts)."""
        keys = [a.attr for a in node.args if isinstance(a, e.AttrRef)]
        key_domains = [self.domains[self.axis[k]] for k in keys]
        shape = [1] * len(self.shape)
        for k, domain in zip(keys, key_domains, strict=True):
            shape[self.axis[k]] = len(domain)
        cells = np.full([len(d) for d in key_domains], np.nan)
        exact = True
        for index in np.ndindex(*cells.shape):
            found = node.table.find(tuple(d[i] for d, i in zip(key_domains, index, strict=True)))
            if node.test:
                cells[index] = found is not None
            elif isinstance(found, str):
                cells[index] = self.codes.get(found, -1)
            elif found is not None:
                cells[index] = float(found)
                exact = exact and found == int(found)
        order = sorted(range(len(keys)), key=lambda i: self.axis[keys[i]])  # the grid's axis order
        array = np.transpose(cells, order).reshape(shape)
        unknown = _any_unknown([self.value_of(a) for a in node.args])
        if node.test:
            return _Value(array.astype(bool), False, True, unknown)
        missing = np.isnan(array)
        return _Value(array, missing if bool(missing.any()) else False, exact, unknown)

    def _text_const(self, node: e.Node) -> _Value:
        """A text constant on the engine's empty/filled scale: only '' can be decided."""
        if isinstance(node, e.Const) and node.value == "":
            return _Value(np.asarray(0), False, True)
        raise TypeError("the engine can only test whether a text is empty")

    def _attr(self, attr_id: str) -> _Value:
        attribute = self.model.attribute(attr_id)
        if attribute.is_computed:
            assert attribute.expr is not None
            return self.value_of(attribute.expr.node)
        domain = self.domains[self.axis[attr_id]]
        if e.NOT_APPLICABLE in domain:  # the cells where it has no value are unknown; a stand-in value fills them
            present = [v for v in domain if v is not e.NOT_APPLICABLE]
            found = self._present(attribute, attr_id, [present[0] if v is e.NOT_APPLICABLE and present else v
                                                       for v in domain] if present else None, len(domain))
            missing = self._axis_array(attr_id, [v is e.NOT_APPLICABLE for v in domain])
            return _Value(found.array, found.uncertain, found.exact, missing)
        return self._present(attribute, attr_id, domain, len(domain))

    def _present(self, attribute: s.Attribute, attr_id: str, domain: list[Any] | None, size: int) -> _Value:
        if domain is None:  # only "does not apply": any stand-in will do
            return _Value(self._axis_array(attr_id, [-1] * size), False, True)
        if attribute.type == s.CHOICE:
            return _Value(self._axis_array(attr_id, [self.codes[v] for v in domain]), False, True)
        if attribute.type == s.TEXT:
            return _Value(self._axis_array(attr_id, [0 if v == "" else 1 for v in domain]), False, True)
        if attribute.type == s.BOOLEAN:
            return _Value(self._axis_array(attr_id, domain), False, True)
        floats, exact = _floats(domain)
        return _Value(self._axis_array(attr_id, floats), False, exact)

    def _binary(self, node: e.Binary) -> _Value:
        a, b = self.value_of(node.left), self.value_of(node.right)
        exact = a.exact and b.exact and node.op != "/"
        uncertain = np.logical_or(a.uncertain, b.uncertain)
        x, y = a.array, b.array
        if node.op == "+":
            array = x + y
        elif node.op == "-":
            array = x - y
        elif node.op == "*":
            array = x * y
        elif node.op == "/":
            array = x / y
            uncertain = np.logical_or(uncertain, ~np.isfinite(array))
        else:
            quotient = x / y
            floor = np.floor(quotient)
            array = floor if node.op == "//" else x - y * floor
            if not exact:
                uncertain = np.logical_or(uncertain, _near_integer(quotient))
            uncertain = np.logical_or(uncertain, ~np.isfinite(quotient))
        unknown = _any_unknown([a, b])
        if exact:
            # float64 holds integers exactly only below 2**53: beyond that, check exactly
            large = np.abs(array) >= _EXACT_LIMIT
            if bool(np.any(large)):
                return _Value(array, np.logical_or(uncertain, large), False, unknown)
        return _Value(array, uncertain, exact, unknown)

    def _compare(self, op: str, a: _Value, b: _Value) -> _Value:
        x, y = a.array, b.array
        array = {"==": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
                 ">=": np.greater_equal}[op](x, y)
        uncertain = np.logical_or(a.uncertain, b.uncertain)
        exact = a.exact and b.exact
        if not exact and (x.dtype.kind == "f" or y.dtype.kind == "f"):
            scale = np.maximum(1.0, np.maximum(np.abs(x), np.abs(y)))
            uncertain = np.logical_or(uncertain, np.abs(x - y) <= _TOLERANCE * scale)
        return _Value(array, uncertain, exact, _any_unknown([a, b]))

    def _call(self, node: e.Call) -> _Value:
        args = [self.value_of(a) for a in node.args]
        found = self._call_values(node, args)
        unknown = _any_unknown(args)
        return found if unknown is False else _Value(found.array, found.uncertain, found.exact, unknown)

    def _call_values(self, node: e.Call, args: list[_Value]) -> _Value:
        uncertain = _any_uncertain(args)
        exact = all(a.exact for a in args)
        x = args[0].array
        if node.function in ("min", "max"):
            combine = np.minimum if node.function == "min" else np.maximum
            array = x
            for arg in args[1:]:
                array = combine(array, arg.array)
            return _Value(array, uncertain, exact)
        if node.function == "abs":
            return _Value(np.abs(x), uncertain, exact)
        if node.function in ("floor", "ceil"):
            array = np.floor(x) if node.function == "floor" else np.ceil(x)
            return _Value(array, np.logical_or(uncertain, _near_integer(x)) if not exact else uncertain, exact)
        places = int(args[1].array) if len(args) > 1 else 0
        factor = 10.0**places
        scaled = x * factor
        array = np.floor(scaled + 0.5) / factor  # half up, as Decimal's ROUND_HALF_UP for positive numbers
        half = np.abs(scaled - np.floor(scaled) - 0.5) <= _TOLERANCE * np.maximum(1.0, np.abs(scaled))
        return _Value(array, np.logical_or(uncertain, np.logical_or(half, x < 0)), False)


Grid = _Grid  # the vectorised evaluator over every combination of a scope (pricing tabulates its terms with it)


def _const(value: Any) -> _Value:
    if isinstance(value, bool):
        return _Value(np.asarray(value), False, True)
    if isinstance(value, Decimal):
        return _Value(np.asarray(float(value)), False, value == int(value))
    raise TypeError("text constants are compared through the text's attribute")


def _any_uncertain(parts: list[_Value]) -> np.ndarray | bool:
    uncertain: np.ndarray | bool = False
    for part in parts:
        uncertain = np.logical_or(uncertain, part.uncertain)
    return uncertain


def _any_unknown(parts: list[_Value]) -> np.ndarray | bool:
    unknown: np.ndarray | bool = False
    for part in parts:
        if part.unknown is not False:
            unknown = np.logical_or(unknown, part.unknown)
    return unknown


def _bool_unknown(op: str, parts: list[_Value]) -> np.ndarray | bool:
    """Kleene's and/or: unknown where some part is unknown and no known part decides the whole."""
    unknown = _any_unknown(parts)
    if unknown is False:
        return False
    decided: np.ndarray | bool = False
    for part in parts:
        known = np.logical_not(part.unknown) if part.unknown is not False else True
        deciding = np.logical_not(part.array) if op == "and" else part.array
        decided = np.logical_or(decided, np.logical_and(deciding, known))
    return np.logical_and(unknown, np.logical_not(decided))


def _near_integer(x: np.ndarray) -> np.ndarray:
    return np.abs(x - np.round(x)) <= _TOLERANCE * np.maximum(1.0, np.abs(x))


_with_computed = with_computed  # the engine's old name for it
