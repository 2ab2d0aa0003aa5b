"""Quote items: what a quote needs once for all its lines of a product (``quote_items`` in a model), e.g. plinth
boards ``ceil(sum(plinth_length_mm) / 2400 mm)`` for a kitchen, counted over the lines with their quantities.

Each family's items are evaluated with the newest model version among that family's lines, over all of them. An
item whose ``when`` is not true, or whose quantity is not decided or not above zero, is left out. A priced item
costs quantity × price, rounded to the øre on its own (``money.round_ore``), and is added to the quote's subtotal
before the quote discount; an item with an ``item`` number is a row of the production order's bill of materials.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from configurator.core.engine.quote_rules import quote_env
from configurator.core.i18n import Text
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.pricing.money import round_ore


@dataclass(frozen=True)
class ItemLine:
    """One quote line as the items see it."""

    model_version_id: int  # the newest of a family's lines decides which model's items count
    model: s.ProductModel
    values: Mapping[str, Any]
    quantity: int


@dataclass(frozen=True)
class QuoteItemResult:
    family: str
    id: str
    label: Text
    quantity: Decimal
    unit: str
    unit_price: Decimal | None  # kr per item; None: only a bill-of-materials row
    total: Decimal  # 0 for an unpriced item
    item: str | None


def quote_items(lines: Sequence[ItemLine], quote: Mapping[str, Any] | None = None) -> list[QuoteItemResult]:
    """The quote items of every family on the quote, in the order of the families' first lines."""
    families: dict[str, list[ItemLine]] = {}
    for line in lines:
        families.setdefault(line.model.family, []).append(line)
    results: list[QuoteItemResult] = []
    for family, members in families.items():
        model = max(members, key=lambda line: line.model_version_id).model
        if not model.quote_items:
            continue
        parameters = dict(quote or {})
        for parameter in model.quote_parameters:
            parameters.setdefault(parameter.id, parameter.default)
        env = quote_env(model, [line.values for line in members], parameters, [line.quantity for line in members])
        for item in model.quote_items:
            if item.when is not None and e.evaluate(item.when.node, env) is not True:
                continue
            quantity = e.evaluate(item.quantity.node, env)
            if not isinstance(quantity, Decimal) or not quantity.is_finite() or quantity <= 0:
                continue
            total = round_ore(quantity * item.price) if item.price is not None else Decimal(0)
            results.append(QuoteItemResult(family, item.id, item.label, quantity, item.unit, item.price, total,
                                           item.item))
    return results


def items_total(results: Sequence[QuoteItemResult]) -> Decimal:
    return sum((result.total for result in results), Decimal(0))
