"""Attributes that do not apply (``applies_when``), checked against brute force.

A hinge side applies only with a door, a drawer count only for some cabinet types (or wide ones). The brute force
enumerates every assignment where an attribute that does not apply has no value (``None``) and one that applies
has one, and keeps those whose rules are not false: a rule that reads a value that does not apply and cannot be
decided without it does not hold anyone back (the model layer's three-valued evaluator decides each rule). The
session must offer exactly the values of those assignments, and say for each attribute whether it applies.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from configurator.core.engine.session import SessionError
from configurator.core.model import expr as e
from configurator.core.model.errors import ModelErrors
from tests.helpers.engine_kit import make_model, options, session_of

FAST = settings(derandomize=True, deadline=None, database=None, max_examples=60,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow])
KINDS = ("wall", "base", "tall")
DRAWERS_APPLY = {  # applies_when of 'drawers', and the same condition in Python
    "cabinet in [base, tall]": lambda r: r["cabinet"] in ("base", "tall"),
    "cabinet == base or width >= 2": lambda r: r["cabinet"] == "base" or r["width"] >= 2,
    "door and hinge == left": lambda r: r["door"] and r["hinge"] == "left",  # reads an attribute that may not apply
}
RULES = (
    "hinge == right or width < 2",  # reads the hinge, which may not apply
    "drawers + width <= 3",
    "not door or drawers >= 1",
    "cabinet != wall or hinge != left",
    "drawers * 2 != width",
)
DOMAINS: dict[str, list[Any]] = {
    "door": [False, True],
    "hinge": ["left", "right"],
    "cabinet": list(KINDS),
    "width": [Decimal(v) for v in range(4)],
    "drawers": [Decimal(v) for v in range(3)],
}


def model_of(applies: str, rules: list[str], default: bool) -> Any:
    hinge: dict[str, Any] = {"id": "hinge", "type": "choice", "options": options("left", "right"),
                             "applies_when": "door"}
    if default:
        hinge["default"] = "left"
    return make_model([
        {"id": "door", "type": "boolean"},
        hinge,
        {"id": "cabinet", "type": "choice", "options": options(*KINDS)},
        {"id": "width", "type": "integer", "min": 0, "max": 3},
        {"id": "drawers", "type": "integer", "min": 0, "max": 2, "applies_when": applies},
    ], [{"id": f"r{i}", "require": text} for i, text in enumerate(rules)])


def brute_force(model: Any, applies: str, rules: list[str]) -> list[dict[str, Any]]:
    nodes = [r.expr.node for r in model.rules if r.id.startswith("r")]
    assert len(nodes) == len(rules)
    option_values = model.option_values()
    found = []
    for door, hinge, cabinet, width, drawers in itertools.product(
            DOMAINS["door"], [*DOMAINS["hinge"], None], DOMAINS["cabinet"], DOMAINS["width"],
            [*DOMAINS["drawers"], None]):
        row = {"door": door, "hinge": hinge, "cabinet": cabinet, "width": width, "drawers": drawers}
        if (hinge is not None) != door:
            continue
        condition = applies != "door and hinge == left" or hinge is not None
        if (drawers is not None) != (condition and DRAWERS_APPLY[applies](row)):
            continue
        env = e.Env(row, option_values)
        if any(e.evaluate(node, env) is False for node in nodes):
            continue
        found.append(row)
    return found


@FAST
@given(st.sampled_from(sorted(DRAWERS_APPLY)), st.lists(st.sampled_from(RULES), max_size=3, unique=True),
       st.booleans(), st.data())
def test_the_engine_knows_exactly_what_applies(applies: str, rules: list[str], default: bool,
                                               data: st.DataObject) -> None:
    model = model_of(applies, rules, default)
    rows = brute_force(model, applies, rules)
    with session_of(model) as session:
        for _ in range(3):
            if not rows:
                break
            row = data.draw(st.sampled_from(rows))
            present = [a for a in DOMAINS if row[a] is not None]
            chosen = data.draw(st.lists(st.sampled_from(present), unique=True, max_size=3))
            choices = {a: row[a] for a in chosen}
            session.set_many(choices, replace=True)
            state = session.state()
            for attr_id in DOMAINS:
                if attr_id in choices:
                    continue
                fitting = [r for r in rows if all(r[a] == v for a, v in choices.items())]
                values = {r[attr_id] for r in fitting}
                attr_state = state.attributes[attr_id]
                assert set(attr_state.available) == values - {None}, (attr_id, choices)
                expected = False if values == {None} else None if None in values else True
                assert attr_state.applies is expected, (attr_id, choices)
            filled = session.complete()
            assert session.is_valid(session.values())
            final = {a: session.values().get(a) for a in DOMAINS}
            assert final in rows, (final, filled)
        if not rows:
            assert session.state().available("door") == ()


def test_a_hinge_side_without_a_door_has_no_value_and_is_not_open() -> None:
    model = model_of("cabinet in [base, tall]", [], default=True)
    with session_of(model) as session:
        session.set_many({"door": False, "cabinet": "wall", "width": 1})
        state = session.state()
        assert state.attributes["hinge"].applies is False
        assert state.attributes["hinge"].available == ()
        assert state.attributes["drawers"].applies is False
        assert state.complete  # nothing is open: the hinge and the drawers do not apply
        assert "hinge" not in session.values() and "drawers" not in session.values()
        with pytest.raises(SessionError) as refused:
            session.set("hinge", "left")
        assert refused.value.explanation is not None
        assert [r.id for r in refused.value.explanation.rules] == ["applies-hinge"]
        assert refused.value.explanation.choices == (("door", False),)
        session.set("door", True)
        assert session.state().attributes["hinge"].applies is True
        assert not session.state().complete
        assert session.complete() == {"hinge": "left"}  # the default, now that it applies


def test_models_without_applies_when_are_encoded_as_before() -> None:
    model = make_model([{"id": "door", "type": "boolean"}, {"id": "width", "type": "integer", "min": 0, "max": 3}])
    with session_of(model) as session:
        assert session.encoding.domains["width"] == [Decimal(v) for v in range(4)]
        assert all(a.applies is True for a in session.state().attributes.values())


@pytest.mark.parametrize(("entry", "message"), [
    ({"applies_when": "dor"}, "<catalogue>: attribute 'hinge': unknown attribute 'dor' (did you mean 'door'?)"),
    ({"applies_when": "hinge == left"}, "<catalogue>: attribute 'hinge': 'applies_when' cannot read the attribute "
                                        "itself"),
    ({"applies_when": "1 + 2"}, "<catalogue>: attribute 'hinge': expected a condition (true/false), got a number"),
])
def test_broken_applies_when_is_refused(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelErrors) as caught:
        make_model([{"id": "door", "type": "boolean"},
                    {"id": "hinge", "type": "choice", "options": options("left", "right"), **entry}])
    assert message in str(caught.value).splitlines()


def test_an_attribute_that_does_not_apply_is_priced_as_absent_and_left_off_the_specification() -> None:
    from datetime import date

    from configurator.core.pricing.calculate import price_line
    from configurator.core.quoting.snapshots import specification

    model = make_model([
        {"id": "door", "type": "boolean", "price": 500},
        {"id": "hinge", "type": "choice", "applies_when": "door",
         "options": [{"id": "left", "label": {"nb": "Venstre", "en": "Left"}, "price": 40},
                     {"id": "right", "label": {"nb": "Høyre", "en": "Right"}, "price": 40}]},
        {"id": "handles", "type": "integer", "min": 1, "max": 3, "applies_when": "door"},
    ])
    day = date(2026, 12, 1)
    without = price_line(model, {"door": False}, on_date=day)
    assert without.complete and without.unit_price == 0
    assert not price_line(model, {"door": True}, on_date=day).complete  # now the hinge and handles are open
    with_door = price_line(model, {"door": True, "hinge": "left", "handles": 2}, on_date=day)
    assert with_door.complete and with_door.unit_price == 540
    labels = [item.label for item in specification(model, {"door": False}, "en")]
    assert labels == ["door"]


def test_choosing_a_value_clears_the_choices_it_makes_not_apply_in_one_step() -> None:
    model = model_of("cabinet in [base, tall]", [], default=False)
    with session_of(model) as session:
        session.set_many({"door": True, "hinge": "left", "cabinet": "base", "drawers": 2})
        assert session.clearing("door", False) == ("hinge",)
        assert session.set_clearing("door", False) == ("hinge",)  # no door: no hinge side to keep
        assert session.choices == {"door": False, "cabinet": "base", "drawers": 2}
        assert session.state().attributes["hinge"].applies is False
        assert session.set_clearing("cabinet", "wall") == ("drawers",)
        assert session.set_clearing("width", 1) == ()  # fits as it is: nothing cleared
        session.undo()
        session.undo()
        assert session.choices == {"door": False, "cabinet": "base", "drawers": 2}
        session.undo()
        assert session.choices == {"door": True, "hinge": "left", "cabinet": "base", "drawers": 2}


@FAST
@given(st.sampled_from(sorted(DRAWERS_APPLY)), st.lists(st.sampled_from(RULES), max_size=3, unique=True),
       st.data())
def test_set_clearing_clears_only_what_no_longer_applies_and_lands_on_a_valid_configuration(
        applies: str, rules: list[str], data: st.DataObject) -> None:
    model = model_of(applies, rules, False)
    rows = brute_force(model, applies, rules)
    if not rows:
        return
    with session_of(model) as session:
        row = data.draw(st.sampled_from(rows))
        present = [a for a in DOMAINS if row[a] is not None]
        choices = {a: row[a] for a in data.draw(st.lists(st.sampled_from(present), unique=True, min_size=1))}
        session.set_many(choices, replace=True)
        attr_id = data.draw(st.sampled_from(list(DOMAINS)))
        value = data.draw(st.sampled_from(DOMAINS[attr_id]))
        try:
            cleared = session.set_clearing(attr_id, value)
        except SessionError:
            assert session.choices == choices  # refused: nothing changed
            kept = {a: v for a, v in choices.items() if a != attr_id}
            assert not any(all(r[a] == v for a, v in {**kept, attr_id: value}.items()) for r in rows)
            return
        expected = {a: v for a, v in choices.items() if a not in cleared and a != attr_id} | {attr_id: value}
        assert session.choices == expected
        assert any(all(r[a] == v for a, v in expected.items()) for r in rows)  # a valid configuration has them
        for gone in cleared:  # each cleared choice was one the new value makes not apply
            assert gone in choices
            assert all(r[gone] is None for r in rows if all(r[a] == v for a, v in expected.items()))
