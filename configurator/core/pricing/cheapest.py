"""The "from" price of a partial configuration: the price of the cheapest complete configuration found that keeps
the user's choices.

The engine's cheapest completion (``ConfigurationSession.complete(cheapest=True)``) weighs only options with a
plain amount; percents, rates and formulas depend on other values, so it cannot weigh them. It is the starting
point, then every open attribute the price reads is moved, one at a time, to the valid value (given all the
others) that makes the line cheapest, until no single change lowers the price. This is a local optimum: a
price that only a change of two attributes together could lower is not found. All of it happens on a second
session over the same encoding, so the user's session (choices, undo and redo) is never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from configurator.core.engine.grid import scope_of
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import schema as s
from configurator.core.pricing.calculate import price_line
from configurator.core.pricing.lines import LinePrice

MAX_ROUNDS = 20


def from_price(session: ConfigurationSession, *, quantity: int = 1, on_date: date,
               customer_discount_bp: int = 0) -> LinePrice:
    """For a complete session its price; otherwise the cheapest price found that extends its choices, marked
    ``complete=False`` (shown as "from kr ...")."""
    model = session.model
    if session.state().complete:
        return price_line(model, session.values(), quantity=quantity, on_date=on_date,
                          customer_discount_bp=customer_discount_bp)
    values = cheapest_values(session, lambda v: price_line(model, v, on_date=on_date).unit_price)
    price = price_line(model, values, quantity=quantity, on_date=on_date, customer_discount_bp=customer_discount_bp)
    return replace(price, complete=False)


def cheapest_values(session: ConfigurationSession, cost: Callable[[Mapping[str, Any]], Decimal], *,
                    trial: ConfigurationSession | None = None) -> dict[str, Any]:
    """Values of a complete configuration extending the session's choices, as cheap by ``cost`` as found.

    The search changes a ``trial`` session: a new one (closed at the end), or the caller's (a warm one of the
    same encoding, whose solver already knows many solutions: several times faster; it may be ``session``
    itself, its choices are then changed)."""
    own = trial is None
    if trial is None:
        trial = ConfigurationSession(session.model, session.encoding)
    wanted = dict(session.choices)
    try:
        trial.set_many(wanted, replace=True)
        trial.complete(cheapest=True)
        open_priced = [a for a in priced_attributes(session.model) if a not in wanted]
        for _ in range(MAX_ROUNDS):
            moved = [_improve(trial, attr_id, cost) for attr_id in open_priced]  # every one, each round
            if not any(moved):
                break
        return dict(trial.choices)
    finally:
        if own:
            trial.close()


def _improve(trial: ConfigurationSession, attr_id: str, cost: Callable[[Mapping[str, Any]], Decimal]) -> bool:
    """Move ``attr_id`` to its cheapest valid value with every other choice kept; whether it moved."""
    current = trial.choices.get(attr_id)
    best_cost = cost(trial.choices)
    best = current
    for value in trial.alternatives(attr_id):
        if value != current:
            found = cost({**trial.choices, attr_id: value})
            if found < best_cost:
                best, best_cost = value, found
    if best == current:
        return False
    trial.set(attr_id, best)
    return True


def priced_attributes(model: s.ProductModel) -> list[str]:
    """The chosen attributes (not texts) the price reads, in model order (computed ones replaced by what they
    read)."""
    found: set[str] = set()

    def effect(price: s.PriceEffect | None) -> None:
        if price is None:
            return
        if price.formula is not None:
            found.update(scope_of(price.formula.node, model))
        if price.per is not None:
            per = model.attribute(price.per)
            found.update(scope_of(per.expr.node, model) if per.expr is not None else [per.id])

    pricing = model.pricing
    effect(pricing.base)
    for surcharge in pricing.surcharges:
        effect(surcharge.price)
        if surcharge.when is not None:
            found.update(scope_of(surcharge.when.node, model))
    for attribute in model.chosen_attributes:
        prices = [o.price for o in attribute.options] + [attribute.price]
        if any(p is not None for p in prices):
            found.add(attribute.id)
        for price in prices:
            effect(price)
    return [a.id for a in model.chosen_attributes if a.id in found and a.type != s.TEXT]  # texts are never invented
