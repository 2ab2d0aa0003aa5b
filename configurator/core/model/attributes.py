"""What the language says of one attribute: the keys each type takes, and what expressions know of it.

Shared by the validator's modules (``validate``, ``validate_quote``) so that none imports another back."""

from __future__ import annotations

from configurator.core.model import schema as s
from configurator.core.model.expr import Symbol
from configurator.core.model.nodes import BOOL, TEXT, Kind, Type
from configurator.core.model.units import parse_unit

COMMON_ATTRIBUTE_KEYS = ("id", "type", "label", "description", "help", "default", "key")
ATTRIBUTE_KEYS = {
    s.CHOICE: ("applies_when", "applies_message", "options", "show_on_quote"),
    s.BOOLEAN: ("applies_when", "applies_message", "price", "show_on_quote"),
    s.INTEGER: ("applies_when", "applies_message", "unit", "min", "max", "step", "limits_message"),
    s.DECIMAL: ("applies_when", "applies_message", "unit", "min", "max", "step", "limits_message"),
    s.TEXT: ("applies_when", "applies_message", "max_length", "pattern", "required"),
    s.COMPUTED: ("unit", "expr", "decimals", "options"),
}


def symbol_of(attribute: s.Attribute) -> Symbol:
    """What expressions know about an attribute."""
    if attribute.type == s.CHOICE:
        keys = frozenset(attribute.options[0].values) if attribute.options else frozenset()
        units = tuple((k, u) for k, name in sorted(attribute.options[0].units.items()) if (u := parse_unit(name))) \
            if attribute.options else ()
        return Symbol(Type(Kind.CHOICE, attr=attribute.id), frozenset(o.id for o in attribute.options), keys, units)
    if attribute.type == s.BOOLEAN:
        return Symbol(BOOL)
    if attribute.type == s.TEXT:
        return Symbol(TEXT)
    if attribute.type == s.COMPUTED:
        assert attribute.expr is not None
        if attribute.expr.node.type.kind is Kind.BOOL:
            return Symbol(BOOL)
        if attribute.options:  # a computed choice: compared with its options like any choice
            return Symbol(Type(Kind.CHOICE, attr=attribute.id), frozenset(o.id for o in attribute.options))
    return Symbol(Type(Kind.NUM, parse_unit(attribute.unit)))
