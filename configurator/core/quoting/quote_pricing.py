"""The quote-level pricing of a draft: what is worked out over all of its lines, after each change.

- The quote parameters (``quote.NAME`` in prices and rules), checked and read from what was typed.
- Quantity breaks over the quote (``quantity_breaks_by: quote``): three lines of 4 chairs are 12 chairs.
- Quote items: what the lines need once for the whole quote (:mod:`configurator.core.pricing.quote_items`).
- The totals (ex VAT, VAT, inc VAT) from the stored lines and the quote items, and whether the discount in all
  needs a manager's approval.

Everything runs in the caller's unit of work (:mod:`configurator.core.catalogue.unit`): it writes with the
change that caused it, or not at all. The single lines are priced by :meth:`QuotePricer.price`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.catalogue.quote_records import QuoteRecord
from configurator.core.catalogue.quotes import LineData
from configurator.core.catalogue.records import CustomerRecord
from configurator.core.catalogue.unit import Unit
from configurator.core.i18n import msg
from configurator.core.pricing.money import to_ore
from configurator.core.pricing.price import LinePrice, PricingError, price_line, quote_totals
from configurator.core.pricing.quote_items import ItemLine, QuoteItemResult, quote_items
from configurator.core.quoting.errors import QuoteError, customer_of
from configurator.core.quoting.models import ModelStore, StoredModel
from configurator.core.settings import Settings, needs_approval


def effective_discount_bp(customer_bp: int, line_bp: int, quote_bp: int) -> int:
    """The discount a line gets in all, in basis points: the customer's and the line's (added, as on the line),
    then the quote's on what is left. 10 % + 5 % on the line and 10 % on the quote: 23.5 %."""
    kept = (Decimal(10_000) - customer_bp - line_bp) * (Decimal(10_000) - quote_bp) / 10_000
    return int(Decimal(10_000) - kept)


