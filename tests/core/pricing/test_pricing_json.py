"""A line price survives its JSON form exactly (it is stored with each quote line), and damaged data is refused."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.core import jsonio
from configurator.core.pricing.price import LinePrice, price_line
from tests.helpers.pricing_kit import DAY, TAGS, WINDOW, price
from tests.helpers.seed_kit import model_of

WINDOWS = st.fixed_dictionaries({
    "width_mm": st.integers(40, 240).map(lambda n: n * 10),
    "height_mm": st.integers(40, 240).map(lambda n: n * 10),
    "heritage": st.booleans(),
    "glazing": st.sampled_from(["double", "triple", "triple_plus"]),
    "glass_coating": st.sampled_from(["none", "solar_control", "self_cleaning"]),
    "window_type": st.sampled_from(["fixed", "side_hung", "top_hung", "tilt_turn", "double_side_hung"]),
    "paint": st.sampled_from(["ral9010", "ncs_s7502b", "primed"]),
})


@settings(max_examples=60, deadline=None)
@given(WINDOWS, st.integers(1, 60), st.integers(0, 9_000), st.sampled_from([None, "height_mm", "glazing"]))
def test_json_round_trip_is_exact(choices: dict[str, Any], quantity: int, bp: int, drop: str | None) -> None:
    values = {k: v for k, v in {**WINDOW, **choices}.items() if k != drop}
    # up to 90 %: with the largest quantity break (5 %) the discounts stay within the whole price
    original = price_line(model_of("window"), values, quantity=quantity, on_date=DAY, customer_discount_bp=bp)
    text = json.dumps(original.to_json())  # plain JSON: no Decimal, no dataclass
    again = LinePrice.from_json(json.loads(text))
    assert again == original
    assert again.describe("nb") == original.describe("nb")
    assert jsonio.loads(jsonio.dumps(original.to_json())) == original.to_json()


def test_amounts_are_strings_and_texts_both_languages() -> None:
    data = price("eartag", **{**TAGS, "inside_text_1": "OLA"}).to_json()
    base = data["unit_lines"][0]
    assert base == {"kind": "base", "label": {"nb": "Merker (per stk.)", "en": "Tags (each)"}, "amount": "1225.00",
                    "detail": {"msgid": "{quantity} {unit} × {rate}",
                               "params": {"quantity": "250", "unit": "pcs", "rate": "4.90"}}}
    assert data["unit_price"] == "1400.00" and data["line_total"] == "1400.00"


def _damaged(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(price("window", quantity=5, **WINDOW).to_json())
    change(data)
    return data


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("line_total"), "missing"),
    (lambda d: d.update(extra=1), "unexpected"),
    (lambda d: d.update(format=2), "format"),
    (lambda d: d.update(quantity="5"), "quantity"),
    (lambda d: d.update(quantity=0), "quantity"),
    (lambda d: d.update(complete="yes"), "complete"),
    (lambda d: d.update(unit_price=14565.6), "string"),
    (lambda d: d.update(unit_price="14 565,60"), "not a decimal"),
    (lambda d: d.update(unit_price="NaN"), "finite"),
    (lambda d: d.update(unit_price="14565.601"), "øre"),
    (lambda d: d.update(unit_price="14565.61"), "unit lines add up"),
    (lambda d: d.update(line_total="70643.17"), "adds up"),
    (lambda d: d["unit_lines"][0].update(kind="rebate"), "kind"),
    (lambda d: d["discount_lines"][0].update(kind="base"), "kind"),
    (lambda d: d["unit_lines"][0].update(label={"nb": "Vindu"}), "missing"),
    (lambda d: d["unit_lines"][0].update(label={"nb": "Vindu", "en": 3}), "texts"),
    (lambda d: d["unit_lines"][0]["detail"].update(msgid="{quantity} apples"), "unknown message"),
    (lambda d: d["unit_lines"][0]["detail"]["params"].pop("rate"), "missing"),
    (lambda d: d["unit_lines"][0]["detail"]["params"].update(unit=2), "text"),
    (lambda d: d["unit_lines"][0]["detail"]["params"].update(rate="lots"), "not a decimal"),
    (lambda d: d.update(unit_lines={}), "list"),
    (lambda d: d["unit_lines"].append("a line"), "object"),
])
def test_damaged_json_is_refused_with_a_clear_message(change: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        LinePrice.from_json(_damaged(change))


def test_the_undamaged_json_reads_back() -> None:
    assert LinePrice.from_json(_damaged(lambda d: None)).line_total == Decimal("70643.16")


def test_discounts_above_the_whole_price_are_refused() -> None:
    from configurator.core.pricing.price import PricingError

    with pytest.raises(PricingError) as refused:  # 5 % for ten windows + 90 % + 6 %
        price_line(model_of("window"), WINDOW, quantity=10, on_date=DAY, customer_discount_bp=9000,
                   line_discount_bp=600)
    assert "add up to 101 %" in refused.value.render("en") and "101 %" in refused.value.render("nb")
    assert price_line(model_of("window"), WINDOW, quantity=10, on_date=DAY, customer_discount_bp=9000,
                      line_discount_bp=500).line_total == 0
