"""Chairs and chimney caps: a formula base by model, amount and percent option surcharges, booleans with a price,
a rate per computed cap area and a formula reading the size class."""

from __future__ import annotations

from configurator.core.pricing.price import price_line
from tests.helpers.pricing_kit import DAY, D, amounts, price

CHAIR = {"model": "sofi", "seat_variant": "standard", "design_profile": "formal", "fabric": "ru12", "metal": "black",
         "plastic": "black", "gas_lift": "lift_200", "user_height_m": D("1.75"), "footring": False,
         "elbow_rests": True, "floor": "parquet", "castors": "soft"}


def test_designers_choice_1_sofi_with_wool_and_elbow_rests(configure) -> None:
    session = configure("chair")
    assert session.apply_preset("designers_choice_1") == []
    found = price_line(session.model, session.values(), on_date=DAY)
    # SoFi 8 990 + RU12 wool 900 + elbow rests 1 450
    assert amounts(found) == [
        ("base", "Base price of the model", D("8990.00")),
        ("option", "RU12 Røros Ull anthracite", D("900.00")),
        ("boolean", "Elbow rests", D("1450.00")),
    ]
    assert found.unit_price == D("11340.00")
    assert found.complete


def test_leather_is_18_percent_of_the_model_base_and_polished_metal_an_amount() -> None:
    found = price("chair", **{**CHAIR, "model": "capisco_8106", "fabric": "le01", "metal": "polished",
                              "footring": True, "elbow_rests": False})
    # Capisco 9 490; leather 18 % = 1 708.20; polished 650; footring 1 290
    assert [(line.kind, line.amount) for line in found.unit_lines] == [
        ("base", D("9490.00")), ("option", D("1708.20")), ("option", D("650.00")), ("boolean", D("1290.00"))]
    assert found.unit_price == D("13138.20")
    assert found.unit_lines[1].label.en == "LE01 Leather black"


def test_quantity_breaks_of_the_chair() -> None:
    found = price("chair", quantity=25, **CHAIR)
    (line,) = found.discount_lines
    assert line.amount == D("-22680.00")  # 8 % of 25 × 11 340 = 283 500
    assert found.line_total == D("260820.00")


CAP = {"chimney_type": "masonry", "cabin_use": False, "height_above_roof_mm": 800, "flue_shape": "square",
       "flue_count": 1, "inner_width_mm": 200, "inner_depth_mm": 200, "diameter_mm": 200, "material": "stainless",
       "mesh": "mesh_12", "wind_variant": "down_draught"}


def test_chimney_cap_rate_per_computed_area_percent_material_and_formula_by_size_class() -> None:
    found = price("chimney_cap", **CAP)
    # cap 500 × 500 mm = 0.25 m², size class 2: base 2 290; stainless 40 % = 916; mesh 950 × 0.25 = 237.50;
    # down-draught 650 + 250 × 2 = 1 150
    assert amounts(found) == [
        ("base", "Base price by size class", D("2290.00")),
        ("option", "Stainless steel", D("916.00")),
        ("option", "Mesh 12 mm", D("237.50")),
        ("option", "Down-draught cap (double roof)", D("1150.00")),
    ]
    assert found.unit_price == D("4593.50")


def test_chimney_cap_two_flues_on_a_tall_chimney() -> None:
    found = price("chimney_cap", **{**CAP, "flue_count": 2, "height_above_roof_mm": 1600, "material": "galvanised",
                                    "mesh": "mesh_16", "wind_variant": "standard", "inner_width_mm": 210,
                                    "inner_depth_mm": 210})
    # cap 2 × (210 + 120) + 180 = 840 by 210 + 300 = 510 mm: 0.4284 m², class 3: base 2 990;
    # mesh 820 × 0.4284 = 351.288 → 351.29; one extra flue 390; bracing 750
    assert amounts(found) == [
        ("base", "Base price by size class", D("2990.00")),
        ("option", "Mesh 16 mm", D("351.29")),
        ("surcharge", "Surcharge per extra flue", D("390.00")),
        ("surcharge", "Bracing kit for a tall chimney", D("750.00")),
    ]
