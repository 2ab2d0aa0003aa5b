"""Order literals of numbers (the ladder) and the range search over them give exactly the brute-force values.

The seed models give a ladder to numbers with many values only, and search ranges only for numbers that the
generaliser does not widen solutions over; here every number gets a ladder (``LADDER_MIN = 2``) and every number
is settled by range questions (``RANGE_SEGMENTS = 1``, no generaliser), so the random models of the brute-force
suite exercise both on every number, after choices, changes and removals.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from unittest import mock

from hypothesis import assume, given
from hypothesis import strategies as st
from pysat.solvers import Solver
from test_brute_force import FAST, assert_state_matches, choose, consistent_choices

from configurator.core.engine import bounds, encode, encode_cache, generalize, solver
from configurator.core.engine.encode import encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model
from tests.helpers.engine_kit import RandomModel, World, make_model, random_models, session_of

MODELS = Path(__file__).resolve().parents[3] / "product_models"


@contextmanager
def ranges_everywhere(model: s.ProductModel) -> Iterator[ConfigurationSession]:
    with mock.patch.object(encode, "LADDER_MIN", 2), mock.patch.object(encode, "LADDER_ORDERED_ONLY", False), \
            mock.patch.object(generalize, "MIN_SEGMENTS", 10**9):
        session = ConfigurationSession(model)
    try:
        with mock.patch.object(solver, "RANGE_SEGMENTS", 1):
            yield session
    finally:
        session.close()


@FAST
@given(random_models(), st.data())
def test_range_searched_numbers_give_exactly_the_valid_values(rm: RandomModel, data: st.DataObject) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    assume(any(a.type in s.NUMERIC_TYPES for a in rm.model.attributes))
    choices = consistent_choices(data, world)
    with ranges_everywhere(rm.model) as session:
        numbers = [a.id for a in rm.model.chosen_attributes if a.type in s.NUMERIC_TYPES]
        assert all(a in session.encoding.ladder for a in numbers)
        assert_state_matches(session, world, {})
        choose(session, data, choices)
        assert_state_matches(session, world, choices)
        for attr_id in choices:
            others = {a: v for a, v in choices.items() if a != attr_id}
            assert list(session.alternatives(attr_id)) == world.available(others, attr_id)
        # removing and changing choices (the engine re-uses earlier states there)
        for attr_id in list(choices):
            session.unset(attr_id)
            del choices[attr_id]
            assert_state_matches(session, world, choices)


def test_the_ladder_allows_exactly_one_value_and_ranges_select_exactly_their_values() -> None:
    model = make_model([{"id": "x", "type": "integer", "min": 0, "max": 9, "step": 1}])
    with mock.patch.object(encode, "LADDER_MIN", 2), mock.patch.object(encode, "LADDER_ORDERED_ONLY", False):
        enc = encode_model(model)
    literals, ladder = enc.literals["x"], enc.ladder["x"]
    assert len(ladder) == 9
    for low, high in itertools.combinations_with_replacement(range(10), 2):
        found = []
        with Solver(name="cadical195", bootstrap_with=enc.clauses) as sat:
            while sat.solve(assumptions=enc.within("x", low, high)):
                true = set(sat.get_model() or [])
                values = [i for i, lit in enumerate(literals) if lit in true]
                assert len(values) == 1  # exactly one value in every solution
                found.append(values[0])
                sat.add_clause([-literals[values[0]]])
        assert sorted(found) == list(range(low, high + 1))
    for value in range(10):
        with Solver(name="cadical195", bootstrap_with=enc.clauses) as sat:
            assert sat.solve(assumptions=[literals[value]])
            true = set(sat.get_model() or [])
            assert [lit in true for lit in ladder] == [i <= value for i in range(1, 10)]
            assert not sat.solve(assumptions=[literals[value], literals[(value + 1) % 10]])


def test_a_hole_and_both_bounds_cost_one_question_each() -> None:
    """x in 1..300 without 60..240: the exact values from a few range questions, not one call per value."""
    model = make_model(
        [{"id": "x", "type": "integer", "min": 1, "max": 300, "step": 1},
         {"id": "low", "type": "integer", "min": 0, "max": 300, "step": 1}],
        [{"id": "hole", "exclude": "x >= 60 and x <= 240"}, {"id": "above", "require": "x >= low"}])
    with ranges_everywhere(model) as session:
        session.set("low", 50)
        before = session.oracle.calls
        available = [int(v) for v in session.state().available("x")]
        assert available == [*range(50, 60), *range(241, 301)]
        # "x >= low" tells every value apart and no generaliser widens a solution: one witness per allowed
        # value (70), while the 49 values below 50 and the 181 of the hole cost about log2(300) questions each
        assert session.oracle.calls - before <= 70 + 2 * 10


def test_range_search_counts_its_questions() -> None:
    model = make_model([{"id": "x", "type": "integer", "min": 1, "max": 64, "step": 1}],
                       [{"id": "none", "require": "x > 100"}])
    with mock.patch.object(encode, "LADDER_MIN", 2), mock.patch.object(encode, "LADDER_ORDERED_ONLY", False):
        enc = encode_model(model)
    asked: list[list[int]] = []

    def solve(extra: list[int]) -> bool:
        asked.append(extra)
        return False

    supported: set[int] = set()
    wanted = set(enc.literals["x"])
    assert bounds.settle(enc, "x", wanted, supported, solve=solve, model_values=frozenset) == 1  # one question
    assert supported == set() and asked == [enc.within("x", 0, 63)] == [[]]
    assert bounds.runs([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]


def test_stored_encodings_keep_their_ladders(tmp_path: Path) -> None:
    model = load_model(MODELS / "window").model
    made = encode_cache.cached_encoding(model, "h", tmp_path)
    loaded = encode_cache.cached_encoding(model, "h", tmp_path)
    assert made.ladder and loaded.ladder == made.ladder
    assert loaded.clauses == made.clauses


def test_seed_numbers_with_many_values_have_ladders_and_exact_states() -> None:
    model = load_model(MODELS / "eartag").model
    enc = encode_model(model)
    assert {"series_number", "tag_count"} <= set(enc.ladder)
    session = ConfigurationSession(model, enc)
    try:
        session.set("series_number", 9990)
        assert [int(v) for v in session.state().available("tag_count")] == list(range(1, 11))
    finally:
        session.close()


def test_only_numbers_an_expression_reads_get_a_ladder() -> None:
    # a number that only a combination table reads is a code (as in the Renault problems): its order means
    # nothing to the rules, and order literals there only slowed the solver (big, file order p95 26 -> 39 ms)
    numbers = [{"id": n, "type": "integer", "min": 0, "max": 19, "step": 1} for n in ("code", "width", "depth")]
    model = make_model(
        [*numbers, {"id": "glass", "type": "boolean"}],
        [{"id": "codes", "table": {"file": "codes.csv"}},
         {"id": "wide", "when": "glass", "require": "width >= 5"}],
        {"codes.csv": {"header": ["code", "depth"], "rows": [["1", "2"], ["3", "4"]]}})
    enc = encode_model(model)
    assert set(enc.ladder) == {"width"}
    with mock.patch.object(encode, "LADDER_ORDERED_ONLY", False):
        assert set(encode_model(model).ladder) == {"code", "width", "depth"}
    with session_of(model) as session:
        session.set("glass", True)
        state = session.state().attributes
        assert list(state["width"].available) == [Decimal(v) for v in range(5, 20)]
        assert list(state["code"].available) == [Decimal(1), Decimal(3)]
        assert list(state["depth"].available) == [Decimal(2), Decimal(4)]
