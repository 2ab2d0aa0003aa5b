"""The chair seed model (product_models/chair): SoFi design directions, Capisco Puls seats, castors by floor,
footring rules, gas-lift suggestions and the nine Designer's Choice presets."""

from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any

import pytest

from configurator.core.engine.session import ConfigurationSession
from tests.helpers.seed_kit import MODELS, Configure, assert_excluded, assert_refused, because, model_of

D = Decimal
FAMILY = "chair"

DIRECTIONS = (
    'The colour does not belong to the chosen design direction. Choose "Free choice" to combine freely.',
    "Fargen passer ikke i den valgte designretningen. Velg «Fritt valg» for å kombinere fritt.",
)
SOFI_ONLY = (
    "The design directions Formal, Casual and Edge exist only for SoFi; other models have a free colour choice.",
    "Designretningene Formal, Casual og Edge finnes bare for SoFi; andre modeller har fritt fargevalg.",
)
PULS_NEEDS_PULS_SEAT = (
    "Capisco Puls has a moulded seat and comes only as Puls or Puls Plus.",
    "Capisco Puls har støpt sete og leveres bare som Puls eller Puls Plus.",
)
PULS_SEAT_ONLY_ON_PULS = (
    "The Puls and Puls Plus seats exist only on the Capisco Puls 8020.",
    "Puls- og Puls Plus-setet finnes bare på Capisco Puls 8020.",
)
CARPET = (
    "Carpet needs hard castors; soft castors sink in and make the chair heavy to roll.",
    "På teppe trengs harde hjul; myke hjul synker ned og gjør stolen tung å trille.",
)
HARD_FLOOR = (
    "Hard floors (parquet, tiles) need soft castors; hard castors scratch and are noisy.",
    "Harde gulv (parkett, flis) trenger myke hjul; harde hjul riper og bråker.",
)
FOOTRING_CAPISCO = (
    "A footring is available only for the Capisco chairs; SoFi and Futu are for normal seat height.",
    "Fotring leveres bare til Capisco-stolene; SoFi og Futu er for vanlig sittehøyde.",
)
FOOTRING_LIFT = (
    "With a 150 mm gas lift the seat is so low that the footring hits the floor; choose 200 or 265 mm.",
    "Med 150 mm gassfjær sitter setet så lavt at fotringen treffer gulvet; velg 200 eller 265 mm.",
)
NO_HIGH_LIFT = (
    "The 265 mm gas lift is for saddle chairs at standing desks; SoFi and Futu come with 150 or 200 mm.",
    "265 mm gassfjær er for sadelstoler ved ståpult; SoFi og Futu leveres med 150 eller 200 mm.",
)

PROFILE = {"formal": ("Design direction = Formal", "Designretning = Formal"),
           "casual": ("Design direction = Casual", "Designretning = Casual"),
           "edge": ("Design direction = Edge", "Designretning = Edge")}
MODEL = {"capisco_8106": ("Model = HÅG Capisco 8106", "Modell = HÅG Capisco 8106"),
         "capisco_puls_8020": ("Model = HÅG Capisco Puls 8020", "Modell = HÅG Capisco Puls 8020"),
         "sofi": ("Model = HÅG SoFi", "Modell = HÅG SoFi"),
         "futu": ("Model = HÅG Futu", "Modell = HÅG Futu")}
FLOOR = {"carpet": ("Floor the chair will stand on = Carpet", "Gulvtype der stolen skal stå = Teppe"),
         "parquet": ("Floor the chair will stand on = Parquet or wooden floor",
                     "Gulvtype der stolen skal stå = Parkett eller tregulv"),
         "tile": ("Floor the chair will stand on = Tiles or stone", "Gulvtype der stolen skal stå = Flis eller stein")}


def excluded(session: ConfigurationSession, attr_id: str, value: Any, rules: dict[str, tuple[str, str]],
             choices: dict[tuple[str, Any], tuple[str, str]]) -> None:
    assert_excluded(
        session, attr_id, value, rules=list(rules), choices=list(choices),
        en=because("en", [m[0] for m in rules.values()], [c[0] for c in choices.values()]),
        nb=because("nb", [m[1] for m in rules.values()], [c[1] for c in choices.values()]),
    )


