"""Evaluating checked expressions with exact decimals and three-valued logic (``None``: not decided yet)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

from configurator.core.model.nodes import (
    Aggregate,
    Applicable,
    AttrRef,
    Binary,
    BoolOp,
    Call,
    Compare,
    Const,
    Definitely,
    IfElse,
    Lookup,
    Member,
    Node,
    OptionConst,
    OptionValue,
    QuoteParam,
    Unary,
)


def _arith(op: str, a: Decimal, b: Decimal) -> Decimal | None:
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / b
        if op == "//":
            return Decimal(math.floor(a / b))
        return a - b * Decimal(math.floor(a / b))
    except (DivisionByZero, InvalidOperation, ZeroDivisionError, ArithmeticError):
        return None


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


@dataclass
class Env:
    """Values to evaluate against: attribute values, option values, quote parameters, quote lines."""

    values: Mapping[str, Any]
    option_values: Mapping[str, Mapping[str, Mapping[str, Decimal]]] = field(default_factory=dict)
    quote: Mapping[str, Any] = field(default_factory=dict)
    lines: list[Env] = field(default_factory=list)
    quantity: Decimal = Decimal(1)  # a quote line's quantity: aggregates count a line of 10 windows ten times


def evaluate(node: Node, env: Env) -> Any:
    """The value of ``node`` (Decimal, bool, str), or None when it is not decided yet."""
    if isinstance(node, Const):
        return node.value
    if isinstance(node, AttrRef):
        return env.values.get(node.attr)
    if isinstance(node, OptionConst):
        return node.option
    if isinstance(node, OptionValue):
        chosen = env.values.get(node.attr)
        return None if chosen is None else env.option_values[node.attr][chosen].get(node.key)
    if isinstance(node, QuoteParam):
        return env.quote.get(node.param)
    if isinstance(node, BoolOp):
        return _boolop(node, env)
    if isinstance(node, Unary):
        value = evaluate(node.operand, env)
        if value is None:
            return None
        return (not value) if node.op == "not" else -value
    if isinstance(node, Binary):
        a, b = evaluate(node.left, env), evaluate(node.right, env)
        return None if a is None or b is None else _arith(node.op, a, b)
    if isinstance(node, Compare):
        a, b = evaluate(node.left, env), evaluate(node.right, env)
        return None if a is None or b is None else _COMPARE[node.op](a, b)
    if isinstance(node, Member):
        item = evaluate(node.item, env)
        if item is None:
            return None
        found = any(item == evaluate(choice, env) for choice in node.choices)
        return found != node.negated
    if isinstance(node, IfElse):
        test = evaluate(node.test, env)
        if test is None:
            return None
        return evaluate(node.then if test else node.other, env)
    if isinstance(node, Call):
        return _call(node, env)
    if isinstance(node, Aggregate):
        return _aggregate(node, env)
    if isinstance(node, Applicable):
        return env.values.get(node.attr) is not None
    if isinstance(node, Definitely):
        return evaluate(node.operand, env) is True
    if isinstance(node, Lookup):
        keys = tuple(evaluate(a, env) for a in node.args)
        if any(k is None for k in keys):
            return None
        found = node.table.find(keys)
        return (found is not None) if node.test else found
    raise TypeError(f"cannot evaluate {node!r}")  # pragma: no cover


def _boolop(node: BoolOp, env: Env) -> bool | None:
    unknown = False
    decisive = node.op == "or"  # the value that decides the whole: True for "or", False for "and"
    for value_node in node.values:
        value = evaluate(value_node, env)
        if value is None:
            unknown = True
        elif value is decisive:
            return decisive
    return None if unknown else not decisive


def _call(node: Call, env: Env) -> Decimal | None:
    args = [evaluate(a, env) for a in node.args]
    if any(a is None for a in args):
        return None
    if node.function == "min":
        return min(args)
    if node.function == "max":
        return max(args)
    if node.function == "abs":
        return abs(args[0])
    if node.function == "floor":
        return Decimal(math.floor(args[0]))
    if node.function == "ceil":
        return Decimal(math.ceil(args[0]))
    places = int(args[1]) if len(args) > 1 else 0
    return Decimal(args[0]).quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")


def _aggregate(node: Aggregate, env: Env) -> Decimal | bool | None:
    quantities = [line.quantity for line in env.lines]
    if node.function == "count":
        return sum(quantities, Decimal(0))
    assert node.value is not None
    values = [evaluate(node.value, line) for line in env.lines]
    if any(v is None for v in values):
        return None
    if node.function == "all_equal":
        return len(set(values)) <= 1
    if node.function == "count_distinct":
        return Decimal(len(set(values)))
    if not values:
        return None if node.function != "sum" else Decimal(0)
    if node.function == "sum":
        return sum((v * q for v, q in zip(values, quantities, strict=True)), Decimal(0))
    if node.function == "min_of":
        return min(values)
    if node.function == "max_of":
        return max(values)
    found = [evaluate(node.weight, line) for line in env.lines] if node.weight is not None \
        else [Decimal(1)] * len(values)
    if any(w is None for w in found):
        return None
    weights = [w * q for w, q in zip(found, quantities, strict=True)]
    total = sum(weights, Decimal(0))
    if total == 0:
        return None
    return sum((v * w for v, w in zip(values, weights, strict=True)), Decimal(0)) / total
