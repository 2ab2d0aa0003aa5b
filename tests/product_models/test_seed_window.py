"""The window seed model (product_models/window): escape opening, U-value, heritage, sizes, quote rules, repairs.

Expected explanations are written out from the model file's messages: the rule ids, the choices named and the
rendered text in English and bokmål.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from configurator.core.engine.describe import repair_text
from configurator.core.engine.quote_rules import check_quote_rules
from configurator.core.engine.repair import Change
from configurator.core.engine.session import ConfigurationSession
from tests.helpers.seed_kit import Configure, assert_excluded, assert_refused, because, model_of, numbers, with_computed

D = Decimal
FAMILY = "window"

# the model's messages (en, nb)
ESCAPE_HEIGHT = (
    "Escape window: the clear opening must be at least 600 mm high (a top-hung 1200 × 600 gives only about 472 mm).",
    "Rømningsvindu: fri åpning må være minst 600 mm høy (topphengslet 1200 × 600 gir bare ca. 472 mm).",
)
ESCAPE_WIDTH = (
    "Escape window: the clear opening must be at least 500 mm wide.",
    "Rømningsvindu: fri åpning må være minst 500 mm bred.",
)
ESCAPE_SUM = (
    "Escape window: clear opening width + height must be at least 1500 mm.",
    "Rømningsvindu: fri åpning bredde + høyde må være minst 1500 mm.",
)
ESCAPE_OPENS = (
    "An escape window must open; a fixed window cannot be an escape route.",
    "Et rømningsvindu må kunne åpnes; fastkarm kan ikke være rømningsvei.",
)
U_VALUE = (
    "TEK17 requires a U-value of at most 1.2 W/m²K for the whole window; at this size triple glazing is needed "
    "(small windows have more frame).",
    "TEK17 krever U-verdi høyst 1,2 W/m²K for hele vinduet; med disse målene trengs 3-lags glass "
    "(små vinduer har mer karm).",
)
HERITAGE_TYPES = (
    "Heritage windows are side-hung or fixed; top-hung and tilt-and-turn do not suit listed buildings.",
    "Verneverdige vinduer er sidehengslet eller faste; topphengslet og vippe-dreie passer ikke i listede bygninger.",
)
HERITAGE_OUTWARD = (
    "Heritage windows open outward, like the old windows do.",
    "Verneverdige vinduer slår utover, slik de gamle vinduene gjør.",
)
HERITAGE_BARS = (
    "Applied glazing bars are not accepted on listed buildings; choose through bars or ISO bars.",
    "Påklebede sprosser godtas ikke i verneverdige bygninger; velg gjennomgående sprosser eller ISOspross.",
)
HERITAGE_GLASS = (
    "Coated glass changes the colour of the glass and is not accepted on listed buildings.",
    "Belagt glass endrer glassets farge og godtas ikke i verneverdige bygninger.",
)
SIDE_HUNG_SIZE = (
    "A side-hung sash is at most 1200 mm wide and 2000 mm high (the hinges carry no more); choose two sashes for "
    "wider windows.",
    "En sidehengslet ramme er høyst 1200 mm bred og 2000 mm høy (hengslene bærer ikke mer); velg to rammer for "
    "bredere vinduer.",
)
TOP_HUNG_SIZE = (
    "Top-hung windows are made at most 1200 mm high and 1800 mm wide.",
    "Topphengslede vinduer lages høyst 1200 mm høye og 1800 mm brede.",
)
TILT_TURN_SIZE = (
    "The tilt-and-turn fitting suits sashes 500–1300 mm wide and 600–2200 mm high.",
    "Vippe-dreie-beslaget passer for rammer 500–1300 mm brede og 600–2200 mm høye.",
)
TILT_TURN_WEIGHT = (
    "With triple glazing a tilt-and-turn sash over 2.4 m² is too heavy for the fitting; choose a smaller size or "
    "two sashes.",
    "Med 3-lags glass blir en vippe-dreie-ramme over 2,4 m² for tung for beslaget; velg mindre mål eller to rammer.",
)
DOUBLE_MIN_WIDTH = (
    "A window with two side-hung sashes must be at least 800 mm wide.",
    "Vindu med to sidehengslede rammer må være minst 800 mm bredt.",
)
FIXED_AREA = (
    "Fixed windows are made up to 4.5 m²; larger glass panes become too heavy to handle.",
    "Fastkarm leveres opp til 4,5 m²; større glassfelt blir for tunge å håndtere.",
)
TOP_HUNG_OUTWARD = ("Top-hung windows open outward.", "Topphengslede vinduer åpnes utover.")
TILT_TURN_INWARD = ("Tilt-and-turn windows always open inward.", "Vippe-dreie-vinduer åpnes alltid innover.")

# how the explanations name the user's choices (en, nb)
ESCAPE_YES = ("Escape window = yes", "Rømningsvindu = ja")
HERITAGE_YES = ("Heritage execution = yes", "Verneverdig utførelse = ja")
TOP_HUNG = ("Window type = Top-hung", "Vindustype = Topphengslet")
TILT_TURN = ("Window type = Tilt and turn", "Vindustype = Vippe-dreie (dreie-kipp)")
SIDE_HUNG = ("Window type = Side-hung", "Vindustype = Sidehengslet")
FIXED = ("Window type = Fixed", "Vindustype = Fastkarm")
DOUBLE_SIDE_HUNG = ("Window type = Double side-hung (no mullion)",
                    "Vindustype = Sidehengslet, to rammer (stolpefritt)")
DOUBLE_GLAZING = ("Glazing = Double energy glazing (Ug 1.1)", "Glass = 2-lags energiglass (Ug 1,1)")
TRIPLE_GLAZING = ("Glazing = Triple energy glazing (Ug 0.5)", "Glass = 3-lags energiglass (Ug 0,5)")


def width(mm: int) -> tuple[str, str]:
    return f"Width (outside frame) = {mm} mm", f"Bredde (utvendig karmmål) = {mm} mm"


def height(mm: int) -> tuple[str, str]:
    return f"Height (outside frame) = {mm} mm", f"Høyde (utvendig karmmål) = {mm} mm"


def excluded(session: ConfigurationSession, attr_id: str, value: Any, rules: dict[str, tuple[str, str]],
             choices: dict[tuple[str, Any], tuple[str, str]]) -> None:
    """Shorthand: the rule ids with their (en, nb) messages, the choices with their (en, nb) renderings."""
    assert_excluded(
        session, attr_id, value, rules=list(rules), choices=list(choices),
        en=because("en", [m[0] for m in rules.values()], [c[0] for c in choices.values()]),
        nb=because("nb", [m[1] for m in rules.values()], [c[1] for c in choices.values()]),
    )


# ---------------------------------------------------------------- escape window


def test_a_top_hung_1200_by_600_escape_window_is_refused_on_its_height(configure: Configure) -> None:
    session = configure(FAMILY, window_type="top_hung", width_mm=1200, height_mm=600)
    state = session.state()
    # top-hung deductions 130 × 128 mm: about 1070 × 472 mm clear; the sum 1542 and the width pass, the height not
    assert state.attributes["clear_width_mm"].value == 1070
    assert state.attributes["clear_height_mm"].value == 472
    assert state.available("escape_window") == (False,)
    # the height alone is enough: at 600 mm no window type gives a 600 mm clear height
    excluded(session, "escape_window", True, {"escape-clear-height": ESCAPE_HEIGHT},
             {("height_mm", 600): height(600)})
    assert_refused(session, "escape_window", True)


def test_an_escape_window_first_then_top_hung_1200_wide_excludes_600_high(configure: Configure) -> None:
    session = configure(FAMILY, escape_window=True, window_type="top_hung", width_mm=1200)
    heights = session.state().available("height_mm")
    assert heights == numbers(range(730, 1201, 10))  # 730 - 128 = 602 clear; top-hung at most 1200 high
    excluded(session, "height_mm", 600, {"escape-clear-height": ESCAPE_HEIGHT}, {("escape_window", True): ESCAPE_YES})
    # 720 mm would do for a side-hung window (600 clear): here the top-hung type is part of the reason
    excluded(session, "height_mm", 720, {"escape-clear-height": ESCAPE_HEIGHT},
             {("escape_window", True): ESCAPE_YES, ("window_type", "top_hung"): TOP_HUNG})
    excluded(session, "window_type", "fixed", {"escape-window-opens": ESCAPE_OPENS},
             {("escape_window", True): ESCAPE_YES})


def test_the_escape_clear_width_and_the_sum_are_separate_rules(configure: Configure) -> None:
    session = configure(FAMILY, escape_window=True, window_type="side_hung")
    state = session.state()
    # side-hung deducts 130 × 120 mm: width >= 630 (500 clear), height >= 720 (600 clear)
    assert state.available("width_mm")[0] == 630
    assert state.available("height_mm")[0] == 720
    excluded(session, "width_mm", 620, {"escape-clear-width": ESCAPE_WIDTH}, {("escape_window", True): ESCAPE_YES})
    session.set("width_mm", 700)  # 570 clear: the height must bring the sum to 1500 (930 clear, 1050 outside)
    assert session.state().available("height_mm")[0] == 1050
    excluded(session, "height_mm", 1040, {"escape-clear-sum": ESCAPE_SUM},
             {("escape_window", True): ESCAPE_YES, ("width_mm", 700): width(700)})


# ---------------------------------------------------------------- U-value


def u_window(window_type: str, w: int, h: int, glazing: str) -> Decimal:
    model = model_of(FAMILY)
    values = with_computed(model, {"window_type": window_type, "width_mm": D(w), "height_mm": D(h), "glazing": glazing})
    return values["u_window"]


def test_double_glazing_on_a_small_window_is_excluded_triple_is_allowed(configure: Configure) -> None:
    assert u_window("side_hung", 600, 600, "double") > D("1.2")
    assert u_window("side_hung", 600, 600, "triple") == D(1)
    session = configure(FAMILY, window_type="side_hung", width_mm=600, height_mm=600)
    assert session.state().available("glazing") == ("triple", "triple_plus")
    # a side-hung sash 600 mm wide is over 1.2 with double glazing at any height (up to 2000): the width and the
    # type are a minimal reason (so are the width and the height: no type passes at 600 × 600)
    assert min(u_window(t, 600, 600, "double") for t in ("fixed", "side_hung", "top_hung", "tilt_turn")) > D("1.2")
    assert u_window("side_hung", 600, 2000, "double") > D("1.2")
    excluded(session, "glazing", "double", {"window-u-value": U_VALUE},
             {("window_type", "side_hung"): SIDE_HUNG, ("width_mm", 600): width(600)})
    session.set("glazing", "triple")
    assert session.state().attributes["u_window"].value == D(1)


def test_the_u_value_limit_is_inclusive(configure: Configure) -> None:
    # a side-hung 1000 × 1200 with double glazing is exactly 1.20 W/m²K: allowed
    assert u_window("side_hung", 1000, 1200, "double") == D("1.2")
    session = configure(FAMILY, window_type="side_hung", width_mm=1000, height_mm=1200)
    assert session.state().available("glazing") == ("double", "triple", "triple_plus")
    session.set("glazing", "double")
    assert session.state().attributes["u_window"].value == D("1.2")
    # one step smaller is over the limit: 1000 × 1190 double is refused
    excluded(session, "height_mm", 1190, {"window-u-value": U_VALUE},
             {("window_type", "side_hung"): SIDE_HUNG, ("width_mm", 1000): width(1000),
              ("glazing", "double"): DOUBLE_GLAZING})


def test_double_glazing_narrows_the_sizes(configure: Configure) -> None:
    session = configure(FAMILY, glazing="double", window_type="side_hung", width_mm=1000)
    assert session.state().available("height_mm")[0] == 1200
    assert session.state().available("height_mm")[-1] == 2000
    session = configure(FAMILY, width_mm=500, height_mm=500)
    excluded(session, "glazing", "double", {"window-u-value": U_VALUE}, {("height_mm", 500): height(500)})


# ---------------------------------------------------------------- heritage


@pytest.mark.parametrize(("attr_id", "value", "rule", "message"), [
    ("window_type", "top_hung", "heritage-window-types", HERITAGE_TYPES),
    ("window_type", "tilt_turn", "heritage-window-types", HERITAGE_TYPES),
    ("glazing_bars", "applied", "heritage-no-fake-bars", HERITAGE_BARS),
    ("glass_coating", "solar_control", "heritage-clear-glass", HERITAGE_GLASS),
    ("glass_coating", "self_cleaning", "heritage-clear-glass", HERITAGE_GLASS),
])
def test_heritage_excludes(configure: Configure, attr_id: str, value: str, rule: str,
                           message: tuple[str, str]) -> None:
    session = configure(FAMILY, heritage=True)
    assert value in session.state().attributes[attr_id].excluded
    excluded(session, attr_id, value, {rule: message}, {("heritage", True): HERITAGE_YES})
    assert_refused(session, attr_id, value)


def test_heritage_allows_the_rest(configure: Configure) -> None:
    state = configure(FAMILY, heritage=True).state()
    assert state.available("window_type") == ("fixed", "side_hung", "double_side_hung")
    assert state.available("glazing_bars") == ("none", "through", "isospross")
    assert state.available("glass_coating") == ("none",)


def test_heritage_windows_that_open_open_outward(configure: Configure) -> None:
    session = configure(FAMILY, heritage=True, window_type="side_hung")
    assert session.state().available("opening") == ("outward",)
    excluded(session, "opening", "inward", {"heritage-outward": HERITAGE_OUTWARD},
             {("heritage", True): HERITAGE_YES, ("window_type", "side_hung"): SIDE_HUNG})
    session = configure(FAMILY, heritage=True, window_type="double_side_hung")
    excluded(session, "opening", "inward", {"heritage-outward": HERITAGE_OUTWARD},
             {("heritage", True): HERITAGE_YES, ("window_type", "double_side_hung"): DOUBLE_SIDE_HUNG})
    # the rule is "opening == outward or window_type == fixed": a fixed window has no opening direction to check
    assert configure(FAMILY, heritage=True, window_type="fixed").state().available("opening") == ("outward", "inward")
    assert configure(FAMILY, heritage=True).state().available("opening") == ("outward", "inward")


@pytest.mark.parametrize(("chosen", "rule", "message", "named"), [
    ({"window_type": "top_hung"}, "heritage-window-types", HERITAGE_TYPES, TOP_HUNG),
    ({"window_type": "tilt_turn"}, "heritage-window-types", HERITAGE_TYPES, TILT_TURN),
    ({"glazing_bars": "applied"}, "heritage-no-fake-bars", HERITAGE_BARS,
     ("Glazing bars = Applied (fake) glazing bars", "Sprosser = Påklebede sprosser")),
    ({"glass_coating": "solar_control"}, "heritage-clear-glass", HERITAGE_GLASS,
     ("Glass coating = Solar-control glass", "Glassbelegg = Solskjermende glass")),
])
def test_heritage_is_excluded_by_an_earlier_choice(configure: Configure, chosen: dict[str, str], rule: str,
                                                   message: tuple[str, str], named: tuple[str, str]) -> None:
    session = configure(FAMILY, **chosen)
    (attr_id, value), = chosen.items()
    excluded(session, "heritage", True, {rule: message}, {(attr_id, value): named})


def test_heritage_inward_side_hung_names_both_choices(configure: Configure) -> None:
    session = configure(FAMILY, window_type="side_hung", opening="inward")
    excluded(session, "heritage", True, {"heritage-outward": HERITAGE_OUTWARD},
             {("window_type", "side_hung"): SIDE_HUNG, ("opening", "inward"): ("Opening direction = Inward opening",
                                                                                "Slagretning = Innadslående")})


def test_heritage_suggests_heartwood_when_completing(configure: Configure) -> None:
    session = configure(FAMILY, heritage=True)
    filled = session.complete()
    assert filled["wood"] == "core_pine"  # the rule 'heritage-suggest-heartwood' before the attribute default pine
    assert session.state().complete


# ---------------------------------------------------------------- sizes per window type


@pytest.mark.parametrize(("window_type", "widths", "heights"), [
    ("fixed", (400, 2400), (400, 2400)),
    ("side_hung", (400, 1200), (400, 2000)),
    ("top_hung", (400, 1800), (400, 1200)),
    ("tilt_turn", (500, 1300), (600, 2200)),
    ("double_side_hung", (800, 2400), (400, 2400)),
])
def test_size_limits_per_window_type(configure: Configure, window_type: str, widths: tuple[int, int],
                                     heights: tuple[int, int]) -> None:
    state = configure(FAMILY, window_type=window_type).state()
    assert state.available("width_mm") == numbers(range(widths[0], widths[1] + 1, 10))
    assert state.available("height_mm") == numbers(range(heights[0], heights[1] + 1, 10))


TYPE_NAMED = {"side_hung": SIDE_HUNG, "top_hung": TOP_HUNG, "tilt_turn": TILT_TURN,
              "double_side_hung": DOUBLE_SIDE_HUNG}
SIZE_MESSAGES = {"side-hung-size": SIDE_HUNG_SIZE, "top-hung-size": TOP_HUNG_SIZE, "tilt-turn-size": TILT_TURN_SIZE,
                 "top-hung-opens-outward": TOP_HUNG_OUTWARD, "tilt-turn-opens-inward": TILT_TURN_INWARD,
                 "double-side-hung-min-width": DOUBLE_MIN_WIDTH}


@pytest.mark.parametrize(("window_type", "attr_id", "value", "rule"), [
    ("side_hung", "width_mm", 1210, "side-hung-size"),
    ("side_hung", "height_mm", 2010, "side-hung-size"),
    ("top_hung", "width_mm", 1810, "top-hung-size"),
    ("top_hung", "height_mm", 1210, "top-hung-size"),
    ("top_hung", "opening", "inward", "top-hung-opens-outward"),
    ("tilt_turn", "width_mm", 490, "tilt-turn-size"),
    ("tilt_turn", "width_mm", 1310, "tilt-turn-size"),
    ("tilt_turn", "height_mm", 590, "tilt-turn-size"),
    ("tilt_turn", "height_mm", 2210, "tilt-turn-size"),
    ("tilt_turn", "opening", "outward", "tilt-turn-opens-inward"),
    ("double_side_hung", "width_mm", 790, "double-side-hung-min-width"),
])
def test_size_limit_explanations(configure: Configure, window_type: str, attr_id: str, value: Any, rule: str) -> None:
    session = configure(FAMILY, window_type=window_type)
    excluded(session, attr_id, value, {rule: SIZE_MESSAGES[rule]},
             {("window_type", window_type): TYPE_NAMED[window_type]})


def test_fixed_windows_up_to_4_5_square_metres(configure: Configure) -> None:
    session = configure(FAMILY, window_type="fixed", width_mm=2400)
    assert session.state().available("height_mm")[-1] == 1870  # 2.4 × 1.87 = 4.488 m²; 1.88 gives 4.512
    excluded(session, "height_mm", 1880, {"fixed-max-area": FIXED_AREA},
             {("window_type", "fixed"): FIXED, ("width_mm", 2400): width(2400)})


def test_tilt_and_turn_with_triple_glazing_at_most_2_4_square_metres(configure: Configure) -> None:
    session = configure(FAMILY, window_type="tilt_turn", glazing="triple", width_mm=1200)
    assert session.state().available("height_mm")[-1] == 2000  # 1.2 × 2.0 = 2.4 m²
    excluded(session, "height_mm", 2010, {"tilt-turn-triple-weight": TILT_TURN_WEIGHT},
             {("window_type", "tilt_turn"): TILT_TURN, ("glazing", "triple"): TRIPLE_GLAZING,
              ("width_mm", 1200): width(1200)})


# ---------------------------------------------------------------- quote rules


ENERGY = {"energy_level": True}


def configured(configure: Configure, **choices: Any) -> dict[str, Any]:
    """A complete window (the given choices, defaults for the rest) as a quote line's values."""
    session = configure(FAMILY, **choices)
    session.complete()
    assert session.state().complete
    return session.values()


