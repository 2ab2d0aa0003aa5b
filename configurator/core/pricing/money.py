"""Money: exact ``Decimal`` kroner, stored as integer øre. The one place that owns rounding.

The rounding rule, written down once: **every amount that is shown or stored is rounded on its own
(per breakdown line, per quote line, per total), half up, to the øre** (0.005 kr → 0.01 kr,
-0.005 kr → -0.01 kr). Sums are taken of already rounded amounts, so what a customer reads adds up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from configurator.core.numbers import NumberError, format_money, format_number, parse_percent

__all__ = ["format_money", "format_number"]  # shown as a reader writes them: configurator.core.numbers

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


def round_ore(amount: Decimal | int) -> Decimal:
    """``amount`` kroner rounded half up to the øre (the one rounding rule)."""
    return Decimal(amount).quantize(ORE, rounding=ROUND_HALF_UP)


def to_ore(amount: Decimal | int) -> int:
    """Kroner as integer øre (rounded with :func:`round_ore`), for storage."""
    return int(round_ore(amount) * 100)


def from_ore(ore: int) -> Decimal:
    """Integer øre as exact kroner with two decimals."""
    if isinstance(ore, bool) or not isinstance(ore, int):
        raise TypeError(f"øre must be an integer, got {ore!r}")
    return (Decimal(ore) / 100).quantize(ORE)


def percent_of(amount: Decimal, percent: Decimal | int) -> Decimal:
    """``percent`` % of ``amount``, rounded to the øre."""
    return round_ore(Decimal(amount) * Decimal(percent) / HUNDRED)


def basis_points_to_percent(basis_points: int) -> Decimal:
    """1 % = 100 basis points; 1250 → Decimal('12.5'), 15000 → Decimal('150') (never an exponent)."""
    percent = (Decimal(basis_points) / 100).normalize()
    return percent.quantize(Decimal(1)) if percent == percent.to_integral_value() else percent


def percent_to_basis_points(percent: Decimal | str | int, language: str = "nb") -> int:
    """``12.5`` (%) → 1250 (typed text is read in ``language``: ``12,5 %``); refuses more than two decimals
    and values outside 0–100."""
    try:
        value = percent if isinstance(percent, Decimal) else parse_percent(str(percent), language)
    except NumberError:
        raise ValueError(f"not a percentage: {percent!r}") from None
    if not value.is_finite() or value < 0 or value > HUNDRED or value != value.quantize(ORE):
        raise ValueError(f"not a percentage between 0 and 100 with at most two decimals: {percent!r}")
    return int(value * 100)
