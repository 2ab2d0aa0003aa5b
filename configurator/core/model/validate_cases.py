"""Validation of the test cases stored with a model (``tests:``): a configuration and what it must give.

Checked at load time like every other part: unknown attributes, values that are not values of their attribute,
unknown presets and unknown expectation fields are reported with file, line and field. Running the cases (the
engine, the price, the production data) is :mod:`configurator.core.quoting.model_tests`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, msg
from configurator.core.model import schema as s
from configurator.core.model.expr import Kind
from configurator.core.model.reader import RULE_ID_PATTERN, Invalid
from configurator.core.model.yamlio import YList

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

CASE_KEYS = ("id", "preset", "set", "quantity", "date", "expect")
EXPECT_KEYS = ("valid", "available", "excluded", "values", "price", "total", "bom", "count")
MAX_CASES = 500
MAX_QUANTITY = 100_000


def read_tests(v: ModelValidator, doc: dict[str, Any], presets: tuple[s.Preset, ...]) -> tuple[s.ModelTest, ...]:
    cases: list[s.ModelTest] = []
    seen: dict[str, Any] = {}
    entries = v.items(doc, "tests", None)
    if len(entries) > MAX_CASES:
        v.error(doc, "tests", None, msg("a model has at most {limit} test cases ({count} given)", limit=MAX_CASES,
                                        count=len(entries)))
        return ()
    preset_values = {p.id: p.values for p in presets}
    for container, index, raw in entries:
        try:
            entry = v.mapping(container, index, None, raw)
            case_id = v.identifier(entry, "id", None, RULE_ID_PATTERN)
            where = msg("test '{id}'", id=case_id)
            v.check_keys(entry, CASE_KEYS, where)
            if not v.unique(seen, entry, "id", where, case_id):
                continue
            line = container.line_of(index) if isinstance(container, YList) else None
            cases.append(_case(v, entry, case_id, where, preset_values=preset_values, line=line))
        except Invalid:
            continue
    return tuple(cases)


def _case(v: ModelValidator, entry: dict[str, Any], case_id: str, where: Message, *,
          preset_values: dict[str, dict[str, Any]], line: int | None) -> s.ModelTest:
    preset = v.text(entry, "preset", where, required=False)
    values: dict[str, Any] = {}
    if preset is not None:
        if preset not in preset_values:
            raise v.fail(entry, "preset", where, msg("unknown preset '{id}' (known: {known})", id=preset,
                                                     known=", ".join(preset_values) or "-"))
        values.update(preset_values[preset])
    before = len(v.errors)
    given = v.mapping(entry, "set", where, entry.get("set") or {})
    values.update(v.assignment(given, where))
    quantity = v.number(entry, "quantity", where, integer=True, required=False, minimum=Decimal(1))
    if quantity is not None and quantity > MAX_QUANTITY:
        raise v.fail(entry, "quantity", where, msg("'{field}' must be at most {maximum}", field="quantity",
                                                   maximum=MAX_QUANTITY))
    on_date = v.date(entry, "date", where) if entry.get("date") is not None else None
    expect = v.mapping(entry, "expect", where, v.required(entry, "expect", where))
    v.check_keys(expect, EXPECT_KEYS, where)
    if not expect:
        raise v.fail(entry, "expect", where, msg("'expect' is empty: say what the case must give"))
    valid = v.boolean(expect, "valid", where, True) if "valid" in expect else None
    case = s.ModelTest(
        id=case_id, values=values, preset=preset, quantity=int(quantity or 1), on_date=on_date, valid=valid,
        available=_value_lists(v, expect, "available", where),
        excluded=_value_lists(v, expect, "excluded", where),
        expect_values=_expected_values(v, expect, where),
        price=v.money(expect, "price", where, required=False),
        total=v.money(expect, "total", where, required=False),
        bom=_bom(v, expect, where),
        count=_count(v, expect, where),
        line=line,
    )
    if len(v.errors) > before:
        raise Invalid
    return case


def _value_lists(v: ModelValidator, expect: dict[str, Any], key: str, where: Message) -> dict[str, tuple[Any, ...]]:
    if expect.get(key) is None:
        return {}
    lists = v.mapping(expect, key, where, expect[key])
    found: dict[str, tuple[Any, ...]] = {}
    for attr_id, raw in lists.items():
        if not v.known_attribute(lists, attr_id, where, attr_id):
            continue
        attribute = v.attributes[attr_id]
        if attribute.is_computed or attribute.type == s.TEXT:
            v.error(lists, attr_id, where, msg("'{id}' has no list of values to check (it is computed or a text)",
                                               id=attr_id))
            continue
        items = raw if isinstance(raw, list) else [raw]
        bad = [item for item in items if not attribute.accepts(item)]
        if bad:
            v.error(lists, attr_id, where, msg("'{value}' is not a value of '{id}'", value=bad[0], id=attr_id))
            continue
        found[attr_id] = tuple(Decimal(i) if attribute.type in s.NUMERIC_TYPES else i for i in items)
    return found


def _expected_values(v: ModelValidator, expect: dict[str, Any], where: Message) -> dict[str, Any]:
    if expect.get("values") is None:
        return {}
    values = v.mapping(expect, "values", where, expect["values"])
    found: dict[str, Any] = {}
    for attr_id, value in values.items():
        if not v.known_attribute(values, attr_id, where, attr_id):
            continue
        attribute = v.attributes[attr_id]
        if attribute.is_computed and attribute.options:  # a computed choice: one of its options
            if not isinstance(value, str) or attribute.option(value) is None:
                v.error(values, attr_id, where, msg("'{value}' is not a value of '{id}'", value=value, id=attr_id))
                continue
        elif attribute.is_computed:
            wants_bool = v.symbols[attr_id].type.kind is Kind.BOOL
            is_number = isinstance(value, int | Decimal) and not isinstance(value, bool)
            if (isinstance(value, bool) and not wants_bool) or (not isinstance(value, bool) and
                                                                 (wants_bool or not is_number)):
                v.error(values, attr_id, where, msg("'{value}' is not a value of '{id}'", value=value, id=attr_id))
                continue
        elif not attribute.accepts(value):
            v.error(values, attr_id, where, msg("'{value}' is not a value of '{id}'", value=value, id=attr_id))
            continue
        found[attr_id] = value
    return found


def _bom(v: ModelValidator, expect: dict[str, Any], where: Message) -> dict[str, Decimal] | None:
    if expect.get("bom") is None:
        return None
    lines = v.mapping(expect, "bom", where, expect["bom"])
    found: dict[str, Decimal] = {}
    for item in lines:
        quantity = v.number(lines, item, where)
        assert quantity is not None
        found[str(item)] = quantity
    return found


def _count(v: ModelValidator, expect: dict[str, Any], where: Message) -> int | None:
    count = v.number(expect, "count", where, integer=True, required=False, minimum=Decimal(0))
    return None if count is None else int(count)
