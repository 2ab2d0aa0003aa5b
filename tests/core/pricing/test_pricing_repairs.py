"""What a repair does to the price: the line total after the repair minus before, only when both are complete."""

from __future__ import annotations

from configurator.core.pricing.price import price_line
from configurator.core.pricing.repairs import with_price_differences
from tests.helpers.pricing_kit import DAY, WINDOW
from tests.helpers.seed_kit import Configure, model_of


def test_each_repair_carries_the_change_of_the_line_total(configure: Configure) -> None:
    session = configure("window", **WINDOW)
    assert session.state().complete
    repairs = session.repairs({"window_type": "top_hung"})  # 1400 mm is too high for a top-hung window
    assert repairs and all(r.price_difference is None for r in repairs)
    priced = with_price_differences(session, repairs, on_date=DAY, quantity=3, line_discount_bp=500)
    model = model_of("window")
    before = session.values()
    for repair in priced:
        after = {**before, **repair.values}
        expected = (price_line(model, after, quantity=3, on_date=DAY, line_discount_bp=500).line_total
                    - price_line(model, before, quantity=3, on_date=DAY, line_discount_bp=500).line_total)
        assert repair.price_difference == expected
        assert repair.price_difference < 0  # a lower window costs less per m²
    assert [r.changes for r in priced] == [r.changes for r in repairs]


def test_an_open_configuration_has_no_price_difference(configure: Configure) -> None:
    session = configure("window", window_type="top_hung", width_mm=1200, height_mm=600)
    repairs = session.repairs({"escape_window": True})
    assert repairs
    assert all(r.price_difference is None for r in with_price_differences(session, repairs, on_date=DAY))


def test_a_configuration_the_rules_refuse_is_not_valid(configure: Configure) -> None:
    session = configure("window", **WINDOW)
    values = session.values()
    assert session.is_valid(values)
    assert not session.is_valid({**values, "window_type": "top_hung"})  # too high for top-hung
    assert not session.is_valid({k: v for k, v in values.items() if k != "glazing"})  # one missing
