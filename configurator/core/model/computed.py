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
    for attribute in model.attributes:
        if attribute.is_computed and attribute.expr is not None:
            result[attribute.id] = e.evaluate(attribute.expr.node, e.Env(result, option_values))
    return result
