"""The typed tree of the expression language: types, nodes and walking them (no parsing, no evaluating)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from configurator.core.i18n import Message, msg
from configurator.core.model.units import Unit


class Kind(Enum):
    BOOL = "true/false"
    NUM = "number"
    CHOICE = "choice"
    TEXT = "text"
    OPTION = "option"  # a bare name that can only be an option of the choice it is compared with


@dataclass(frozen=True)
class Type:
    kind: Kind
    unit: Unit | None = None  # NUM: its unit; None for a plain number that adapts to the other side
    attr: str | None = None  # CHOICE: the attribute

    @property
    def flexible(self) -> bool:
        return self.kind is Kind.NUM and self.unit is None

    def describe(self) -> Message:
        if self.kind is Kind.CHOICE:
            return msg("choice '{attr}'", attr=self.attr)
        if self.kind is Kind.NUM:
            if self.unit is None or self.unit.is_dimensionless:
                return msg("a number")
            return msg("a number in {unit}", unit=self.unit.name)
        if self.kind is Kind.BOOL:
            return msg("true/false")
        return msg("text")


BOOL = Type(Kind.BOOL)
TEXT = Type(Kind.TEXT)
NUMBER = Type(Kind.NUM)


class ExprError(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


# ---------------------------------------------------------------- the typed tree


@dataclass(frozen=True)
class Node:
    type: Type


@dataclass(frozen=True)
class Const(Node):
    value: Any


@dataclass(frozen=True)
class AttrRef(Node):
    attr: str


@dataclass(frozen=True)
class OptionConst(Node):
    attr: str
    option: str


@dataclass(frozen=True)
class OptionValue(Node):
    attr: str
    key: str


@dataclass(frozen=True)
class QuoteParam(Node):
    param: str


@dataclass(frozen=True)
class Unary(Node):
    op: str  # "-" or "not"
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str  # + - * / // %
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    op: str  # == != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True)
class Member(Node):
    item: Node
    choices: tuple[Node, ...]
    negated: bool


@dataclass(frozen=True)
class BoolOp(Node):
    op: str  # "and" / "or"
    values: tuple[Node, ...]


@dataclass(frozen=True)
class IfElse(Node):
    test: Node
    then: Node
    other: Node


@dataclass(frozen=True)
class Call(Node):
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Aggregate(Node):
    function: str
    value: Node | None
    weight: Node | None


@dataclass(frozen=True)
class Range:
    """A table cell ``300-400``: every number from ``low`` to ``high``, both included."""

    low: Any
    high: Any


@dataclass(frozen=True, eq=False)
class LookupTable:
    """A lookup table (CSV): key cells (a value, a :class:`Range` or None for ``*``) and a value per row.

    Compared by identity: a node holds the table itself, and a table of thousands of rows is never hashed."""

    id: str
    file: str
    keys: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    values: tuple[Any, ...]
    lines: tuple[int | None, ...] = ()

    def find(self, key_values: tuple[Any, ...]) -> Any:
        """The value of the first row whose keys match ``key_values`` (None when no row does)."""
        for row, value in zip(self.rows, self.values, strict=True):
            if all(_matches(cell, v) for cell, v in zip(row, key_values, strict=True)):
                return value
        return None


def _matches(cell: Any, value: Any) -> bool:
    if cell is None:
        return True
    if isinstance(cell, Range):
        return not isinstance(value, bool | str) and cell.low <= value <= cell.high
    return bool(cell == value) and isinstance(cell, bool) == isinstance(value, bool)


@dataclass(frozen=True)
class Lookup(Node):
    """``lookup(table)``: the table's value for the keys' values; with ``test``, whether a row fits at all."""

    table: LookupTable
    args: tuple[Node, ...]  # the key attributes, in the table's key order
    test: bool = False


class _NotApplicable:
    """The engine's value of an attribute whose ``applies_when`` is false: it has no value."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"

    def __reduce__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE = _NotApplicable()


@dataclass(frozen=True)
class Applicable(Node):
    """Whether the attribute has a value (it applies); only the engine's ``applies-<attribute>`` rule uses it."""

    attr: str


@dataclass(frozen=True)
class Definitely(Node):
    """True where ``operand`` is true; false where it is false or cannot be decided (reads a value that does not
    apply)."""

    operand: Node


def children(node: Node) -> Iterator[Node]:
    for name in ("operand", "left", "right", "item", "test", "then", "other", "value", "weight"):
        child = getattr(node, name, None)
        if isinstance(child, Node):
            yield child
    for name in ("choices", "values", "args"):
        yield from getattr(node, name, ())


def attributes_used(node: Node) -> set[str]:
    """Every attribute an expression reads."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, AttrRef | OptionValue | OptionConst | Applicable):
            found.add(current.attr)
        stack.extend(children(current))
    return found