def profile_table() -> dict[str, list[tuple[str, str, str]]]:
    """sofi_profiles.csv: design direction -> its (fabric, metal, plastic) rows."""
    with (MODELS / FAMILY / "sofi_profiles.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    table: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        table.setdefault(row["design_profile"], []).append((row["fabric"], row["metal"], row["plastic"]))
    return table


# ---------------------------------------------------------------- SoFi design directions


@pytest.mark.parametrize("profile", ["formal", "casual", "edge"])
def test_a_design_direction_offers_exactly_its_table_rows(configure: Configure, profile: str) -> None:
    rows = profile_table()[profile]
    state = configure(FAMILY, model="sofi", design_profile=profile).state()
    fabric_ids = [o.id for o in model_of(FAMILY).attribute("fabric").options]
    assert state.available("fabric") == tuple(f for f in fabric_ids if f in {r[0] for r in rows})
    assert set(state.available("metal")) == {r[1] for r in rows}
    assert set(state.available("plastic")) == {r[2] for r in rows}


@pytest.mark.parametrize(("profile", "attr_id", "value"), [
    ("formal", "fabric", "cy33"),  # a casual fabric
    ("formal", "metal", "silver"),
    ("formal", "plastic", "white"),
    ("casual", "fabric", "cy10"),
    ("casual", "metal", "black"),
    ("edge", "fabric", "le01"),
    ("edge", "metal", "polished"),
])
def test_a_colour_outside_the_direction_is_excluded_by_the_table(configure: Configure, profile: str, attr_id: str,
                                                                 value: str) -> None:
    session = configure(FAMILY, model="sofi", design_profile=profile)
    # the table alone decides it: the design direction is the only choice named (not the model)
    excluded(session, attr_id, value, {"sofi-design-directions": DIRECTIONS},
             {("design_profile", profile): PROFILE[profile]})
    assert_refused(session, attr_id, value)


def test_a_fabric_first_limits_the_design_directions(configure: Configure) -> None:
    session = configure(FAMILY, model="sofi", fabric="cy33")
    assert session.state().available("design_profile") == ("free", "casual")
    excluded(session, "design_profile", "formal", {"sofi-design-directions": DIRECTIONS},
             {("fabric", "cy33"): ("Fabric = CY33 Cycle light grey", "Stoff = CY33 Cycle lys grå")})


def test_free_choice_offers_the_whole_colour_card(configure: Configure) -> None:
    state = configure(FAMILY, model="sofi", design_profile="free").state()
    assert len(state.available("fabric")) == 32
    assert state.available("metal") == ("black", "silver", "polished")


def test_design_directions_are_for_sofi_only(configure: Configure) -> None:
    session = configure(FAMILY, design_profile="edge")
    assert session.state().available("model") == ("sofi",)
    excluded(session, "model", "futu", {"design-direction-sofi-only": SOFI_ONLY},
             {("design_profile", "edge"): PROFILE["edge"]})
    session = configure(FAMILY, model="capisco_8106")
    assert session.state().available("design_profile") == ("free",)
    excluded(session, "design_profile", "formal", {"design-direction-sofi-only": SOFI_ONLY},
             {("model", "capisco_8106"): MODEL["capisco_8106"]})


# ---------------------------------------------------------------- Capisco Puls seats


def test_capisco_puls_comes_only_with_a_puls_seat(configure: Configure) -> None:
    session = configure(FAMILY, model="capisco_puls_8020")
    assert session.state().available("seat_variant") == ("puls", "puls_plus")
    excluded(session, "seat_variant", "standard", {"puls-needs-puls-seat": PULS_NEEDS_PULS_SEAT},
             {("model", "capisco_puls_8020"): MODEL["capisco_puls_8020"]})


@pytest.mark.parametrize("model", ["capisco_8106", "sofi", "futu"])
@pytest.mark.parametrize("seat", ["puls", "puls_plus"])
def test_puls_seats_only_on_capisco_puls(configure: Configure, model: str, seat: str) -> None:
    session = configure(FAMILY, model=model)
    assert session.state().available("seat_variant") == ("standard",)
    excluded(session, "seat_variant", seat, {"puls-seat-only-on-puls": PULS_SEAT_ONLY_ON_PULS},
             {("model", model): MODEL[model]})


def test_a_puls_seat_chooses_the_model(configure: Configure) -> None:
    session = configure(FAMILY, seat_variant="puls_plus")
    state = session.state()
    assert state.available("model") == ("capisco_puls_8020",)
    assert state.attributes["model"].value == "capisco_puls_8020"


# ---------------------------------------------------------------- castors by floor


def test_carpet_needs_hard_castors(configure: Configure) -> None:
    session = configure(FAMILY, floor="carpet")
    assert session.state().available("castors") == ("hard",)
    excluded(session, "castors", "soft", {"carpet-hard-castors": CARPET}, {("floor", "carpet"): FLOOR["carpet"]})
    assert session.complete()["castors"] == "hard"


@pytest.mark.parametrize("floor", ["parquet", "tile"])
def test_hard_floors_need_soft_castors(configure: Configure, floor: str) -> None:
    session = configure(FAMILY, floor=floor)
    assert session.state().available("castors") == ("soft",)
    excluded(session, "castors", "hard", {"hard-floor-soft-castors": HARD_FLOOR}, {("floor", floor): FLOOR[floor]})


def test_linoleum_takes_either_and_completes_with_the_default_soft_castors(configure: Configure) -> None:
    session = configure(FAMILY, floor="linoleum")
    assert session.state().available("castors") == ("soft", "hard")
    assert session.complete()["castors"] == "soft"
    session = configure(FAMILY, floor="linoleum", castors="hard")
    assert session.state().complete is False
    session.complete()
    assert session.state().complete


def test_hard_castors_exclude_the_hard_floors(configure: Configure) -> None:
    session = configure(FAMILY, castors="hard")
    assert session.state().available("floor") == ("carpet", "linoleum")
    excluded(session, "floor", "parquet", {"hard-floor-soft-castors": HARD_FLOOR},
             {("castors", "hard"): ("Castors = Hard castors (for carpet)", "Hjul = Harde hjul (for teppe)")})


# ---------------------------------------------------------------- footring and gas lift


@pytest.mark.parametrize("model", ["sofi", "futu"])
def test_no_footring_and_no_265_lift_on_desk_chairs(configure: Configure, model: str) -> None:
    session = configure(FAMILY, model=model)
    state = session.state()
    assert state.available("footring") == (False,)
    assert state.available("gas_lift") == ("lift_150", "lift_200")
    excluded(session, "footring", True, {"footring-saddle-chairs-only": FOOTRING_CAPISCO},
             {("model", model): MODEL[model]})
    excluded(session, "gas_lift", "lift_265", {"desk-chairs-no-high-lift": NO_HIGH_LIFT},
             {("model", model): MODEL[model]})


def test_a_footring_needs_at_least_a_200_lift(configure: Configure) -> None:
    session = configure(FAMILY, gas_lift="lift_150")
    excluded(session, "footring", True, {"footring-needs-lift": FOOTRING_LIFT},
             {("gas_lift", "lift_150"): ("Gas lift = 150 mm (low)", "Gassfjær = 150 mm (lav)")})
    session = configure(FAMILY, footring=True)
    state = session.state()
    assert state.available("gas_lift") == ("lift_200", "lift_265")
    assert state.available("model") == ("capisco_8106", "capisco_puls_8020")
    excluded(session, "gas_lift", "lift_150", {"footring-needs-lift": FOOTRING_LIFT},
             {("footring", True): ("Footring = yes", "Fotring = ja")})
    excluded(session, "model", "futu", {"footring-saddle-chairs-only": FOOTRING_CAPISCO},
             {("footring", True): ("Footring = yes", "Fotring = ja")})


@pytest.mark.parametrize(("chosen", "gas_lift", "footring"), [
    ({}, "lift_265", True),  # Capisco at standing height: the footring is suggested
    ({"user_height_m": D("1.55")}, "lift_150", False),  # a short user: low lift, so no footring
    ({"model": "sofi"}, "lift_200", False),
    ({"model": "futu", "user_height_m": D("1.50")}, "lift_150", False),
    ({"model": "capisco_8106", "gas_lift": "lift_200"}, "lift_200", False),  # the footring default (false) holds
])
def test_gas_lift_and_footring_suggestions(configure: Configure, chosen: dict[str, Any], gas_lift: str,
                                           footring: bool) -> None:
    session = configure(FAMILY, **chosen)
    session.complete()
    state = session.state()
    assert state.complete
    assert (state.attributes["gas_lift"].value, state.attributes["footring"].value) == (gas_lift, footring)


# ---------------------------------------------------------------- Designer's Choice presets


DESIGNERS_CHOICE = [f"designers_choice_{i}" for i in range(1, 10)]


def test_there_are_nine_designers_choice_presets() -> None:
    assert [p.id for p in model_of(FAMILY).presets] == DESIGNERS_CHOICE


@pytest.mark.parametrize("preset_id", DESIGNERS_CHOICE)
def test_designers_choice_applies_to_a_fresh_session_and_is_complete(configure: Configure, preset_id: str) -> None:
    preset = next(p for p in model_of(FAMILY).presets if p.id == preset_id)
    session = configure(FAMILY)
    assert session.apply_preset(preset_id) == []
    state = session.state()
    assert state.complete
    assert state.choices == preset.values
    assert session.complete() == {}  # nothing left to fill
    # each preset is one row of its direction's table
    fabric, metal, plastic = (preset.values[a] for a in ("fabric", "metal", "plastic"))
    assert (fabric, metal, plastic) in profile_table()[preset.values["design_profile"]]


def test_designers_choice_replaces_earlier_choices(configure: Configure) -> None:
    # every Designer's Choice sets all twelve attributes, so it never clashes with earlier choices: it replaces them
    session = configure(FAMILY, model="capisco_8106", footring=True, floor="carpet")
    assert session.apply_preset("designers_choice_7") == []
    preset = next(p for p in model_of(FAMILY).presets if p.id == "designers_choice_7")
    assert session.choices == preset.values
    assert session.undo()
    assert session.choices == {"model": "capisco_8106", "footring": True, "floor": "carpet"}
