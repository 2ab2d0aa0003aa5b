"""Solution generalisation (numbers with many values) gives exactly the brute-force valid values.

The seed models only generalise numbers with many distinct segments; here every number is generalised
(``MIN_SEGMENTS = 0``), so the random models of the brute-force suite exercise it on every number.
"""

from __future__ import annotations

from unittest import mock

from hypothesis import assume, given
from hypothesis import strategies as st
from test_brute_force import FAST, assert_state_matches, choose, consistent_choices

from configurator.core.engine import generalize
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import schema as s
from tests.helpers.engine_kit import RandomModel, World, random_models


@FAST
@given(random_models(), st.data())
def test_generalised_numbers_give_exactly_the_valid_values(rm: RandomModel, data: st.DataObject) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    assume(any(a.type in s.NUMERIC_TYPES for a in rm.model.attributes))
    choices = consistent_choices(data, world)
    with mock.patch.object(generalize, "MIN_SEGMENTS", 0):
        session = ConfigurationSession(rm.model)
    try:
        assert session.oracle.generalizer.targets  # every number is generalised
        choose(session, data, choices)
        assert_state_matches(session, world, choices)
        for attr_id in choices:
            others = {a: v for a, v in choices.items() if a != attr_id}
            assert list(session.alternatives(attr_id)) == world.available(others, attr_id)
    finally:
        session.close()


def test_a_series_against_a_count_is_generalised() -> None:
    """A number series that must fit in four digits: one solution marks every count that fits."""
    from tests.helpers.engine_kit import make_model

    model = make_model(
        [{"id": "start", "type": "integer", "min": 1, "max": 999, "step": 1},
         {"id": "count", "type": "integer", "min": 1, "max": 200, "step": 1}],
        [{"id": "fits", "require": "start + count - 1 <= 999"}])
    session = ConfigurationSession(model)
    try:
        assert set(session.oracle.generalizer.targets) == {"start", "count"}
        state = session.state()
        assert len(state.available("start")) == 999 and len(state.available("count")) == 200
        assert session.oracle.calls < 20
        session.set("start", 900)
        assert [int(v) for v in session.state().available("count")] == list(range(1, 101))
    finally:
        session.close()