def test_energy_average_u_names_the_line_whose_removal_fixes_it(configure: Configure) -> None:
    model = model_of(FAMILY)
    triple = configured(configure, width_mm=1000, height_mm=1200, glazing="triple")  # U 0.80, 1.2 m²
    double = configured(configure, width_mm=1000, height_mm=1200, glazing="double")  # U 1.20, 1.2 m²
    big = configured(configure, window_type="fixed", width_mm=2000, height_mm=2000, glazing="triple_plus")
    assert (triple["u_window"], double["u_window"]) == (D("0.8"), D("1.2"))
    assert big["u_window"] == D("0.5536")  # 4 m²
    assert check_quote_rules(model, [triple, big], ENERGY) == []
    violations = check_quote_rules(model, [triple, double], ENERGY)  # (0.96 + 1.44) / 2.4 = 1.0
    assert [(v.rule.id, v.lines, v.value) for v in violations] == [("energy-average-u", (1,), D(1))]
    assert violations[0].rule.message.en == (
        "The energy measure requires an area-weighted average U ≤ 0.80 for the windows; choose triple glazing or "
        "larger windows.")
    assert violations[0].rule.message.nb == (
        "Energitiltak krever arealvektet snitt U ≤ 0,80 for vinduene; velg 3-lags glass eller større vinduer.")
    # the big triple-plus window pulls the average down: (0.96 + 1.44 + 2.2144) / 6.4 = 0.721
    assert check_quote_rules(model, [triple, double, big], ENERGY) == []
    # without the energy measure the rule does not apply (the parameter's default is false)
    assert check_quote_rules(model, [triple, double]) == []
    assert check_quote_rules(model, [triple, double], {"energy_level": False}) == []


