"""The expression language of product models: parse with an allow-list, check types and units.

Expressions look like Python and are parsed by :mod:`ast`, but only the node types listed here are
accepted and nothing is ever executed: :func:`compile_expression` turns the syntax tree into the small
typed tree of :mod:`nodes` (``Node``), checking names, options, types and units against a :class:`Scope`.
:func:`evaluate` (in :mod:`evaluate`, offered here too) computes a value with three-valued logic: ``None``
means "not decided yet" (a partial configuration).
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from configurator.core.i18n import msg
from configurator.core.model.evaluate import Env, _arith, evaluate
from configurator.core.model.nodes import (
    BOOL,
    NOT_APPLICABLE,
    NUMBER,
    TEXT,
    Aggregate,
    Applicable,
    AttrRef,
    Binary,
    BoolOp,
    Call,
    Compare,
    Const,
    Definitely,
    ExprError,
    IfElse,
    Kind,
    Lookup,
    LookupTable,
    Member,
    Node,
    OptionConst,
    OptionValue,
    QuoteParam,
    Range,
    Type,
    Unary,
    attributes_used,
    children,
)
from configurator.core.model.units import DIMENSIONLESS, UNITS, Unit

# the tree, its evaluation and the compiler are used together: this module offers all of them
__all__ = [
    "AGGREGATES", "BOOL", "FUNCTIONS", "NOT_APPLICABLE", "NUMBER", "TEXT", "Aggregate", "Applicable", "AttrRef",
    "Binary", "BoolOp", "Call", "Compare", "Const", "Definitely", "Env", "ExprError", "IfElse", "Kind", "Lookup",
    "LookupTable", "Member", "Node", "OptionConst", "OptionValue", "QuoteParam", "Range", "Scope", "Symbol", "Type",
    "Unary", "attributes_used", "children", "compile_expression", "convert", "evaluate", "source_text",
]

MAX_LENGTH = 4000
MAX_NUMBER = Decimal(10) ** 15  # literals stay within what money, sizes and counts need
MAX_PLACES = 10
FUNCTIONS = ("min", "max", "abs", "floor", "ceil", "round", "lookup")
AGGREGATES = ("avg", "sum", "min_of", "max_of", "count", "all_equal", "count_distinct")


# ---------------------------------------------------------------- the scope


@dataclass(frozen=True)
class Symbol:
    """What an expression may know about one attribute or quote parameter."""

    type: Type
    options: frozenset[str] = frozenset()
    option_values: frozenset[str] = frozenset()
    option_units: tuple[tuple[str, Unit], ...] = ()  # named option values given with a unit (width: 28 mm)


@dataclass
class Scope:
    attributes: Mapping[str, Symbol]
    quote_parameters: Mapping[str, Symbol] = field(default_factory=dict)
    allow_quote: bool = False
    allow_aggregates: bool = False
    constants: Mapping[str, Node] = field(default_factory=dict)  # the model's named constants (board_mm: 2400 mm)
    tables: Mapping[str, tuple[LookupTable, Type]] = field(default_factory=dict)  # lookup tables and their values

    def option_owner(self, option: str) -> str | None:
        for name, symbol in self.attributes.items():
            if option in symbol.options:
                return name
        return None


def _suggest(name: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


# ---------------------------------------------------------------- compiling


_BINOPS: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.FloorDiv: "//",
    ast.Mod: "%",
}
_CMPOPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}


def source_text(value: Any) -> str:
    """The text of an expression field (YAML may have read ``true`` or ``1200`` as a value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _non_ascii_outside_quotes(text: str) -> str | None:
    """The first character above ASCII that is not inside a quoted text, or None."""
    quote: str | None = None
    escaped = False
    for char in text:
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif ord(char) > 127:
            return char
    return None


# a number followed by a unit: ``160 mm``, ``2.4 m``, ``0.5m2`` (labels such as ``%`` or ``pcs`` are not literals;
# ``%`` is the remainder)
LITERAL_UNITS = ("mm2", "cm2", "m2", "m3", "mm", "cm", "m", "l", "kg", "g", "kr", "NOK")
_UNIT_LITERAL = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)[ \t]*("
                           + "|".join(LITERAL_UNITS) + r")(?![\w/])")
