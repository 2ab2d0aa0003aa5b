"""Validation of quote parameters and quote-level rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from configurator.core.i18n import msg
from configurator.core.model import schema as s
from configurator.core.model.attributes import ATTRIBUTE_KEYS, COMMON_ATTRIBUTE_KEYS, symbol_of
from configurator.core.model.expr import Kind
from configurator.core.model.reader import RULE_ID_PATTERN, Invalid

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator


def read_quote_parameters(v: ModelValidator, doc: dict[str, Any]) -> tuple[s.Attribute, ...]:
    """Questions asked once per quote: choices, booleans or numbers, usable as ``quote.NAME``."""
    parameters: list[s.Attribute] = []
    for container, index, raw in v.items(doc, "quote_parameters", None):
        try:
            entry = v.mapping(container, index, None, raw)
            param_id = v.identifier(entry, "id", None)
            where = msg("quote parameter '{id}'", id=param_id)
            kind = v.text(entry, "type", where)
            if kind not in (s.CHOICE, s.BOOLEAN, s.INTEGER, s.DECIMAL):
                raise v.fail(entry, "type", where, msg(
                    "a quote parameter is a choice, boolean, integer or decimal (got '{type}')", type=kind))
            if param_id in v.quote_symbols:
                raise v.fail(entry, "id", where, msg("quote parameter '{id}' is defined twice", id=param_id))
            assert kind is not None
            priceless = tuple(k for k in ATTRIBUTE_KEYS[kind]
                              if k not in ("price", "show_on_quote", "applies_when", "applies_message"))
            v.check_keys(entry, COMMON_ATTRIBUTE_KEYS + priceless, where)
            parameter = v.read_attribute(entry, param_id, kind, where)
            parameters.append(parameter)
            v.quote_symbols[param_id] = symbol_of(parameter)
        except Invalid:
            continue
    return tuple(parameters)

def read_quote_rules(v: ModelValidator, doc: dict[str, Any]) -> tuple[s.QuoteRule, ...]:
    """Rules over all lines of a quote (aggregates and quote parameters allowed)."""
    rules: list[s.QuoteRule] = []
    seen: dict[str, Any] = {}
    scope = v.scope(quote=True, aggregates=True)
    for container, index, raw in v.items(doc, "quote_rules", None):
        try:
            entry = v.mapping(container, index, None, raw)
            rule_id = v.identifier(entry, "id", None, RULE_ID_PATTERN)
            where = msg("quote rule '{id}'", id=rule_id)
            v.check_keys(entry, ("id", "message", "when", "require", "exclude"), where)
            if not v.unique(seen, entry, "id", where, rule_id):
                continue
            kinds = [k for k in ("require", "exclude") if k in entry]
            if len(kinds) != 1:
                raise v.fail(entry, None, where, msg("a quote rule needs exactly one of 'require' or 'exclude'"))
            message = v.localised(entry, "message", where)
            when = v.optional_expression(entry, "when", where, scope, Kind.BOOL)
            condition = v.expression(entry, kinds[0], where, scope, Kind.BOOL)
            assert message is not None and condition is not None
            rules.append(s.QuoteRule(rule_id, message, condition, when, exclude=kinds[0] == "exclude"))
        except Invalid:
            continue
    return tuple(rules)


QUOTE_ITEM_KEYS = ("id", "label", "when", "quantity", "unit", "price", "item")


def read_quote_items(v: ModelValidator, doc: dict[str, Any]) -> tuple[s.QuoteItem, ...]:
    """What a quote needs once for all its lines of the family: a quantity over the lines, a price per item
    and/or an item number for the order's bill of materials."""
    items: list[s.QuoteItem] = []
    seen: dict[str, Any] = {}
    scope = v.scope(quote=True, aggregates=True)
    for container, index, raw in v.items(doc, "quote_items", None):
        try:
            entry = v.mapping(container, index, None, raw)
            item_id = v.identifier(entry, "id", None, RULE_ID_PATTERN)
            where = msg("quote item '{id}'", id=item_id)
            v.check_keys(entry, QUOTE_ITEM_KEYS, where)
            if not v.unique(seen, entry, "id", where, item_id):
                continue
            label = v.localised(entry, "label", where)
            quantity = v.expression(entry, "quantity", where, scope, Kind.NUM)
            when = v.optional_expression(entry, "when", where, scope, Kind.BOOL)
            price = v.money(entry, "price", where, required=False)
            item = v.text(entry, "item", where, required=False)
            unit = v.text(entry, "unit", where, required=False) or "pcs"
            if price is None and item is None:
                raise v.fail(entry, None, where, msg("a quote item needs a 'price', an 'item' number for the bill "
                                                     "of materials, or both"))
            assert label is not None and quantity is not None
            items.append(s.QuoteItem(item_id, label, quantity, str(unit), price, None if item is None else str(item),
                                     when))
        except Invalid:
            continue
    return tuple(items)
