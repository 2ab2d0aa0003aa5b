"""The chimney cap seed model (product_models/chimney_cap): flue shapes and dimensions, the combinations that are
not produced, steel and element chimneys, cabins, the cap size and its size class (and what the class prices)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from configurator.core.engine.session import ConfigurationSession, SessionError
from tests.helpers.seed_kit import Configure, assert_excluded, assert_refused, because, evaluate, model_of, numbers

D = Decimal
FAMILY = "chimney_cap"

SQUARE = ("A square flue has the same width and depth.", "Et kvadratisk røykløp har lik bredde og dybde.")
RECTANGULAR = (
    "For rectangular flues the longer side is entered as the width; equal sides are square.",
    "For rektangulære røykløp oppgis den lengste siden som bredde; like sider er kvadratisk.",
)
DIAMETER = ("“Inner diameter” applies only when “Flue shape” is Round.",
            "«Innvendig diameter» gjelder bare når «Røykløpets form» er Rundt.")
WIDTH = ("“Inner width per flue” applies only when “Flue shape” is not Round.",
         "«Innvendig bredde per røykløp» gjelder bare når «Røykløpets form» ikke er Rundt.")
DEPTH = ("“Inner depth” applies only when “Flue shape” is not Round.",
         "«Innvendig dybde» gjelder bare når «Røykløpets form» ikke er Rundt.")
ROUND_SINGLE = (
    "Round flues get a cap each; several flues under one cap must be square or rectangular.",
    "Runde røykløp får hver sin hatt; flere røykløp under én hatt må være firkantede.",
)
ROUND_MAX = ("Caps for round flues are made up to 400 mm diameter.",
             "Hatter for runde røykløp lages opp til 400 mm diameter.")
STEEL_ROUND = ("Steel chimneys have a round flue.", "Stålpiper har rundt røykløp.")
ELEMENT_SHAPES = ("Element chimneys have round or square flues.", "Elementpiper har runde eller kvadratiske røykløp.")
STEEL_HEIGHT = (
    "A steel chimney must stand at least 500 mm above the roof; the cap is not fitted to lower steel chimneys.",
    "En stålpipe skal stå minst 500 mm over taket; hatten monteres ikke på lavere stålpiper.",
)
NO_COPPER = (
    "Copper on a steel chimney causes galvanic corrosion; choose stainless or coated steel.",
    "Kobber mot stålpipe gir galvanisk korrosjon; velg rustfritt eller lakkert stål.",
)
CAP_SIZE = (
    "The cap gets too large (at most 1800 × 1200 mm outside); split the flues over two caps.",
    "Hatten blir for stor (høyst 1800 × 1200 mm utvendig); del røykløpene på to hatter.",
)
SPARK = (
    "Cabin chimneys need a spark arrester: forest is often near, and the chimney stands cold and is checked less "
    "often.",
    "Hyttepiper skal ha gnistfanger: det er ofte skog i nærheten, og pipa står kald og blir sjeldnere ettersett.",
)
NOT_PRODUCED = (
    "This combination of material, wind protection and spark arrester is not produced.",
    "Denne kombinasjonen av materiale, vindbeskyttelse og gnistfanger produseres ikke.",
)

SHAPE = {"square": ("Flue shape = Square", "Røykløpets form = Kvadratisk"),
         "rectangular": ("Flue shape = Rectangular", "Røykløpets form = Rektangulært"),
         "round": ("Flue shape = Round", "Røykløpets form = Rundt")}
STEEL = ("Chimney type = Steel chimney", "Pipetype = Stålpipe")
MATERIAL = {"copper": ("Material = Copper", "Materiale = Kobber"),
            "black_powder_coated": ("Material = Black powder-coated", "Materiale = Svart pulverlakkert")}
DOWN_DRAUGHT = ("Wind protection = Down-draught cap (double roof)", "Vindbeskyttelse = Nedtrekkshatt (dobbelt tak)")
MESH_12 = ("Spark arrester = Mesh 12 mm", "Gnistfanger = Netting 12 mm")


def inner_width(mm: int) -> tuple[str, str]:
    return f"Inner width per flue = {mm} mm", f"Innvendig bredde per røykløp = {mm} mm"


def excluded(session: ConfigurationSession, attr_id: str, value: Any, rules: dict[str, tuple[str, str]],
             choices: dict[tuple[str, Any], tuple[str, str]], *, fewest_choices: bool = True) -> None:
    assert_excluded(
        session, attr_id, value, rules=list(rules), choices=list(choices),
        en=because("en", [m[0] for m in rules.values()], [c[0] for c in choices.values()]),
        nb=because("nb", [m[1] for m in rules.values()], [c[1] for c in choices.values()]),
        fewest_choices=fewest_choices,
    )


# ---------------------------------------------------------------- flue shape and dimensions


def test_a_square_flue_has_equal_sides_and_no_diameter(configure: Configure) -> None:
    session = configure(FAMILY, flue_shape="square", inner_width_mm=250)
    state = session.state()
    assert state.available("inner_depth_mm") == (250,)
    # the diameter is for round flues only: it has no value here, and the configurator does not ask for it
    assert (state.attributes["diameter_mm"].applies, state.available("diameter_mm")) == (False, ())
    # (the width alone also excludes it, with three rules: square, rectangular and round)
    excluded(session, "inner_depth_mm", 260, {"square-equal-sides": SQUARE},
             {("flue_shape", "square"): SHAPE["square"], ("inner_width_mm", 250): inner_width(250)},
             fewest_choices=False)
    assert_refused(session, "inner_depth_mm", 260)
    excluded(session, "diameter_mm", 240, {"applies-diameter_mm": DIAMETER},
             {("flue_shape", "square"): SHAPE["square"]})
    assert_refused(session, "diameter_mm", 240)
    session.complete()
    assert "diameter_mm" not in session.values() and session.state().complete


def test_a_rectangular_flue_enters_the_longer_side_as_the_width(configure: Configure) -> None:
    session = configure(FAMILY, flue_shape="rectangular", inner_width_mm=250)
    assert session.state().available("inner_depth_mm") == numbers(range(100, 241, 10))
    excluded(session, "inner_depth_mm", 250, {"rectangular-width-longest": RECTANGULAR},
             {("flue_shape", "rectangular"): SHAPE["rectangular"], ("inner_width_mm", 250): inner_width(250)})
    session.set("inner_depth_mm", 150)
    assert session.state().attributes["diameter_mm"].applies is False


def test_a_round_flue_is_given_by_its_diameter_only(configure: Configure) -> None:
    session = configure(FAMILY, flue_shape="round", diameter_mm=150)
    state = session.state()
    assert [state.attributes[a].applies for a in ("inner_width_mm", "inner_depth_mm")] == [False, False]
    assert (state.available("inner_width_mm"), state.available("inner_depth_mm")) == ((), ())
    assert state.available("flue_count") == (1,)
    assert (state.attributes["cap_width_mm"].value, state.attributes["cap_depth_mm"].value) == (250, 250)
    excluded(session, "inner_width_mm", 200, {"applies-inner_width_mm": WIDTH},
             {("flue_shape", "round"): SHAPE["round"]})
    excluded(session, "inner_depth_mm", 200, {"applies-inner_depth_mm": DEPTH},
             {("flue_shape", "round"): SHAPE["round"]})
    excluded(session, "flue_count", 2, {"round-single-flue": ROUND_SINGLE}, {("flue_shape", "round"): SHAPE["round"]})
    session.complete()
    assert session.state().complete and not {"inner_width_mm", "inner_depth_mm"} & set(session.values())


def test_a_diameter_makes_the_flue_round_and_a_width_makes_it_not(configure: Configure) -> None:
    assert configure(FAMILY, diameter_mm=300).state().available("flue_shape") == ("round",)
    assert "round" not in configure(FAMILY, inner_width_mm=300).state().available("flue_shape")
    assert "round" not in configure(FAMILY, inner_depth_mm=200).state().available("flue_shape")


def test_round_flues_up_to_400_mm(configure: Configure) -> None:
    session = configure(FAMILY, flue_shape="round")
    assert session.state().available("diameter_mm") == numbers(range(100, 401, 10))
    # (without the choice it is excluded too: a diameter is only for a round flue, and those go up to 400 mm)
    excluded(session, "diameter_mm", 410, {"round-max-diameter": ROUND_MAX}, {("flue_shape", "round"): SHAPE["round"]},
             fewest_choices=False)


def test_a_600_mm_depth_can_only_be_square(configure: Configure) -> None:
    # rectangular needs a longer width (at most 600), round at most 400: only a 600 × 600 square is left
    state = configure(FAMILY, inner_depth_mm=600).state()
    assert state.available("flue_shape") == ("square",)
    assert state.available("inner_width_mm") == (600,)


def test_four_flues_fit_under_one_cap_up_to_280_mm(configure: Configure) -> None:
    session = configure(FAMILY, flue_count=4)
    assert session.state().available("inner_width_mm")[-1] == 280  # 4 × (280 + 120) + 180 = 1780 <= 1800
    # with four flues 300 mm is too wide as a square or rectangular flue, and a round flue is a single flue
    excluded(session, "inner_width_mm", 300, {"round-single-flue": ROUND_SINGLE, "cap-max-size": CAP_SIZE},
             {("flue_count", 4): ("Number of flues under the cap = 4 pcs", "Antall røykløp under hatten = 4 stk")})
    session.set("flue_shape", "square")
    excluded(session, "inner_width_mm", 300, {"cap-max-size": CAP_SIZE},
             {("flue_count", 4): ("Number of flues under the cap = 4 pcs", "Antall røykløp under hatten = 4 stk"),
              ("flue_shape", "square"): SHAPE["square"]},
             fewest_choices=False)  # the flue count alone excludes it too (with the round rule, as above)


# ---------------------------------------------------------------- chimney types


def test_steel_chimneys(configure: Configure) -> None:
    session = configure(FAMILY, chimney_type="steel")
    state = session.state()
    assert state.available("flue_shape") == ("round",)
    assert state.available("material") == ("galvanised", "stainless", "black_powder_coated")
    assert state.available("height_above_roof_mm")[0] == 500
    excluded(session, "flue_shape", "square", {"steel-chimney-round": STEEL_ROUND}, {("chimney_type", "steel"): STEEL})
    excluded(session, "material", "copper", {"no-copper-on-steel": NO_COPPER}, {("chimney_type", "steel"): STEEL})
    excluded(session, "height_above_roof_mm", 450, {"steel-chimney-height": STEEL_HEIGHT},
             {("chimney_type", "steel"): STEEL})


def test_element_chimneys_are_round_or_square(configure: Configure) -> None:
    session = configure(FAMILY, chimney_type="element")
    assert session.state().available("flue_shape") == ("square", "round")
    excluded(session, "flue_shape", "rectangular", {"element-chimney-shapes": ELEMENT_SHAPES},
             {("chimney_type", "element"): ("Chimney type = Element chimney (lightweight blocks)",
                                            "Pipetype = Elementpipe (lettklinker eller pimpstein)")})


# ---------------------------------------------------------------- material × wind protection × spark arrester


NOT_PRODUCED_ROWS = [("copper", "down_draught", None), ("copper", None, "mesh_12"),
                     ("black_powder_coated", "down_draught", "mesh_12")]  # not_produced.csv (None: any)


def not_produced(material: str, wind: str, mesh: str) -> bool:
    return any(all(cell is None or cell == value for cell, value in zip(row, (material, wind, mesh), strict=True))
               for row in NOT_PRODUCED_ROWS)


def test_the_forbidden_table_decides_the_spark_arrester(configure: Configure) -> None:
    model = model_of(FAMILY)
    materials = [o.id for o in model.attribute("material").options]
    winds = [o.id for o in model.attribute("wind_variant").options]
    meshes = [o.id for o in model.attribute("mesh").options]
    for material, wind in itertools.product(materials, winds):
        expected = tuple(m for m in meshes if not not_produced(material, wind, m))
        if not expected:  # copper down-draught caps are not produced at all
            session = configure(FAMILY, material=material)
            assert wind not in session.state().available("wind_variant")
            with pytest.raises(SessionError):
                session.set_many({"wind_variant": wind})
            continue
        state = configure(FAMILY, material=material, wind_variant=wind).state()
        assert state.available("mesh") == expected, (material, wind)


def test_copper_has_no_down_draught_cap_and_no_12_mm_mesh(configure: Configure) -> None:
    session = configure(FAMILY, material="copper")
    state = session.state()
    assert state.available("wind_variant") == ("standard", "wind_guard")
    assert state.available("mesh") == ("none", "mesh_16")
    excluded(session, "wind_variant", "down_draught", {"combinations-not-produced": NOT_PRODUCED},
             {("material", "copper"): MATERIAL["copper"]})
    excluded(session, "mesh", "mesh_12", {"combinations-not-produced": NOT_PRODUCED},
             {("material", "copper"): MATERIAL["copper"]})


def test_black_down_draught_caps_have_no_12_mm_mesh(configure: Configure) -> None:
    session = configure(FAMILY, material="black_powder_coated", wind_variant="down_draught")
    excluded(session, "mesh", "mesh_12", {"combinations-not-produced": NOT_PRODUCED},
             {("material", "black_powder_coated"): MATERIAL["black_powder_coated"],
              ("wind_variant", "down_draught"): DOWN_DRAUGHT})
    session = configure(FAMILY, wind_variant="down_draught", mesh="mesh_12")
    assert session.state().available("material") == ("galvanised", "stainless")
    excluded(session, "material", "copper", {"combinations-not-produced": NOT_PRODUCED},
             {("wind_variant", "down_draught"): DOWN_DRAUGHT})
    excluded(session, "material", "black_powder_coated", {"combinations-not-produced": NOT_PRODUCED},
             {("wind_variant", "down_draught"): DOWN_DRAUGHT, ("mesh", "mesh_12"): MESH_12})


# ---------------------------------------------------------------- cabins and tall chimneys


def test_cabins_need_a_spark_arrester_and_get_a_down_draught_cap(configure: Configure) -> None:
    session = configure(FAMILY, cabin_use=True)
    excluded(session, "mesh", "none", {"cabin-spark-arrester": SPARK},
             {("cabin_use", True): ("Cabin or a chimney that stands cold for long = yes",
                                    "Hytte eller pipe som står kald lenge = ja")})
    assert session.complete()["wind_variant"] == "down_draught"  # the suggestion 'cabin-suggest-down-draught'


def test_tall_chimneys_get_wind_guards(configure: Configure) -> None:
    session = configure(FAMILY, height_above_roof_mm=1500)
    assert session.complete()["wind_variant"] == "wind_guard"
    session = configure(FAMILY, height_above_roof_mm=1450)
    assert session.complete()["wind_variant"] == "standard"
    session = configure(FAMILY, height_above_roof_mm=1500, cabin_use=True)
    assert session.complete()["wind_variant"] == "down_draught"  # a cabin chimney is not "not cabin_use"


# ---------------------------------------------------------------- the cap size and its size class


BASE_BY_CLASS = {1: 1690, 2: 2290, 3: 2990, 4: 3890, 5: 4990}


@pytest.mark.parametrize(("flue", "cap", "size_class"), [
    ({"flue_shape": "round", "diameter_mm": 150}, (250, 250, "0.0625"), 1),
    ({"flue_shape": "round", "diameter_mm": 340}, (440, 440, "0.1936"), 1),
    ({"flue_shape": "round", "diameter_mm": 350}, (450, 450, "0.2025"), 2),
    ({"flue_shape": "rectangular", "inner_width_mm": 200, "inner_depth_mm": 100}, (500, 400, "0.2"), 1),  # <= 0.20
    ({"flue_shape": "rectangular", "inner_width_mm": 400, "inner_depth_mm": 200}, (700, 500, "0.35"), 2),
    ({"flue_shape": "square", "inner_width_mm": 300}, (600, 600, "0.36"), 3),
    ({"flue_shape": "rectangular", "flue_count": 2, "inner_width_mm": 390, "inner_depth_mm": 200},
     (1200, 500, "0.6"), 3),
    ({"flue_shape": "square", "flue_count": 2, "inner_width_mm": 300}, (1020, 600, "0.612"), 4),
    ({"flue_shape": "square", "flue_count": 4, "inner_width_mm": 280}, (1780, 580, "1.0324"), 5),
])
def test_the_size_class_follows_the_cap_area(configure: Configure, flue: dict[str, Any],
                                             cap: tuple[int, int, str], size_class: int) -> None:
    session = configure(FAMILY, **flue)
    session.complete()
    state = session.state()
    assert state.complete
    cap_width, cap_depth, area = cap
    assert state.attributes["cap_width_mm"].value == cap_width
    assert state.attributes["cap_depth_mm"].value == cap_depth
    assert state.attributes["cap_area_m2"].value == D(area)
    assert state.attributes["size_class"].value == size_class
    # what the class decides: the base price, the down-draught cap's price and the factory's size class
    model = model_of(FAMILY)
    values = session.values()
    base = model.pricing.base.formula
    down_draught = model.attribute("wind_variant").option("down_draught").price.formula  # type: ignore[union-attr]
    field = next(f for f in model.production.fields if f.id == "size-class")
    assert base is not None and down_draught is not None
    assert evaluate(model, base.node, values) == BASE_BY_CLASS[size_class]
    assert evaluate(model, down_draught.node, values) == 650 + 250 * size_class
    assert evaluate(model, field.params["value"].node, values) == size_class


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset_id", ["cabin_cap", "roros_black", "steel_chimney"])
def test_presets_apply_and_complete(configure: Configure, preset_id: str) -> None:
    preset = next(p for p in model_of(FAMILY).presets if p.id == preset_id)
    session = configure(FAMILY)
    assert session.apply_preset(preset_id) == []
    session.complete()
    state = session.state()
    assert state.complete
    assert all(state.attributes[a].value == v for a, v in preset.values.items())