_SHOWN_LITERAL = re.compile(r"\((\S+?)@(\w+)\)")


def _unit_literals(text: str) -> str:
    """``160 mm`` written as ``(160@mm)`` (outside quotes), which Python parses and the compiler reads back."""
    parts: list[str] = []
    start = 0
    quote: str | None = None
    escaped = False
    for index, char in enumerate(text):
        if quote is not None:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = None
                parts.append(text[start:index + 1])
                start = index + 1
        elif char in "'\"":
            parts.append(_UNIT_LITERAL.sub(r"(\1@\2)", text[start:index]))
            start = index
            quote = char
    tail = text[start:]
    parts.append(tail if quote is not None else _UNIT_LITERAL.sub(r"(\1@\2)", tail))
    return "".join(parts)


def names_in(value: Any) -> set[str]:
    """The plain names an expression text mentions (to order computed attributes and to tell follow-on errors)."""
    if not isinstance(value, str):
        return set()
    try:
        tree = ast.parse(_unit_literals(value.strip()), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    units = {id(n.right) for n in ast.walk(tree) if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in units}


def compile_expression(text: str, scope: Scope, expect: Kind | None = None) -> Node:
    """Parse and check ``text``; raises :class:`ExprError` with a translatable message."""
    if len(text) > MAX_LENGTH:
        raise ExprError(msg("the expression is longer than {limit} characters", limit=MAX_LENGTH))
    if not text.strip():
        raise ExprError(msg("the expression is empty"))
    odd = _non_ascii_outside_quotes(text)
    if odd is not None:  # Python reads 'ｗidth_mm' as 'width_mm' (NFKC): a name must look like what it is
        raise ExprError(msg("the expression contains '{char}' (U+{code}) outside quotes; names and operators are "
                            "plain ASCII (no fullwidth or look-alike letters)", char=odd, code=f"{ord(odd):04X}"))
    text = _unit_literals(text.strip())
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(msg("not a valid expression: {detail}", detail=exc.msg)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError(msg("the expression is too deeply nested")) from None
    try:
        node = _Compiler(text, scope).compile(tree.body)
    except RecursionError:
        raise ExprError(msg("the expression is too deeply nested")) from None
    if node.type.kind is Kind.OPTION:
        raise _unknown(node, scope)
    if expect is not None and node.type.kind is not expect:
        if expect is Kind.BOOL:
            raise ExprError(msg("expected a condition (true/false), got {got}", got=node.type.describe()))
        raise ExprError(msg("expected a number, got {got}", got=node.type.describe()))
    return node


def _unknown(node: Node, scope: Scope) -> ExprError:
    name = node.value if isinstance(node, Const) else "?"
    candidates = list(scope.attributes)
    if scope.allow_quote:
        candidates += [f"quote.{p}" for p in scope.quote_parameters]
    owner = scope.option_owner(name)
    if owner is not None:
        return ExprError(
            msg("'{name}' is an option of '{attr}'; compare it: {attr} == {name}", name=name, attr=owner)
        )
    suggestion = _suggest(name, candidates)
    if suggestion:
        return ExprError(
            msg("unknown attribute '{name}' (did you mean '{suggestion}'?)", name=name, suggestion=suggestion)
        )
    return ExprError(msg("unknown attribute '{name}'", name=name))


class _Compiler:
    def __init__(self, text: str, scope: Scope) -> None:
        self.text = text
        self.scope = scope

    def compile(self, node: ast.expr) -> Node:
        handler: Callable[[Any], Node] | None = getattr(self, f"_{type(node).__name__}", None)
        if handler is None:
            raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))
        return handler(node)

    def _segment(self, node: ast.AST) -> str:
        segment = ast.get_source_segment(self.text, node) or type(node).__name__
        return _SHOWN_LITERAL.sub(r"\1 \2", segment)

    def _value(self, node: ast.expr) -> Node:
        """Compile a sub-expression that must stand for a value (not a bare option name)."""
        result = self.compile(node)
        if result.type.kind is Kind.OPTION:
            raise _unknown(result, self.scope)
        return result

    # leaves
    def _Constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool):
            return Const(BOOL, value)
        if isinstance(value, int):
            if abs(value) > MAX_NUMBER:
                raise ExprError(msg("'{value}' is not a number a model can use", value=self._segment(node)[:20]))
            return Const(NUMBER, Decimal(value))
        if isinstance(value, float):
            try:
                number = Decimal(self._segment(node).replace("_", ""))
            except ArithmeticError:
                number = Decimal("NaN")
            if not number.is_finite() or (number and not -15 <= number.adjusted() <= 15):
                raise ExprError(msg("'{value}' is not a number a model can use", value=self._segment(node)[:20]))
            return Const(NUMBER, number)
        if isinstance(value, str):
            return Const(TEXT, value)
        raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))

    def _Name(self, node: ast.Name) -> Node:
        name = node.id
        if name in ("true", "false"):
            return Const(BOOL, name == "true")
        symbol = self.scope.attributes.get(name)
        if symbol is not None:
            return AttrRef(symbol.type, name)
        constant = self.scope.constants.get(name)
        if constant is not None:
            return constant
        if name == "quote":
            raise ExprError(msg("'quote' must be followed by a quote parameter: quote.NAME"))
        return Const(Type(Kind.OPTION), name)

    def _Attribute(self, node: ast.Attribute) -> Node:
        if not isinstance(node.value, ast.Name):
            raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))
        owner, key = node.value.id, node.attr
        if owner == "quote":
            if not self.scope.allow_quote:
                raise ExprError(msg("quote parameters can only be used in quote rules and prices"))
            symbol = self.scope.quote_parameters.get(key)
            if symbol is None:
                suggestion = _suggest(key, list(self.scope.quote_parameters))
                if suggestion:
                    raise ExprError(
                        msg(
                            "unknown quote parameter '{name}' (did you mean '{suggestion}'?)",
                            name=key,
                            suggestion=suggestion,
                        )
                    )
                raise ExprError(msg("unknown quote parameter '{name}'", name=key))
            return QuoteParam(symbol.type, key)
        symbol = self.scope.attributes.get(owner)
        if symbol is None:
            raise _unknown(Const(Type(Kind.OPTION), owner), self.scope)
        if symbol.type.kind is not Kind.CHOICE:
            raise ExprError(msg("only a choice has option values: '{attr}' is not a choice", attr=owner))
        if key not in symbol.option_values:
            known = ", ".join(sorted(symbol.option_values)) or "-"
            raise ExprError(
                msg("the options of '{attr}' have no value '{key}' (they have: {known})", attr=owner, key=key,
                    known=known)
            )
        unit = dict(symbol.option_units).get(key)
        return OptionValue(NUMBER if unit is None else Type(Kind.NUM, unit), owner, key)

    # operators
    def _UnaryOp(self, node: ast.UnaryOp) -> Node:
        operand = self._value(node.operand)
        if isinstance(node.op, ast.Not):
            self._need_bool(operand, "not")
            return Unary(BOOL, "not", operand)
        if isinstance(node.op, ast.USub | ast.UAdd):
            self._need_number(operand, "-")
            if isinstance(node.op, ast.UAdd):
                return operand
            if isinstance(operand, Const):
                return Const(operand.type, -operand.value)
            return Unary(operand.type, "-", operand)
        raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))

    def _BoolOp(self, node: ast.BoolOp) -> Node:
        op = "and" if isinstance(node.op, ast.And) else "or"
        values = tuple(self._value(v) for v in node.values)
        for value in values:
            self._need_bool(value, op)
        return BoolOp(BOOL, op, values)

    def _unit_literal(self, node: ast.BinOp) -> Node:
        """``(160@mm)``: a number with its unit."""
        if not (isinstance(node.left, ast.Constant) and isinstance(node.right, ast.Name)
                and node.right.id in LITERAL_UNITS and isinstance(node.left.value, int | float)
                and not isinstance(node.left.value, bool)):
            raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))
        number = self._Constant(node.left)
        assert isinstance(number, Const)
        return Const(Type(Kind.NUM, UNITS[node.right.id]), number.value)

    def _BinOp(self, node: ast.BinOp) -> Node:
        if isinstance(node.op, ast.MatMult):
            return self._unit_literal(node)
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))
        left, right = self._value(node.left), self._value(node.right)
        self._need_number(left, op)
        self._need_number(right, op)
        if op in ("+", "-", "%"):
            left, right = self._align(left, right, op)
        unit = self._combine_units(op, left.type, right.type)
        if op in ("*", "/", "//") and _is_unit_literal(right) and left.type.flexible:
            unit = right.type.unit if op == "*" else unit  # 2 * 160 mm is exactly 320 mm
        elif op in ("*", "/", "//") and _is_unit_literal(left) and right.type.flexible:
            unit = left.type.unit  # 160 mm * 2, 160 mm / 2: still millimetres
        result: Node = Binary(Type(Kind.NUM, unit), op, left, right)
        if isinstance(left, Const) and isinstance(right, Const):
            folded = _arith(op, left.value, right.value)
            if folded is not None:
                result = Const(result.type, folded)
        if (op in ("*", "/") and unit is not None and not unit.dims and unit.scale is not None
                and unit.scale != 1):
            # a ratio of two units of one dimension is a plain number: 2400 mm / 2.4 m is 1, not 1000
            result = convert(result, DIMENSIONLESS)
        return result

    def _combine_units(self, op: str, a: Type, b: Type) -> Unit | None:
        if op in ("+", "-", "%"):
            return self._same_unit(a, b, op)
        if a.flexible and b.flexible:
            return None
        if a.flexible:
            assert b.unit is not None
            return (DIMENSIONLESS / b.unit).converted() if op in ("/", "//") else b.unit.converted()
        if b.flexible:
            assert a.unit is not None
            return a.unit.converted()
        assert a.unit is not None and b.unit is not None
        return a.unit * b.unit if op == "*" else a.unit / b.unit

    def _align(self, left: Node, right: Node, op: str) -> tuple[Node, Node]:
        """Two numbers of one dimension in different units (``width_mm <= 2.4 m``) converted to the finer unit,
        so that they can be added or compared; different dimensions are an error."""
        a, b = left.type.unit, right.type.unit
        if a is None or b is None or a.scale is None or b.scale is None or a.scale == b.scale:
            return left, right
        if a.dims != b.dims:
            raise ExprError(msg("units do not match: {left} {op} {right}", left=a.name, op=op, right=b.name))
        if a.scale > b.scale:
            return convert(left, b), right
        return left, convert(right, a)

    def _same_unit(self, a: Type, b: Type, op: str) -> Unit | None:
        if a.flexible:
            return b.unit
        if b.flexible:
            return a.unit
        assert a.unit is not None and b.unit is not None
        if not a.unit.same_as(b.unit):
            raise ExprError(
                msg("units do not match: {left} {op} {right}", left=a.unit.name, op=op, right=b.unit.name)
            )
        return a.unit if a.unit.scale is not None else b.unit

    def _Compare(self, node: ast.Compare) -> Node:
        parts: list[Node] = []
        left = self.compile(node.left)
        for op_node, right_node in zip(node.ops, node.comparators, strict=True):
            if isinstance(op_node, ast.In | ast.NotIn):
                parts.append(self._member(left, right_node, isinstance(op_node, ast.NotIn)))
                left = self.compile(right_node) if not isinstance(right_node, ast.List | ast.Tuple) else left
                continue
            op = _CMPOPS.get(type(op_node))
            if op is None:
                raise ExprError(
                    msg("'{construct}' is not allowed in an expression", construct=self._segment(node))
                )
            right = self.compile(right_node)
            parts.append(self._compare(op, left, right))
            left = right
        return parts[0] if len(parts) == 1 else BoolOp(BOOL, "and", tuple(parts))

    def _compare(self, op: str, left: Node, right: Node) -> Node:
        if left.type.kind is Kind.OPTION and right.type.kind is Kind.CHOICE:
            return self._compare(_MIRROR[op], right, left)
        if left.type.kind is Kind.CHOICE:
            right = self._as_option(left, right)
            if op not in ("==", "!="):
                raise ExprError(msg("a choice can only be compared with == or !=, not {op}", op=op))
            return Compare(BOOL, op, left, right)
        left, right = self._value_node(left), self._value_node(right)
        a, b = left.type, right.type
        if a.kind is not b.kind:
            raise ExprError(msg("cannot compare {left} with {right}", left=a.describe(), right=b.describe()))
        if a.kind is Kind.NUM:
            left, right = self._align(left, right, op)
            self._same_unit(left.type, right.type, op)
        elif op not in ("==", "!="):
            raise ExprError(msg("{what} can only be compared with == or !=, not {op}", what=a.describe(), op=op))
        return Compare(BOOL, op, left, right)

    def _value_node(self, node: Node) -> Node:
        if node.type.kind is Kind.OPTION:
            raise _unknown(node, self.scope)
        return node

    def _as_option(self, choice: Node, other: Node) -> Node:
        """Read ``other`` as an option of the choice ``choice`` (a bare name or a quoted id)."""
        assert choice.type.attr is not None
        attr = choice.type.attr
        if other.type.kind is Kind.CHOICE:
            return other
        if not (isinstance(other, Const) and other.type.kind in (Kind.OPTION, Kind.TEXT)):
            raise ExprError(
                msg("cannot compare {left} with {right}", left=choice.type.describe(), right=other.type.describe())
            )
        option = str(other.value)
        symbol = self.scope.attributes.get(attr) or self.scope.quote_parameters[attr]
        if option not in symbol.options:
            owner = self.scope.option_owner(option)
            if owner is not None:
                raise ExprError(
                    msg(
                        "'{option}' is not an option of '{attr}' (it is an option of '{owner}')",
                        option=option,
                        attr=attr,
                        owner=owner,
                    )
                )
            suggestion = _suggest(option, sorted(symbol.options))
            if suggestion:
                raise ExprError(
                    msg(
                        "'{option}' is not an option of '{attr}' (did you mean '{suggestion}'?)",
                        option=option,
                        attr=attr,
                        suggestion=suggestion,
                    )
                )
            raise ExprError(msg("'{option}' is not an option of '{attr}'", option=option, attr=attr))
        return OptionConst(choice.type, attr, option)

    def _member(self, left: Node, right: ast.expr, negated: bool) -> Node:
        if not isinstance(right, ast.List | ast.Tuple):
            raise ExprError(msg("'in' needs a list in brackets: x in [a, b]"))
        if not right.elts:
            raise ExprError(msg("'in' needs at least one value in the list"))
        left = self._value_node(left)
        items = tuple(self._compare("==", left, self.compile(e)).right for e in right.elts)  # type: ignore[attr-defined]
        return Member(BOOL, left, items, negated)

    def _IfExp(self, node: ast.IfExp) -> Node:
        test = self._value(node.test)
        self._need_bool(test, "if")
        then, other = self._value(node.body), self._value(node.orelse)
        if then.type.kind is not other.type.kind:
            raise ExprError(
                msg(
                    "both branches of 'if ... else' must have the same type: {left} and {right}",
                    left=then.type.describe(),
                    right=other.type.describe(),
                )
            )
        kind_type = then.type
        if then.type.kind is Kind.NUM:
            then, other = self._align(then, other, "if/else")
            kind_type = Type(Kind.NUM, self._same_unit(then.type, other.type, "if/else"))
        return IfElse(kind_type, test, then, other)

    def _Call(self, node: ast.Call) -> Node:
        if not isinstance(node.func, ast.Name):
            raise ExprError(msg("'{construct}' is not allowed in an expression", construct=self._segment(node)))
        name = node.func.id
        if name in AGGREGATES:
            return self._aggregate(name, node)
        if name == "lookup":
            return self._lookup(node)
        if name not in FUNCTIONS:
            known = ", ".join(FUNCTIONS + (AGGREGATES if self.scope.allow_aggregates else ()))
            raise ExprError(msg("unknown function '{name}' (known: {known})", name=name, known=known))
        if node.keywords:
            raise ExprError(msg("'{name}' takes no named arguments", name=name))
        args = tuple(self._value(a) for a in node.args)
        for arg in args:
            self._need_number(arg, name)
        if name in ("min", "max"):
            if not args:
                raise ExprError(msg("'{name}' needs at least one argument", name=name))
            scaled = [(a.type.unit.scale, i) for i, a in enumerate(args)
                      if a.type.unit is not None and a.type.unit.scale is not None]
            finest = args[min(scaled)[1]] if scaled else None
            if finest is not None:
                args = tuple(self._align(finest, a, name)[1] for a in args)
            unit = args[0].type.unit
            for arg in args[1:]:
                unit = self._same_unit(Type(Kind.NUM, unit), arg.type, name)
            return Call(Type(Kind.NUM, unit), name, args)
        if name == "round":
            places = args[1] if len(args) == 2 else None
            good_places = places is None or (isinstance(places, Const) and places.value == int(places.value)
                                             and 0 <= places.value <= MAX_PLACES)
            if len(args) not in (1, 2) or not good_places:
                raise ExprError(msg("round takes a number and optionally a whole number of decimals from 0 to {limit}",
                                    limit=MAX_PLACES))
            return Call(args[0].type, name, args)
        if len(args) != 1:
            raise ExprError(msg("'{name}' takes exactly one argument", name=name))
        return Call(args[0].type, name, args)

    def _lookup(self, node: ast.Call) -> Node:
        """``lookup(table)``: the value of the table's row for the current values of its keys."""
        if len(node.args) != 1 or node.keywords or not isinstance(node.args[0], ast.Name):
            raise ExprError(msg("lookup takes the name of a table: lookup(base_prices)"))
        name = node.args[0].id
        found = self.scope.tables.get(name)
        if found is None:
            known = ", ".join(sorted(self.scope.tables)) or "-"
            suggestion = _suggest(name, sorted(self.scope.tables))
            if suggestion:
                raise ExprError(msg("unknown table '{name}' (did you mean '{suggestion}'?)", name=name,
                                    suggestion=suggestion))
            raise ExprError(msg("unknown table '{name}' (known: {known})", name=name, known=known))
        table, value_type = found
        keys = tuple(AttrRef(self.scope.attributes[k].type, k) for k in table.keys)
        return Lookup(value_type, table, keys)

    def _aggregate(self, name: str, node: ast.Call) -> Node:
        if not self.scope.allow_aggregates:
            raise ExprError(msg("'{name}' sums over the lines of a quote and can only be used in quote rules",
                                name=name))
        if name == "count":
            if node.args or node.keywords:
                raise ExprError(msg("count() takes no arguments"))
            return Aggregate(NUMBER, name, None, None)
        if len(node.args) != 1:
            raise ExprError(msg("'{name}' takes exactly one argument", name=name))
        value = self._value(node.args[0])
        if name in ("all_equal", "count_distinct"):
            if node.keywords:
                raise ExprError(msg("only avg takes a named argument, weight="))
            # over any kind of value: a choice, a number, a text, true/false
            return Aggregate(BOOL if name == "all_equal" else NUMBER, name, value, None)
        self._need_number(value, name)
        weight: Node | None = None
        for keyword in node.keywords:
            if keyword.arg != "weight" or name != "avg":
                raise ExprError(msg("only avg takes a named argument, weight="))
            weight = self._value(keyword.value)
            self._need_number(weight, "weight")
        return Aggregate(value.type, name, value, weight)

    def _List(self, node: ast.List) -> Node:
        raise ExprError(msg("a list can only follow 'in': x in [a, b]"))

    _Tuple = _List

    def _need_bool(self, node: Node, op: str) -> None:
        if node.type.kind is not Kind.BOOL:
            raise ExprError(msg("'{op}' needs true/false values, got {got}", op=op, got=node.type.describe()))

    def _need_number(self, node: Node, op: str) -> None:
        if node.type.kind is not Kind.NUM:
            raise ExprError(msg("'{op}' needs numbers, got {got}", op=op, got=node.type.describe()))


def _is_unit_literal(node: Node) -> bool:
    return isinstance(node, Const) and node.type.unit is not None and node.type.unit.scale is not None


def convert(node: Node, unit: Unit) -> Node:
    """``node`` (a number of ``unit``'s dimension in a known unit) expressed in ``unit``."""
    assert node.type.unit is not None and node.type.unit.scale is not None and unit.scale is not None
    ratio = node.type.unit.scale / unit.scale
    factor = Decimal(ratio.numerator) / Decimal(ratio.denominator)
    target = Type(Kind.NUM, unit)
    if isinstance(node, Const):
        return Const(target, node.value * factor)
    return Binary(target, "*", node, Const(NUMBER, factor))


_MIRROR = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
