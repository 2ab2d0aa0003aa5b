"""Numbers, money and percent as a reader writes them, and as a user types them: the one place.

Everything shown or read in nb or en goes through here (core texts, PDFs, the command line, the app's
spin boxes), so a quote never mixes styles. Built on Babel's locale data (CLDR): the decimal mark, the
thousands separator and the minus sign come from the locale (nb: ``−1 207,5`` with U+2212 and a
non-breaking space; en: ``−1,207.5``); the minus is U+2212 in both.

The rules, written down once:

- numbers (measures, quantities, percentages) are grouped from five digits, as the product models'
  own texts write them: ``1200 mm``, ``12 345 mm``; a four-digit number is never split, so a year is
  always ``2027``; a number without a unit (a year, an identifier: ``70001``) is never grouped;
- money is always grouped and has two decimals: ``kr 1 207,00`` / ``NOK 1,207.00``;
- no exponent is ever shown (``110 %``, not ``1.1E+2 %``);
- typed numbers follow the reader's locale: ``5,5`` is 5.5 in nb; a point is accepted as the decimal
  mark too when no comma is typed (``5.5``), spaces of any kind are thousands separators, and the
  minus may be ``-`` or ``−``. In en a comma is only a thousands separator (``1,200``); ``5,5`` is refused.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from configurator.core.i18n import DEFAULT_LANGUAGE

MINUS = "\u2212"  # U+2212 MINUS SIGN in both languages, as Norwegian typography has it: one minus sign
_LOCALES = {"nb": "nb_NO", "en": "en_GB"}
_MAX_DIGITS = 28  # a typed number longer than this is not a quantity anyone means
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f']")
_MINUSES = ("\u2212", "\u2013", "\u2012", "\ufe63", "\uff0d")
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


class NumberError(ValueError):
    """A text that is not a number in the reader's locale (the message names the text)."""


def _locale(language: str) -> str:
    return _LOCALES.get(language, _LOCALES[DEFAULT_LANGUAGE])


def decimal_mark(language: str) -> str:
    """``,`` (nb) / ``.`` (en)."""
    return get_decimal_symbol(_locale(language))


def group_mark(language: str) -> str:
    """The thousands separator: a non-breaking space (nb) / ``,`` (en)."""
    return get_group_symbol(_locale(language))


def _decimals_of(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value: Decimal | int | str, language: str, decimals: int | None = None, *,
                  grouping: bool = True) -> str:
    """A number as a reader of ``language`` writes it: ``12 207,5`` (nb) / ``12,207.5`` (en).

    ``decimals=None`` keeps the number's own decimals (trailing zeros dropped); four-digit numbers are
    never grouped (``1200``, a year ``2027``); ``grouping=False`` for an identifier (``70001``).
    """
    number = Decimal(value)
    if not number.is_finite():
        raise NumberError(f"not a finite number: {value!r}")
    places = _decimals_of(number) if decimals is None else decimals
    fraction = "." + "0" * places if places else ""
    grouped = grouping and abs(number) >= 10000  # four digits are never split: 1200 mm, 2027
    pattern = ("#,##0" if grouped else "0") + fraction
    return _minus(format_decimal(number, format=pattern, locale=_locale(language), decimal_quantization=True))


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def format_money(amount: Decimal | int, language: str) -> str:
    """Kroner as shown to a user: ``kr 12 345,00`` (nb) / ``NOK 12,345.00`` (en), always grouped.

    The amount is rounded to the øre first (half up, the one rounding rule of
    :mod:`configurator.core.pricing.money`); spaces are non-breaking so an amount never wraps.
    """
    from decimal import ROUND_HALF_UP

    rounded = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    number = _minus(format_decimal(rounded, format="#,##0.00", locale=_locale(language)))
    currency = "kr" if language == "nb" else "NOK"
    return f"{currency}\u00a0{number}"


def format_percent(percent: Decimal | int | str, language: str, decimals: int | None = None) -> str:
    """A percentage (``12.5`` means 12.5 %) as its reader writes it: ``12,5 %`` (nb) / ``12.5%`` (en)."""
    number = format_number(percent, language, decimals)
    return f"{number}\u00a0%" if language == "nb" else f"{number}%"


def parse_number(text: str, language: str) -> Decimal:
    """A number typed by a user of ``language`` (``5,5`` / ``1 200`` / ``−3`` in nb) as an exact Decimal.

    Raises :class:`NumberError` for anything else (letters, exponents, ``NaN``, two decimal marks).
    """
    if not isinstance(text, str):
        raise NumberError(f"not a number: {text!r}")
    cleaned = _SPACES.sub("", text.strip())
    for minus in _MINUSES:
        cleaned = cleaned.replace(minus, "-")
    if language == "nb" or decimal_mark(language) == ",":
        if "," in cleaned:
            if "." in cleaned:  # 1.234,5: points group the thousands
                if not re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?", cleaned):
                    raise NumberError(f"not a number: {text!r}")
                cleaned = cleaned.replace(".", "")
            cleaned = cleaned.replace(",", ".")
    elif "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise NumberError(f"not a number: {text!r}")
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.fullmatch(cleaned) or sum(c.isdigit() for c in cleaned) > _MAX_DIGITS:
        raise NumberError(f"not a number: {text!r}")
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain notation
        raise NumberError(f"not a number: {text!r}") from None


def parse_money(text: str, language: str) -> Decimal:
    """An amount typed by a user (``kr 1 200,50``, ``1200.5``, ``NOK 1,200.50``) in kroner, at most to the øre."""
    cleaned = text.strip()
    for mark in ("kr.", "kr", "NOK", ",-"):
        if cleaned.lower().startswith(mark.lower()):
            cleaned = cleaned[len(mark):]
        if cleaned.lower().endswith(mark.lower()):
            cleaned = cleaned[: -len(mark)]
    amount = parse_number(cleaned, language)
    if amount != amount.quantize(Decimal("0.01")):
        raise NumberError(f"not an amount in kroner and øre: {text!r}")
    return amount


def parse_percent(text: str, language: str) -> Decimal:
    """A percentage typed by a user (``5,5``, ``5,5 %``, ``12.5%``) as its number (5.5)."""
    cleaned = text.strip().removesuffix("%").strip()
    return parse_number(cleaned, language)
