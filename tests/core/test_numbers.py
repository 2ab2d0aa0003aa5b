"""Numbers, money and percent: the one place that writes and reads them (configurator.core.numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from configurator.core.numbers import (
    NumberError,
    format_money,
    format_number,
    format_percent,
    parse_money,
    parse_number,
    parse_percent,
)

NBSP, MINUS = "\u00a0", "\u2212"


def test_numbers_are_written_as_their_readers_write_them() -> None:
    assert format_number(Decimal("12207.5"), "nb") == f"12{NBSP}207,5"
    assert format_number(Decimal("1207.5"), "nb") == "1207,5"  # four digits are never split
    assert format_number(Decimal("12207.5"), "en") == "12,207.5"
    assert format_number(Decimal("-3.25"), "nb") == f"{MINUS}3,25"
    assert format_number(Decimal("-3.25"), "en") == f"{MINUS}3.25"  # one minus sign, U+2212, everywhere
    assert format_number(Decimal("1.5"), "nb", 2) == "1,50"
    assert format_number(2027, "nb", grouping=False) == "2027"  # a year is never split


def test_no_exponent_is_ever_shown() -> None:
    assert format_number(Decimal("1.1E+2"), "nb") == "110"
    assert format_percent(Decimal("1.1E+2"), "nb") == f"110{NBSP}%"
    assert format_percent(Decimal("12.5"), "en") == "12.5%"
    assert format_number(Decimal("1E-7"), "en") == "0.0000001"


def test_money_is_grouped_rounded_half_up_to_the_ore() -> None:
    assert format_money(Decimal("12345.005"), "nb") == f"kr{NBSP}12{NBSP}345,01"
    assert format_money(Decimal("-12345.005"), "en") == f"NOK{NBSP}{MINUS}12,345.01"


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("5,5", "nb", "5.5"), ("5.5", "nb", "5.5"), ("1 200,5", "nb", "1200.5"), (f"1{NBSP}200", "nb", "1200"),
    ("1.234,5", "nb", "1234.5"), (f"{MINUS}3", "nb", "-3"), ("-3", "en", "-3"), ("1,200.5", "en", "1200.5"),
    ("5.5", "en", "5.5"),
])
def test_typed_numbers_follow_the_locale(text: str, language: str, expected: str) -> None:
    assert parse_number(text, language) == Decimal(expected)


@pytest.mark.parametrize(("text", "language"), [
    ("5,5", "en"), ("1e5", "nb"), ("NaN", "en"), ("Infinity", "nb"), ("1,2,3", "nb"), ("", "nb"), ("abc", "nb"),
    ("1" * 40, "nb"), ("12.34.5", "en"),
])
def test_what_is_no_number_is_refused(text: str, language: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text, language)


def test_money_and_percent_are_read_with_their_signs() -> None:
    assert parse_money(f"kr{NBSP}1{NBSP}200,50", "nb") == Decimal("1200.50")
    assert parse_money("NOK 1,200.50", "en") == Decimal("1200.50")
    with pytest.raises(NumberError):
        parse_money("1,005", "nb")  # not to the øre
    assert parse_percent("5,5 %", "nb") == Decimal("5.5")
    assert parse_percent("12.5%", "en") == Decimal("12.5")
