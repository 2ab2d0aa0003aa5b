"""``ConfigurationSession`` unit behaviour on a small window model."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from configurator.core.engine.encode import EncodingError
from configurator.core.engine.repair import Change
from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.model import schema as s
from tests.helpers.engine_kit import make_model, options, session_of


def window_model() -> s.ProductModel:
    return make_model(
        [
            {"id": "window_type", "type": "choice", "default": "side_hung",
             "options": options("fixed", "side_hung", "top_hung")},
            {"id": "glazing", "type": "choice",
             "options": options("double", "triple", values=[{"u": Decimal("1.1")}, {"u": Decimal("0.6")}])},
            {"id": "escape", "type": "boolean", "default": False},
            {"id": "w", "type": "integer", "unit": "mm", "min": 400, "max": 2400, "step": 100},
            {"id": "h", "type": "integer", "unit": "mm", "min": 400, "max": 2000, "step": 100},
            {"id": "depth", "type": "decimal", "unit": "cm", "min": Decimal("8.5"), "max": 12, "step": Decimal("0.5")},
            {"id": "inside_text", "type": "text", "max_length": 10, "pattern": "[A-Z0-9 ]*", "required": False},
            {"id": "area_m2", "type": "computed", "unit": "m2", "decimals": 3, "expr": "w * h / 1000000"},
            {"id": "u_window", "type": "computed", "unit": "W/m2K", "decimals": 2,
             "expr": "glazing.u + 0.2 if area_m2 < 2 else glazing.u + 0.1"},
        ],
        [
            {"id": "escape-size", "when": "escape", "require": "w + h >= 1500"},
            {"id": "fixed-no-escape", "when": "window_type == fixed", "exclude": "escape"},
            {"id": "text-needs-triple", "when": "inside_text != ''", "require": "glazing == triple"},
            {"id": "wide-top-hung", "table": {"file": "top.csv", "mode": "forbidden"}},
        ],
        {"top.csv": {"header": ["window_type", "w"], "rows": [["top_hung", "2400"], ["top_hung", "2300"]]}},
        presets=[
            {"id": "big_escape", "values": {"escape": True, "w": 1000, "h": 1000}},
            {"id": "standard", "values": {"window_type": "side_hung", "glazing": "triple", "w": 1200,
                                          "depth": Decimal("9.5")}},
        ],
    )


@pytest.fixture
def session() -> Iterator[ConfigurationSession]:
    with session_of(window_model()) as opened:
        yield opened


def numbers(*values: int | str) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


# ---------------------------------------------------------------- choosing


def test_a_fresh_session_offers_every_value(session: ConfigurationSession) -> None:
    state = session.state()
    assert state.available("window_type") == ("fixed", "side_hung", "top_hung")
    assert state.available("w") == numbers(*range(400, 2401, 100))
    assert state.available("depth") == numbers("8.5", "9.0", "9.5", "10.0", "10.5", "11.0", "11.5", "12.0")
    assert state.available("inside_text") == ("", "\u2026")
    assert state.choices == {}
    assert state.complete is False


def test_choosing_narrows_the_other_attributes(session: ConfigurationSession) -> None:
    session.set("window_type", "fixed")
    assert session.state().available("escape") == (False,)
    assert session.state().attributes["escape"].value is False  # the only value left
    assert session.state().attributes["escape"].excluded == (True,)
    session.set("window_type", "top_hung")  # choosing again replaces the choice
    state = session.state()
    assert state.choices == {"window_type": "top_hung"}
    assert state.available("escape") == (False, True)
    assert state.available("w") == numbers(*range(400, 2201, 100))
    session.set("escape", True)
    session.set("w", 400)
    assert session.state().available("h") == numbers(*range(1100, 2001, 100))


def test_an_excluded_value_raises_with_its_explanation(session: ConfigurationSession) -> None:
    session.set("window_type", "fixed")
    session.set("glazing", "double")
    with pytest.raises(SessionError) as raised:
        session.set("escape", True)
    explanation = raised.value.explanation
    assert explanation is not None
    assert (explanation.attribute, explanation.value) == ("escape", True)
    assert explanation.choices == (("window_type", "fixed"),)  # glazing has nothing to do with it
    assert [r.id for r in explanation.rules] == ["fixed-no-escape"]
    assert explanation.rules[0].message.en == "fixed-no-escape"
    assert session.choices == {"window_type": "fixed", "glazing": "double"}
    assert session.explain("escape", True) == explanation
    assert session.explain("escape", False) is None


def test_an_explanation_with_several_choices(session: ConfigurationSession) -> None:
    session.set("escape", True)
    session.set("w", 500)
    session.set("depth", Decimal("10"))
    explanation = session.explain("h", 900)
    assert explanation is not None
    assert sorted(explanation.choices) == [("escape", True), ("w", 500)]
    assert [r.id for r in explanation.rules] == ["escape-size"]
    with pytest.raises(SessionError) as raised:
        session.set("h", 900)
    assert raised.value.explanation == explanation


def test_text_excluded_by_a_rule_is_explained(session: ConfigurationSession) -> None:
    session.set("glazing", "double")
    with pytest.raises(SessionError) as raised:
        session.set("inside_text", "ABC")
    assert raised.value.explanation is not None
    assert raised.value.explanation.choices == (("glazing", "double"),)
    assert [r.id for r in raised.value.explanation.rules] == ["text-needs-triple"]
    session.set("inside_text", "")  # an empty text is fine
    assert session.alternatives("glazing") == ("double", "triple")


@pytest.mark.parametrize(("attr_id", "value"), [
    ("colour", "red"),  # unknown attribute
    ("window_type", "round"),  # unknown option
    ("window_type", True),
    ("escape", "yes"),  # a boolean needs True/False
    ("escape", 1),
    ("w", 450),  # off the step
    ("w", 2500),  # out of range
    ("w", 1200.0),  # a float is never a model number
    ("w", True),
    ("w", "wide"),
    ("depth", Decimal("9.25")),
    ("w", Decimal("NaN")),
    ("w", Decimal("Infinity")),
    ("w", "1e400"),
    ("area_m2", Decimal("1")),  # computed attributes are never set
])
def test_unknown_attributes_and_values_are_errors(session: ConfigurationSession, attr_id: str, value: object
                                                  ) -> None:
    with pytest.raises(SessionError) as raised:
        session.set(attr_id, value)
    assert raised.value.explanation is None
    assert session.choices == {}
    assert session.undo() is False
    with pytest.raises(SessionError):
        session.set_many({"glazing": "triple", attr_id: value})
    assert session.choices == {}


@pytest.mark.parametrize("width", [1200, Decimal("1200"), Decimal("1200.0"), Decimal("1.2E+3"), "1200"])
def test_numbers_as_int_decimal_or_text_are_the_same_value(width: object) -> None:
    with session_of(window_model()) as session:
        session.set("w", width)
        session.set("h", 1000)
        state = session.state()
        assert state.attributes["w"].available == (Decimal(1200),)
        assert state.attributes["w"].value == Decimal(1200)
        assert state.attributes["area_m2"].value == Decimal("1.2")
        assert session.alternatives("h")[:2] == numbers(400, 500)
        session.set("escape", True)  # 1200 + 1000 >= 1500
        assert session.explain("w", width) is None


def test_decimal_values_at_their_step(session: ConfigurationSession) -> None:
    session.set("depth", Decimal("9.50"))
    assert session.state().attributes["depth"].value == Decimal("9.5")
    session.set("depth", 12)
    assert session.state().attributes["depth"].value == Decimal(12)
    with pytest.raises(SessionError):
        session.set("depth", Decimal("10.25"))


# ---------------------------------------------------------------- text


def test_a_text_accepts_valid_text_and_rejects_bad_text(session: ConfigurationSession) -> None:
    session.set("inside_text", "HELLO 2026")  # 10 characters, all allowed
    state = session.state()
    assert state.attributes["inside_text"].chosen == "HELLO 2026"
    assert state.attributes["inside_text"].value == "HELLO 2026"
    assert state.available("glazing") == ("triple",)  # a filled text needs triple glazing
    for bad in ("HELLO 20261", "hello", "ÆØÅ", "A-B", 12, None):
        with pytest.raises(SessionError):
            session.set("inside_text", bad)
    assert session.choices == {"inside_text": "HELLO 2026"}
    session.set("inside_text", "")
    assert session.state().available("glazing") == ("double", "triple")


# ---------------------------------------------------------------- computed attributes


def test_computed_attributes_appear_once_their_inputs_are_fixed(session: ConfigurationSession) -> None:
    state = session.state()
    assert state.attributes["area_m2"].value is None
    assert state.attributes["area_m2"].available == ()
    session.set("w", 1200)
    assert session.state().attributes["area_m2"].value is None
    session.set("h", 1500)
    assert session.state().attributes["area_m2"].value == Decimal("1.8")
    assert session.state().attributes["u_window"].value is None  # glazing still open
    session.set("glazing", "triple")
    assert session.state().attributes["u_window"].value == Decimal("0.8")
    session.set("h", 2000)
    assert session.state().attributes["u_window"].value == Decimal("0.7")
    assert session.values()["area_m2"] == Decimal("2.4")
    session.unset("glazing")
    assert "u_window" not in session.values()


def test_a_computed_value_from_a_forced_input(session: ConfigurationSession) -> None:
    """An input nobody chose but that has one value left counts as fixed."""
    session.set("window_type", "top_hung")
    session.set("escape", True)
    session.set("h", 400)
    # w + 400 >= 1500 and top hung w <= 2200: w in 1100..2200 (not one value): no area yet
    assert session.state().attributes["area_m2"].value is None
    session.set("w", 2200)
    assert session.state().attributes["area_m2"].value == Decimal("0.88")


# ---------------------------------------------------------------- undo / redo and set_many


def test_undo_and_redo(session: ConfigurationSession) -> None:
    assert session.undo() is False and session.redo() is False
    session.set("window_type", "fixed")
    session.set("glazing", "double")
    session.set("w", 800)
    session.unset("glazing")
    session.unset("glazing")  # nothing to unset: no history entry
    assert session.choices == {"window_type": "fixed", "w": 800}
    assert session.undo() is True
    assert session.choices == {"window_type": "fixed", "glazing": "double", "w": 800}
    assert session.state().available("glazing") == ("double",)
    assert session.undo() is True
    assert session.undo() is True
    assert session.choices == {"window_type": "fixed"}
    assert session.state().available("escape") == (False,)
    assert session.redo() is True
    assert session.redo() is True
    assert session.choices == {"window_type": "fixed", "glazing": "double", "w": 800}
    assert session.undo() is True
    session.set("h", 500)  # a new change forgets what could be redone
    assert session.redo() is False
    assert session.choices == {"window_type": "fixed", "glazing": "double", "h": 500}
    assert session.undo() and session.undo() and session.undo()
    assert session.choices == {}
    assert session.undo() is False
    assert session.state().available("escape") == (False, True)


def test_a_refused_choice_leaves_no_history(session: ConfigurationSession) -> None:
    session.set("window_type", "fixed")
    with pytest.raises(SessionError):
        session.set("escape", True)
    assert session.undo() is True
    assert session.choices == {}
    assert session.undo() is False


def test_set_many_is_all_or_nothing(session: ConfigurationSession) -> None:
    session.set("glazing", "double")
    with pytest.raises(SessionError):
        session.set_many({"window_type": "fixed", "escape": True})
    with pytest.raises(SessionError):
        session.set_many({"w": 1000, "inside_text": "ABC"})  # the text needs triple, glazing is double
    with pytest.raises(SessionError):
        session.set_many({"w": 1000, "h": 1234})
    assert session.choices == {"glazing": "double"}
    session.set_many({"window_type": "side_hung", "escape": True, "w": 1000, "h": 500, "glazing": "triple"})
    assert session.choices == {"glazing": "triple", "window_type": "side_hung", "escape": True, "w": 1000,
                               "h": 500}
    assert session.undo() is True  # one step
    assert session.choices == {"glazing": "double"}


# ---------------------------------------------------------------- presets


def test_a_good_preset_is_applied(session: ConfigurationSession) -> None:
    session.set("escape", True)
    assert session.apply_preset("standard") == []
    assert session.choices == {"escape": True, "window_type": "side_hung", "glazing": "triple", "w": 1200,
                               "depth": Decimal("9.5")}
    assert session.state().available("h") == numbers(*range(400, 2001, 100))
    assert session.undo() is True
    assert session.choices == {"escape": True}


def test_a_conflicting_preset_returns_repairs_and_changes_nothing(session: ConfigurationSession) -> None:
    session.set("window_type", "fixed")
    session.set("glazing", "double")
    repairs = session.apply_preset("big_escape")
    assert session.choices == {"window_type": "fixed", "glazing": "double"}
    assert repairs
    first = repairs[0]
    assert [c.attribute for c in first.changes] == ["window_type"]
    assert first.changes[0].old == "fixed"
    assert first.changes[0].new in ("side_hung", "top_hung")
    assert first.values["glazing"] == "double"
    for repair in repairs:
        assert {k: repair.values[k] for k in ("escape", "w", "h")} == {"escape": True, "w": 1000, "h": 1000}
    session.apply_repair(first)
    assert session.choices["window_type"] == first.changes[0].new
    assert session.apply_preset("big_escape") == []


def test_an_unknown_preset_is_an_error(session: ConfigurationSession) -> None:
    with pytest.raises(SessionError):
        session.apply_preset("nope")


# ---------------------------------------------------------------- alternatives


def test_alternatives_of_a_chosen_attribute(session: ConfigurationSession) -> None:
    session.set("escape", True)
    assert session.alternatives("window_type") == ("side_hung", "top_hung")
    assert session.alternatives("escape") == (False, True)
    session.set("window_type", "top_hung")
    session.set("w", 400)
    assert session.alternatives("escape") == (False, True)
    assert session.state().available("h") == numbers(*range(1100, 2001, 100))
    session.set("h", 1100)
    assert session.alternatives("w") == numbers(*range(400, 2201, 100))
    assert session.alternatives("h") == numbers(*range(1100, 2001, 100))
    assert session.alternatives("window_type") == ("side_hung", "top_hung")


# ---------------------------------------------------------------- repairs


def test_repair_of_a_numeric_conflict_proposes_the_nearest_valid_number(session: ConfigurationSession) -> None:
    session.set("escape", True)
    session.set("w", 400)
    session.set("glazing", "triple")
    repairs = session.repairs({"h": 1000, "escape": True})
    assert repairs
    assert repairs[0].changes == (Change("w", 400, Decimal(500)),)
    assert repairs[0].values == {"escape": True, "w": Decimal(500), "h": 1000, "glazing": "triple"}
    session.apply_repair(repairs[0])
    assert session.state().attributes["h"].value == Decimal(1000)
    assert session.state().attributes["w"].value == Decimal(500)


def test_repair_moves_a_number_down_to_the_nearest_valid_one() -> None:
    model = make_model(
        [{"id": "w", "type": "integer", "min": 400, "max": 2400, "step": 100},
         {"id": "h", "type": "integer", "min": 400, "max": 2000, "step": 100}],
        [{"id": "perimeter", "require": "w + h <= 2000"}])
    with session_of(model) as session:
        session.set("w", 1500)
        repairs = session.repairs({"h": 1000})
        assert repairs[0].changes == (Change("w", 1500, Decimal(1000)),)


def test_repairs_change_as_few_choices_as_possible(session: ConfigurationSession) -> None:
    session.set("window_type", "fixed")
    session.set("glazing", "double")
    session.set("w", 400)
    session.set("h", 500)
    session.set("depth", 10)
    repairs = session.repairs({"escape": True})
    # fixed must go, and w + h >= 1500 needs one of the two numbers changed: two changes
    assert len(repairs[0].changes) == 2
    assert {c.attribute for c in repairs[0].changes} in ({"window_type", "w"}, {"window_type", "h"})
    for repair in repairs:
        assert repair.values["escape"] is True
        assert repair.values["depth"] == 10 or repair.values["depth"] == Decimal(10)
        assert all(c.old != c.new for c in repair.changes)
        check = ConfigurationSession(session.model, session.encoding)
        try:
            check.set_many(repair.values)  # every repair is a consistent set of choices
        finally:
            check.close()
    assert session.choices == {"window_type": "fixed", "glazing": "double", "w": 400, "h": 500, "depth": 10}


def test_no_repair_for_an_impossible_value() -> None:
    model = make_model(
        [{"id": "f", "type": "boolean"}, {"id": "g", "type": "boolean"}],
        [{"id": "never-f", "exclude": "f"}])
    with session_of(model) as session:
        session.set("g", True)
        assert session.repairs({"f": True}) == []
        explanation = session.explain("f", True)
        assert explanation is not None
        assert explanation.choices == ()
        assert [r.id for r in explanation.rules] == ["never-f"]


def test_repairs_reject_unknown_values(session: ConfigurationSession) -> None:
    with pytest.raises(SessionError):
        session.repairs({"w": 450})
    with pytest.raises(SessionError):
        session.repairs({"colour": "red"})


# ---------------------------------------------------------------- completion


def test_complete_follows_the_defaults(session: ConfigurationSession) -> None:
    session.set("w", 400)
    filled = session.complete()
    state = session.state()
    assert state.complete is True
    assert filled["window_type"] == "side_hung"
    assert filled["escape"] is False
    assert "inside_text" not in filled
    assert set(filled) == {"window_type", "glazing", "escape", "h", "depth"}
    assert session.choices["w"] == 400
    assert state.attributes["area_m2"].value is not None


def test_complete_skips_a_default_that_does_not_fit(session: ConfigurationSession) -> None:
    session.set("window_type", "top_hung")
    session.set("w", 400)
    session.set("h", 2000)
    session.set("escape", True)  # against the default: the session keeps the choice
    filled = session.complete()
    assert session.choices["escape"] is True and session.choices["window_type"] == "top_hung"
    assert set(filled) == {"glazing", "depth"}


def test_an_inconsistent_model_has_no_values() -> None:
    model = make_model([{"id": "f", "type": "boolean"}], [{"id": "a", "require": "f"}, {"id": "b", "exclude": "f"}])
    with session_of(model) as session:
        assert session.state().available("f") == ()
        assert session.state().attributes["f"].excluded == (False, True)
        assert session.complete() == {}
        with pytest.raises(SessionError):
            session.set("f", True)


# ---------------------------------------------------------------- texts in rules


def test_an_empty_text_test_written_either_way_round() -> None:
    """``'' != t`` means the same as ``t != ''`` (the language allows both)."""
    model = make_model(
        [{"id": "t", "type": "text", "required": False}, {"id": "f", "type": "boolean"}],
        [{"id": "r", "when": "f", "require": "'' != t"}])
    with session_of(model) as session:
        session.set("t", "")
        assert session.state().available("f") == (False,)


def test_a_text_attribute_with_a_default() -> None:
    """A text attribute may have a default (the model language allows it); the session must still open."""
    model = make_model([{"id": "t", "type": "text", "required": False, "default": "AB"},
                        {"id": "f", "type": "boolean"}])
    try:
        session = ConfigurationSession(model)
    except EncodingError as exc:
        pytest.fail(f"a valid model cannot be configured: {exc}")
    session.close()


# ---------------------------------------------------------------- repairs and presets around texts


def text_model() -> s.ProductModel:
    return make_model(
        [{"id": "t", "type": "text", "pattern": "[A-Z]*", "max_length": 4, "required": False},
         {"id": "f", "type": "boolean"},
         {"id": "g", "type": "boolean"},
         {"id": "n", "type": "integer", "min": 0, "max": 5, "step": 1}],
        [{"id": "f-needs-text", "when": "f", "require": "t != ''"},
         {"id": "f-needs-n", "when": "f and g", "require": "n >= 3"},
         {"id": "never-n5-and-g", "exclude": "n == 5 and g"}],
        presets=[{"id": "impossible", "values": {"n": 5, "g": True}}])


def test_a_repair_never_invents_a_text() -> None:
    """Insisting on f needs *some* text in t: a repair may leave t open, but cannot type the engine's
    stand-in for "some text" (which the text's own pattern may not even accept)."""
    with session_of(text_model()) as session:
        session.set("t", "")
        repairs = session.repairs({"f": True})
        assert repairs
        for repair in repairs:
            assert repair.values.get("t", "A") != "\u2026"
        session.apply_repair(repairs[0])
        assert session.choices["f"] is True
        assert session.state().available("t") == ("\u2026",)


def test_a_repair_with_a_text_and_a_number() -> None:
    with session_of(text_model()) as session:
        session.set("t", "")
        session.set("g", True)
        session.set("n", 1)
        repairs = session.repairs({"f": True})  # t must be filled and n >= 3 (or g false)
        assert repairs
        assert all(repair.values.get("t", "A") != "\u2026" for repair in repairs)


def test_apply_preset_returns_nothing_only_when_applied() -> None:
    """``[]`` means "applied": a preset that no repair can make fit must not look applied."""
    with session_of(text_model()) as session:
        session.set("f", False)
        try:
            result = session.apply_preset("impossible")  # n == 5 and g break a rule whatever else is chosen
        except SessionError:
            result = None  # refusing it is fine too
        if result == []:
            assert session.choices == {"f": False, "n": 5, "g": True}, "[] returned but the preset was not applied"
        else:
            assert session.choices == {"f": False}


# ---------------------------------------------------------------- cheapest completion


def test_cheapest_completion_picks_the_smallest_surcharges() -> None:
    priced = [{"id": o, "label": {"nb": o, "en": o}, "price": p} for o, p in
              (("oak", 300), ("pine", 0), ("teak", Decimal("99.50")))]
    model = make_model(
        [{"id": "wood", "type": "choice", "options": priced},
         {"id": "oiled", "type": "boolean"}],
        [{"id": "oiled-no-pine", "when": "oiled", "exclude": "wood == pine"}])
    with session_of(model) as session:
        assert session.complete(cheapest=True)["wood"] == "pine"
    with session_of(model) as session:
        session.set("oiled", True)
        assert session.complete(cheapest=True) == {"wood": "teak"}


def test_an_explanation_names_one_reason_when_there_are_several() -> None:
    """Each of two choices excludes the value by its own rule: a minimal explanation names only one of them."""
    model = make_model(
        [{"id": "f", "type": "boolean"}, {"id": "g", "type": "boolean"}, {"id": "h", "type": "boolean"},
         {"id": "n", "type": "integer", "min": 0, "max": 9, "step": 1}],
        [{"id": "g-no-f", "when": "g", "exclude": "f"},
         {"id": "h-no-f", "when": "h", "exclude": "f"},
         {"id": "big-n-no-f", "when": "n > 4", "exclude": "f"},
         {"id": "gh-no-f", "when": "g and h", "exclude": "f"}])
    with session_of(model) as session:
        session.set_many({"g": True, "h": True, "n": 7})
        explanation = session.explain("f", True)
        assert explanation is not None
        reasons = (dict(explanation.choices), [r.id for r in explanation.rules])
        assert reasons in (({"g": True}, ["g-no-f"]), ({"h": True}, ["h-no-f"]), ({"n": 7}, ["big-n-no-f"]))


def test_an_explanation_leaves_out_a_choice_the_solver_looked_at() -> None:
    """The rule tests ``c`` only when ``i != 0``: with ``i == 0`` the choice of ``c`` is no reason."""
    model = make_model(
        [{"id": "c", "type": "choice", "options": options("oak", "red", "green", "blue")},
         {"id": "i", "type": "integer", "min": 0, "max": 6, "step": 1},
         {"id": "b", "type": "boolean"}],
        [{"id": "r0", "exclude": "b if 3 * i / 4 <= 0 else c not in [red, oak]"}])
    with session_of(model) as session:
        session.set("i", 0)
        session.set("c", "oak")
        explanation = session.explain("b", True)
        assert explanation is not None
        assert explanation.choices == (("i", 0),)
        assert [r.id for r in explanation.rules] == ["r0"]
