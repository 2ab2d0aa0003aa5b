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
