"""The "from" price of a partial configuration: no complete configuration reachable from the choices is cheaper
(brute force over every priced combination of a chair model), and the user's session is left as it was."""

from __future__ import annotations

import itertools
from datetime import date

from configurator.core.engine.session import SessionError
from configurator.core.pricing.cheapest import priced_attributes
from configurator.core.pricing.price import from_price, price_line
from tests.helpers.pricing_kit import DAY, D
from tests.helpers.seed_kit import model_of


def _reachable_prices(configure, family: str, choices: dict, grid: dict) -> list[D]:
    """The unit price of every combination of ``grid`` that extends ``choices`` to a valid configuration."""
    session = configure(family, **choices)
    prices = []
    names = list(grid)
    for combination in itertools.product(*(grid[n] for n in names)):
        try:
            session.set_many({**choices, **dict(zip(names, combination, strict=True))}, replace=True)
        except SessionError:
            continue
        session.complete()
        prices.append(price_line(session.model, session.choices, on_date=DAY).unit_price)
    return prices


def test_the_chair_from_price_is_the_cheapest_of_every_priced_combination(configure) -> None:
    model = model_of("chair")
    assert priced_attributes(model) == ["model", "seat_variant", "fabric", "metal", "footring", "elbow_rests"]
    grid = {"seat_variant": ["standard", "puls", "puls_plus"],
            "fabric": [o.id for o in model.attribute("fabric").options],
            "metal": ["black", "silver", "polished"], "footring": [False, True], "elbow_rests": [False, True]}
    reachable = _reachable_prices(configure, "chair", {"model": "sofi"}, grid)
    assert len(reachable) > 20
    found = from_price(configure("chair", model="sofi"), on_date=DAY)
    assert not found.complete
    assert found.unit_price == min(reachable)
    assert found.unit_price == D("8990.00")  # the SoFi base: no surcharge is forced


def test_the_window_from_price_is_at_most_every_window_reached_from_the_choices(configure) -> None:
    session = configure("window", window_type="tilt_turn", glazing="triple_plus")
    found = from_price(session, on_date=DAY, quantity=3)
    assert not found.complete
    reachable = _reachable_prices(configure, "window", {"window_type": "tilt_turn", "glazing": "triple_plus"},
                                  {"width_mm": [500, 800, 1300], "height_mm": [600, 1000, 2200],
                                   "heritage": [False, True], "escape_window": [False, True]})
    assert len(reachable) >= 8
    assert found.unit_price <= min(reachable)
    assert found.unit_price == D("3900.00")  # the smallest tilt-and-turn window costs less than the minimum
    assert found.line_total == D("11700.00")


def test_the_from_price_is_below_the_default_completion(configure) -> None:
    # the engine's plain completion follows the defaults (1000 × 1200 mm = 1.2 m²: 8 160 + triple glazing 1 020);
    # the from price drops the optional costs the defaults add
    default = configure("window")
    default.complete()
    assert price_line(default.model, default.choices, on_date=DAY).unit_price == D("9180.00")
    assert from_price(configure("window"), on_date=DAY).unit_price == D("3900.00")


def test_from_price_leaves_the_sessions_choices_and_history_unchanged(configure) -> None:
    session = configure("chair")
    session.set("model", "capisco_8106")
    session.set("footring", True)
    session.undo()  # footring is on the redo stack now
    before = dict(session.choices)
    found = from_price(session, on_date=DAY)
    assert session.choices == before
    assert session.redo() and session.choices == {"model": "capisco_8106", "footring": True}
    assert session.undo() and session.undo() and session.choices == {}
    assert found.unit_price == D("9490.00")


def test_a_complete_session_gets_its_plain_price(configure) -> None:
    session = configure("chair")
    session.apply_preset("designers_choice_1")
    found = from_price(session, on_date=date(2027, 1, 1), quantity=5, customer_discount_bp=1000)
    assert found.complete
    assert found.unit_price == D("11340.00")
    assert [line.amount for line in found.discount_lines] == [D("-1701.00"), D("-5670.00")]  # 3 %, 10 % of 56 700
