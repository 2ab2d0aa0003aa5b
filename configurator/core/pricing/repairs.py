"""What a repair does to the price: each repair the engine proposes, with the change of the line total.

The engine finds repairs (``ConfigurationSession.repairs``) but knows no prices; this module, one layer up,
fills in ``Repair.price_difference`` so that the configurator and the command line show the same figure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.engine.repair import Repair
from configurator.core.engine.session import ConfigurationSession
from configurator.core.pricing.calculate import price_line


def with_price_differences(session: ConfigurationSession, repairs: Sequence[Repair], *, on_date: date,
                           quantity: int = 1, customer_discount_bp: int = 0,
                           line_discount_bp: int = 0, quote: Mapping[str, Any] | None = None) -> list[Repair]:
    """``repairs`` with ``price_difference`` set: the line total after the repair minus before it, when the
    configuration is complete both before and after (else left ``None``: there is no price to compare)."""
    state = session.state()
    if not state.complete:
        return list(repairs)
    model = session.model
    before = {a.id: state.attributes[a.id].value for a in model.chosen_attributes}

    def total(values: dict) -> Decimal:
        return price_line(model, values, quantity=quantity, on_date=on_date, customer_discount_bp=customer_discount_bp,
                          line_discount_bp=line_discount_bp, quote=quote).line_total

    result = []
    for repair in repairs:
        after = {**before, **repair.values}
        difference = total(after) - total(before) if session.is_valid(after) else None
        result.append(replace(repair, price_difference=difference))
    return result
