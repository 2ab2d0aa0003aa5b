"""The engine's promises, checked against brute force on small random models.

Each example is a random model (2-5 attributes: choices, booleans, small integers and decimals, texts; require
and exclude rules with ``when`` over and/or/not/in/comparisons and arithmetic; allowed and forbidden tables with
``*``; default rules and attribute defaults). :class:`engine_kit.World` enumerates every complete assignment and
evaluates the rules with the model layer's exact evaluator; the session's answers must agree with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from configurator.core.engine import encode, grid
from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.model import schema as s
from tests.helpers.engine_kit import FILLED, RandomModel, World, engine_value, random_models, session_of, session_value

# No shrinking: a failure is reported at once (shrinking a model can take minutes), the suite stays fast.
FAST = settings(derandomize=True, deadline=None, database=None, max_examples=50,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def consistent_choices(data: st.DataObject, world: World) -> dict[str, Any]:
    """Engine values of some attributes, taken from one valid complete assignment (so they fit together)."""
    rows = world.valid({})
    row = rows[data.draw(st.integers(0, len(rows) - 1), label="row")]
    chosen = data.draw(st.lists(st.sampled_from(world.attrs), unique=True), label="chosen")
    return {a: row.values[a] for a in chosen}


def choose(session: ConfigurationSession, data: st.DataObject, choices: Mapping[str, Any]) -> None:
    """Set ``choices`` one by one, numbers sometimes as int; each must be accepted."""
    for attr_id, value in choices.items():
        as_int = data.draw(st.booleans(), label=f"int {attr_id}")
        session.set(attr_id, session_value(session.model, attr_id, value, as_int))


def normalised(model: s.ProductModel, choices: Mapping[str, Any]) -> dict[str, Any]:
    return {a: engine_value(model, a, v) for a, v in choices.items()}


def assert_state_matches(session: ConfigurationSession, world: World, choices: Mapping[str, Any]) -> None:
    state = session.state()
    for attr_id in world.attrs:
        attr_state = state.attributes[attr_id]
        domain = world.domains[attr_id]
        if attr_id in choices:
            assert attr_state.available == (choices[attr_id],), attr_id
            assert attr_state.excluded == ()
            continue
        expected = world.available(choices, attr_id)
        assert list(attr_state.available) == expected, (attr_id, dict(choices))
        assert list(attr_state.excluded) == [v for v in domain if v not in expected], attr_id


def assert_is_minimal_conflict(world: World, session: ConfigurationSession, attr_id: str, value: Any,
                               choices: Mapping[str, Any]) -> None:
    """``explain(attr_id, value)`` names choices and rules that exclude ``value``, and none too many."""
    explanation = session.explain(attr_id, session_value(session.model, attr_id, value))
    assert explanation is not None, (attr_id, value)
    assert explanation.attribute == attr_id
    reasons = normalised(session.model, dict(explanation.choices))
    assert len(reasons) == len(explanation.choices)
    for reason_attr, reason_value in reasons.items():
        assert reason_attr != attr_id
        assert choices[reason_attr] == reason_value
    rules = [r.id for r in explanation.rules]
    assert len(set(rules)) == len(rules)
    assert set(rules) <= set(world.hard_bit)
    messages = {r.id: r.message for r in session.model.rules}
    assert all(r.message == messages[r.id] for r in explanation.rules)
    target = {attr_id: value}
    assert not world.possible({**reasons, **target}, rules), "the explanation does not exclude the value"
    for dropped in reasons:
        rest = {a: v for a, v in reasons.items() if a != dropped}
        assert world.possible({**rest, **target}, rules), f"choice {dropped} is not needed"
    for dropped in rules:
        assert world.possible({**reasons, **target}, [r for r in rules if r != dropped]), f"rule {dropped} not needed"


# ---------------------------------------------------------------- (e) empty models


@FAST
@given(random_models())
def test_an_empty_model_is_recognised_at_the_start(rm: RandomModel) -> None:
    world = World(rm.model)
    count = len(world.valid({}))
    with session_of(rm.model) as session:
        state = session.state()
        dead = [a for a in world.attrs if not state.attributes[a].available]
        if count == 0:
            assert dead == world.attrs
        else:
            assert dead == []
            assert_state_matches(session, world, {})


# ---------------------------------------------------------------- (a) valid domains


@FAST
@given(random_models(), st.data())
def test_available_values_are_exactly_those_of_valid_completions(rm: RandomModel, data: st.DataObject) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    choices = consistent_choices(data, world)
    with session_of(rm.model) as session:
        choose(session, data, choices)
        assert_state_matches(session, world, choices)
        for attr_id in choices:  # a chosen attribute could change to the values that keep the others valid
            others = {a: v for a, v in choices.items() if a != attr_id}
            assert list(session.alternatives(attr_id)) == world.available(others, attr_id)


@FAST
@given(random_models(), st.data())
def test_states_after_changed_and_removed_choices_match_brute_force(rm: RandomModel, data: st.DataObject) -> None:
    """Choices added, changed and removed in any order, undone and redone: every state is exact (the session
    reuses what it knew under more or fewer choices)."""
    world = World(rm.model)
    assume(world.valid({}))
    with session_of(rm.model) as session:
        for step in range(8):
            choices = normalised(rm.model, session.choices)
            assert_state_matches(session, world, choices)
            state = session.state()
            action = data.draw(st.sampled_from(["add", "change", "remove", "undo"]), label=f"action {step}")
            open_attrs = [a for a in world.attrs if a not in choices and len(state.available(a)) > 1]
            if action == "add" and open_attrs:
                attr_id = data.draw(st.sampled_from(open_attrs), label="add")
                value = data.draw(st.sampled_from(state.available(attr_id)), label="value")
                session.set(attr_id, session_value(rm.model, attr_id, value))
            elif action == "change" and choices:
                attr_id = data.draw(st.sampled_from(sorted(choices)), label="change")
                others = [v for v in session.alternatives(attr_id) if v != choices[attr_id]]
                if others:
                    session.set(attr_id, session_value(rm.model, attr_id, data.draw(st.sampled_from(others))))
            elif action == "remove" and choices:
                session.unset(data.draw(st.sampled_from(sorted(choices)), label="remove"))
            elif action == "undo":
                session.undo()


@FAST
@given(random_models(), st.data())
def test_set_accepts_exactly_the_values_that_can_still_be_completed(rm: RandomModel, data: st.DataObject) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    choices: dict[str, Any] = {}
    with session_of(rm.model) as session:
        for _ in range(data.draw(st.integers(1, 6), label="steps")):
            attr_id = data.draw(st.sampled_from(world.attrs), label="attribute")
            value = data.draw(st.sampled_from(world.domains[attr_id]), label="value")
            wanted = {**choices, attr_id: value}
            if world.possible(wanted):
                session.set(attr_id, session_value(rm.model, attr_id, value, as_int=True))
                choices = wanted
            else:
                with pytest.raises(SessionError) as raised:
                    session.set(attr_id, session_value(rm.model, attr_id, value))
                assert raised.value.explanation is not None
                assert normalised(rm.model, session.choices) == choices  # nothing changed
            assert_state_matches(session, world, choices)
        # undo walks back through the accepted choices
        while session.undo():
            assert world.possible(normalised(rm.model, session.choices))
        assert session.choices == {}
        assert_state_matches(session, world, {})


@FAST
@given(random_models(), st.data())
def test_rules_split_at_and_or_give_the_same_domains(rm: RandomModel, data: st.DataObject) -> None:
    """With a tiny grid limit every rule is split at its and/or/if-else into separately encoded parts."""
    world = World(rm.model)
    assume(world.valid({}))
    for limit in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024):
        with mock.patch.object(grid, "MAX_GRID", limit):
            try:
                encoding = encode.encode_model(rm.model)
            except encode.EncodingError:
                continue
            break
    choices = consistent_choices(data, world)
    session = ConfigurationSession(rm.model, encoding)
    try:
        choose(session, data, choices)
        assert_state_matches(session, world, choices)
    finally:
        session.close()


# ---------------------------------------------------------------- (b) explanations


@FAST
@given(random_models(), st.data())
def test_explanations_are_minimal_conflicts(rm: RandomModel, data: st.DataObject) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    choices = consistent_choices(data, world)
    with session_of(rm.model) as session:
        choose(session, data, choices)
        state = session.state()
        for attr_id in world.attrs:
            if attr_id in choices:
                others = {a: v for a, v in choices.items() if a != attr_id}
                possible = world.available(others, attr_id)
                for value in world.domains[attr_id]:
                    if value in possible:
                        assert session.explain(attr_id, session_value(rm.model, attr_id, value)) is None
                    else:
                        assert_is_minimal_conflict(world, session, attr_id, value, others)
                continue
            for value in state.attributes[attr_id].available:
                assert session.explain(attr_id, session_value(rm.model, attr_id, value)) is None
            for value in state.attributes[attr_id].excluded:
                assert_is_minimal_conflict(world, session, attr_id, value, choices)


# ---------------------------------------------------------------- (c) repairs


def fewest_changes(world: World, choices: Mapping[str, Any], insist: Mapping[str, Any]) -> int | None:
    """Brute force: the fewest earlier choices to give up so that ``insist`` fits (None: it never fits)."""
    earlier = [a for a in choices if a not in insist]
    best: int | None = None
    for mask in range(1 << len(earlier)):
        kept = {a: choices[a] for i, a in enumerate(earlier) if mask >> i & 1}
        if world.possible({**kept, **insist}):
            changes = len(earlier) - len(kept)
            best = changes if best is None else min(best, changes)
    return best


@FAST
@given(random_models(), st.data())
def test_repairs_keep_the_insisted_value_and_change_as_little_as_possible(rm: RandomModel, data: st.DataObject
                                                                          ) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    choices = consistent_choices(data, world)
    with session_of(rm.model) as session:
        choose(session, data, choices)
        attr_id = data.draw(st.sampled_from(world.attrs), label="insist on")
        others = {a: v for a, v in choices.items() if a != attr_id}
        value = data.draw(st.sampled_from(world.domains[attr_id]), label="value")
        insist = {attr_id: value}
        repairs = session.repairs({attr_id: session_value(rm.model, attr_id, value)})
        best = fewest_changes(world, choices, insist)
        if best is None:
            assert repairs == []
            return
        assert repairs, "a repair exists but none was proposed"
        assert len(repairs[0].changes) == best
        assert [len(r.changes) for r in repairs] == sorted(len(r.changes) for r in repairs)
        for repair in repairs:
            values = normalised(rm.model, repair.values)
            assert values[attr_id] == value
            assert set(values) == set(choices) | {attr_id}
            assert world.possible(values), f"repair {repair} is not consistent"
            changed = {a for a in others if values[a] != others[a]}
            assert {c.attribute for c in repair.changes} == changed
            for change in repair.changes:
                assert engine_value(rm.model, change.attribute, change.old) == others[change.attribute]
                assert engine_value(rm.model, change.attribute, change.new) == values[change.attribute]
        assert len({tuple(sorted(normalised(rm.model, r.values).items(), key=str)) for r in repairs}) == len(repairs)
        session.apply_repair(repairs[0])
        applied = normalised(rm.model, session.choices)
        assert applied == normalised(rm.model, repairs[0].values)
        assert applied[attr_id] == value
        state = session.state()
        assert all(state.attributes[a].available for a in world.attrs), "a contradiction after the repair"
        assert_state_matches(session, world, applied)


# ---------------------------------------------------------------- (d) completion


@FAST
@given(random_models(), st.data())
def test_complete_gives_a_valid_configuration_following_the_defaults(rm: RandomModel, data: st.DataObject
                                                                     ) -> None:
    world = World(rm.model)
    assume(world.valid({}))
    choices = consistent_choices(data, world)
    with session_of(rm.model) as session:
        choose(session, data, choices)
        before = dict(session.choices)
        filled = session.complete()
        after = normalised(rm.model, session.choices)
        texts = {a for a in world.attrs if rm.model.attribute(a).type == s.TEXT}
        assert set(after) == set(world.attrs) - (texts - set(choices))
        assert {a: v for a, v in session.choices.items() if a in before} == before
        assert filled == {a: v for a, v in session.choices.items() if a not in before}
        assert world.possible(after)
        # the defaults, followed greedily in the model's order where they fit with the choices
        followed = 0
        for rule in world.defaults:
            bit = world.default_bit[rule.id]
            if any(row.defaults & (followed | bit) == followed | bit for row in world.valid(choices)):
                followed |= bit
        rows = world.valid(after)
        assert any(row.defaults & followed == followed for row in rows), "a default that fits was not followed"
        if any(row.defaults == (1 << len(world.defaults)) - 1 for row in world.valid(choices)):
            assert followed == (1 << len(world.defaults)) - 1
        state = session.state()
        assert all(len(state.attributes[a].available) == 1 for a in world.attrs if a not in texts)


# ---------------------------------------------------------------- known weak spots, checked on their own


@FAST
@given(random_models(cross_choice=True), st.data())
def test_choice_compared_with_another_choice(rm: RandomModel, data: st.DataObject) -> None:
    """``c1 == c2`` compares option ids (the choices may list shared options in different orders)."""
    world = World(rm.model)
    assume(world.valid({}))
    choices = consistent_choices(data, world)
    with session_of(rm.model) as session:
        choose(session, data, choices)
        assert_state_matches(session, world, choices)


def test_world_is_a_faithful_brute_force() -> None:
    """The brute force itself: a hand-checked model (so that the comparisons above mean something)."""
    from tests.helpers.engine_kit import make_model, options

    model = make_model(
        [{"id": "c", "type": "choice", "options": options("red", "blue")},
         {"id": "f", "type": "boolean"},
         {"id": "n", "type": "integer", "min": 0, "max": 3, "step": 1},
         {"id": "t", "type": "text", "required": False}],
        [{"id": "r", "when": "f", "require": "n >= 2"},
         {"id": "x", "exclude": "c == blue and t != ''"},
         {"id": "tab", "table": {"file": "a.csv", "mode": "forbidden"}},
         {"id": "d", "default": "n == 1"}],
        {"a.csv": {"header": ["c", "n"], "rows": [["red", "*"], ["blue", "3"]]}})
    world = World(model)
    rows = world.valid({})
    expected = {("blue", f, Decimal(n), "") for f in (False, True) for n in range(3) if not f or n >= 2}
    assert {(r.values["c"], r.values["f"], r.values["n"], r.values["t"]) for r in rows} == expected
    assert world.available({"f": True}, "n") == [Decimal(2)]
    assert world.available({}, "t") == [""]
    assert not world.possible({"t": FILLED})
    assert world.possible({"t": FILLED}, ["r", "tab"])
    assert sum(1 for r in rows if r.defaults) == 1  # n == 1 needs f false
