"""Numbers with a unit in a model's data: option values (``width: 28 mm``) and named constants.

``constants: {board_mm: 2400 mm, plinth_height: 10 cm}`` gives names that expressions read as quantities in their
unit (``ceil(width_mm / board_mm)``); an option's named value with a unit (``values: {width: 28 mm}``) is read by
``option.width`` as a length.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, msg
from configurator.core.model import expr as e
from configurator.core.model.reader import ID_PATTERN, RESERVED, Invalid
from configurator.core.model.units import UNITS, parse_unit

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(\S+)\s*$")


def read_quantity(v: ModelValidator, mapping: dict[str, Any], key: str, where: Message | None
                  ) -> tuple[Decimal, str]:
    """A number, or a number with a known unit written after it (``28 mm``, ``2.4 m``): (number, unit name)."""
    raw = mapping.get(key)
    if isinstance(raw, str):
        found = _QUANTITY.match(raw)
        if found is None:
            raise v.fail(mapping, key, where, msg(
                "'{field}' must be a number, optionally with a unit (28 mm); got '{value}'", field=key, value=raw))
        if parse_unit(found.group(2)) is None:
            raise v.fail(mapping, key, where, msg("unknown unit '{unit}' (known: {known})", unit=found.group(2),
                                                  known=", ".join(UNITS)))
        try:
            return Decimal(found.group(1)), found.group(2)
        except InvalidOperation:  # pragma: no cover - the pattern only matches decimals
            raise v.fail(mapping, key, where, msg("'{field}' must be a number (got '{value}')", field=key,
                                                  value=raw)) from None
    number = v.number(mapping, key, where)
    assert number is not None
    return number, "1"


def read_constants(v: ModelValidator, doc: dict[str, Any]) -> dict[str, tuple[Decimal, str]]:
    """The model's ``constants`` (id -> number with unit); each becomes a constant node expressions can use."""
    raw = doc.get("constants")
    if raw is None:
        return {}
    where = msg("constants")
    try:
        entries = v.mapping(doc, "constants", None, raw)
    except Invalid:
        return {}
    found: dict[str, tuple[Decimal, str]] = {}
    for name in entries:
        if not isinstance(name, str) or not ID_PATTERN.match(name) or name in RESERVED:
            v.error(entries, name, where, msg(
                "'{field}' must be an identifier: a letter, then letters, digits or _ (got '{value}')",
                field="constants", value=name))
            continue
        try:
            number, unit = read_quantity(v, entries, name, where)
        except Invalid:
            continue
        found[name] = (number, unit)
        v.constants[name] = e.Const(e.Type(e.Kind.NUM, None if unit == "1" else parse_unit(unit)), number)
    return found


def check_constant_names(v: ModelValidator, doc: dict[str, Any]) -> None:
    """A constant may not have the name of an attribute (expressions could not tell them apart)."""
    raw = doc.get("constants")
    for name in list(v.constants):
        if name in v.symbols or name in v.invalid:
            v.error(raw, name, msg("constants"), msg(
                "'{name}' is both a constant and an attribute; rename one of them", name=name))
            del v.constants[name]
