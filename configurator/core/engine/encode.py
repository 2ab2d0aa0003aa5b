"""Encode a product model as CNF for an incremental SAT solver.

- One Boolean per (attribute, value), with exactly one value per attribute (pairwise for small domains, a
  sequential counter for large ones). A text attribute has two engine values: empty and filled.
- Each rule is guarded by a *selector* literal, assumed true when solving, so that the core of a failed
  solve names the rules involved (explanations). Soft defaults get a literal of their own, never assumed
  as hard.
- A rule is tabulated over its attributes (see :mod:`grid`) and encoded as an MDD; a rule with too many
  combinations is split at its ``and``/``or`` into parts that each are small enough. Combination tables are
  built into MDDs from their rows.
- A number with at least ``LADDER_MIN`` values that an expression reads also gets *order literals* (a ladder):
  ``ladder[a][i - 1]`` means "the value index of ``a`` is at least ``i``" (i = 1 .. n-1). The ladder clauses
  (``x >= i+1`` implies ``x >= i``; ``x = i`` iff ``x >= i`` and not ``x >= i+1``) replace the at-most-one
  counter, so the solver can be asked about a range of values with two assumptions (see :mod:`bounds`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pysat.formula import IDPool

from configurator.core.engine import grid, mdd
from configurator.core.model import expr as e
from configurator.core.model import schema as s

PAIRWISE_LIMIT = 6
LADDER_MIN = 8  # numbers with this many engine values get order literals (tests lower it)
LADDER_ORDERED_ONLY = True  # only numbers an expression reads (combination tables alone give a number no order)


class EncodingError(Exception):
    """The engine cannot encode a rule (for example: too many combinations to tabulate)."""

    def __init__(self, rule_id: str, reason: str) -> None:
        super().__init__(f"rule '{rule_id}': {reason}")
        self.rule_id = rule_id
        self.reason = reason


@dataclass
class Encoding:
    model: s.ProductModel
    attributes: list[str] = field(default_factory=list)  # engine attributes, in model order
    domains: dict[str, list[Any]] = field(default_factory=dict)
    literals: dict[str, list[int]] = field(default_factory=dict)  # attribute -> literal per value index
    owner: dict[int, tuple[str, int]] = field(default_factory=dict)  # literal -> (attribute, value index)
    # tuples once encoded: the garbage collector stops walking them (a list of 180,000 lists costs every full
    # collection ~40 ms on BR4CP big, a pause anywhere in the app)
    clauses: list[Sequence[int]] = field(default_factory=list)
    selectors: dict[str, int] = field(default_factory=dict)  # rule id -> selector literal
    defaults: dict[str, int] = field(default_factory=dict)  # default rule id -> literal (soft)
    rules: dict[str, s.Rule] = field(default_factory=dict)
    pool: IDPool = field(default_factory=IDPool)
    # value positions where some rule treats a number differently from the value before it
    boundaries: dict[str, set[int]] = field(default_factory=dict)
    # literal -> the literal of the first value of its segment: values of a number between two boundaries
    # are interchangeable in every clause, so one of them stands for all (see ``segments``)
    representative: dict[int, int] = field(default_factory=dict)
    # number -> order literals: ladder[a][i - 1] is "value index >= i" (numbers with LADDER_MIN values or more)
    ladder: dict[str, list[int]] = field(default_factory=dict)

    @property
    def top(self) -> int:
        return int(self.pool.top)

    def new_var(self) -> int:
        return int(self.pool.id(("aux", self.pool.top + 1)))

    def index_of(self, attr_id: str, value: Any) -> int | None:
        """The value index of ``value`` in the engine domain of ``attr_id`` (None when not a value)."""
        attribute = self.model.attribute(attr_id)
        if value is e.NOT_APPLICABLE:
            domain = self.domains[attr_id]
            return len(domain) - 1 if domain and domain[-1] is e.NOT_APPLICABLE else None
        present = len(self.domains[attr_id]) - (1 if attribute.applies_when is not None else 0)
        if attribute.type in s.NUMERIC_TYPES:
            if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
                return None
            try:
                number = Decimal(value)
            except ArithmeticError:
                return None
            assert attribute.minimum is not None and attribute.step is not None
            if not number.is_finite():
                return None
            position = (number - attribute.minimum) / attribute.step
            if position != position.to_integral_value() or not 0 <= position < present:
                return None
            return int(position)
        if attribute.type == s.TEXT:
            if not isinstance(value, str):
                return None
            return 0 if value == "" else 1
        try:
            return self.domains[attr_id].index(value)
        except ValueError:
            return None

    def within(self, attr_id: str, low: int, high: int) -> list[int]:
        """Assumptions saying the value index of ``attr_id`` is in ``low .. high`` (a number with a ladder)."""
        ladder = self.ladder[attr_id]
        found = []
        if low > 0:
            found.append(ladder[low - 1])
        if high < len(ladder):
            found.append(-ladder[high])
        return found

    def literal(self, attr_id: str, value: Any) -> int | None:
        index = self.index_of(attr_id, value)
        return None if index is None else self.literals[attr_id][index]


def _encode_diagram(enc: Encoding, diagram: mdd.Mdd, scope: list[str], root: int) -> None:
    """Add the clauses of ``diagram`` over ``scope`` and note where it splits the numbers' domains."""
    enc.clauses.extend(mdd.encode(diagram, root, lambda level, v: enc.literals[scope[level]][v], enc.new_var))
    numeric = {level: enc.boundaries[a] for level, a in enumerate(scope) if a in enc.boundaries}
    if not numeric:
        return
    for level, children in diagram.nodes:
        found = numeric.get(level)
        if found is not None:
            found.update(i for i in range(1, len(children)) if children[i] != children[i - 1])


