"""Solution generalisation (numbers with many values) gives exactly the brute-force valid values.

The seed models only generalise numbers with many distinct segments; here every number is generalised
(``MIN_SEGMENTS = 0``), so the random models of the brute-force suite exercise it on every number.
"""

from __future__ import annotations

import random
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from test_brute_force import FAST, assert_state_matches, choose, consistent_choices

from configurator.core.engine import generalize, grid
from configurator.core.engine.encode import encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model
from tests.helpers.engine_kit import RandomModel, World, random_models, rule_holds, with_computed


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


MODELS = Path(__file__).resolve().parents[3] / "product_models"


@pytest.mark.parametrize("family", ["window", "chimney_cap", "eartag"])
def test_remembered_answers_are_those_of_the_rules(family: str) -> None:
    """Generalising remembers each rule's answer per the values of what else it reads (over two numbers at once
    where a rule reads both): on the seed models' own solutions, every value it marks is one that the rules,
    written out independently, accept with the value swapped in — or, for numbers that rules tie together
    (moved as a group), one that the solver completes with the rest of the solution kept — and the same
    solution asked again (a warm memo) marks the same values."""
    model = load_model(MODELS / family).model
    encoding = encode_model(model)
    session = ConfigurationSession(model, encoding)
    pick = random.Random(3)
    option_values = model.option_values()
    rules = [r for r in model.rules if r.kind != "default"]
    try:
        generalizer = session.oracle.generalizer
        assert generalizer.targets
        checked = 0
        for _ in range(12):
            state = session.state()
            open_attrs = [a for a in encoding.attributes if a not in session.choices
                          and model.attribute(a).type != s.TEXT and len(state.available(a)) > 1]
            if not open_attrs:
                session.set_many({}, replace=True)
                continue
            attr_id = pick.choice(open_attrs)
            session.set(attr_id, pick.choice(state.available(attr_id)))
            assert session.oracle.solve(session.assumptions(session.choices))
            solution = session.oracle.solver.get_model() or []
            values = {encoding.owner[lit][0]: encoding.domains[encoding.owner[lit][0]][encoding.owner[lit][1]]
                      for lit in solution if lit > 0 and lit in encoding.owner}
            marked = generalizer.extend(values)
            assert generalizer.extend(values) == marked
            for lit in pick.sample(sorted(marked), min(40, len(marked))):
                number, index = encoding.owner[lit]
                group = next((g.members for g in generalizer._groups if number in g.members), None)
                if group is not None:  # numbers tied by rules move together: the rest of the solution stays
                    kept = [encoding.literal(a, v) for a, v in values.items() if a not in group]
                    assert session.oracle.solve([*kept, lit]), (number, encoding.domains[number][index])
                    checked += 1
                    continue
                swapped = {**values, number: encoding.domains[number][index]}
                env = e.Env(with_computed(model, {a: ("tekst" if v == grid.FILLED else v)  # no value: left out
                                                  for a, v in swapped.items() if v is not e.NOT_APPLICABLE}),
                            option_values)
                assert all(rule_holds(rule, env) for rule in rules), (number, swapped[number])
                checked += 1
        assert checked >= 12
    finally:
        session.close()


def test_numbers_tied_by_rules_are_generalised_together_but_a_chosen_one_stays() -> None:
    """A square flue's width equals its depth: moving one alone breaks the rule, so they move together (one
    solution marks every size); once the width is chosen, the depth may only be what the width allows."""
    from tests.helpers.engine_kit import make_model

    model = make_model(
        [{"id": "width", "type": "integer", "min": 100, "max": 600, "step": 10},
         {"id": "depth", "type": "integer", "min": 100, "max": 600, "step": 10}],
        [{"id": "square", "require": "width == depth"}])
    session = ConfigurationSession(model)
    try:
        assert [g.members for g in session.oracle.generalizer._groups] == [("width", "depth")]
        state = session.state()
        assert len(state.available("width")) == 51 and len(state.available("depth")) == 51
        assert session.oracle.calls < 5  # not one call per size
        session.set("width", 300)
        assert [int(v) for v in session.state().available("depth")] == [300]
    finally:
        session.close()


def test_a_pooled_solution_is_repaired_locally_for_choices_before_the_solver_is_asked() -> None:
    """Each other option of a choice is swapped into a solution and only the rules that read the choice are
    checked: one solution shows every option the rules allow beside it, without a solver call per option; the
    options a rule excludes under the choices stay excluded."""
    from tests.helpers.engine_kit import make_model, options

    model = make_model(
        [{"id": "colour", "type": "choice", "options": options("red", "green", "blue", "black", "white", "grey")},
         {"id": "finish", "type": "choice", "options": options("matt", "gloss", "satin", "raw", "oiled", "waxed")},
         {"id": "outdoor", "type": "boolean"}],
        [{"id": "raw-indoors", "exclude": "finish == raw and outdoor"},
         {"id": "no-white-gloss", "exclude": "colour == white and finish == gloss"}])
    session = ConfigurationSession(model)
    try:
        assert {"colour", "finish", "outdoor"} <= set(session.oracle.generalizer.targets)
        state = session.state()
        assert session.oracle.calls <= 2
        assert len(state.available("colour")) == 6 and len(state.available("finish")) == 6
        session.set("outdoor", True)
        session.set("colour", "white")
        state = session.state()
        assert sorted(state.available("finish")) == ["matt", "oiled", "satin", "waxed"]
    finally:
        session.close()
