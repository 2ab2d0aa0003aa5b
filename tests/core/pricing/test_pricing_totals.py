"""Quote totals: the quote discount off the subtotal, then VAT on what remains, each rounded on its own."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from configurator.core.pricing.price import QuoteTotals, quote_totals


def test_vat_is_rounded_half_up_to_the_ore() -> None:
    # 25 % of 1 207.01 = 301.7525 → 301.75
    assert quote_totals([D("1207.01")]) == QuoteTotals(
        subtotal=D("1207.01"), discount_percent=D(0), discount=D("0.00"), total_ex_vat=D("1207.01"),
        vat_percent=D(25), vat=D("301.75"), total_inc_vat=D("1508.76"))


def test_a_quote_discount_comes_off_before_vat() -> None:
    totals = quote_totals([D("70643.16"), D("11340.00"), D("99.00")], discount_bp=250)
    # subtotal 82 082.16; 2.5 % = 2 052.054 → 2 052.05; 80 030.11; VAT 25 % = 20 007.5275 → 20 007.53
    assert (totals.subtotal, totals.discount_percent, totals.discount) == (D("82082.16"), D("2.5"), D("2052.05"))
    assert (totals.total_ex_vat, totals.vat, totals.total_inc_vat) == (D("80030.11"), D("20007.53"), D("100037.64"))


def test_half_an_ore_of_vat_goes_up() -> None:
    assert quote_totals([D("0.02")]).vat == D("0.01")  # 0.005
    assert quote_totals([D("10.10")], vat_percent=D(15)).vat == D("1.52")  # 1.515


def test_an_empty_quote_is_zero() -> None:
    totals = quote_totals([])
    assert totals.total_inc_vat == D("0.00") and totals.vat == D("0.00")


@pytest.mark.parametrize("bp", [-1, 10_001, True])
def test_a_discount_outside_0_to_100_percent_is_refused(bp: int) -> None:
    with pytest.raises(ValueError, match="basis points"):
        quote_totals([D(1)], discount_bp=bp)
