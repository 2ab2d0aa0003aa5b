"""Session states, explanations and repairs as plain data (for ``--json``) and as text in nb or en."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import N_, translate
from configurator.core.model import schema as s
from configurator.core.numbers import format_number

if TYPE_CHECKING:  # describing needs no solver: prices and documents use it without loading the engine
    from configurator.core.engine.repair import Repair
    from configurator.core.engine.session import ConfigurationSession, Explanation

_UNIT_SYMBOLS = {"m2": "m²", "mm2": "mm²", "cm2": "cm²", "m3": "m³", "W/m2K": "W/m²K", "NOK": "kr"}
_UNIT_WORDS = {"pcs": N_("pcs"), "year": N_("year"), "week": N_("week"), "day": N_("day")}


def unit_label(unit: str, language: str) -> str:
    """A unit as a reader writes it: m², kr, and words such as pcs in the reader's language (stk)."""
    if unit in _UNIT_WORDS:
        return translate(_UNIT_WORDS[unit], language)
    return _UNIT_SYMBOLS.get(unit, unit)


def format_value(model: s.ProductModel, attr_id: str, value: Any, language: str) -> str:
    """A value as a user reads it: the option's label, yes/no, a number with its unit."""
    attribute = model.attribute(attr_id)
    if value is None:
        return "-"
    if attribute.type == s.CHOICE or (attribute.options and isinstance(value, str)):  # a (computed) choice
        option = attribute.option(str(value))
        return option.label.get(language) if option else str(value)
    if attribute.type == s.BOOLEAN or isinstance(value, bool):
        return translate("yes", language) if value else translate("no", language)
    if isinstance(value, Decimal | int) and attribute.type in (*s.NUMERIC_TYPES, s.COMPUTED):
        number = Decimal(value)
        if attribute.type == s.COMPUTED:
            number = number.quantize(Decimal(1).scaleb(-attribute.decimals))
        # a number without a unit is a year or an identifier (2027, 70001): never grouped
        text = format_number(number, language, grouping=attribute.unit not in ("1", ""))
        if attribute.unit in ("1", ""):
            return text
        return translate("{number} {unit}", language, number=text, unit=unit_label(attribute.unit, language))
    return str(value)


def explanation_text(model: s.ProductModel, explanation: Explanation, language: str) -> str:
    """One line: why a value is excluded."""
    choices = ", ".join(
        translate("{attribute} = {value}", language, attribute=model.attribute(a).label.get(language),
                  value=format_value(model, a, v, language))
        for a, v in explanation.choices
    )
    rules = " ".join(r.message.get(language) for r in explanation.rules)
    if choices:
        return translate("{rules} (because of your choices: {choices})", language, rules=rules, choices=choices)
    return rules


def repair_text(model: s.ProductModel, repair: Repair, language: str) -> str:
    changes = ", ".join(
        translate("{attribute}: {old} → {new}", language, attribute=model.attribute(c.attribute).label.get(language),
                  old=format_value(model, c.attribute, c.old, language),
                  new=format_value(model, c.attribute, c.new, language))
        for c in repair.changes
    )
    return changes or translate("no other changes needed", language)


def explanation_data(explanation: Explanation) -> dict[str, Any]:
    return {
        "choices": [{"attribute": a, "value": _plain(v)} for a, v in explanation.choices],
        "rules": [{"id": r.id, "message": r.message.as_dict()} for r in explanation.rules],
    }


def repair_data(repair: Repair) -> dict[str, Any]:
    return {
        "changes": [{"attribute": c.attribute, "from": _plain(c.old), "to": _plain(c.new)} for c in repair.changes],
        "choices": {a: _plain(v) for a, v in repair.values.items()},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def state_data(session: ConfigurationSession, reasons: bool = True) -> dict[str, Any]:
    """The whole state as plain data: the stable ``--json`` format (docs/cli-json.md)."""
    model = session.model
    state = session.state()
    attributes = []
    for attribute in model.attributes:
        attr_state = state.attributes[attribute.id]
        entry: dict[str, Any] = {
            "id": attribute.id,
            "type": attribute.type,
            "label": attribute.label.as_dict(),
            "unit": attribute.unit if attribute.unit != "1" else None,
            "chosen": _plain(attr_state.chosen),
            "value": _plain(attr_state.value),
        }
        if attribute.applies_when is not None:  # only for such attributes: older models keep their exact format
            entry["applies"] = attr_state.applies
        if not attribute.is_computed:
            entry["available"] = [_plain(v) for v in attr_state.available]
            excluded = []
            for value in attr_state.excluded:
                item: dict[str, Any] = {"value": _plain(value)}
                if reasons and attribute.type != s.TEXT:
                    explanation = session.explain(attribute.id, value)
                    item["reason"] = explanation_data(explanation) if explanation else None
                excluded.append(item)
            entry["excluded"] = excluded
        attributes.append(entry)
    return {
        "format": "skredder-state/1",
        "family": model.family,
        "version": model.version,
        "complete": state.complete,
        "choices": {a: _plain(v) for a, v in state.choices.items()},
        "attributes": attributes,
    }