def test_energy_average_u_names_every_failing_line_when_no_single_removal_fixes_it(configure: Configure) -> None:
    model = model_of(FAMILY)
    triple = configured(configure, width_mm=1000, height_mm=1200, glazing="triple")
    double = configured(configure, width_mm=1000, height_mm=1200, glazing="double")
    violations = check_quote_rules(model, [double, triple, double], ENERGY)  # (1.2 + 0.8 + 1.2) / 3 = 1.0667
    assert [(v.rule.id, v.lines) for v in violations] == [("energy-average-u", (0, 2))]
    assert violations[0].value == (D("1.44") + D("0.96") + D("1.44")) / D("3.6")


def test_one_facade_needs_the_same_glass_coating(configure: Configure) -> None:
    model = model_of(FAMILY)
    plain = configured(configure, glazing="triple")
    coated = configured(configure, glazing="triple", glass_coating="solar_control")
    violations = check_quote_rules(model, [plain, plain, coated])
    assert [(v.rule.id, v.lines) for v in violations] == [("facade-same-glass", (2,))]
    assert check_quote_rules(model, [plain, plain, coated], {"one_facade": False}) == []
    assert check_quote_rules(model, [coated, coated]) == []


# ---------------------------------------------------------------- repairs


def test_insisting_on_escape_proposes_the_nearest_height(configure: Configure) -> None:
    model = model_of(FAMILY)
    session = configure(FAMILY, window_type="top_hung", width_mm=1200, height_mm=600)
    repairs = session.repairs({"escape_window": True})
    assert [r.changes for r in repairs] == [(Change("height_mm", 600, D(730)),)]  # 730 - 128 = 602 clear
    assert repair_text(model, repairs[0], "en") == "Height (outside frame): 600 mm → 730 mm"
    assert repair_text(model, repairs[0], "nb") == "Høyde (utvendig karmmål): 600 mm → 730 mm"
    session.apply_repair(repairs[0])
    assert session.choices == {"window_type": "top_hung", "width_mm": 1200, "height_mm": D(730), "escape_window": True}
    assert session.state().attributes["clear_height_mm"].value == 602


