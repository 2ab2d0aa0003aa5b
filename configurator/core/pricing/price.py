"""Prices: one configuration's line price, the "from" price of a partial one, and a quote's totals.

The public face of ``configurator.core.pricing`` (the work is done in ``calculate``, ``cheapest`` and ``lines``).

How a price is made (see "Prices" in docs/product-models.md): the unit price is the base, plus the price
effects of the chosen options and of the booleans that are true, plus the surcharges whose ``when`` holds. A
number is an amount; ``percent`` is that percent of the (rounded) base line; ``rate`` is the rate times the
value of its ``per`` attribute; ``formula`` is evaluated exactly. When the sum is below the ``minimum``, a
"minimum" line tops it up. The line's discounts (the highest quantity break the quantity reaches, the earliest
early-order date the quote date is before, the customer's and the line's discount) are percents of the gross
line (unit price × quantity), each rounded on its own, and added. Every amount is rounded half up to the øre
on its own (``money.round_ore``); sums are sums of rounded amounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.pricing.calculate import PricingError, price_line
from configurator.core.pricing.lines import LinePrice, PriceLine

if TYPE_CHECKING:
    from configurator.core.engine.session import ConfigurationSession

from configurator.core.pricing.money import ZERO, basis_points_to_percent, percent_of, round_ore

__all__ = ["LinePrice", "PriceLine", "PricingError", "QuoteTotals", "from_price", "price_line", "quote_totals"]


def from_price(session: ConfigurationSession, **options: Any) -> LinePrice:
    """The "from" price of a partial configuration (see :func:`configurator.core.pricing.cheapest.from_price`);
    imported on use, so pricing a stored quote never loads the engine's solver."""
    from configurator.core.pricing.cheapest import from_price as cheapest_from_price

    return cheapest_from_price(session, **options)


@dataclass(frozen=True)
class QuoteTotals:
    """A quote's totals; ``discount`` and ``vat`` are positive amounts, each rounded on its own."""

    subtotal: Decimal
    discount_percent: Decimal
    discount: Decimal  # subtracted from the subtotal
    total_ex_vat: Decimal
    vat_percent: Decimal
    vat: Decimal
    total_inc_vat: Decimal


def quote_totals(line_totals: Iterable[Decimal], *, discount_bp: int = 0,
                 vat_percent: Decimal = Decimal(25)) -> QuoteTotals:
    """Totals of a quote's (already rounded) line totals: the quote discount (basis points, 1 % = 100) is taken
    off the subtotal, then VAT is added to what remains."""
    if isinstance(discount_bp, bool) or not isinstance(discount_bp, int) or not 0 <= discount_bp <= 10_000:
        raise ValueError(f"discount_bp must be between 0 and 10000 basis points, got {discount_bp!r}")
    vat_percent = Decimal(vat_percent)
    if not vat_percent.is_finite() or vat_percent < 0:
        raise ValueError(f"vat_percent must be a percentage of at least 0, got {vat_percent!r}")
    subtotal = sum((round_ore(total) for total in line_totals), ZERO)
    discount_percent = basis_points_to_percent(discount_bp)
    discount = percent_of(subtotal, discount_percent)
    total_ex_vat = subtotal - discount
    vat = percent_of(total_ex_vat, vat_percent)
    return QuoteTotals(subtotal, discount_percent, discount, total_ex_vat, vat_percent, vat, total_ex_vat + vat)
