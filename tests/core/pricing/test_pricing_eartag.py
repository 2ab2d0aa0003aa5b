"""Ear tag prices: a rate per tag, formula surcharges (one of them negative), the minimum, and early-order
discounts chosen by the quote date on each side of every boundary."""

from __future__ import annotations

from datetime import date

import pytest

from tests.helpers.pricing_kit import TAGS, D, amounts, hard, price


def test_e24_tags_with_inside_text_and_a_volume_discount() -> None:
    found = price("eartag", **{**TAGS, "tag_type": "e24", "inside_text_1": "OLA NORDMANN"[:10]})
    # 250 tags: 4.90 × 250 = 1 225; E24 11.60 × 250 = 2 900; inside text 0.90 × 250 = 225; volume −0.20 × 250 = −50
    assert amounts(found) == [
        ("base", "Tags (each)", D("1225.00")),
        ("option", "E24 electronic tag", D("2900.00")),
        ("surcharge", "Inside text", D("225.00")),
        ("surcharge", "Volume discount", D("-50.00")),
    ]
    assert found.unit_price == D("4300.00")
    assert found.complete


def test_the_volume_discount_formula_is_negative_and_steps_at_500_tags() -> None:
    found = price("eartag", **{**TAGS, "tag_count": 500})
    # 4.90 × 500 = 2 450; −0.40 × 500 = −200
    assert amounts(found) == [("base", "Tags (each)", D("2450.00")), ("surcharge", "Volume discount", D("-200.00"))]
    below = price("eartag", **{**TAGS, "tag_count": 199})
    assert amounts(below) == [("base", "Tags (each)", D("975.10"))]  # 4.90 × 199, no volume discount yet


def test_a_missing_optional_inside_text_is_empty_not_undecided() -> None:
    found = price("eartag", **{k: v for k, v in TAGS.items() if not k.startswith("inside_text")})
    assert found.complete
    assert [line.kind for line in found.unit_lines] == ["base", "surcharge"]  # base and volume discount


def test_a_missing_required_holding_id_makes_the_price_incomplete() -> None:
    found = price("eartag", **{k: v for k, v in TAGS.items() if k != "holding_id"})
    assert not found.complete
    assert found.unit_price == D("1175.00")


def test_a_few_replacement_tags_are_topped_up_to_the_minimum() -> None:
    found = price("eartag", **{**TAGS, "species": "cattle", "purpose": "replacement", "tag_type": "combi_e30_flagg",
                               "tag_count": 2})
    # 4.90 × 2 = 9.80; Combi 14.60 × 2 = 29.20; replacement handling 49; sum 88.00 < 99: top-up 11.00
    assert amounts(found) == [
        ("base", "Tags (each)", D("9.80")),
        ("option", "Combi E30 Flagg", D("29.20")),
        ("surcharge", "Single production of replacement tags", D("49.00")),
        ("minimum", "Top-up to the minimum price", D("11.00")),
    ]
    assert found.unit_price == D("99.00")
    assert found.unit_lines[0].describe("nb") == hard("Merker (per stk.): 2 stk × kr~4,90 = kr~9,80")
    assert found.unit_lines[0].describe("en") == hard("Tags (each): 2 pcs × NOK~4.90 = NOK~9.80")


@pytest.mark.parametrize(("day", "percent", "discount"), [
    (date(2026, 9, 1), "25", D("-1075.00")),
    (date(2026, 11, 21), "25", D("-1075.00")),  # the day before 22 Nov is still before it
    (date(2026, 11, 22), "20", D("-860.00")),  # on the date itself: not before it any more, the next one applies
    (date(2027, 1, 19), "20", D("-860.00")),
    (date(2027, 1, 20), "13", D("-559.00")),
    (date(2027, 2, 28), "13", D("-559.00")),
])
def test_the_earliest_early_order_date_the_quote_is_before_decides_the_discount(day: date, percent: str,
                                                                                discount: D) -> None:
    found = price("eartag", on_date=day, **{**TAGS, "tag_type": "e24", "inside_text_1": "OLA"})
    (line,) = found.discount_lines
    assert line.kind == "early_order"
    assert line.detail is not None
    assert line.detail.params["percent"] == D(percent)
    assert line.amount == discount  # of 4 300.00
    assert found.line_total == D("4300.00") + discount


def test_no_early_order_discount_from_the_last_date_on() -> None:
    assert price("eartag", on_date=date(2027, 3, 1), **TAGS).discount_lines == ()


def test_early_order_label_names_its_date_as_each_reader_writes_it() -> None:
    (line,) = price("eartag", on_date=date(2026, 11, 21), **TAGS).discount_lines
    assert line.describe("nb") == hard(
        "Tidligbestillingsrabatt (bestilt før 22.11.2026): 25~% av kr~1~175,00 = kr~−293,75")
    assert line.describe("en") == hard(
        "Early-order discount (ordered before 2026-11-22): 25% of NOK~1,175.00 = NOK~−293.75")


def test_a_formula_line_shows_its_formula() -> None:
    found = price("eartag", **{**TAGS, "inside_text_1": "OLA"})
    inside = found.unit_lines[1]
    assert inside.describe("en") == hard("Inside text: NOK~225.00")  # the formula itself is never shown
    assert inside.describe("nb") == hard("Tekst på innsiden: kr~225,00")
