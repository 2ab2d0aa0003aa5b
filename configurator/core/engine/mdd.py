"""Multi-valued decision diagrams (MDDs) for table-like constraints, and their CNF encoding.

A constraint over a scope of attributes (a combination table, or a rule evaluated over a grid of values) is
built into a reduced, ordered MDD: one level per attribute of the scope, equal sub-diagrams shared, tests
whose children are all equal skipped. Encoding the diagram's nodes (not one literal per table row) keeps the
CNF small and lets unit propagation do much of the work (see docs/architecture.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

TRUE = -1
FALSE = -2


@dataclass
class Mdd:
    """Nodes are ``(level, children)``: ``children[v]`` is a node id, ``TRUE`` or ``FALSE``."""

    sizes: tuple[int, ...]  # domain size per level
    nodes: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    root: int = FALSE
    _unique: dict[tuple[int, tuple[int, ...]], int] = field(default_factory=dict)

    def node(self, level: int, children: tuple[int, ...]) -> int:
        first = children[0]
        if all(c == first for c in children):
            return first  # a test whose outcome does not matter
        key = (level, children)
        found = self._unique.get(key)
        if found is None:
            found = len(self.nodes)
            self.nodes.append(key)
            self._unique[key] = found
        return found

    def complement(self) -> Mdd:
        """The diagram of every tuple this one rejects."""
        out = Mdd(self.sizes)
        memo: dict[int, int] = {TRUE: FALSE, FALSE: TRUE}

        def walk(n: int) -> int:
            if n not in memo:
                level, children = self.nodes[n]
                memo[n] = out.node(level, tuple(walk(c) for c in children))
            return memo[n]

        for n in range(len(self.nodes)):  # children come before parents: no deep recursion
            walk(n)
        out.root = walk(self.root)
        return out

    def accepts(self, values: Sequence[int]) -> bool:
        n = self.root
        while n >= 0:
            level, children = self.nodes[n]
            n = children[values[level]]
        return n == TRUE


def from_rows(sizes: Sequence[int], rows: Sequence[Sequence[int | None]]) -> Mdd:
    """The MDD of the listed tuples (value indexes; ``None`` matches every value)."""
    mdd = Mdd(tuple(sizes))
    depth = len(sizes)
    paths: dict[tuple[int, tuple[int | None, ...]], int] = {}

    def path(level: int, row: Sequence[int | None]) -> int:
        """The diagram of one row from ``level`` down (most calls near the bottom are single rows)."""
        key = (level, tuple(row[level:]))
        found = paths.get(key)
        if found is None:
            found = TRUE
            for lvl in range(depth - 1, level - 1, -1):
                value = row[lvl]
                children = [found] * sizes[lvl] if value is None else [FALSE] * sizes[lvl]
                if value is not None:
                    children[value] = found
                found = mdd.node(lvl, tuple(children))
            paths[key] = found
        return found

    def build(level: int, subset: list[Sequence[int | None]]) -> int:
        if not subset:
            return FALSE
        if level == depth:
            return TRUE
        if len(subset) == 1:
            return path(level, subset[0])
        groups: dict[int, list[Sequence[int | None]]] = {}
        wild: list[Sequence[int | None]] = []
        for row in subset:
            value = row[level]
            if value is None:
                wild.append(row)
            else:
                groups.setdefault(value, []).append(row)
        other = build(level + 1, wild) if len(groups) < sizes[level] else FALSE
        built = {value: build(level + 1, group + wild) for value, group in groups.items()}
        return mdd.node(level, tuple(built.get(v, other) for v in range(sizes[level])))

    mdd.root = build(0, list(rows))
    return mdd


def _unique_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(rows, axis=0, return_inverse=True)`` by a sort over integer columns: numpy's row-wise unique
    sorts a void dtype, which holds Python's GIL for seconds on big tables (and freezes the app's window while
    a model is encoded in the background); an integer lexsort lets other threads run."""
    if len(rows) == 0:
        return rows, np.zeros(0, dtype=np.int64)
    order = np.lexsort(rows.T[::-1])
    ordered = rows[order]
    starts = np.empty(len(rows), dtype=bool)
    starts[0] = True
    np.any(ordered[1:] != ordered[:-1], axis=1, out=starts[1:])
    inverse = np.empty(len(rows), dtype=np.int64)
    inverse[order] = np.cumsum(starts) - 1
    return ordered[starts], inverse


def from_array(allowed: np.ndarray) -> Mdd:
    """The MDD of a dense boolean array over the scope (one axis per level)."""
    sizes = tuple(int(n) for n in allowed.shape)
    mdd = Mdd(sizes)
    if allowed.ndim == 0:
        mdd.root = TRUE if bool(allowed) else FALSE
        return mdd
    ids = np.where(allowed, TRUE, FALSE).astype(np.int64)
    for level in range(len(sizes) - 1, -1, -1):
        flat = ids.reshape(-1, sizes[level])
        patterns, inverse = _unique_rows(flat)
        made = np.array([mdd.node(level, tuple(int(c) for c in row)) for row in patterns], dtype=np.int64)
        ids = made[inverse.reshape(-1)].reshape(sizes[:level]) if level else made[inverse.reshape(-1)][0]
    mdd.root = int(ids)
    return mdd


def encode(mdd: Mdd, root_literal: int, value_literal: Callable[[int, int], int], new_var: Callable[[], int]
           ) -> list[list[int]]:
    """Clauses saying ``root_literal`` implies that the tuple is accepted by ``mdd``.

    ``value_literal(level, value)`` is the literal "the attribute at this level has this value".
    Each node gets a literal meaning "the path reached this node"; for each value whose child is FALSE the
    node forbids the value, otherwise it passes the path on to the child.
    """
    if mdd.root == TRUE:
        return []
    if mdd.root == FALSE:
        return [[-root_literal]]
    literal: dict[int, int] = {mdd.root: root_literal}
    clauses: list[list[int]] = []
    # parents have larger ids than their children: walk from the root down
    for n in sorted(_reachable(mdd), reverse=True):
        node_literal = literal[n]
        level, children = mdd.nodes[n]
        for value, child in enumerate(children):
            if child == TRUE:
                continue
            if child == FALSE:
                clauses.append([-node_literal, -value_literal(level, value)])
                continue
            if child not in literal:
                literal[child] = new_var()
            clauses.append([-node_literal, -value_literal(level, value), literal[child]])
    return clauses


def _reachable(mdd: Mdd) -> set[int]:
    seen: set[int] = set()
    stack = [mdd.root]
    while stack:
        n = stack.pop()
        if n < 0 or n in seen:
            continue
        seen.add(n)
        stack.extend(mdd.nodes[n][1])
    return seen