class QuotePricer:
    """Prices lines for ``today()`` and works out what a draft's lines make together."""

    def __init__(self, models: ModelStore, settings: Settings, today: Callable[[], date]) -> None:
        self.models = models
        self.settings = settings
        self.today = today

    def price(self, stored: StoredModel, values: Mapping[str, Any], quantity: int, line_discount_bp: int,
              customer: CustomerRecord, *, parameters: Mapping[str, Any] | None = None,
              break_quantity: int | None = None) -> LinePrice:
        return price_line(stored.model, values, quantity=quantity, on_date=self.today(),
                          customer_discount_bp=customer.discount_basis_points, line_discount_bp=line_discount_bp,
                          quote=parameters, break_quantity=break_quantity)

    def recompute(self, unit: Unit, number: str) -> None:
        """After any change to a draft, in the same unit of work: the lines whose quantity breaks count the whole
        quote (see :meth:`quote_breaks`), then its totals from the stored lines and whether it needs an approval.
        An approval is for the quote as it stood: any change asks for it again."""
        self.quote_breaks(unit, number)
        quote = unit.quotes.get(number)
        revision = quote.current
        extras = [item.total for item in self.quote_items(unit, quote, revision)]
        totals = quote_totals([Decimal(line.line_total_ore) / 100 for line in revision.lines] + extras,
                              discount_bp=revision.discount_basis_points, vat_percent=self.settings.vat_percent)
        customer_bp = customer_of(unit, quote.customer_id).discount_basis_points
        effective = max([effective_discount_bp(customer_bp, line.line_discount_basis_points,
                                               revision.discount_basis_points) for line in revision.lines]
                        or [revision.discount_basis_points])
        approval = needs_approval(effective, self.settings)
        changes: dict[str, Any] = {"total_ex_vat_ore": to_ore(totals.total_ex_vat), "vat_ore": to_ore(totals.vat),
                                   "total_inc_vat_ore": to_ore(totals.total_inc_vat), "needs_approval": approval,
                                   "approved_by": None, "approved_at": None}
        unit.quotes.update_revision(quote.number, **changes)

    def quote_breaks(self, unit: Unit, number: str) -> None:
        """A model may count its quantity breaks over the quote (``quantity_breaks_by: quote``): three lines of
        4 chairs are 12 chairs. Each such line is priced again with its own model version when the family's
        items on the draft change, and stored only when its price changes (the preview is kept)."""
        quote = unit.quotes.get(number)
        lines = quote.current.lines
        items: dict[str, int] = {}
        for line in lines:
            items[line.family_id] = items.get(line.family_id, 0) + line.quantity
        customer: CustomerRecord | None = None
        for line in lines:
            stored = self.models.by_version_id(line.model_version_id, unit.models)
            if stored.model.pricing.quantity_breaks_by != "quote" or not stored.model.pricing.quantity_breaks:
                continue
            customer = customer or customer_of(unit, quote.customer_id)
            try:
                price = self.price(stored, line.configuration.values, line.quantity, line.line_discount_basis_points,
                                   customer, parameters=quote.quote_parameters, break_quantity=items[line.family_id])
            except PricingError as error:
                raise QuoteError(error.message) from None
            if price.to_json() == line.price_breakdown:
                continue
            unit.quotes.replace_line(quote.number, line.position, LineData(
                line.family_id, line.model_version_id, line.configuration, line.quantity,
                line.line_discount_basis_points, to_ore(price.unit_price), to_ore(price.line_total), price.to_json(),
                line.preview_png))

    def quote_items(self, unit: Unit, quote: QuoteRecord, revision: Any) -> list[QuoteItemResult]:
        """The quote items of ``revision``: with the parameters it was sent with, else the quote's."""
        lines = [ItemLine(line.model_version_id, self.models.by_version_id(line.model_version_id, unit.models).model,
                          line.configuration.values, line.quantity) for line in revision.lines]
        parameters = (revision.frozen.parameters if revision.frozen and revision.frozen.parameters is not None
                      else quote.quote_parameters)
        return quote_items(lines, parameters)

    def quote_parameters(self, unit: Unit) -> dict[str, Any]:
        """Every quote parameter the catalogue's products know (id -> attribute), from their current versions."""
        known: dict[str, Any] = {}
        for family in [family.id for family in unit.models.families()]:
            for parameter in self.models.current(family, self.today(), unit.models).model.quote_parameters:
                known.setdefault(parameter.id, parameter)
        return known

    def checked_parameters(self, unit: Unit, parameters: Mapping[str, Any]) -> dict[str, Any]:
        """Quote parameters as their values (``"true"`` → True), refusing unknown names and wrong values."""
        known = self.quote_parameters(unit) if parameters else {}
        checked: dict[str, Any] = {}
        for name, value in parameters.items():
            attribute = known.get(name)
            if attribute is None:
                raise QuoteError(msg("'{name}' is not a quote parameter (known: {known}).", name=name,
                                     known=", ".join(sorted(known)) or "-"))
            parsed = parameter_value(attribute, value)
            if parsed is None:
                raise QuoteError(msg("'{value}' is not a value of the quote parameter '{name}'.", value=value,
                                     name=name))
            checked[name] = parsed
        return checked


def parameter_value(attribute: Any, value: Any) -> Any:
    """A quote parameter's value from what was typed, or None when it is not one."""
    from configurator.core.numbers import NumberError, parse_number

    text = str(value).strip().lower()
    if attribute.type == "boolean":
        if isinstance(value, bool):
            return value
        return {"true": True, "yes": True, "ja": True, "1": True,
                "false": False, "no": False, "nei": False, "0": False}.get(text)
    if attribute.type in ("integer", "decimal"):
        try:
            number = parse_number(text, "nb")  # a comma or a point: both are read as the decimal mark
        except NumberError:
            return None
        return number if attribute.accepts(number) else None
    if attribute.type == "choice":
        return text if attribute.option(text) is not None else None
    return str(value) if attribute.accepts(str(value)) else None
