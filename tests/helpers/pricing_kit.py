"""Helpers for the pricing tests: the seed models, a line's amounts by kind, and nb text with its hard spaces."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.pricing.price import LinePrice, price_line
from tests.helpers.seed_kit import model_of

D = Decimal
DAY = date(2027, 6, 1)  # after every early-order date of the seed models


def price(family: str, quantity: int = 1, on_date: date = DAY, **values: Any) -> LinePrice:
    return price_line(model_of(family), values, quantity=quantity, on_date=on_date)


def amounts(line_price: LinePrice) -> list[tuple[str, str, Decimal]]:
    """(kind, English label, amount) of every line, unit lines first."""
    return [(line.kind, line.label.en, line.amount) for line in (*line_price.unit_lines, *line_price.discount_lines)]


def hard(text: str) -> str:
    """Write a non-breaking space as ``~`` in expected texts (money and thousands never wrap)."""
    return text.replace("~", "\u00a0")


WINDOW = {"window_type": "side_hung", "width_mm": 1200, "height_mm": 1400, "opening": "outward",
          "escape_window": False, "glazing": "triple", "glass_coating": "none", "glazing_bars": "none",
          "bars_per_sash": 0, "heritage": True, "wood": "pine", "paint": "ral9010"}
TAGS = {"species": "sheep", "purpose": "origin", "tag_type": "visual", "colour": "yellow", "holding_id": "1234567",
        "birth_year": 2027, "series_number": 1, "tag_count": 250, "inside_text_1": "", "inside_text_2": "",
        "expected_birth_week": 14}
