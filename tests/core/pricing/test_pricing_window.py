"""Window prices pinned to the øre: a rate per m², percent options and surcharges of the base line, the minimum,
quantity breaks, and how a reader is shown all of it in nb and en."""

from __future__ import annotations

from datetime import date

import pytest

from configurator.core.pricing.price import price_line
from tests.helpers.pricing_kit import WINDOW, D, amounts, hard, price
from tests.helpers.seed_kit import model_of


def test_heritage_window_of_1200_by_1400_adds_rate_lines_and_15_percent_of_the_base_line() -> None:
    found = price("window", **WINDOW)
    # area 1.2 × 1.4 = 1.68 m²; 6800 × 1.68 = 11 424; triple 850 × 1.68 = 1 428; heritage 15 % of 11 424 = 1 713.60
    assert amounts(found) == [
        ("base", "Window per m²", D("11424.00")),
        ("option", "Triple energy glazing (Ug 0.5)", D("1428.00")),
        ("surcharge", "Heritage execution", D("1713.60")),
    ]
    assert found.unit_price == D("14565.60")
    assert found.line_total == D("14565.60")
    assert found.complete


def test_below_the_first_quantity_break_there_is_no_discount() -> None:
    found = price("window", quantity=4, **WINDOW)
    assert found.discount_lines == ()
    assert found.line_total == D("58262.40")


@pytest.mark.parametrize(("quantity", "label", "discount", "total"), [
    (5, "Quantity discount (5 or more)", D("-2184.84"), D("70643.16")),  # 3 % of 5 × 14 565.60 = 72 828.00
    (9, "Quantity discount (5 or more)", D("-3932.71"), D("127157.69")),  # 3 % of 131 090.40 = 3 932.712
    (10, "Quantity discount (10 or more)", D("-7282.80"), D("138373.20")),  # the highest reached: 5 % of 145 656
    (40, "Quantity discount (10 or more)", D("-29131.20"), D("553492.80")),
])
def test_the_highest_quantity_break_reached_is_a_percent_of_the_whole_line(quantity: int, label: str, discount: D,
                                                                          total: D) -> None:
    found = price("window", quantity=quantity, **WINDOW)
    assert found.unit_price == D("14565.60")
    (line,) = found.discount_lines
    assert (line.kind, line.label.en, line.amount) == ("quantity_break", label, discount)
    assert found.line_total == total


def test_a_tiny_window_is_topped_up_to_the_minimum() -> None:
    found = price("window", **{**WINDOW, "width_mm": 500, "height_mm": 600, "heritage": False})
    # 0.3 m²: 6800 × 0.3 = 2 040 + triple 255 = 2 295, below the minimum 3 900: top-up 1 605
    assert amounts(found)[-1] == ("minimum", "Top-up to the minimum price", D("1605.00"))
    assert found.unit_price == D("3900.00")


def test_a_window_at_the_minimum_gets_no_top_up_line() -> None:
    # 6800 × a + 850 × a = 3900 has no whole-mm answer; 650 × 800 mm: 0.52 m² → 3 536 + 442 = 3 978 ≥ 3 900
    found = price("window", **{**WINDOW, "width_mm": 650, "height_mm": 800, "heritage": False})
    assert [line.kind for line in found.unit_lines] == ["base", "option"]
    assert found.unit_price == D("3978.00")


def test_a_negative_percent_option_lowers_the_price_and_a_large_window_pays_handling() -> None:
    fixed = price("window", **{**WINDOW, "window_type": "fixed", "width_mm": 1000, "height_mm": 1000,
                               "heritage": False, "glazing": "double"})
    assert amounts(fixed) == [("base", "Window per m²", D("6800.00")), ("option", "Fixed", D("-1360.00"))]
    large = price("window", **{**WINDOW, "window_type": "double_side_hung", "width_mm": 2000, "height_mm": 1600,
                               "heritage": False})
    # 3.2 m² > 3.0: 21 760 + 20 % 4 352 + triple 2 720 + handling 900
    assert large.unit_price == D("29732.00")
    assert amounts(large)[-1] == ("surcharge", "Handling of a large window", D("900.00"))


def test_exactly_half_an_ore_is_rounded_up_on_each_line() -> None:
    # 1210 × 1170 mm = 1.4157 m²: triple 850 × 1.4157 = 1 203.345 → 1 203.35 (half even would give 1 203.34);
    # solar control 450 × 1.4157 = 637.065 → 637.07 (half even: 637.06)
    found = price("window", **{**WINDOW, "width_mm": 1210, "height_mm": 1170, "heritage": False,
                               "glass_coating": "solar_control"})
    assert amounts(found) == [
        ("base", "Window per m²", D("9626.76")),
        ("option", "Triple energy glazing (Ug 0.5)", D("1203.35")),
        ("option", "Solar-control glass", D("637.07")),
    ]
    assert found.unit_price == D("11467.18")


