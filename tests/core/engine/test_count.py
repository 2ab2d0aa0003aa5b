"""``count_configurations`` (projected model counting) against brute force, and on the Renault benchmark."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.core.engine.count import count_configurations
from configurator.core.engine.encode import Encoding, encode_model
from configurator.core.engine.grid import FILLED
from configurator.core.model import schema as s
from tests.helpers.engine_kit import RandomModel, World, make_model, options, random_models, session_of

FUZZ = settings(max_examples=40, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def lits(encoding: Encoding, *pairs: tuple[str, Any]) -> list[int]:
    """The value literals of ``(attribute, engine value)`` pairs."""
    found = [encoding.literal(a, v) for a, v in pairs]
    assert all(lit is not None for lit in found), pairs
    return [lit for lit in found if lit is not None]


def brute_count(world: World, choices: dict[str, Any]) -> int:
    """Complete valid configurations agreeing with ``choices``, text attributes projected away."""
    counted = [a for a in world.attrs if world.model.attribute(a).type != s.TEXT]
    return len({tuple(repr(row.values[a]) for a in counted) for row in world.valid(choices)})


@st.composite
def model_and_choices(draw: st.DrawFn) -> tuple[RandomModel, dict[str, Any]]:
    case = draw(random_models())
    chosen = draw(st.lists(st.sampled_from(case.specs), max_size=3, unique_by=lambda sp: sp.id))
    return case, {sp.id: draw(st.sampled_from(sp.domain)) for sp in chosen}


@FUZZ
@given(random_models())
def test_count_equals_brute_force(case: RandomModel) -> None:
    world = World(case.model)
    with session_of(case.model) as session:
        assert count_configurations(session.encoding) == brute_count(world, {})


@FUZZ
@given(model_and_choices())
def test_count_with_assumptions_equals_brute_force(drawn: tuple[RandomModel, dict[str, Any]]) -> None:
    case, choices = drawn
    world = World(case.model)
    with session_of(case.model) as session:
        literals = lits(session.encoding, *choices.items())
        assert count_configurations(session.encoding, literals) == brute_count(world, choices)


# ---------------------------------------------------------------- hand-made models


def test_counts_a_small_model_exactly() -> None:
    model = make_model(
        [{"id": "colour", "type": "choice", "options": options("red", "blue", "green")},
         {"id": "big", "type": "boolean"},
         {"id": "n", "type": "integer", "min": 1, "max": 4, "step": 1}],
        [{"id": "big-not-red", "when": "big", "exclude": "colour == red"},
         {"id": "big-needs-n", "when": "big", "require": "n >= 3"}],
    )
    # not big: 3 colours x 4 numbers = 12; big: 2 colours x 2 numbers = 4
    encoding = encode_model(model)
    assert count_configurations(encoding) == 16
    assert count_configurations(encoding, lits(encoding, ("big", True))) == 4
    assert count_configurations(encoding, lits(encoding, ("colour", "red"))) == 4
    assert count_configurations(encoding, lits(encoding, ("colour", "red"), ("big", True))) == 0


def test_soft_defaults_do_not_change_the_count() -> None:
    model = make_model(
        [{"id": "colour", "type": "choice", "default": "red", "options": options("red", "blue", "green")},
         {"id": "big", "type": "boolean", "default": True}],
        [{"id": "d", "default": "colour == blue"}],
    )
    assert count_configurations(encode_model(model)) == 6


def test_text_attributes_do_not_multiply_the_count() -> None:
    attributes: list[dict[str, Any]] = [
        {"id": "colour", "type": "choice", "options": options("red", "blue", "green")},
        {"id": "note", "type": "text", "max_length": 5, "required": False},
    ]
    assert count_configurations(encode_model(make_model(attributes))) == 3
    # a filled text needs red, but the text may stay empty: still every colour
    rule = [{"id": "note-red", "when": "note != ''", "require": "colour == red"}]
    assert count_configurations(encode_model(make_model(attributes, rule))) == 3
    # a required text is always filled: only red is left
    attributes[1]["required"] = True
    assert count_configurations(encode_model(make_model(attributes, rule))) == 1


def test_assuming_a_text_value_restricts_the_other_attributes() -> None:
    model = make_model(
        [{"id": "colour", "type": "choice", "options": options("red", "blue", "green")},
         {"id": "note", "type": "text", "max_length": 5, "required": False}],
        [{"id": "note-red", "when": "note != ''", "require": "colour == red"}],
    )
    encoding = encode_model(model)
    assert count_configurations(encoding, lits(encoding, ("note", FILLED))) == 1
    assert count_configurations(encoding, lits(encoding, ("note", ""))) == 3


def test_a_model_without_valid_configurations_counts_zero() -> None:
    model = make_model(
        [{"id": "colour", "type": "choice", "options": options("red", "blue")}],
        [{"id": "only-red", "require": "colour == red"}, {"id": "only-blue", "require": "colour == blue"}],
    )
    assert count_configurations(encode_model(model)) == 0


def test_a_model_of_texts_only_counts_one() -> None:
    model = make_model([{"id": "note", "type": "text", "max_length": 5, "required": False}])
    assert count_configurations(encode_model(model)) == 1


def test_a_model_of_texts_only_without_valid_configurations_counts_zero() -> None:
    """A required text that a rule demands empty: no configuration at all, so the count is 0, not 1."""
    model = make_model(
        [{"id": "note", "type": "text", "max_length": 5, "required": True}],
        [{"id": "note-empty", "require": "note == ''"}],
    )
    assert count_configurations(encode_model(model)) == 0


def test_a_model_of_texts_only_under_impossible_assumptions_counts_zero() -> None:
    model = make_model([{"id": "note", "type": "text", "max_length": 5, "required": True}])
    encoding = encode_model(model)
    assert count_configurations(encoding, lits(encoding, ("note", ""))) == 0


# ---------------------------------------------------------------- Renault BR4CP medium


def test_renault_medium_has_the_published_count(tmp_path: Path) -> None:
    """BR4CP medium has exactly 278,744 valid configurations (the figure published with the benchmark)."""
    from benchmarks import renault_data
    from configurator.core.model.loader import load_model

    if not (renault_data.data_dir() / "br4cp").is_dir():
        pytest.skip(f"the Renault data is not at {renault_data.data_dir()}")
    model = load_model(renault_data.export(renault_data.read_problem("medium"), tmp_path)).model
    assert count_configurations(encode_model(model)) == 278_744
