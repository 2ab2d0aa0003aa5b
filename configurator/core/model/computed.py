"""Computed attributes filled in from the others: exact, with the model's own evaluator (no engine needed).

Prices, previews, production data and quote rules all read computed values (a window's area, an ear tag's
first number); this light module gives them without importing the engine and its solver.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from configurator.core.model import expr as e
from configurator.core.model import schema as s


def with_computed(values: Mapping[str, Any], model: s.ProductModel) -> dict[str, Any]:
    """Attribute values plus every computed attribute that can be evaluated from them (None when not yet)."""
    result = dict(values)
    option_values = model.option_values()
    pending = [a for a in model.attributes if a.is_computed and a.expr is not None]
    # the author's order first; one computed attribute may read another written after it (a window's U-value
    # reads its area), so those still open are evaluated again while that fills in more of them
    while pending:
        for attribute in pending:
            assert attribute.expr is not None
            result[attribute.id] = e.evaluate(attribute.expr.node, e.Env(result, option_values))
        still = [a for a in pending if result.get(a.id) is None]
        if len(still) == len(pending):
            break
        pending = still
    return result


def not_applying(values: Mapping[str, Any], model: s.ProductModel) -> set[str]:
    """The attributes that do not apply under ``values`` (their ``applies_when`` is false, or cannot be true because
    it reads only decided values and values that do not apply); such an attribute has no value and is not open."""
    missing: set[str] = set()
    conditional = [a for a in model.chosen_attributes if a.applies_when is not None]
    if not conditional:
        return missing
    option_values = model.option_values()
    for _ in range(len(conditional)):  # a condition may read an attribute that itself may not apply
        known = with_computed({k: v for k, v in values.items() if k not in missing}, model)
        found = set(missing)
        for attribute in conditional:
            assert attribute.applies_when is not None
            node = attribute.applies_when.node
            result = e.evaluate(node, e.Env(known, option_values))
            reads = e.attributes_used(node)
            if result is False or (result is None and all(known.get(a) is not None or a in missing for a in reads)):
                found.add(attribute.id)
        if found == missing:
            break
        missing = found
    return missing
