"""The ear tag seed model (product_models/eartag): reserved colours, cattle tags, E24, replacements, the number
series, inside text and the quote rule on origin pairs.

The model takes about 2 s to encode (series_number has 9,999 values): it is encoded once for the whole run
(``seed_kit.seed``) and each test opens fresh sessions over it in milliseconds. ``state()`` on a session with no
numbers chosen takes about 1.5 s, so the tests ask ``explain`` (fast) and call ``state()`` only after choosing
the numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from configurator.core.engine.describe import explanation_text
from configurator.core.engine.quote_rules import check_quote_rules
from configurator.core.engine.session import ConfigurationSession
from tests.helpers.seed_kit import Configure, assert_excluded, assert_refused, because, model_of

D = Decimal
FAMILY = "eartag"

ORIGIN_COLOURS = (
    "Origin tags may have any colour except white (moved animals) and salmon red (imported animals).",
    "Opprinnelsesmerker kan ha alle farger unntatt hvit (flyttede dyr) og laksrød (importerte dyr).",
)
MOVED_WHITE = (
    "Tags for animals moved between Norwegian holdings must be white.",
    "Flyttemerker for dyr som flyttes mellom norske dyrehold skal være hvite.",
)
IMPORT_SALMON = ("Imported animals are tagged with salmon-red tags.", "Importerte dyr merkes med laksrøde merker.")
CATTLE_PURPOSE = (
    "Cattle keep their tags when moved; for cattle only origin and replacement tags are ordered.",
    "Storfe beholder merkene sine ved flytting; for storfe bestilles bare opprinnelses- og erstatningsmerker.",
)
CATTLE_COMBI = (
    "Cattle born after 2017 must have an electronic tag: Combi E30 Flagg in the left ear.",
    "Storfe født etter 2017 skal ha elektronisk merke: Combi E30 Flagg i venstre øre.",
)
COMBI_FOR_CATTLE = (
    "Combi E30 Flagg is the cattle tag; sheep and goats use visual tags and E24.",
    "Combi E30 Flagg er storfemerket; sau og geit bruker visuelle merker og E24.",
)
E24_SHEEP_GOAT = (
    "E24 is the electronic tag for sheep and goats, not for cattle.",
    "E24 er det elektroniske merket for sau og geit, ikke for storfe.",
)
CATTLE_YELLOW = (
    "The replacement electronic part of the cattle tag comes only in yellow.",
    "Erstatning av den elektroniske delen til storfemerket leveres bare i gult.",
)
REPLACEMENT_12 = (
    "Replacement tags are ordered with at most 12 numbers per order line.",
    "Erstatningsmerker bestilles med høyst 12 nummer per ordrelinje.",
)
ONE_BLOCK = (
    "The whole number series must keep the same first digit (the year digit for sheep and goats, 0 for cattle); "
    "split it into two order lines or start lower.",
    "Hele nummerserien må ha samme første siffer (årssifferet for sau og geit, 0 for storfe); del serien i to "
    "ordrelinjer eller start lavere.",
)
LINE_ORDER = ("Fill in line 1 before line 2 of the inside text.",
              "Fyll ut linje 1 før linje 2 for teksten på innsiden.")

PURPOSE = {
    "origin": ("Purpose = Origin tag", "Merketype (formål) = Opprinnelsesmerke"),
    "replacement": ("Purpose = Replacement tag (marked E)", "Merketype (formål) = Erstatningsmerke (merket E)"),
    "moved": ("Purpose = Moved-animal tag (white)", "Merketype (formål) = Flyttemerke (hvitt)"),
    "import_eea": ("Purpose = Import tag from the EEA (salmon red)",
                   "Merketype (formål) = Importmerke fra EØS (laksrødt)"),
    "import_third": ("Purpose = Import tag from a third country (salmon red)",
                     "Merketype (formål) = Importmerke fra tredjeland (laksrødt)"),
}
SPECIES = {"sheep": ("Species = Sheep", "Dyreart = Sau"), "goat": ("Species = Goat", "Dyreart = Geit"),
           "cattle": ("Species = Cattle", "Dyreart = Storfe")}
WHITE = ("Colour = White", "Farge = Hvit")
E24 = ("Tag = E24 electronic tag", "Merke = E24 elektronisk merke")

# a complete sheep line (besides what a test changes)
HOLDING = "1234567"


def excluded(session: ConfigurationSession, attr_id: str, value: Any, rules: dict[str, tuple[str, str]],
             choices: dict[tuple[str, Any], tuple[str, str]], *, fewest_choices: bool = True) -> None:
    assert_excluded(
        session, attr_id, value, rules=list(rules), choices=list(choices),
        en=because("en", [m[0] for m in rules.values()], [c[0] for c in choices.values()]),
        nb=because("nb", [m[1] for m in rules.values()], [c[1] for c in choices.values()]),
        fewest_choices=fewest_choices,
    )


# ---------------------------------------------------------------- reserved colours


@pytest.mark.parametrize("colour", ["white", "salmon_red"])
def test_origin_tags_cannot_be_white_or_salmon_red(configure: Configure, colour: str) -> None:
    session = configure(FAMILY, purpose="origin")
    excluded(session, "colour", colour, {"origin-not-white-or-salmon": ORIGIN_COLOURS},
             {("purpose", "origin"): PURPOSE["origin"]})
    assert_refused(session, "colour", colour)


@pytest.mark.parametrize("colour", ["yellow", "salmon_red"])
def test_moved_animal_tags_are_white(configure: Configure, colour: str) -> None:
    session = configure(FAMILY, purpose="moved")
    excluded(session, "colour", colour, {"moved-is-white": MOVED_WHITE}, {("purpose", "moved"): PURPOSE["moved"]})
    assert session.explain("colour", "white") is None


@pytest.mark.parametrize("purpose", ["import_eea", "import_third"])
@pytest.mark.parametrize("colour", ["white", "yellow"])
def test_import_tags_are_salmon_red(configure: Configure, purpose: str, colour: str) -> None:
    session = configure(FAMILY, purpose=purpose)
    excluded(session, "colour", colour, {"import-is-salmon-red": IMPORT_SALMON},
             {("purpose", purpose): PURPOSE[purpose]})
    assert session.explain("colour", "salmon_red") is None


def test_a_white_tag_is_a_moved_animal_or_replacement_tag(configure: Configure) -> None:
    session = configure(FAMILY, colour="white")
    assert session.alternatives("colour") == (
        "yellow", "orange", "red", "pink", "purple", "blue", "green", "black", "white", "salmon_red")
    excluded(session, "purpose", "origin", {"origin-not-white-or-salmon": ORIGIN_COLOURS}, {("colour", "white"): WHITE})
    excluded(session, "purpose", "import_eea", {"import-is-salmon-red": IMPORT_SALMON}, {("colour", "white"): WHITE})
    assert session.explain("purpose", "moved") is None
    assert session.explain("purpose", "replacement") is None
    # cattle: origin (not white), moved/import (not for cattle) or replacement (yellow only): three rules together
    excluded(session, "species", "cattle",
             {"origin-not-white-or-salmon": ORIGIN_COLOURS, "cattle-origin-or-replacement": CATTLE_PURPOSE,
              "cattle-replacement-yellow": CATTLE_YELLOW},
             {("colour", "white"): WHITE})


# ---------------------------------------------------------------- cattle and the tag types


@pytest.mark.parametrize("tag_type", ["visual", "e24"])
def test_cattle_need_combi_e30_flagg(configure: Configure, tag_type: str) -> None:
    session = configure(FAMILY, species="cattle")
    excluded(session, "tag_type", tag_type, {"cattle-combi-e30": CATTLE_COMBI},
             {("species", "cattle"): SPECIES["cattle"]})
    assert session.explain("tag_type", "combi_e30_flagg") is None


@pytest.mark.parametrize("purpose", ["moved", "import_eea", "import_third"])
def test_cattle_get_only_origin_and_replacement_tags(configure: Configure, purpose: str) -> None:
    session = configure(FAMILY, species="cattle")
    excluded(session, "purpose", purpose, {"cattle-origin-or-replacement": CATTLE_PURPOSE},
             {("species", "cattle"): SPECIES["cattle"]})


@pytest.mark.parametrize("colour", ["orange", "white", "salmon_red"])
def test_the_cattle_replacement_part_is_yellow(configure: Configure, colour: str) -> None:
    session = configure(FAMILY, species="cattle", purpose="replacement")
    # white and salmon red are excluded for all cattle (with two more rules); the engine names the single rule
    excluded(session, "colour", colour, {"cattle-replacement-yellow": CATTLE_YELLOW},
             {("species", "cattle"): SPECIES["cattle"], ("purpose", "replacement"): PURPOSE["replacement"]},
             fewest_choices=colour == "orange")
    assert session.explain("colour", "yellow") is None


@pytest.mark.parametrize("species", ["sheep", "goat"])
def test_combi_e30_flagg_is_for_cattle_only(configure: Configure, species: str) -> None:
    session = configure(FAMILY, species=species)
    excluded(session, "tag_type", "combi_e30_flagg", {"combi-e30-is-for-cattle": COMBI_FOR_CATTLE},
             {("species", species): SPECIES[species]})
    assert session.explain("tag_type", "e24") is None
    assert session.explain("tag_type", "visual") is None


def test_e24_is_only_for_sheep_and_goats(configure: Configure) -> None:
    session = configure(FAMILY, tag_type="e24")
    assert session.alternatives("tag_type") == ("visual", "e24", "combi_e30_flagg")
    assert session.explain("species", "sheep") is None
    assert session.explain("species", "goat") is None
    explanation = session.explain("species", "cattle")
    assert explanation is not None
    assert explanation.choices == (("tag_type", "e24"),)
    # 'e24-is-for-sheep-goat' and 'cattle-combi-e30' each exclude E24 for cattle on their own: the engine names one
    (rule,) = explanation.rules
    message = {"e24-is-for-sheep-goat": E24_SHEEP_GOAT, "cattle-combi-e30": CATTLE_COMBI}[rule.id]
    model = model_of(FAMILY)
    assert explanation_text(model, explanation, "en") == because("en", [message[0]], [E24[0]])
    assert explanation_text(model, explanation, "nb") == because("nb", [message[1]], [E24[1]])


# ---------------------------------------------------------------- replacements and the number series


def test_replacement_tags_at_most_12_numbers(configure: Configure) -> None:
    session = configure(FAMILY, purpose="replacement")
    assert session.explain("tag_count", 12) is None
    excluded(session, "tag_count", 13, {"replacement-max-12": REPLACEMENT_12},
             {("purpose", "replacement"): PURPOSE["replacement"]})
    session.set_many({"tag_count": 12, "series_number": 1})
    state = session.state()
    assert state.available("tag_count") == (12,)
    assert state.attributes["tag_count"].chosen == 12


def test_thirteen_numbers_exclude_replacement(configure: Configure) -> None:
    session = configure(FAMILY, tag_count=13)
    # the count renders with its unit: "pcs" in English, "stk" in bokmål
    assert_excluded(session, "purpose", "replacement", rules=["replacement-max-12"], choices=[("tag_count", 13)],
                    en=because("en", [REPLACEMENT_12[0]], ["Number of tags (numbers) = 13 pcs"]),
                    nb=because("nb", [REPLACEMENT_12[1]], ["Antall merker (nummer) = 13 stk"]))


def test_a_count_reads_as_pieces_in_bokmaal(configure: Configure) -> None:
    """Bokmål explanations should not show the English unit id 'pcs' (in bokmål: 'stk')."""
    session = configure(FAMILY, tag_count=13)
    explanation = session.explain("purpose", "replacement")
    assert explanation is not None
    assert explanation_text(model_of(FAMILY), explanation, "nb") == because(
        "nb", [REPLACEMENT_12[1]], ["Antall merker (nummer) = 13 stk"])


def test_the_series_fits_in_the_four_digits(configure: Configure) -> None:
    session = configure(FAMILY, series_number=9900)
    assert session.explain("tag_count", 100) is None  # 9900 ... 9999
    excluded(session, "tag_count", 101, {"series-in-one-block": ONE_BLOCK},
             {("series_number", 9900): ("First individual number (last four digits) = 9900",
                                        "Første individnummer (fire siste sifre) = 9900")})
    session = configure(FAMILY, tag_count=100)
    assert session.explain("series_number", 9900) is None
    assert_excluded(session, "series_number", 9901, rules=["series-in-one-block"], choices=[("tag_count", 100)],
                    en=because("en", [ONE_BLOCK[0]], ["Number of tags (numbers) = 100 pcs"]),
                    nb=because("nb", [ONE_BLOCK[1]], ["Antall merker (nummer) = 100 stk"]))


def test_the_largest_series_numbers_follow_the_count(configure: Configure) -> None:
    session = configure(FAMILY, species="sheep", tag_count=500, birth_year=2027, holding_id=HOLDING)
    numbers = session.state().available("series_number")
    assert (numbers[0], numbers[-1], len(numbers)) == (1, 9500, 9500)  # 9500 + 500 - 1 = 9999


@pytest.mark.parametrize(("species", "numbers", "start_end"), [
    ("sheep", (2027, 1, 100), (70001, 70100)),  # the year digit 7 first: 7xxxx for 2027
    ("goat", (2029, 9500, 500), (99500, 99999)),
    ("goat", (2030, 9900, 100), (9900, 9999)),  # 2030: the year digit is 0
    ("cattle", (2027, 1234, 10), (1234, 1243)),  # cattle: the first digit is 0, whatever the year
])
def test_series_start_is_computed_from_the_birth_year(configure: Configure, species: str,
                                                      numbers: tuple[int, int, int],
                                                      start_end: tuple[int, int]) -> None:
    birth_year, series_number, tag_count = numbers
    start, end = start_end
    chosen: dict[str, Any] = {"species": species, "birth_year": birth_year, "series_number": series_number,
                              "tag_count": tag_count}
    if species == "cattle":
        chosen["tag_type"] = "combi_e30_flagg"
    state = configure(FAMILY, **chosen).state()
    assert state.attributes["series_start"].value == start
    assert state.attributes["series_end"].value == end


def test_series_start_is_unknown_until_the_year_is_known_for_sheep(configure: Configure) -> None:
    state = configure(FAMILY, species="sheep", series_number=5, tag_count=1, holding_id=HOLDING).state()
    assert state.attributes["series_start"].value is None
    state = configure(FAMILY, species="cattle", series_number=5, tag_count=1, holding_id=HOLDING).state()
    assert state.attributes["series_start"].value == 5  # the birth year does not matter for cattle


# ---------------------------------------------------------------- inside text


def test_inside_text_line_2_needs_line_1(configure: Configure) -> None:
    session = configure(FAMILY, inside_text_2="41234567")
    excluded(session, "inside_text_1", "", {"inside-text-line-order": LINE_ORDER},
             {("inside_text_2", "41234567"): ("Inside text line 2 = 41234567", "Tekst innside linje 2 = 41234567")})
    assert_refused(session, "inside_text_1", "")
    session.set("inside_text_1", "Ola Nordmann"[:10])
    assert session.choices == {"inside_text_2": "41234567", "inside_text_1": "Ola Nordma"}


def test_an_empty_line_1_excludes_line_2(configure: Configure) -> None:
    session = configure(FAMILY, inside_text_1="")
    excluded(session, "inside_text_2", "41234567", {"inside-text-line-order": LINE_ORDER},
             {("inside_text_1", ""): ("Inside text line 1 = ", "Tekst innside linje 1 = ")})
    assert session.explain("inside_text_2", "") is None


# ---------------------------------------------------------------- quote rule: origin tags in pairs


def line(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"species": "sheep", "purpose": "origin", "tag_type": "visual", "colour": "yellow",
                              "holding_id": HOLDING, "birth_year": D(2027), "series_number": D(1),
                              "tag_count": D(100), "inside_text_1": "", "inside_text_2": "",
                              "expected_birth_week": D(16)}
    values.update(changes)
    return values


def summary(lines: list[dict[str, Any]], quote: dict[str, Any] | None = None) -> list[tuple[str, tuple[int, ...], Any]]:
    return [(v.rule.id, v.lines, v.value) for v in check_quote_rules(model_of(FAMILY), lines, quote)]


def test_origin_tags_in_pairs_hold() -> None:
    assert summary([line(), line(tag_type="e24", series_number=D(101))]) == []
    cattle = line(species="cattle", tag_type="combi_e30_flagg")
    moved = line(purpose="moved", colour="white")
    assert summary([cattle, moved]) == []  # neither is a sheep or goat origin tag


def test_origin_tags_in_pairs_violated_names_both_lines_when_no_removal_fixes_it() -> None:
    lines = [line(), line(tag_type="e24", tag_count=D(50))]
    assert summary(lines) == [("origin-tags-in-pairs", (0, 1), D(100))]  # 100 visual, 50 electronic
    violation = check_quote_rules(model_of(FAMILY), lines)[0]
    assert violation.rule.message.en == (
        "Sheep and goats get one visual and one electronic origin tag: the quote needs as many of each.")
    assert violation.rule.message.nb == (
        "Sau og geit skal ha ett visuelt og ett elektronisk opprinnelsesmerke: tilbudet må ha like mange av hver.")
    assert summary(lines, {"origin_pairs": False}) == []


def test_origin_tags_in_pairs_names_the_extra_line() -> None:
    lines = [line(), line(tag_type="e24"), line(species="goat", tag_type="e24", tag_count=D(20))]
    assert summary(lines) == [("origin-tags-in-pairs", (2,), D(100))]


# ---------------------------------------------------------------- presets


@pytest.mark.parametrize("preset_id", ["sheep_origin_visual", "sheep_origin_e24", "sheep_moved", "cattle_origin",
                                       "cattle_replacement"])
def test_presets_apply_and_complete(configure: Configure, preset_id: str) -> None:
    session = configure(FAMILY, holding_id=HOLDING)
    assert session.apply_preset(preset_id) == []
    session.complete()
    state = session.state()
    assert state.complete
    preset = next(p for p in model_of(FAMILY).presets if p.id == preset_id)
    assert all(state.attributes[a].value == v for a, v in preset.values.items())