def _segments(enc: Encoding) -> None:
    """Group each number's values into runs that no rule tells apart (see ``Encoding.representative``)."""
    for attr_id, literals in enc.literals.items():
        cuts = enc.boundaries.get(attr_id)
        first = literals[0]
        for index, literal in enumerate(literals):
            if cuts is None or index in cuts:
                first = literal
            enc.representative[literal] = first


def encode_model(model: s.ProductModel) -> Encoding:
    enc = Encoding(model)
    for attribute in model.chosen_attributes:
        if attribute.type in s.NUMERIC_TYPES:
            enc.boundaries[attribute.id] = set()
    ordered = _ordered_numbers(model) if LADDER_ORDERED_ONLY else None
    for attribute in model.chosen_attributes:
        _encode_domain(enc, attribute, ordered)
    for rule in model.rules:
        enc.rules[rule.id] = rule
        if rule.kind == "default":
            literal = enc.new_var()
            enc.defaults[rule.id] = literal
        else:
            literal = enc.new_var()
            enc.selectors[rule.id] = literal
        try:
            _encode_rule(enc, rule, literal)
        except (grid.GridTooLarge, TypeError) as exc:
            raise EncodingError(rule.id, str(exc)) from None
    _segments(enc)
    enc.clauses = [tuple(clause) for clause in enc.clauses]
    return enc


def _at_most_one(enc: Encoding, literals: list[int]) -> list[list[int]]:
    """At most one of ``literals`` by a sequential counter (Sinz): ``s_i`` means "one of the first i is true".
    Written out here rather than by PySAT's C encoder, which holds Python's GIL for a quarter of a second on an
    ear-tag series (the app encodes in the background while its window must stay responsive)."""
    counters = [enc.new_var() for _ in literals[:-1]]
    clauses = [[-literals[0], counters[0]]]
    for i in range(1, len(literals) - 1):
        clauses += [[-literals[i], counters[i]], [-counters[i - 1], counters[i]], [-literals[i], -counters[i - 1]]]
    clauses.append([-literals[-1], -counters[-1]])
    return clauses


def _ladder(literals: list[int], ladder: list[int]) -> list[list[int]]:
    """Order literals ``ladder[i - 1]`` = "index >= i" tied to the value literals: every ladder assignment is one
    index, and exactly that value literal is true (at least one and at most one value follow from it)."""
    n = len(literals)
    ge = [0, *ladder]  # ge[0] is always true, ge[n] always false (left out of the clauses)
    clauses: list[list[int]] = []
    for i in range(1, n - 1):
        clauses.append([-ge[i + 1], ge[i]])
    for i, literal in enumerate(literals):
        above = ge[i + 1] if i + 1 < n else 0
        if i > 0:
            clauses.append([-literal, ge[i]])
        if above:
            clauses.append([-literal, -above])
        clauses.append([literal, *([-ge[i]] if i > 0 else []), *([above] if above else [])])
    return clauses


def _ordered_numbers(model: s.ProductModel) -> set[str]:
    """The attributes some expression reads (a rule's condition or expression, through computed attributes, a
    condition of ``applies_when``): only there can a number's order matter. A number that only combination tables
    read (a code, as in the Renault problems) gets no ladder: its order literals would only slow the solver."""
    found: set[str] = set()
    nodes = [x.node for rule in model.rules for x in (rule.when, rule.expr) if x is not None]
    nodes += [a.applies_when.node for a in model.attributes if a.applies_when is not None]
    for node in nodes:
        found.update(grid.scope_of(node, model))
    return found


