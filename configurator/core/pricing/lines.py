"""A priced quote line as data: its lines, their explanations, and its JSON form (stored with each quote line).

A price is kept as amounts and *what they were computed from* (a :class:`Message` whose parameters are raw
numbers, unit ids and texts), never as finished sentences: the same stored price can be explained in nb or en
years later. Formatting happens only in ``describe``, so the numbers a reader sees are the stored ones.

Detail messages are a closed set (:data:`DETAILS`): each names its parameters and their kinds, so reading
stored JSON can check every field and give Decimals back exactly (they are stored as strings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from configurator.core.engine.describe import unit_label
from configurator.core.i18n import N_, Message, Text, translate
from configurator.core.numbers import format_percent
from configurator.core.pricing.money import format_money, format_number, round_ore

KINDS = ("base", "option", "boolean", "surcharge", "minimum", "quantity_break", "early_order",
         "customer_discount", "line_discount")
FORMAT = 1  # the version of the stored JSON form
UNIT_KINDS = frozenset(KINDS[:5])
DISCOUNT_KINDS = frozenset(KINDS[5:])

# How a line was computed. Parameter kinds: money (kr), number, unit (a unit id), text (shown as written).
RATE = N_("{quantity} {unit} × {rate}")
RATE_PLAIN = N_("{quantity} × {rate}")
PERCENT = N_("{percent}% of {base}")  # the msgid stored with a price; shown as PERCENT_SHOWN
PERCENT_SHOWN = N_("{percent} of {base}")  # the percent written by core/numbers: "18 %" (nb), "18%" (en)
FORMULA = N_("formula {formula}")
MINIMUM = N_("minimum price {minimum} − {subtotal}")
NUMERIC_KINDS = ("money", "number", "percent")  # stored as decimal texts
DETAILS: dict[str, dict[str, str]] = {
    RATE: {"quantity": "number", "unit": "unit", "rate": "money"},
    RATE_PLAIN: {"quantity": "number", "rate": "money"},
    PERCENT: {"percent": "percent", "base": "money"},
    FORMULA: {"formula": "text"},
    MINIMUM: {"minimum": "money", "subtotal": "money"},
}


def _shown(kind: str, value: Any, language: str) -> str:
    if kind == "money":
        return format_money(value, language)
    if kind == "number":
        return format_number(value, language)
    if kind == "percent":
        return format_percent(value, language)
    if kind == "unit":
        return unit_label(value, language)
    return str(value)


def render_detail(detail: Message, language: str) -> str:
    """The detail in ``language``, numbers and amounts written as its readers write them."""
    kinds = DETAILS[detail.msgid]
    params = {name: _shown(kinds[name], value, language) for name, value in detail.params.items()}
    return translate(PERCENT_SHOWN if detail.msgid == PERCENT else detail.msgid, language, **params)


@dataclass(frozen=True)
class PriceLine:
    """One line of a price: what it is, what it costs (kr, rounded to the øre), how that was computed."""

    kind: str
    label: Text
    amount: Decimal
    detail: Message | None = None

    def describe(self, language: str) -> str:
        """``3-lags energiglass: 1,42 m² × kr 850,00 = kr 1 207,00``."""
        amount = format_money(self.amount, language)
        if self.detail is None:
            return translate("{label}: {amount}", language, label=self.label.get(language), amount=amount)
        return translate("{label}: {detail} = {amount}", language, label=self.label.get(language),
                         detail=render_detail(self.detail, language), amount=amount)

    def to_json(self) -> dict[str, Any]:
        detail = None
        if self.detail is not None:
            kinds = DETAILS[self.detail.msgid]
            params = {k: str(v) if kinds[k] in NUMERIC_KINDS else v for k, v in self.detail.params.items()}
            detail = {"msgid": self.detail.msgid, "params": params}
        return {"kind": self.kind, "label": self.label.as_dict(), "amount": str(self.amount), "detail": detail}

    @classmethod
    def from_json(cls, data: Any, kinds: frozenset[str] = frozenset(KINDS)) -> PriceLine:
        """The line stored by :meth:`to_json`; ``kinds`` are the kinds allowed where it was stored."""
        fields = _mapping(data, "price line", {"kind", "label", "amount", "detail"})
        kind = fields["kind"]
        if kind not in kinds:
            raise ValueError(f"price line: unknown or misplaced kind {kind!r}")
        label = _mapping(fields["label"], "price line label", {"nb", "en"})
        if not all(isinstance(v, str) for v in label.values()):
            raise ValueError("price line label: nb and en must be texts")
        detail = None if fields["detail"] is None else _detail_from_json(fields["detail"])
        return cls(kind, Text(label["nb"], label["en"]), decimal_from_json(fields["amount"], "amount", ore=True),
                   detail)


@dataclass(frozen=True)
class LinePrice:
    """The price of one quote line: unit lines add up to ``unit_price``; discounts apply to the whole line."""

    unit_lines: tuple[PriceLine, ...]
    unit_price: Decimal
    quantity: int
    discount_lines: tuple[PriceLine, ...]
    line_total: Decimal
    complete: bool  # False: a partial configuration, the price is a "from" price

    @property
    def gross(self) -> Decimal:
        """The line before its discounts: unit price × quantity."""
        return self.unit_price * self.quantity

    def describe(self, language: str) -> list[str]:
        """Every line explained, the unit price, the quantity, the discounts, then the total."""
        money = format_money
        text = [line.describe(language) for line in self.unit_lines]
        text.append(translate("Unit price: {amount}", language, amount=money(self.unit_price, language)))
        if self.quantity != 1:
            text.append(translate("{quantity} × {unit_price} = {amount}", language,
                                  quantity=format_number(self.quantity, language),
                                  unit_price=money(self.unit_price, language), amount=money(self.gross, language)))
        text.extend(line.describe(language) for line in self.discount_lines)
        total = money(self.line_total, language)
        if self.complete:
            text.append(translate("Line total: {amount}", language, amount=total))
        else:
            text.append(translate("Line total, from: {amount}", language, amount=total))
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "unit_lines": [line.to_json() for line in self.unit_lines],
            "unit_price": str(self.unit_price),
            "quantity": self.quantity,
            "discount_lines": [line.to_json() for line in self.discount_lines],
            "line_total": str(self.line_total),
            "complete": self.complete,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinePrice:
        """The price stored by :meth:`to_json`. Damaged data (a missing field, a wrong type, amounts that no
        longer add up) raises ValueError: a stored price is never silently repaired."""
        fields = _mapping(data, "line price", {"format", "unit_lines", "unit_price", "quantity", "discount_lines",
                                               "line_total", "complete"})
        if fields["format"] != FORMAT:
            raise ValueError(f"line price: unknown format {fields['format']!r} (this program reads {FORMAT})")
        quantity, complete = fields["quantity"], fields["complete"]
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValueError(f"line price: quantity must be a whole number of at least 1, got {quantity!r}")
        if not isinstance(complete, bool):
            raise ValueError(f"line price: complete must be true or false, got {complete!r}")
        price = cls(
            unit_lines=_lines_from_json(fields["unit_lines"], UNIT_KINDS),
            unit_price=decimal_from_json(fields["unit_price"], "unit_price", ore=True),
            quantity=quantity,
            discount_lines=_lines_from_json(fields["discount_lines"], DISCOUNT_KINDS),
            line_total=decimal_from_json(fields["line_total"], "line_total", ore=True),
            complete=complete,
        )
        price.check()
        return price

    def check(self) -> None:
        """Raise ValueError unless the lines add up to the unit price and the total."""
        units = sum((line.amount for line in self.unit_lines), Decimal(0))
        if units != self.unit_price:
            raise ValueError(f"line price: the unit lines add up to {units}, not to the unit price {self.unit_price}")
        total = self.gross + sum((line.amount for line in self.discount_lines), Decimal(0))
        if total != self.line_total:
            raise ValueError(f"line price: the line adds up to {total}, not to the line total {self.line_total}")


def _lines_from_json(data: Any, kinds: frozenset[str]) -> tuple[PriceLine, ...]:
    if not isinstance(data, list | tuple):
        raise ValueError(f"line price: expected a list of price lines, got {type(data).__name__}")
    return tuple(PriceLine.from_json(item, kinds) for item in data)


def _detail_from_json(data: Any) -> Message:
    fields = _mapping(data, "price line detail", {"msgid", "params"})
    kinds = DETAILS.get(fields["msgid"]) if isinstance(fields["msgid"], str) else None
    if kinds is None:
        raise ValueError(f"price line detail: unknown message {fields['msgid']!r}")
    params = _mapping(fields["params"], "price line detail parameters", set(kinds))
    values: dict[str, Any] = {}
    for name, kind in kinds.items():
        value = params[name]
        if kind in NUMERIC_KINDS:
            values[name] = decimal_from_json(value, name)
        elif isinstance(value, str):
            values[name] = value
        else:
            raise ValueError(f"price line detail: {name} must be a text, got {value!r}")
    return Message(fields["msgid"], values)


def _mapping(data: Any, what: str, keys: set[str]) -> Mapping[str, Any]:
    """``data`` as a mapping with exactly ``keys`` (damaged data is refused, not guessed at)."""
    if not isinstance(data, Mapping):
        raise ValueError(f"{what}: expected an object, got {type(data).__name__}")
    if set(data) != keys:
        missing, extra = sorted(keys - set(data)), sorted(set(data) - keys)
        raise ValueError(f"{what}: missing {missing}, unexpected {extra}")
    return data


def decimal_from_json(value: Any, what: str, *, ore: bool = False) -> Decimal:
    """A Decimal stored as a string; with ``ore`` it must be whole øre (every stored amount is)."""
    if not isinstance(value, str):
        raise ValueError(f"{what}: expected a decimal number as a string, got {value!r}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what}: not a decimal number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"{what}: not a finite number: {value!r}")
    if ore and number != round_ore(number):
        raise ValueError(f"{what}: not a whole number of øre: {value!r}")
    return number


def date_label(day: date, language: str) -> str:
    """A date as its readers write it: 22.11.2026 (nb), 2026-11-22 (en)."""
    return f"{day:%d.%m.%Y}" if language == "nb" else day.isoformat()
