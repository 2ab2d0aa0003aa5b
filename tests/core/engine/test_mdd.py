"""Multi-valued decision diagrams: built from rows or arrays, complemented, reduced, and encoded as CNF."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pysat.solvers import Solver

from configurator.core.engine import mdd

FAST = settings(derandomize=True, deadline=None, database=None, max_examples=60,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])

Row = tuple[int | None, ...]


@st.composite
def tables(draw: st.DrawFn) -> tuple[tuple[int, ...], list[Row]]:
    sizes = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=4)))
    cell = [st.one_of(st.none(), st.integers(0, n - 1)) for n in sizes]
    rows = draw(st.lists(st.tuples(*cell), max_size=10))
    return sizes, rows


def matches(row: Row, values: Sequence[int]) -> bool:
    return all(cell is None or cell == value for cell, value in zip(row, values, strict=True))


def every_tuple(sizes: Sequence[int]) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(n) for n in sizes)))


def reachable(diagram: mdd.Mdd) -> set[int]:
    seen: set[int] = set()
    stack = [diagram.root]
    while stack:
        n = stack.pop()
        if n >= 0 and n not in seen:
            seen.add(n)
            stack.extend(diagram.nodes[n][1])
    return seen


def assert_reduced(diagram: mdd.Mdd) -> None:
    """No node tests a value that does not matter, no two nodes are the same, levels go down."""
    nodes = [diagram.nodes[n] for n in reachable(diagram)]
    assert len(set(nodes)) == len(nodes)
    for level, children in nodes:
        assert len(children) == diagram.sizes[level]
        assert len(set(children)) > 1
        for child in children:
            assert child in (mdd.TRUE, mdd.FALSE) or diagram.nodes[child][0] > level


@FAST
@given(tables())
def test_from_rows_accepts_exactly_the_rows(table: tuple[tuple[int, ...], list[Row]]) -> None:
    sizes, rows = table
    diagram = mdd.from_rows(sizes, rows)
    complement = diagram.complement()
    assert_reduced(diagram)
    assert_reduced(complement)
    for values in every_tuple(sizes):
        expected = any(matches(row, values) for row in rows)
        assert diagram.accepts(values) is expected, values
        assert complement.accepts(values) is not expected, values


@FAST
@given(tables())
def test_from_array_and_from_rows_build_the_same_reduced_diagram(table: tuple[tuple[int, ...], list[Row]]) -> None:
    sizes, rows = table
    dense = np.zeros(sizes, dtype=bool)
    for values in every_tuple(sizes):
        dense[values] = any(matches(row, values) for row in rows)
    from_array = mdd.from_array(dense)
    from_rows = mdd.from_rows(sizes, rows)
    assert_reduced(from_array)
    for values in every_tuple(sizes):
        assert from_array.accepts(values) is bool(dense[values])
    # reduced ordered diagrams of one function are the same size, however they were built
    assert len(reachable(from_array)) == len(reachable(from_rows))
    assert (from_array.root < 0) == (from_rows.root < 0)
    twice = from_rows.complement().complement()
    assert len(reachable(twice)) == len(reachable(from_rows))


def test_a_full_cartesian_product_collapses_to_true() -> None:
    sizes = (3, 2, 4)
    assert mdd.from_rows(sizes, every_tuple(sizes)).root == mdd.TRUE
    assert mdd.from_rows(sizes, [(None, None, None)]).root == mdd.TRUE
    assert mdd.from_rows(sizes, [(0, None, None), (1, None, None), (2, None, None)]).root == mdd.TRUE
    assert mdd.from_array(np.ones(sizes, dtype=bool)).root == mdd.TRUE
    assert mdd.from_rows(sizes, []).root == mdd.FALSE
    assert mdd.from_array(np.zeros(sizes, dtype=bool)).root == mdd.FALSE
    assert mdd.from_rows(sizes, every_tuple(sizes)).complement().root == mdd.FALSE


def test_equal_sub_diagrams_are_shared() -> None:
    """``x1 == x2`` for any x0: one node per value of x1, shared by every value of x0 (x0 is never tested)."""
    sizes = (5, 3, 3)
    rows = [(None, v, v) for v in range(3)]
    diagram = mdd.from_rows(sizes, rows)
    levels = sorted(diagram.nodes[n][0] for n in reachable(diagram))
    assert levels == [1, 2, 2, 2]
    # the same function listed row by row (no wildcards) gives the same diagram
    listed = mdd.from_rows(sizes, [(a, v, v) for a in range(5) for v in range(3)])
    assert len(reachable(listed)) == 4
    # and the sub-diagram "x2 == 1" below x0 == 0 and x0 == 2 is one node
    shared = mdd.from_rows((3, 3), [(0, 1), (2, 1), (1, 0)])
    root_children = shared.nodes[shared.root][1]
    assert root_children[0] == root_children[2] != root_children[1]


def test_an_empty_scope_is_a_constant() -> None:
    assert mdd.from_array(np.array(True)).root == mdd.TRUE
    assert mdd.from_array(np.array(False)).root == mdd.FALSE
    assert mdd.from_rows((), [()]).root == mdd.TRUE
    assert mdd.from_rows((), []).root == mdd.FALSE


def solve_all(diagram: mdd.Mdd, sizes: Sequence[int], root_on: bool) -> set[tuple[int, ...]]:
    """The tuples the CNF allows with the root literal assumed on/off (one query per tuple, by assumptions)."""
    literal = {}
    top = 0
    for level, size in enumerate(sizes):
        for value in range(size):
            top += 1
            literal[level, value] = top
    top += 1
    root = top
    counter = [top]

    def new_var() -> int:
        counter[0] += 1
        return counter[0]

    clauses = mdd.encode(diagram, root, lambda level, v: literal[level, v], new_var)
    for level, size in enumerate(sizes):  # exactly one value per level
        one_of = [literal[level, v] for v in range(size)]
        clauses.append(one_of)
        clauses.extend([-a, -b] for a, b in itertools.combinations(one_of, 2))
    allowed = set()
    with Solver(name="cadical195", bootstrap_with=clauses) as solver:
        for values in every_tuple(sizes):
            assumptions = [literal[level, v] for level, v in enumerate(values)]
            if solver.solve(assumptions=[*assumptions, root if root_on else -root]):
                allowed.add(values)
    return allowed


@FAST
@given(tables(), st.booleans())
def test_encoding_allows_exactly_the_accepted_tuples(table: tuple[tuple[int, ...], list[Row]], forbidden: bool
                                                     ) -> None:
    sizes, rows = table
    diagram = mdd.from_rows(sizes, rows)
    if forbidden:
        diagram = diagram.complement()
    accepted = {values for values in every_tuple(sizes) if diagram.accepts(values)}
    assert solve_all(diagram, sizes, root_on=True) == accepted
    assert solve_all(diagram, sizes, root_on=False) == set(every_tuple(sizes))  # off: no constraint


def test_encoding_of_the_constants() -> None:
    sizes = (2, 2)
    assert mdd.encode(mdd.from_rows(sizes, [(None, None)]), 7, lambda level, v: 1, lambda: 99) == []
    assert mdd.encode(mdd.from_rows(sizes, []), 7, lambda level, v: 1, lambda: 99) == [[-7]]
    assert solve_all(mdd.from_rows(sizes, [(0, 1), (1, 0)]), sizes, root_on=True) == {(0, 1), (1, 0)}
