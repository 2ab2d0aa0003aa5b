"""Pricing one configuration: the model's ``pricing`` and its options' and booleans' price effects, exactly.

Every line is rounded to the øre on its own (``money.round_ore``) and every sum is a sum of rounded lines, so what
a customer reads adds up. A percent effect is a percent of the *rounded* base line; discounts are percents of the
gross line (unit price × quantity), each rounded on its own. Expressions are evaluated with the model's own
exact evaluator over the values with their computed attributes filled in (the engine's ``_with_computed``), so
the price always agrees with the rules.

A value that is not decided yet (missing, or ``None``) makes every effect that reads it contribute nothing and
marks the price incomplete. An optional text that is missing counts as empty (nobody decides to leave it
empty); a required one is not decided.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.i18n import N_, Message, Text, msg, translate
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.computed import not_applying, with_computed
from configurator.core.pricing.lines import (
    MINIMUM,
    PERCENT,
    RATE,
    RATE_PLAIN,
    LinePrice,
    PriceLine,
    date_label,
)
from configurator.core.pricing.money import ZERO, basis_points_to_percent, percent_of, round_ore

MINIMUM_LABEL = N_("Top-up to the minimum price")
QUANTITY_BREAK_LABEL = N_("Quantity discount ({min_quantity} or more)")
QUOTE_BREAK_LABEL = N_("Quantity discount ({min_quantity} or more on the quote)")
EARLY_ORDER_LABEL = N_("Early-order discount (ordered before {date})")
CUSTOMER_DISCOUNT_LABEL = N_("Customer discount")
LINE_DISCOUNT_LABEL = N_("Line discount")


def program_text(msgid: str, **params: Any) -> Text:
    """A program text in both languages, for a line label (stored as written, like the model's labels)."""
    def one(language: str) -> str:
        shown = {k: v(language) if callable(v) else v for k, v in params.items()}
        return translate(msgid, language, **shown)

    return Text(one("nb"), one("en"))


MAX_LINE_TOTAL = 1_000_000_000_000  # kroner on one line (10^14 øre, against SQLite's 9.2 * 10^18)


class PricingError(ValueError):
    """A price that cannot be made (e.g. discounts above 100 %), with the reason for the user."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message

    def render(self, language: str = "nb") -> str:
        return self.message.render(language)


@dataclass(frozen=True)
class _Effect:
    """A price effect's amount before rounding, or None when it reads something not decided yet."""

    amount: Decimal | None
    detail: Message | None = None


class _Pricer:
    """The unit lines of one configuration; ``undecided`` is set when anything it read was not decided."""

    def __init__(self, model: s.ProductModel, values: Mapping[str, Any],
                 quote: Mapping[str, Any] | None = None) -> None:
        self.model = model
        decided = _decided(model, values)
        self.missing = not_applying(decided, model)  # applies_when: these have no value and are not open
        self.values = with_computed({k: v for k, v in decided.items() if k not in self.missing}, model)
        self.env = e.Env(self.values, model.option_values(), quote=quote_values(model, quote))
        self.undecided = any(self.values.get(a.id) is None for a in model.chosen_attributes
                             if a.required and a.id not in self.missing)
        self.base: Decimal | None = None
        self.subtotal: Decimal | None = None  # the sum of every line but the percents of the subtotal

    def evaluate(self, expression: s.Expression) -> Any:
        value = e.evaluate(expression.node, self.env)
        if value is None and not e.attributes_used(expression.node) & self.missing:
            self.undecided = True  # (what reads an attribute that does not apply contributes nothing)
        return value

    def effect(self, effect: s.PriceEffect) -> _Effect:
        if effect.kind == "amount":
            return _Effect(effect.amount)
        if effect.kind == "percent":
            assert effect.amount is not None
            of = self.subtotal if effect.of == "subtotal" else self.base
            if of is None:
                return _Effect(None)
            return _Effect(percent_of(of, effect.amount), _msg(PERCENT, percent=effect.amount, base=of))
        if effect.kind == "rate":
            return self._rate(effect)
        assert effect.formula is not None
        # a formula is the model author's arithmetic, not words for a customer: the line shows its amount only
        return _Effect(self.evaluate(effect.formula))

    def _rate(self, effect: s.PriceEffect) -> _Effect:
        assert effect.amount is not None
        if effect.per_expr is not None:  # a rate per any number: an option's value, a sum, a quote parameter
            quantity = self.evaluate(effect.per_expr)
            node_unit = effect.per_expr.node.type.unit
            unit = "1" if node_unit is None or node_unit.is_dimensionless else node_unit.name
        else:
            assert effect.per is not None
            quantity = self.values.get(effect.per)
            unit = self.model.attribute(effect.per).unit
        if quantity is None:
            self.undecided = self.undecided or effect.per not in self.missing
            return _Effect(None)
        quantity = Decimal(quantity)
        if unit in ("1", ""):
            return _Effect(quantity * effect.amount, _msg(RATE_PLAIN, quantity=quantity, rate=effect.amount))
        return _Effect(quantity * effect.amount, _msg(RATE, quantity=quantity, unit=unit, rate=effect.amount))

    def line(self, kind: str, label: Text, effect: s.PriceEffect) -> PriceLine | None:
        found = self.effect(effect)
        if found.amount is None:
            return None
        return PriceLine(kind, label, round_ore(found.amount), found.detail)

    def lines(self) -> Iterator[PriceLine]:
        """The unit lines in the model's order; a percent of the subtotal is worked out after every other line
        (it is a percent of their sum) and keeps its place."""
        pricing = self.model.pricing
        base = self.line("base", pricing.base_label, pricing.base)
        found: list[PriceLine | tuple[str, Text, s.PriceEffect]] = []
        if base is not None:
            self.base = base.amount
            found.append(base)
        for attribute in self.model.chosen_attributes:
            effect = self._attribute_effect(attribute)
            if effect is not None:
                found.append(effect)
        for surcharge in pricing.surcharges:
            if surcharge.when is None or self.evaluate(surcharge.when) is True:
                found.append(("surcharge", surcharge.label, surcharge.price))
        pending = [self.line(*item) if isinstance(item, tuple) and not _of_subtotal(item[2]) else item
                   for item in found]
        self.subtotal = sum((item.amount for item in pending if isinstance(item, PriceLine)), ZERO)
        for item in pending:
            line = self.line(*item) if isinstance(item, tuple) else item
            if line is not None:
                yield line

    def _attribute_effect(self, attribute: s.Attribute) -> tuple[str, Text, s.PriceEffect] | None:
        value = self.values.get(attribute.id)
        if attribute.type == s.CHOICE and value is not None:
            option = attribute.option(value)
            if option is not None and option.price is not None:
                return ("option", option.label, option.price)
        if attribute.type == s.BOOLEAN and value is True and attribute.price is not None:
            return ("boolean", attribute.label, attribute.price)
        return None


def _of_subtotal(effect: s.PriceEffect) -> bool:
    return effect.kind == "percent" and effect.of == "subtotal"


def _msg(msgid: str, **params: Any) -> Message:
    """A detail message (its parameters stay raw numbers until the line is described)."""
    return Message(msgid, params)


def _decided(model: s.ProductModel, values: Mapping[str, Any]) -> dict[str, Any]:
    """The decided values (computed ones are recomputed); a missing optional text is empty."""
    decided = {a.id: values[a.id] for a in model.chosen_attributes if values.get(a.id) is not None}
    for attribute in model.chosen_attributes:
        if attribute.type == s.TEXT and not attribute.required:
            decided.setdefault(attribute.id, "")
    return decided


def quote_values(model: s.ProductModel, quote: Mapping[str, Any] | None) -> dict[str, Any]:
    """The quote parameters a price reads (``quote.fleet_size``): the quote's values, else the defaults."""
    found = {p.id: p.default for p in model.quote_parameters if p.default is not None}
    found.update({k: v for k, v in (quote or {}).items() if v is not None})
    for parameter in model.quote_parameters:  # numbers stored as JSON come back as int or text
        value = found.get(parameter.id)
        if parameter.type in s.NUMERIC_TYPES and isinstance(value, int | str) and not isinstance(value, bool):
            found[parameter.id] = Decimal(value)
    return found


def unit_lines(model: s.ProductModel, values: Mapping[str, Any],
               quote: Mapping[str, Any] | None = None) -> tuple[tuple[PriceLine, ...], bool]:
    """The unit lines (with a minimum top-up) and whether everything they read was decided; ``quote`` holds
    the quote's parameters (a price may read them; one not given and without a default leaves it incomplete)."""
    pricer = _Pricer(model, values, quote)
    lines = list(pricer.lines())
    subtotal = sum((line.amount for line in lines), ZERO)
    minimum = model.pricing.minimum
    if minimum is not None and subtotal < minimum:
        top_up = round_ore(minimum - subtotal)
        lines.append(PriceLine("minimum", program_text(MINIMUM_LABEL), top_up,
                               _msg(MINIMUM, minimum=round_ore(minimum), subtotal=subtotal)))
    return tuple(lines), not pricer.undecided


def discount_lines(pricing: s.Pricing, gross: Decimal, *, quantity: int, on_date: date, customer_discount_bp: int,
                   line_discount_bp: int, break_quantity: int | None = None) -> tuple[PriceLine, ...]:
    """The line's discounts, each a percent of the gross line rounded on its own, as negative amounts.
    ``break_quantity``: the quantity the quantity breaks look at (the family's lines on the quote, for a model
    whose breaks count the quote); default the line's own quantity."""
    found: list[tuple[str, Text, Decimal]] = []
    counted = quantity if break_quantity is None or pricing.quantity_breaks_by != "quote" else break_quantity
    breaks = [(least, percent) for least, percent in pricing.quantity_breaks if least <= counted]
    if breaks:
        least, percent = max(breaks)
        msgid = QUOTE_BREAK_LABEL if pricing.quantity_breaks_by == "quote" else QUANTITY_BREAK_LABEL
        found.append(("quantity_break", program_text(msgid, min_quantity=least), percent))
    early = next(((before, percent) for before, percent in sorted(pricing.early_order_discounts)
                  if on_date < before), None)
    if early is not None:
        before = early[0]
        label = program_text(EARLY_ORDER_LABEL, date=lambda language: date_label(before, language))
        found.append(("early_order", label, early[1]))
    for kind, msgid, points in (("customer_discount", CUSTOMER_DISCOUNT_LABEL, customer_discount_bp),
                                ("line_discount", LINE_DISCOUNT_LABEL, line_discount_bp)):
        if points:
            found.append((kind, program_text(msgid), basis_points_to_percent(points)))
    total = sum((percent for _, _, percent in found), Decimal(0))
    if total > 100:
        raise PricingError(msg("The discounts on this line add up to {percent} %, more than the whole price; "
                               "lower the line or customer discount.", percent=format(total.normalize(), "f")))
    return tuple(PriceLine(kind, label, -percent_of(gross, percent), _msg(PERCENT, percent=percent, base=gross))
                 for kind, label, percent in found)


def price_line(model: s.ProductModel, values: Mapping[str, Any], *, quantity: int = 1, on_date: date,
               customer_discount_bp: int = 0, line_discount_bp: int = 0,
               quote: Mapping[str, Any] | None = None, break_quantity: int | None = None) -> LinePrice:
    """The price of ``quantity`` units of the configuration ``values`` (attribute id -> value, as the engine
    gives them; missing attributes are not decided) on ``on_date``; discounts in basis points (1 % = 100);
    ``quote`` the quote's parameters (id -> value) that prices may read as ``quote.NAME``; ``break_quantity``
    the items of this family on the whole quote, for a model whose quantity breaks count the quote (at least
    ``quantity``; default ``quantity``)."""
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValueError(f"quantity must be a whole number of at least 1, got {quantity!r}")
    for name, points in (("customer_discount_bp", customer_discount_bp), ("line_discount_bp", line_discount_bp)):
        if isinstance(points, bool) or not isinstance(points, int) or not 0 <= points <= 10_000:
            raise ValueError(f"{name} must be between 0 and 10000 basis points, got {points!r}")
    lines, complete = unit_lines(model, values, quote)
    unit_price = sum((line.amount for line in lines), ZERO)
    gross = unit_price * quantity
    discounts = discount_lines(model.pricing, gross, quantity=quantity, on_date=on_date,
                               customer_discount_bp=customer_discount_bp, line_discount_bp=line_discount_bp,
                               break_quantity=break_quantity)
    total = gross + sum((line.amount for line in discounts), ZERO)
    if abs(gross) > MAX_LINE_TOTAL:  # SQLite keeps øre in 64 bits; far below that, a price is a model's mistake
        raise PricingError(msg("The price of this line ({amount} kr) is more than Skredder stores (at most {limit} "
                               "kr a line); check the model's prices and the quantity.",
                               amount=f"{gross:,.0f}".replace(",", " "), limit=f"{MAX_LINE_TOTAL:,}".replace(",", " ")))
    return LinePrice(lines, unit_price, quantity, discounts, total, complete)
