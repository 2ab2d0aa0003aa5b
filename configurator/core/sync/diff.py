"""What a package changes against the installed catalogue: families, options, prices and rules, in nb and en."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from configurator.core.i18n import Message, msg


@dataclass(frozen=True)
class Change:
    kind: str  # family_added, family_withdrawn, option_added, option_withdrawn, price, rule_added, ...
    family: str
    message: Message

    def render(self, language: str) -> str:
        return f"{self.family}: {self.message.render(language)}"


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, (str, float)):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return None
    return None


def _shown(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())
    return str(value)


def _signed(percent: Decimal) -> Message:
    from configurator.core.pricing.money import format_number
    from configurator.core.quoting.messages import lazy

    return lazy(lambda language: ("+" if percent > 0 else "") + format_number(percent, language, 1))


def _money(amount: Decimal) -> Message:
    from configurator.core.pricing.money import format_money
    from configurator.core.quoting.messages import lazy

    return lazy(lambda language: format_money(amount, language))


def _price_change(family: str, subject: str, old: Any, new: Any) -> Change | None:
    if old == new:
        return None
    old_amount, new_amount = _amount(old), _amount(new)
    if old_amount is not None and new_amount is not None:
        percent_text: Any = "+∞"
        if old_amount:
            percent = ((new_amount - old_amount) * 100 / old_amount).quantize(Decimal("0.1"))
            percent_text = _signed(percent)
        return Change("price", family, msg("price of {subject}: {old} → {new} ({percent} %)", subject=subject,
                                          old=_money(old_amount), new=_money(new_amount), percent=percent_text))
    return Change("price", family, msg("price of {subject}: {old} → {new}", subject=subject,
                                      old=_shown(old) if old is not None else "-",
                                      new=_shown(new) if new is not None else "-"))


def _options(doc: Mapping[str, Any]) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for attribute in doc.get("attributes") or []:
        for option in attribute.get("options") or []:
            found[(attribute.get("id", "?"), option.get("id", "?"))] = option.get("price")
    return found


def _price_items(doc: Mapping[str, Any]) -> dict[str, Any]:
    pricing = doc.get("pricing") or {}
    items = {"base": pricing.get("base"), "minimum": pricing.get("minimum")}
    for surcharge in pricing.get("surcharges") or []:
        items[f"surcharge {surcharge.get('id', '?')}"] = surcharge.get("price")
    for attribute in doc.get("attributes") or []:
        if attribute.get("type") == "boolean" and attribute.get("price") is not None:
            items[f"{attribute.get('id')}"] = attribute.get("price")
    return {k: v for k, v in items.items() if v is not None}


def _rules(doc: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {str(rule.get("id")): rule for rule in doc.get("rules") or [] if isinstance(rule, Mapping)}


def _message_en(rule: Mapping[str, Any]) -> str:
    message = rule.get("message")
    return str(message.get("en", "")) if isinstance(message, Mapping) else str(message or "")


def family_changes(family: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[Change]:
    """The changes of one family's model document (the YAML part) from ``old`` to ``new``."""
    if old is None and new is not None:
        return [Change("family_added", family, msg("family added (version {version})", version=new.get("version")))]
    if new is None:
        return [Change("family_withdrawn", family, msg("family withdrawn"))]
    assert old is not None
    changes: list[Change] = []
    if old.get("version") != new.get("version"):
        changes.append(Change("version", family, msg("model version {old} → {new}", old=old.get("version"),
                                                      new=new.get("version"))))
    if str(old.get("effective")) != str(new.get("effective")):
        changes.append(Change("effective", family, msg("effective date {old} → {new}", old=old.get("effective"),
                                                        new=new.get("effective"))))
    old_options, new_options = _options(old), _options(new)
    for key in sorted(new_options.keys() - old_options.keys()):
        changes.append(Change("option_added", family, msg("option added: {attribute} = {option}",
                                                          attribute=key[0], option=key[1])))
    for key in sorted(old_options.keys() - new_options.keys()):
        changes.append(Change("option_withdrawn", family, msg("option withdrawn: {attribute} = {option}",
                                                              attribute=key[0], option=key[1])))
    for key in sorted(old_options.keys() & new_options.keys()):
        change = _price_change(family, f"{key[0]} = {key[1]}", old_options[key], new_options[key])
        if change is not None:
            changes.append(change)
    old_items, new_items = _price_items(old), _price_items(new)
    for item in sorted(old_items.keys() | new_items.keys()):
        change = _price_change(family, item, old_items.get(item), new_items.get(item))
        if change is not None:
            changes.append(change)
    old_rules, new_rules = _rules(old), _rules(new)
    for rule in sorted(new_rules.keys() - old_rules.keys()):
        changes.append(Change("rule_added", family, msg("rule added: {rule} ({message})", rule=rule,
                                                        message=_message_en(new_rules[rule]))))
    for rule in sorted(old_rules.keys() - new_rules.keys()):
        changes.append(Change("rule_removed", family, msg("rule removed: {rule} ({message})", rule=rule,
                                                          message=_message_en(old_rules[rule]))))
    for rule in sorted(old_rules.keys() & new_rules.keys()):
        if old_rules[rule] != new_rules[rule]:
            changes.append(Change("rule_changed", family, msg("rule changed: {rule} ({message})", rule=rule,
                                                              message=_message_en(new_rules[rule]))))
    return changes


def catalogue_changes(old: Mapping[str, Mapping[str, Any]], new: Mapping[str, Mapping[str, Any]]) -> list[Change]:
    """Every change from the installed documents ``old`` to the package's ``new`` (family id -> YAML part)."""
    changes: list[Change] = []
    for family in sorted(old.keys() | new.keys()):
        changes.extend(family_changes(family, old.get(family), new.get(family)))
    return changes