def test_formula_options_read_computed_attributes() -> None:
    found = price("window", **{**WINDOW, "window_type": "double_side_hung", "width_mm": 1200, "heritage": False,
                               "glazing_bars": "through", "bars_per_sash": 2})
    # 1150 × bars 2 × panes 2 = 4 600
    assert ("option", "Through glazing bars", D("4600.00")) in amounts(found)


def test_undecided_attributes_contribute_nothing_and_make_the_price_incomplete() -> None:
    partial = price("window", **{k: v for k, v in WINDOW.items() if k not in ("height_mm", "heritage")})
    assert not partial.complete
    assert partial.unit_lines[-1].kind == "minimum"  # no base (no area), no rate option, no heritage
    assert [line.kind for line in partial.unit_lines] == ["minimum"]
    assert partial.unit_price == D("3900.00")
    undecided_option = price("window", **{k: v for k, v in WINDOW.items() if k != "opening"})
    assert not undecided_option.complete  # the price does not read the opening, but the line is not configured
    assert undecided_option.unit_price == D("14565.60")


def test_the_engines_values_give_the_same_price(configure) -> None:
    session = configure("window", **WINDOW)
    assert session.state().complete
    found = price_line(session.model, session.values(), quantity=5, on_date=date(2027, 1, 1))
    assert (found.unit_price, found.line_total, found.complete) == (D("14565.60"), D("70643.16"), True)


def test_described_exactly_in_english_and_norwegian() -> None:
    found = price("window", quantity=5, **WINDOW)
    assert found.describe("en") == [hard(line) for line in [
        "Window per m²: 1.68 m² × NOK~6,800.00 = NOK~11,424.00",
        "Triple energy glazing (Ug 0.5): 1.68 m² × NOK~850.00 = NOK~1,428.00",
        "Heritage execution: 15% of NOK~11,424.00 = NOK~1,713.60",
        "Unit price: NOK~14,565.60",
        "5 × NOK~14,565.60 = NOK~72,828.00",
        "Quantity discount (5 or more): 3% of NOK~72,828.00 = NOK~−2,184.84",
        "Line total: NOK~70,643.16",
    ]]
    assert found.describe("nb") == [hard(line) for line in [
        "Vindu per m²: 1,68 m² × kr~6~800,00 = kr~11~424,00",
        "3-lags energiglass (Ug 0,5): 1,68 m² × kr~850,00 = kr~1~428,00",
        "Verneverdig utførelse: 15~% av kr~11~424,00 = kr~1~713,60",
        "Enhetspris: kr~14~565,60",
        "5 × kr~14~565,60 = kr~72~828,00",
        "Kvantumsrabatt (5 eller flere): 3~% av kr~72~828,00 = kr~−2~184,84",
        "Linjesum: kr~70~643,16",
    ]]


def test_the_minimum_and_a_partial_price_are_described() -> None:
    found = price("window", **{**WINDOW, "width_mm": 500, "height_mm": 600, "heritage": False})
    assert found.unit_lines[-1].describe("nb") == hard(
        "Tillegg opp til minsteprisen: minstepris kr~3~900,00 − kr~2~295,00 = kr~1~605,00")
    assert found.unit_lines[-1].describe("en") == hard(
        "Top-up to the minimum price: minimum price NOK~3,900.00 − NOK~2,295.00 = NOK~1,605.00")
    partial = price("window", **{k: v for k, v in WINDOW.items() if k != "height_mm"})
    assert partial.describe("nb")[-1] == hard("Linjesum, fra: kr~3~900,00")
    assert partial.describe("en")[-1] == hard("Line total, from: NOK~3,900.00")


def test_customer_and_line_discounts_add_to_the_quantity_break_each_rounded_on_its_own() -> None:
    found = price_line(model_of("window"), WINDOW, quantity=5, on_date=date(2027, 1, 1), customer_discount_bp=1250,
                       line_discount_bp=33)
    # gross 72 828.00: 3 % = 2 184.84; 12.5 % = 9 103.50; 0.33 % = 240.3324 → 240.33
    assert [(line.kind, line.amount) for line in found.discount_lines] == [
        ("quantity_break", D("-2184.84")), ("customer_discount", D("-9103.50")), ("line_discount", D("-240.33"))]
    assert found.line_total == D("61299.33")
    assert found.discount_lines[1].describe("nb") == hard("Kunderabatt: 12,5~% av kr~72~828,00 = kr~−9~103,50")


@pytest.mark.parametrize(("quantity", "bp"), [(0, 0), (-1, 0), (1, -5), (1, 10_001)])
def test_nonsense_quantities_and_discounts_are_refused(quantity: int, bp: int) -> None:
    with pytest.raises(ValueError, match=r"quantity|basis points"):
        price_line(model_of("window"), WINDOW, quantity=quantity, on_date=date(2027, 1, 1),
                   customer_discount_bp=bp)
