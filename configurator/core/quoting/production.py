"""What the factory builds from: a quote line's specification, bill of materials, cut list and ear-tag series.

``specification`` evaluates the model's ``production`` section over a line's values once, when the order is
made, and returns plain JSON data (language-neutral: ids, numbers, item numbers). It is stored with the order
line, so a later model version never changes an order; the documents translate the labels from the line's own
model version.

Ear tags: a ``number_series`` field makes the line print individual numbers ``start .. start + count - 1``.
The model declares what the series is allocated by (docs/product-models.md, "Production"): the block is
*allocated* to the holding (the attribute its ``holding`` names) when the order is made; numbers may not be
reused in the same holding within ten years (``REUSE_YEARS``, by its ``year``), and a line whose ``allocate``
condition is false (the ear tags' replacement tags reuse the numbers of lost tags) allocates nothing.
Within one order, lines of *different* tag kinds (its ``kind``) may carry
the same numbers: that is the pair of tags one animal wears (a visual and an electronic tag); the block is
allocated per kind, in one order or (a top-up of the other kind) in a later one. A line with a number series is
always quantity 1 (its tag count is the quantity).

The 15-digit EID of an electronic tag is the country code
(the integer field the series' ``eid_country`` names, 578 for Norway; 0 for a visual tag) + the 7-digit holding
ID + the 5-digit individual number.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from configurator.core.catalogue.quote_records import BomLine, CutLine, ProductionSpec, SeriesSpec, SpecField
from configurator.core.i18n import Message, msg
from configurator.core.model import evaluate as ev
from configurator.core.model import schema as s
from configurator.core.model.computed import with_computed
from configurator.core.model.templates import render_template

REUSE_YEARS = 10
LENGTH_STEP = Decimal(1)  # cut lengths are whole millimetres
QUANTITY_STEP = Decimal("0.001")


def _env(model: s.ProductModel, values: Mapping[str, Any]) -> ev.Env:
    return ev.Env(with_computed(dict(values), model), model.option_values())


def _holds(expression: s.Expression | None, env: ev.Env) -> bool:
    return expression is None or ev.evaluate(expression.node, env) is True


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise ValueError(f"not a number: {value!r}")
    return Decimal(value)


def _field_value(field: s.ProductionField, env: ev.Env) -> Any:
    value = ev.evaluate(field.params["value"].node, env)
    if field.type in ("integer", "delivery_week") and value is not None:
        return int(_number(value).to_integral_value(rounding=ROUND_HALF_UP))
    return value


def specification(model: s.ProductModel, values: Mapping[str, Any], quantity: int) -> ProductionSpec:
    """The production data of one line: every value, the fields, the BOM and cut list for ``quantity`` units."""
    env = _env(model, values)
    all_values = dict(env.values)
    fields: list[SpecField] = []
    series_field: s.ProductionField | None = None
    for field in model.production.fields:
        if not _holds(field.when, env):
            continue  # a field that does not apply to this line (its `when`)
        if field.type == "number_series":
            start = int(_number(all_values[field.params["start"]]))
            count = int(_number(all_values[field.params["count"]]))
            fields.append(SpecField(field.id, field.type, start=start, count=count, digits=field.params["digits"]))
            series_field = series_field or field
        elif field.type == "delivery_week":
            year = all_values.get(field.params["year"])
            fields.append(SpecField(field.id, field.type, value=_field_value(field, env),
                                    year=None if year is None else int(_number(year))))
        else:
            fields.append(SpecField(field.id, field.type, value=_field_value(field, env)))
    bom = tuple(
        BomLine(line.id, render_template(line.item, line.item_parts, env), line.unit,
                (_number(ev.evaluate(line.quantity.node, env)) * quantity).quantize(QUANTITY_STEP).normalize())
        for line in model.production.bom if _holds(line.when, env)
    )
    cut_list = tuple(_cut(item, env, quantity) for item in model.production.cut_list if _holds(item.when, env))
    return ProductionSpec(model.family, model.version, quantity, {k: v for k, v in all_values.items() if v is not None},
                          tuple(fields), bom, cut_list,
                          None if series_field is None else _series(series_field, env, fields))


def _millimetres(expression: s.Expression | None, env: ev.Env) -> Decimal | None:
    if expression is None:
        return None
    return _number(ev.evaluate(expression.node, env)).quantize(LENGTH_STEP, rounding=ROUND_HALF_UP)


def _edges(expression: s.Expression | None, env: ev.Env) -> int:
    """Banded edges of one side (0, 1 or 2; a value outside is held to that range)."""
    if expression is None:
        return 0
    return max(0, min(2, int(_number(ev.evaluate(expression.node, env)))))


def _cut(item: s.CutItem, env: ev.Env, quantity: int) -> CutLine:
    length = _millimetres(item.length, env)
    assert length is not None
    long_edges, short_edges = _edges(item.edge_long, env), _edges(item.edge_short, env)
    banded = long_edges or short_edges
    return CutLine(item.id, render_template(item.material, item.material_parts, env), length,
                   int(_number(ev.evaluate(item.count.node, env))) * quantity,
                   width_mm=_millimetres(item.width, env), thickness_mm=_millimetres(item.thickness, env),
                   edge_long=long_edges, edge_short=short_edges,
                   edge_material=render_template("", item.edge_material, env) if banded else "")


def _series(field: s.ProductionField, env: ev.Env, fields: list[SpecField]) -> SeriesSpec:
    """The numbers of a ``number_series`` field with what the model declares it is allocated by and printed
    with (``holding``, ``species``, ``year``, ``kind``, ``allocate``; the fields ``eid_country``, ``prefix``,
    ``letter``, ``inside``): no attribute or field name of any one model is known here."""
    params = field.params
    entry = next(f for f in fields if f.id == field.id)
    by_id = {f.id: f.value for f in fields}

    def attribute(key: str) -> Any:
        return env.values.get(params[key]) if key in params else None

    def printed(key: str) -> str:
        return str(by_id.get(params[key]) or "") if key in params else ""

    holding = attribute("holding")
    allocate = holding is not None and ("allocate" not in params or ev.evaluate(params["allocate"].node, env) is True)
    assert entry.start is not None and entry.count is not None and entry.digits is not None
    return SeriesSpec(
        start=entry.start, count=entry.count, digits=entry.digits,
        kind=str(attribute("kind") or ""),
        holding_id=str(holding or ""), species=str(attribute("species") or ""),
        birth_year=int(_number(attribute("year"))) if attribute("year") is not None else 0,
        allocate=allocate,
        prefix=printed("prefix"), letter=printed("letter"),
        inside=tuple(str(by_id[f]) for f in params.get("inside", ()) if by_id.get(f)),
        eid_country=int(by_id.get(params["eid_country"]) or 0) if "eid_country" in params else 0,
    )


@dataclass(frozen=True)
class Tag:
    number: str
    printed: str
    eid: str
    inside: tuple[str, ...]


def tags(series: SeriesSpec) -> list[Tag]:
    """Every tag of a series as printed: number, front text, 15-digit EID (electronic tags only)."""
    holding = series.holding_id
    found = []
    for number in range(series.start, series.start + series.count):
        text = f"{number:0{series.digits}d}"
        printed = " ".join(part for part in (series.prefix, holding, text, series.letter) if part)
        eid = f"{series.eid_country:03d}{holding}{text}" if series.eid_country else ""
        found.append(Tag(text, printed, eid, series.inside))
    return found


@dataclass(frozen=True)
class Block:
    holding_id: str
    species: str
    birth_year: int
    first: int
    count: int
    order_number: str | None = None  # where an earlier block was allocated
    kind: str = ""  # the tag kind (visual, e24, ...), to recognise the two tags of a pair in one order
    line: int | None = None  # a block on another line of the quote being configured: that line's position

    @property
    def last(self) -> int:
        return self.first + self.count - 1


def _species_group(species: str) -> str:
    # sheep and goats share one number range per holding; cattle have their own
    return "cattle" if species == "cattle" else "small"


def clash(block: Block, earlier: Block) -> bool:
    """Whether two blocks reuse a number in the same holding within ``REUSE_YEARS`` years."""
    return (block.holding_id == earlier.holding_id
            and _species_group(block.species) == _species_group(earlier.species)
            and abs(block.birth_year - earlier.birth_year) < REUSE_YEARS
            and block.first <= earlier.last and earlier.first <= block.last)


def pair_of(block: Block, other: Block) -> bool:
    """Whether ``other`` is the other tag of the same animals: another kind of tag with exactly these numbers,
    for the same species (a sheep's visual tag and a goat's electronic tag are two animals, not one pair)."""
    return (bool(block.kind) and bool(other.kind) and block.kind != other.kind and block.holding_id == other.holding_id
            and block.species == other.species
            and (block.first, block.count, block.birth_year) == (other.first, other.count, other.birth_year))


def clash_message(block: Block, earlier: Block) -> Message:
    overlap_first = f"{max(block.first, earlier.first):05d}"  # individual numbers are printed with five digits
    overlap_last = f"{min(block.last, earlier.last):05d}"
    if earlier.order_number:
        return msg("The numbers {first}–{last} for holding {holding} were already given out by production order "
                   "{order} (year of birth {year}); numbers may not be reused within 10 years. Choose another "
                   "first number.", first=overlap_first, last=overlap_last, holding=block.holding_id,
                   order=earlier.order_number, year=earlier.birth_year)
    return msg("The numbers {first}–{last} for holding {holding} occur twice in this order; choose another first "
               "number for one of the lines.", first=overlap_first, last=overlap_last, holding=block.holding_id)
