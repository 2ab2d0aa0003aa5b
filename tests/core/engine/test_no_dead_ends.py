"""No dead ends over long use: one session, many configurations, every offered value can be chosen.

A session keeps a pool of earlier solutions and their expansions across states; a value it offers must
still be choosable whatever the session computed before (a cached expansion once picked up values of other
solutions and offered a value the rules exclude, on CLib Renault's third random session).
"""

from __future__ import annotations

import random

import pytest

from benchmarks import renault_data
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model.loader import load_model

pytestmark = pytest.mark.skipif(not (renault_data.data_dir() / "clib").is_dir(),
                                reason="the Renault data (../shared/bench/renault) is not here")


def test_every_offered_value_can_be_chosen_over_many_random_sessions(tmp_path):
    model = load_model(renault_data.export(renault_data.read_problem("clib"), tmp_path)).model
    session = ConfigurationSession(model)
    rng = random.Random(2026)
    try:
        for _ in range(4):
            session.set_many({}, replace=True)  # a new configuration in the same session
            while True:
                state = session.state()
                open_attrs = [a for a, st in state.attributes.items() if st.chosen is None and len(st.available) > 1]
                if not open_attrs:
                    break
                attr_id = rng.choice(open_attrs)
                session.set(attr_id, rng.choice(state.attributes[attr_id].available))  # never raises
            assert session.state().complete
    finally:
        session.close()


def test_remembered_solutions_keep_exactly_their_own_values(tmp_path):
    """The expansion of a remembered solution is what the solution itself shows possible, never more."""
    model = load_model(renault_data.export(renault_data.read_problem("medium"), tmp_path)).model
    session = ConfigurationSession(model)
    rng = random.Random(7)
    try:
        for _ in range(6):
            state = session.state()
            open_attrs = [a for a, st in state.attributes.items() if st.chosen is None and len(st.available) > 1]
            attr_id = rng.choice(open_attrs)
            session.set(attr_id, rng.choice(state.attributes[attr_id].available))
        session.state()
        oracle = session.oracle
        assert oracle.recent
        for solution in oracle.recent:
            assert oracle._expand(solution) == sum(1 << lit for lit in oracle._expand_new(solution, frozenset()))
    finally:
        session.close()
