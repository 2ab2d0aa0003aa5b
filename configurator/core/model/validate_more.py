"""Validation of the pricing, production and preview parts of a model document."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, Text, msg
from configurator.core.model import schema as s
from configurator.core.model.expr import Kind
from configurator.core.model.reader import RULE_ID_PATTERN, Invalid
from configurator.core.model.templates import TemplateError, compile_template
from configurator.core.model.units import CURRENCY, UNITS, parse_unit

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

FIELD_TYPES = ("number_series", "text", "integer", "delivery_week")
# a number series names the attributes it is allocated by (checked at load time, documented in product-models.md)
SERIES_ATTRIBUTES = {"holding": (s.TEXT, s.CHOICE), "species": (s.CHOICE,), "kind": (s.CHOICE,)}
# ... and the production fields that print with its numbers, by the field type each must have
SERIES_FIELDS = {"eid_country": "integer", "prefix": "text", "letter": "text"}
MAX_SERIES_DIGITS = 20  # a printed number (an ear tag has 12 after its country)
SERIES_KEYS = ("id", "type", "label", "start", "count", "digits", "holding", "species", "year", "kind", "allocate",
               *SERIES_FIELDS, "inside")
HUNDRED = Decimal(100)
LENGTH = UNITS["mm"]
PERCENT_OF = ("base", "subtotal")


# ------------------------------------------------------------------ pricing


def read_price_effect(v: ModelValidator, mapping: dict[str, Any], key: str, where: Message | None
                      ) -> s.PriceEffect:
    """A price effect: an amount, ``{percent: P}``, ``{rate: R, per: ATTR}`` or ``{formula: EXPR}``."""
    value = mapping.get(key)
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        amount = v.money(mapping, key, where)
        return s.PriceEffect("amount", amount=amount)
    if not isinstance(value, dict):
        raise v.fail(mapping, key, where, msg(
            "'{field}' must be an amount in kroner, {{percent: P}}, {{rate: R, per: NUMBER}} or "
            "{{formula: EXPRESSION}}", field=key))
    v.check_keys(value, ("percent", "of", "rate", "per", "formula"), where)
    if "percent" in value and set(value) <= {"percent", "of"}:
        percent = v.number(value, "percent", where, minimum=Decimal(-100))
        of = v.text(value, "of", where, required=False) or "base"
        if of not in PERCENT_OF:
            raise v.fail(value, "of", where, msg("'of' must be 'base' or 'subtotal' (got '{value}')", value=of))
        return s.PriceEffect("percent", amount=percent, of=of)
    if "rate" in value and "per" in value and len(value) == 2:
        return _rate(v, value, where)
    if "formula" in value and len(value) == 1:
        formula = v.expression(value, "formula", where, v.scope(quote=True), Kind.NUM)
        assert formula is not None
        unit = formula.node.type.unit
        if unit is not None and not unit.is_dimensionless and unit.dims != CURRENCY.dims:
            raise v.fail(value, "formula", where, msg("a price formula must give kroner, not {unit}",
                                                      unit=unit.name))
        return s.PriceEffect("formula", formula=formula)
    raise v.fail(mapping, key, where, msg(
        "'{field}' must be an amount in kroner, {{percent: P}}, {{rate: R, per: NUMBER}} or "
        "{{formula: EXPRESSION}}", field=key))


def _rate(v: ModelValidator, value: dict[str, Any], where: Message | None) -> s.PriceEffect:
    """``{rate: R, per: X}``: R kroner per unit of X, a numeric attribute or any number expression
    (``frame_material.weight_kg``, ``width_mm / 1000``, ``quote.fleet_size``)."""
    rate = v.money(value, "rate", where)
    per = value.get("per")
    if isinstance(per, str) and per in v.invalid:
        raise Invalid  # the attribute's own error is reported already
    symbol = v.symbols.get(per) if isinstance(per, str) else None
    if symbol is not None and symbol.type.kind is Kind.NUM:
        return s.PriceEffect("rate", amount=rate, per=per)
    if isinstance(per, str) and per in v.symbols:
        raise v.fail(value, "per", where, msg("'per' must be a number: an attribute or an expression that gives one "
                                              "(got '{value}')", value=per))
    number = v.expression(value, "per", where, v.scope(quote=True), Kind.NUM)
    assert number is not None
    unit = number.node.type.unit
    if unit is not None and unit.dims == CURRENCY.dims:
        raise v.fail(value, "per", where, msg("'per' gives kroner; a rate is per a quantity (use 'formula' for a "
                                              "price computed from another price)"))
    return s.PriceEffect("rate", amount=rate, per_expr=number)


def read_pricing(v: ModelValidator, doc: dict[str, Any]) -> s.Pricing:
    where = msg("pricing")
    pricing = v.mapping(doc, "pricing", where, v.required(doc, "pricing", None))
    v.check_keys(pricing, ("base", "base_label", "surcharges", "minimum", "quantity_breaks",
                           "quantity_breaks_by", "early_order_discounts"), where)
    breaks_by = v.text(pricing, "quantity_breaks_by", where, required=False) or "line"
    if breaks_by not in ("line", "quote"):
        v.error(pricing, "quantity_breaks_by", where, msg("'quantity_breaks_by' must be 'line' or 'quote' (got "
                                                          "'{value}')", value=breaks_by))
        breaks_by = "line"
    v.required(pricing, "base", where)
    base = read_price_effect(v, pricing, "base", where)
    if base.kind == "percent":
        raise v.fail(pricing, "base", where, msg("the base price cannot be a percentage"))
    base_label = v.localised(pricing, "base_label", where, required=False) or Text("Grunnpris", "Base price")
    surcharges: list[s.Surcharge] = []
    seen: dict[str, Any] = {}
    for container, index, raw in v.items(pricing, "surcharges", where):
        try:
            entry = v.mapping(container, index, where, raw)
            item_id = v.identifier(entry, "id", where, RULE_ID_PATTERN)
            item_where = msg("surcharge '{id}'", id=item_id)
            v.check_keys(entry, ("id", "label", "when", "price", "show_on_quote"), item_where)
            if not v.unique(seen, entry, "id", item_where, item_id):
                continue
            label = v.localised(entry, "label", item_where)
            when = v.optional_expression(entry, "when", item_where, v.scope(quote=True), Kind.BOOL)
            v.required(entry, "price", item_where)
            assert label is not None
            shown = v.boolean(entry, "show_on_quote", item_where, False)
            surcharges.append(s.Surcharge(item_id, label, read_price_effect(v, entry, "price", item_where), when,
                                          shown))
        except Invalid:
            continue
    return s.Pricing(
        base=base,
        base_label=base_label,
        surcharges=tuple(surcharges),
        minimum=v.money(pricing, "minimum", where, required=False),
        quantity_breaks=_quantity_breaks(v, pricing, where),
        quantity_breaks_by=breaks_by,
        early_order_discounts=_early_discounts(v, pricing, where),
    )


def _percent(v: ModelValidator, entry: dict[str, Any], where: Message) -> Decimal:
    percent = v.number(entry, "percent", where, minimum=Decimal(0))
    assert percent is not None
    if percent > HUNDRED:
        raise v.fail(entry, "percent", where, msg("'percent' must be between 0 and 100"))
    return percent


def _quantity_breaks(v: ModelValidator, pricing: dict[str, Any], where: Message) -> tuple[tuple[int, Decimal], ...]:
    breaks: list[tuple[int, Decimal]] = []
    for container, index, raw in v.items(pricing, "quantity_breaks", where):
        try:
            entry = v.mapping(container, index, where, raw)
            v.check_keys(entry, ("min_quantity", "percent"), where)
            quantity = v.number(entry, "min_quantity", where, integer=True, minimum=Decimal(2))
            percent = _percent(v, entry, where)
            assert quantity is not None
            if breaks and int(quantity) <= breaks[-1][0]:
                raise v.fail(entry, "min_quantity", where, msg("quantity breaks must be in increasing order"))
            breaks.append((int(quantity), percent))
        except Invalid:
            continue
    return tuple(breaks)


def _early_discounts(v: ModelValidator, pricing: dict[str, Any], where: Message) -> tuple[tuple[date, Decimal], ...]:
    discounts: list[tuple[date, Decimal]] = []
    for container, index, raw in v.items(pricing, "early_order_discounts", where):
        try:
            entry = v.mapping(container, index, where, raw)
            v.check_keys(entry, ("before", "percent"), where)
            before = v.date(entry, "before", where)
            percent = _percent(v, entry, where)
            if discounts and before <= discounts[-1][0]:
                raise v.fail(entry, "before", where, msg("early-order discounts must be in date order"))
            discounts.append((before, percent))
        except Invalid:
            continue
    return tuple(discounts)


# ------------------------------------------------------------------ production


def read_production(v: ModelValidator, doc: dict[str, Any]) -> s.Production | None:
    if doc.get("production") is None:
        return None
    where = msg("production")
    production = v.mapping(doc, "production", where, doc["production"])
    v.check_keys(production, ("fields", "bom", "cut_list"), where)
    return s.Production(
        fields=tuple(_entries(v, production, "fields", partial(_field, declared=_declared_fields(production)))),
        bom=tuple(_entries(v, production, "bom", _bom_line)),
        cut_list=tuple(_entries(v, production, "cut_list", _cut_item)),
    )


def _declared_fields(production: dict[str, Any]) -> dict[str, str]:
    """The id and type of every production field as written (a number series may name fields declared after it)."""
    raw = production.get("fields")
    entries = raw if isinstance(raw, list) else []
    return {str(e["id"]): str(e.get("type")) for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)}


def _entries(v: ModelValidator, mapping: dict[str, Any], key: str, read: Any) -> list[Any]:
    result = []
    seen: dict[str, Any] = {}
    for container, index, raw in v.items(mapping, key, msg("production")):
        try:
            entry = v.mapping(container, index, msg("production"), raw)
            item_id = v.identifier(entry, "id", msg("production"), RULE_ID_PATTERN)
            where = msg("production item '{id}'", id=item_id)
            if v.unique(seen, entry, "id", where, item_id):
                result.append(read(v, entry, item_id, where))
        except Invalid:
            continue
    return result


def _field(v: ModelValidator, entry: dict[str, Any], item_id: str, where: Message, *,
           declared: dict[str, str]) -> s.ProductionField:
    kind = v.text(entry, "type", where)
    if kind not in FIELD_TYPES:
        raise v.fail(entry, "type", where, msg("unknown field type '{type}' (expected one of: {known})", type=kind,
                                               known=", ".join(FIELD_TYPES)))
    label = v.localised(entry, "label", where)
    assert label is not None and kind is not None
    if kind == "number_series":
        v.check_keys(entry, SERIES_KEYS, where)
        params: dict[str, Any] = {key: _whole_number(v, entry, key, where) for key in ("start", "count")}
        digits = v.number(entry, "digits", where, integer=True, minimum=Decimal(1))
        if digits is not None and digits > MAX_SERIES_DIGITS:  # 5,000 digits made the production order unprintable
            raise v.fail(entry, "digits", where, msg("'{field}' must be at most {maximum}", field="digits",
                                                     maximum=MAX_SERIES_DIGITS))
        params["digits"] = int(digits or 0)
        params.update(_series_params(v, entry, where, declared))
        return s.ProductionField(item_id, kind, label, params)
    when = v.optional_expression(entry, "when", where, v.scope(), Kind.BOOL)
    if kind == "delivery_week":
        v.check_keys(entry, ("id", "type", "label", "value", "year", "when"), where)
        week = v.expression(entry, "value", where, v.scope(), Kind.NUM)
        return s.ProductionField(item_id, kind, label, {"value": week, "year": _whole_number(v, entry, "year", where)},
                                 when)
    v.check_keys(entry, ("id", "type", "label", "value", "when"), where)
    expect = Kind.NUM if kind == "integer" else None
    value = v.expression(entry, "value", where, v.scope(), expect)
    return s.ProductionField(item_id, kind, label, {"value": value}, when)


def _whole_number(v: ModelValidator, entry: dict[str, Any], key: str, where: Message) -> str:
    """The id of the integer (or computed number) attribute that ``entry[key]`` names."""
    attr_id = v.text(entry, key, where)
    attribute = v.attributes.get(attr_id or "")
    numeric = attribute is not None and (attribute.type == s.INTEGER or (
        attribute.is_computed and v.symbols[attribute.id].type.kind is Kind.NUM))
    if not numeric:
        raise v.fail(entry, key, where, msg("'{field}' must name an integer or computed number (got '{value}')",
                                            field=key, value=attr_id))
    assert attr_id is not None
    return attr_id


def _series_params(v: ModelValidator, entry: dict[str, Any], where: Message,
                   declared: dict[str, str]) -> dict[str, Any]:
    """What a number series is allocated by and printed with: attributes, a condition and other fields."""
    params: dict[str, Any] = {}
    for key, types in SERIES_ATTRIBUTES.items():
        if entry.get(key) is None:
            continue
        attr_id = v.text(entry, key, where)
        attribute = v.attributes.get(attr_id or "")
        if attribute is None or attribute.type not in types:
            raise v.fail(entry, key, where, msg("'{field}' must name an attribute of type {types} (got '{value}')",
                                                field=key, types=" or ".join(types), value=attr_id))
        params[key] = attr_id
    if "holding" in params:  # numbers are given out per holding and may not be reused within ten years
        if entry.get("year") is None:
            raise v.fail(entry, "holding", where, msg("a number series allocated by 'holding' needs 'year' too"))
        params["year"] = _whole_number(v, entry, "year", where)
    elif entry.get("year") is not None or entry.get("allocate") is not None:
        raise v.fail(entry, "year" if entry.get("year") is not None else "allocate", where, msg(
            "'year' and 'allocate' belong to a number series allocated by 'holding'"))
    allocate = v.optional_expression(entry, "allocate", where, v.scope(), Kind.BOOL)
    if allocate is not None:
        params["allocate"] = allocate
    for key, field_type in SERIES_FIELDS.items():
        if entry.get(key) is not None:
            params[key] = _field_reference(v, entry, key, where, declared=declared, field_type=field_type)
    if entry.get("inside") is not None:
        inside = []
        for container, index, raw in v.items(entry, "inside", where):
            if not isinstance(raw, str) or declared.get(raw) != "text":
                v.error(container, index, where, msg("'{field}' must name a production field of type {type} "
                                                     "(got '{value}')", field="inside", type="text", value=raw))
                continue
            inside.append(raw)
        params["inside"] = tuple(inside)
    return params


def _field_reference(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, *,
                     declared: dict[str, str], field_type: str) -> str:
    field_id = v.text(entry, key, where)
    if declared.get(field_id or "") != field_type:
        raise v.fail(entry, key, where, msg("'{field}' must name a production field of type {type} (got '{value}')",
                                            field=key, type=field_type, value=field_id))
    assert field_id is not None
    return field_id


def _template(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, *, required: bool = True
              ) -> tuple[str, tuple[s.TemplatePart, ...]]:
    """A text that may be built from values: ``"RAMME-{frame_material.code}-{frame_size}"``."""
    text = v.text(entry, key, where, required=required)
    if text is None:
        return "", ()
    try:
        return text, compile_template(text, v.scope())
    except TemplateError as exc:
        raise v.fail(entry, key, where, exc.message) from None


def _bom_line(v: ModelValidator, entry: dict[str, Any], item_id: str, where: Message) -> s.BomLine:
    v.check_keys(entry, ("id", "item", "label", "unit", "quantity", "when"), where)
    unit = v.text(entry, "unit", where, required=False) or "pcs"
    if parse_unit(unit) is None:
        raise v.fail(entry, "unit", where, msg("unknown unit '{unit}' (known: {known})", unit=unit,
                                               known="mm, m, m2, l, kg, pcs, ..."))
    quantity = v.expression(entry, "quantity", where, v.scope(), Kind.NUM)
    declared, found = parse_unit(unit), quantity.node.type.unit if quantity is not None else None
    if (declared is not None and found is not None and found.scale is not None and declared.scale is not None
            and not found.is_dimensionless and (found.dims != declared.dims or found.scale != declared.scale)):
        # a quantity in mm on a line counted in m would order a thousand times too much
        raise v.fail(entry, "quantity", where, msg(
            "the quantity is in {found} but the line is counted in {unit}: convert it (e.g. '/ 1000' from mm to "
            "m) or change 'unit'", found=found.name, unit=unit))
    label = v.localised(entry, "label", where)
    item, parts = _template(v, entry, "item", where)
    assert quantity is not None and label is not None
    return s.BomLine(item_id, item, label, unit, quantity,
                     v.optional_expression(entry, "when", where, v.scope(), Kind.BOOL), parts)


CUT_KEYS = ("id", "label", "material", "length", "width", "thickness", "count", "edge_banding", "when")
EDGE_KEYS = ("long", "short", "material")


def _millimetres(v: ModelValidator, entry: dict[str, Any], key: str, where: Message) -> s.Expression | None:
    """An optional length in mm (a number, or an expression in a length unit)."""
    value = v.optional_expression(entry, key, where, v.scope(), Kind.NUM)
    unit = value.node.type.unit if value is not None else None
    if unit is not None and not unit.is_dimensionless and unit.dims != LENGTH.dims:
        raise v.fail(entry, key, where, msg("'{field}' of a cut must be a length in mm, not {unit}", field=key,
                                            unit=unit.name))
    return value


def _edges(v: ModelValidator, entry: dict[str, Any], where: Message) -> dict[str, Any]:
    """``edge_banding: {long: 2, short: 1, material: "ABS-{front_colour}"}``: the banded edges of a panel."""
    if entry.get("edge_banding") is None:
        return {}
    banding = v.mapping(entry, "edge_banding", where, entry["edge_banding"])
    v.check_keys(banding, EDGE_KEYS, where)
    if entry.get("width") is None:
        raise v.fail(entry, "edge_banding", where, msg("edge banding needs the panel's 'width' (a 2-D cut)"))
    edges: dict[str, Any] = {
        "edge_long": v.optional_expression(banding, "long", where, v.scope(), Kind.NUM),
        "edge_short": v.optional_expression(banding, "short", where, v.scope(), Kind.NUM),
    }
    text, parts = _template(v, banding, "material", where)
    edges["edge_material"] = parts or (text,)
    return edges


def _cut_item(v: ModelValidator, entry: dict[str, Any], item_id: str, where: Message) -> s.CutItem:
    v.check_keys(entry, CUT_KEYS, where)
    length = v.expression(entry, "length", where, v.scope(), Kind.NUM)
    assert length is not None
    unit = length.node.type.unit
    if unit is not None and unit.dims != LENGTH.dims:
        raise v.fail(entry, "length", where, msg("a cut length must be a length in mm, not {unit}", unit=unit.name))
    if "count" not in entry:
        entry = {**entry, "count": 1}
    count = v.expression(entry, "count", where, v.scope(), Kind.NUM)
    assert count is not None
    count_unit = count.node.type.unit
    if count_unit is not None and not count_unit.is_dimensionless and count_unit.name != "pcs":
        raise v.fail(entry, "count", where, msg("a cut count is a number of pieces, not {unit}", unit=count_unit.name))
    label = v.localised(entry, "label", where)
    material, material_parts = _template(v, entry, "material", where)
    assert label is not None
    return s.CutItem(item_id, label, material, length, count,
                     v.optional_expression(entry, "when", where, v.scope(), Kind.BOOL), material_parts,
                     width=_millimetres(v, entry, "width", where), thickness=_millimetres(v, entry, "thickness", where),
                     **_edges(v, entry, where))