def _encode_domain(enc: Encoding, attribute: s.Attribute, ordered: set[str] | None = None) -> None:
    domain = grid.engine_domain(attribute)
    literals = [int(enc.pool.id((attribute.id, i))) for i in range(len(domain))]
    enc.attributes.append(attribute.id)
    enc.domains[attribute.id] = domain
    enc.literals[attribute.id] = literals
    for i, literal in enumerate(literals):
        enc.owner[literal] = (attribute.id, i)
    if attribute.type in s.NUMERIC_TYPES and len(literals) >= max(2, LADDER_MIN) and \
            (ordered is None or attribute.id in ordered):
        enc.ladder[attribute.id] = ladder = [int(enc.pool.id(("ge", attribute.id, i))) for i in range(1, len(literals))]
        enc.clauses.extend(_ladder(literals, ladder))  # exactly one value, and the order
    else:
        enc.clauses.append(list(literals))
        if len(literals) <= PAIRWISE_LIMIT:
            enc.clauses.extend([-a, -b] for i, a in enumerate(literals) for b in literals[i + 1:])
        else:
            enc.clauses.extend(_at_most_one(enc, literals))
    if attribute.type == s.TEXT and attribute.required:
        enc.clauses.append(literals[1:])  # filled (or, with applies_when, not applying)


def _encode_rule(enc: Encoding, rule: s.Rule, root: int) -> None:
    if rule.kind == "table":
        assert rule.table is not None
        table_root = root
        if rule.when is not None:
            skip, table_root = enc.new_var(), enc.new_var()
            enc.clauses.append([-root, skip, table_root])
            _implied(enc, negate(rule.when.node), skip)
        _encode_table(enc, rule.table, table_root)
        return
    assert rule.expr is not None
    body = rule.expr.node if rule.kind in ("require", "default") else negate(rule.expr.node)
    if rule.when is not None:
        body = e.BoolOp(e.BOOL, "or", (negate(rule.when.node), body))
    _implied(enc, body, root)


def _encode_table(enc: Encoding, table: s.Table, root: int) -> None:
    columns = list(table.columns)
    sizes = [len(enc.domains[c]) for c in columns]
    # Decimal('1.0') and Decimal('1') are equal and hash alike, so values find their index directly
    index: list[dict[Any, int | None]] = [{v: i for i, v in enumerate(enc.domains[c])} for c in columns]
    for position in index:
        position[None] = None  # s.ANY
    cells_by_column = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in columns]
    indexed = [list(map(position.__getitem__, cells)) for position, cells in zip(index, cells_by_column, strict=True)]
    rows = list(zip(*indexed, strict=True))
    diagram = mdd.from_rows(sizes, rows)
    if table.mode == "forbidden":
        diagram = diagram.complement()
    _encode_diagram(enc, diagram, columns, root)


def condition_literal(enc: Encoding, node: e.Node) -> int:
    """A new literal that implies the condition ``node`` (for asking whether the condition can hold, e.g. a
    default's ``when`` in the lint)."""
    literal = enc.new_var()
    _implied(enc, node, literal)
    return literal


def _implied(enc: Encoding, node: e.Node, root: int) -> None:
    """Clauses saying ``root`` implies ``node`` (tabulated when small, split at and/or when large)."""
    scope = grid.scope_of(node, enc.model)
    size = math.prod(len(enc.domains[a]) for a in scope)
    if size <= grid.MAX_GRID:
        allowed = grid.tabulate(node, enc.model, scope)
        diagram = mdd.from_array(allowed)
        _encode_diagram(enc, diagram, scope, root)
        return
    if isinstance(node, e.BoolOp) and node.op == "and":
        for part in node.values:
            _implied(enc, part, root)
        return
    if isinstance(node, e.BoolOp) and node.op == "or":
        parts = [enc.new_var() for _ in node.values]
        enc.clauses.append([-root, *parts])
        for literal, part in zip(parts, node.values, strict=True):
            _implied(enc, part, literal)
        return
    if isinstance(node, e.IfElse) and node.type.kind is e.Kind.BOOL:
        _implied(enc, e.BoolOp(e.BOOL, "or", (negate(node.test), node.then)), root)
        _implied(enc, e.BoolOp(e.BOOL, "or", (node.test, node.other)), root)
        return
    raise grid.GridTooLarge(f"{size} combinations of {', '.join(scope)}; split the rule into smaller ones")


_INVERSE = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def negate(node: e.Node) -> e.Node:
    """``not node``, with the negation pushed inwards (negation normal form)."""
    if isinstance(node, e.BoolOp):
        return e.BoolOp(e.BOOL, "or" if node.op == "and" else "and", tuple(negate(v) for v in node.values))
    if isinstance(node, e.Unary) and node.op == "not":
        return node.operand
    if isinstance(node, e.Compare):
        return e.Compare(e.BOOL, _INVERSE[node.op], node.left, node.right)
    if isinstance(node, e.Member):
        return e.Member(e.BOOL, node.item, node.choices, not node.negated)
    if isinstance(node, e.Const):
        return e.Const(e.BOOL, not node.value)
    if isinstance(node, e.IfElse):
        return e.IfElse(e.BOOL, node.test, negate(node.then), negate(node.other))
    return e.Unary(e.BOOL, "not", node)