def test_insisting_on_top_hung_moves_the_height_to_the_nearest_allowed(configure: Configure) -> None:
    session = configure(FAMILY, window_type="side_hung", width_mm=1200, height_mm=1800, glazing="triple")
    repairs = session.repairs({"window_type": "top_hung"})
    assert [r.changes for r in repairs] == [(Change("height_mm", 1800, D(1200)),)]
    assert repairs[0].values == {"window_type": "top_hung", "width_mm": 1200, "height_mm": D(1200), "glazing": "triple"}


def test_insisting_on_heritage_changes_the_fewest_choices(configure: Configure) -> None:
    session = configure(FAMILY, window_type="tilt_turn", opening="inward", width_mm=1000, height_mm=1200,
                        glazing="triple")
    repairs = session.repairs({"heritage": True})
    # one change is enough: a fixed window may keep 'inward' (the heritage-outward rule does not apply to it);
    # side-hung would need two changes (window type and opening)
    assert [r.changes for r in repairs] == [(Change("window_type", "tilt_turn", "fixed"),)]


def test_a_repair_never_changes_more_than_needed(configure: Configure) -> None:
    session = configure(FAMILY, window_type="top_hung", width_mm=1600, height_mm=1000, glazing="triple",
                        glazing_bars="applied", bars_per_sash=2)
    repairs = session.repairs({"heritage": True})
    assert repairs
    for repair in repairs:
        # the window type (top-hung) and the applied bars must change; the sizes, glass and bar count stay
        assert {c.attribute for c in repair.changes} == {"window_type", "glazing_bars"}
        assert repair.values["width_mm"] == 1600
        assert repair.values["glazing_bars"] in ("through", "isospross")
        assert repair.values["window_type"] in ("fixed", "double_side_hung")  # side-hung would need a width change
        assert repair.values["heritage"] is True


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset_id", ["roros_heritage", "modern_tilt_turn", "bedroom_escape"])
def test_presets_apply_to_a_fresh_session(configure: Configure, preset_id: str) -> None:
    model = model_of(FAMILY)
    preset = next(p for p in model.presets if p.id == preset_id)
    session = configure(FAMILY)
    assert session.apply_preset(preset_id) == []
    assert session.choices == preset.values
    session.complete()
    state = session.state()
    assert state.complete
    assert all(state.attributes[a].value == v for a, v in preset.values.items())
    assert state.attributes["u_window"].value <= D("1.2")


def test_the_bedroom_escape_preset_has_a_large_enough_opening(configure: Configure) -> None:
    session = configure(FAMILY)
    session.apply_preset("bedroom_escape")
    state = session.state()
    assert (state.attributes["clear_width_mm"].value, state.attributes["clear_height_mm"].value) == (670, 1080)


def test_a_preset_that_clashes_with_earlier_choices_returns_repairs(configure: Configure) -> None:
    session = configure(FAMILY, width_mm=1800)
    repairs = session.apply_preset("roros_heritage")  # side-hung: at most 1200 wide
    assert [r.changes for r in repairs] == [(Change("width_mm", 1800, D(1200)),)]
    assert session.choices == {"width_mm": 1800}  # nothing changed yet
    session.apply_repair(repairs[0])
    assert session.choices["window_type"] == "side_hung"
    assert session.choices["width_mm"] == 1200
