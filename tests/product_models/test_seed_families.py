"""What holds for every seed family: a clean lint, completion from a fresh session (defaults followed where they
can be), and the session's valid values equal to a brute-force evaluation of the model's rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from configurator.core.engine.lint import lint_model
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from tests.helpers.seed_kit import FAMILIES, Configure, Rules, brute_force_available, model_of, with_computed

D = Decimal


# ---------------------------------------------------------------- lint


@pytest.mark.parametrize("family", FAMILIES)
def test_lint_finds_no_errors(family: str) -> None:
    issues = lint_model(model_of(family))
    assert [(i.where, i.message) for i in issues if i.severity == "error"] == []


# ---------------------------------------------------------------- completion


def followed_defaults(model: s.ProductModel, values: dict[str, Any]) -> dict[str, bool]:
    """Default rule id -> whether the completed values follow it (a default whose 'when' is false is followed, and
    so is the default of an attribute that does not apply: it has no value, the rule is undecided)."""
    env = e.Env(with_computed(model, values), model.option_values())
    result = {}
    for rule in model.rules:
        if rule.kind != "default":
            continue
        assert rule.expr is not None
        applies = rule.when is None or e.evaluate(rule.when.node, env) is True
        result[rule.id] = not applies or e.evaluate(rule.expr.node, env) is not False
    return result


# defaults a fresh completion does not follow, and why (completion follows the defaults in the model's order:
# the rules' suggestions first, then the attributes' own defaults)
NOT_FOLLOWED: dict[str, set[str]] = {
    "window": set(),
    "eartag": set(),
    # the Capisco 8106 with its 265 mm lift gets the suggested footring ('suggest-footring-high-seat', earlier)
    "chair": {"default-footring"},
    "chimney_cap": set(),
    "kitchen": set(),
}


@pytest.mark.parametrize("family", FAMILIES)
def test_complete_on_a_fresh_session_follows_the_defaults(configure: Configure, family: str) -> None:
    model = model_of(family)
    session = configure(family)
    if family == "eartag":
        session.set("holding_id", "1234567")  # a required text: completion never invents one (see below)
    filled = session.complete()
    state = session.state()
    assert state.complete
    values = session.values()
    texts = {a.id: session.choices.get(a.id, "") for a in model.chosen_attributes if a.type == s.TEXT}
    values.update(texts)  # an optional text left open is empty
    applying = {a.id for a in model.chosen_attributes if a.type != s.TEXT and state.attributes[a.id].applies}
    assert set(filled) | set(session.choices) >= applying  # an attribute that does not apply has no value
    assert Rules(model).broken(values) == []  # checked with the model's own evaluator
    followed = followed_defaults(model, values)
    assert {r for r, ok in followed.items() if not ok} == NOT_FOLLOWED[family]
    for attribute in model.chosen_attributes:
        if (attribute.default is not None and attribute.id in applying
                and f"default-{attribute.id}" not in NOT_FOLLOWED[family]):
            assert values[attribute.id] == attribute.default, attribute.id


def test_the_chair_footring_suggestion_wins_over_the_footring_default(configure: Configure) -> None:
    session = configure("chair")
    filled = session.complete()
    assert (filled["model"], filled["gas_lift"], filled["footring"]) == ("capisco_8106", "lift_265", True)
    # the plain default is followed as soon as the suggestion does not apply
    session = configure("chair", gas_lift="lift_200")
    assert session.complete()["footring"] is False


def test_eartag_completion_leaves_only_the_holding_id_open(configure: Configure) -> None:
    session = configure("eartag")
    filled = session.complete()
    state = session.state()
    assert "holding_id" not in filled
    model = model_of("eartag")
    open_attrs = [a for a, x in state.attributes.items() if x.value is None and not model.attribute(a).is_computed]
    assert [a for a in open_attrs if model.attribute(a).required] == ["holding_id"]
    assert state.complete is False  # a required text is never invented
    # the number series has no default: completion picks any first number that fits with the 100 tags
    assert filled["tag_count"] == 100
    assert 1 <= filled["series_number"] <= 9900
    session.set("holding_id", "1234567")
    assert session.state().complete


# ---------------------------------------------------------------- brute force


def assert_matches_brute_force(configure: Configure, family: str, fixed: dict[str, Any], open_attrs: list[str]) -> None:
    model = model_of(family)
    assert set(fixed) | set(open_attrs) == {a.id for a in model.chosen_attributes}
    state = configure(family, **fixed).state()
    expected = brute_force_available(model, fixed, open_attrs)
    assert {a: list(state.available(a)) for a in open_attrs} == expected


WINDOW_REST = {"wood": "pine", "paint": "ral9010", "position_ref": ""}
WINDOW_OPEN = ["window_type", "opening", "escape_window", "glazing", "glass_coating", "glazing_bars", "heritage"]


@pytest.mark.parametrize(("w", "h", "bars"), [(600, 600, 0), (700, 1300, 2), (1000, 1200, 0), (1800, 1000, 1),
                                              (2400, 1900, 0)])
def test_window_choices_match_brute_force(configure: Configure, w: int, h: int, bars: int) -> None:
    fixed = {"width_mm": D(w), "height_mm": D(h), "bars_per_sash": D(bars), **WINDOW_REST}
    assert_matches_brute_force(configure, "window", fixed, WINDOW_OPEN)


def test_window_widths_match_brute_force(configure: Configure) -> None:
    fixed = {"height_mm": D(1200), "bars_per_sash": D(0), "opening": "outward", "glass_coating": "none",
             "glazing_bars": "none", "heritage": False, **WINDOW_REST}
    assert_matches_brute_force(configure, "window", fixed, ["window_type", "width_mm", "glazing", "escape_window"])


EARTAG_REST = {"holding_id": "1234567", "birth_year": D(2027), "inside_text_1": "", "inside_text_2": "",
               "expected_birth_week": D(16)}


@pytest.mark.parametrize(("series_number", "tag_count"), [(9950, 13), (1, 12), (9990, 10)])
def test_eartag_choices_match_brute_force(configure: Configure, series_number: int, tag_count: int) -> None:
    fixed = {"series_number": D(series_number), "tag_count": D(tag_count), **EARTAG_REST}
    assert_matches_brute_force(configure, "eartag", fixed, ["species", "purpose", "tag_type", "colour"])


def test_eartag_counts_match_brute_force(configure: Configure) -> None:
    fixed = {"series_number": D(9990), "tag_type": "visual", "colour": "white", **EARTAG_REST}
    assert_matches_brute_force(configure, "eartag", fixed, ["species", "purpose", "tag_count"])


CHAIR_REST = {"user_height_m": D("1.75"), "elbow_rests": False}


@pytest.mark.parametrize("fabric", ["cy33", "ru27", "le01", "fk12"])
def test_chair_choices_match_brute_force(configure: Configure, fabric: str) -> None:
    fixed = {"fabric": fabric, "floor": "parquet", "castors": "soft", **CHAIR_REST}
    assert_matches_brute_force(configure, "chair", fixed,
                               ["model", "seat_variant", "design_profile", "metal", "plastic", "gas_lift", "footring"])


def test_chair_floor_and_castors_match_brute_force(configure: Configure) -> None:
    fixed = {"seat_variant": "standard", "design_profile": "free", "fabric": "cy10", "metal": "black",
             "plastic": "black", **CHAIR_REST}
    assert_matches_brute_force(configure, "chair", fixed, ["model", "floor", "castors", "footring", "gas_lift"])


CAP_CHOICES = ["chimney_type", "cabin_use", "flue_shape", "material", "mesh", "wind_variant"]


@pytest.mark.parametrize(("height", "width", "depth"), [(800, 200, 200), (450, 200, 200), (800, 300, 200),
                                                        (2000, 150, 150)])
def test_chimney_cap_choices_match_brute_force(configure: Configure, height: int, width: int, depth: int) -> None:
    """Width and depth given: a square or rectangular flue (the diameter does not apply, only to a round one)."""
    fixed = {"height_above_roof_mm": D(height), "flue_count": D(1), "inner_width_mm": D(width),
             "inner_depth_mm": D(depth)}
    assert_matches_brute_force(configure, "chimney_cap", fixed, [*CAP_CHOICES, "diameter_mm"])


@pytest.mark.parametrize(("height", "diameter"), [(800, 200), (450, 150), (2000, 400)])
def test_round_chimney_cap_choices_match_brute_force(configure: Configure, height: int, diameter: int) -> None:
    """A diameter given: only a round flue (width and depth do not apply)."""
    fixed = {"height_above_roof_mm": D(height), "flue_count": D(1), "diameter_mm": D(diameter)}
    assert_matches_brute_force(configure, "chimney_cap", fixed, [*CAP_CHOICES, "inner_width_mm", "inner_depth_mm"])


def test_chimney_cap_dimensions_match_brute_force(configure: Configure) -> None:
    fixed = {"chimney_type": "masonry", "cabin_use": False, "height_above_roof_mm": D(800), "inner_depth_mm": D(200),
             "material": "galvanised", "mesh": "mesh_16", "wind_variant": "standard"}
    assert_matches_brute_force(configure, "chimney_cap", fixed,
                               ["flue_shape", "flue_count", "inner_width_mm", "diameter_mm"])
