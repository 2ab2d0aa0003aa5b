"""The validated product model: plain, immutable dataclasses the rest of the core works with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from configurator.core.i18n import Text
from configurator.core.model.expr import Node

CHOICE, BOOLEAN, INTEGER, DECIMAL, TEXT, COMPUTED = "choice", "boolean", "integer", "decimal", "text", "computed"
ATTRIBUTE_TYPES = (CHOICE, BOOLEAN, INTEGER, DECIMAL, TEXT, COMPUTED)
NUMERIC_TYPES = (INTEGER, DECIMAL)
ANY = None  # a table cell that matches every value ("*")


@dataclass(frozen=True)
class Expression:
    """A checked expression with the text it was written as."""

    source: str
    node: Node


@dataclass(frozen=True)
class PriceEffect:
    """How an option, a boolean or a surcharge changes the price (amounts in NOK)."""

    kind: str  # "amount" | "percent" | "rate" | "formula"
    amount: Decimal | None = None  # amount: kr; percent: %; rate: kr per unit of ``per``
    per: str | None = None  # rate: the numeric attribute (None when ``per_expr`` gives the number)
    formula: Expression | None = None
    of: str = "base"  # percent: of the base line ("base") or of the unit subtotal ("subtotal")
    per_expr: Expression | None = None  # rate: any number (an option's value, a sum, a quote parameter)


@dataclass(frozen=True)
class Option:
    id: str
    label: Text
    description: Text | None = None
    image: str | None = None
    colour: str | None = None
    price: PriceEffect | None = None
    values: dict[str, Decimal] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # the unit of a named value given with one (28 mm)


@dataclass(frozen=True)
class Attribute:
    id: str
    type: str
    label: Text
    description: Text | None = None
    help: Text | None = None
    unit: str = "1"
    required: bool = True
    default: Any = None
    options: tuple[Option, ...] = ()
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    step: Decimal | None = None
    max_length: int | None = None
    pattern: str | None = None
    expr: Expression | None = None
    decimals: int = 0
    price: PriceEffect | None = None  # boolean: price effect when true
    show_on_quote: bool = False  # choice/boolean: the customer's quote shows the chosen value's price with it
    key: bool = False  # a key attribute: the quote's line list shows it ("Height 730 mm")
    # limits that depend on choices (minimum/maximum/step are then the union of every range, see model.limits)
    min_expr: Expression | None = None
    max_expr: Expression | None = None
    step_expr: Expression | None = None
    applies_when: Expression | None = None  # where false, the attribute has no value (it does not apply)

    @property
    def is_computed(self) -> bool:
        return self.type == COMPUTED

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def domain_size(self) -> int | None:
        """How many values the attribute can take (None for text and computed attributes)."""
        if self.type == CHOICE:
            return len(self.options)
        if self.type == BOOLEAN:
            return 2
        if self.type in NUMERIC_TYPES:
            assert self.minimum is not None and self.maximum is not None and self.step is not None
            return int((self.maximum - self.minimum) // self.step) + 1
        return None

    def domain(self) -> list[Any]:
        """Every value of a choice, boolean or number, in order (numbers at their step)."""
        if self.type == CHOICE:
            return [o.id for o in self.options]
        if self.type == BOOLEAN:
            return [False, True]
        if self.type in NUMERIC_TYPES:
            assert self.minimum is not None and self.step is not None
            size = self.domain_size() or 0
            return [self.minimum + i * self.step for i in range(size)]
        raise ValueError(f"attribute {self.id!r} of type {self.type} has no finite domain")

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is one of the attribute's values (ignoring rules)."""
        if self.type == CHOICE:
            return isinstance(value, str) and self.option(value) is not None
        if self.type == BOOLEAN:
            return isinstance(value, bool)
        if self.type in NUMERIC_TYPES:
            if isinstance(value, bool) or not isinstance(value, int | Decimal):
                return False
            assert self.minimum is not None and self.maximum is not None and self.step is not None
            number = Decimal(value)
            return self.minimum <= number <= self.maximum and (number - self.minimum) % self.step == 0
        if self.type == TEXT:
            if not isinstance(value, str):
                return False
            if self.max_length is not None and len(value) > self.max_length:
                return False
            return self.pattern is None or re.fullmatch(self.pattern, value) is not None
        return False


@dataclass(frozen=True)
class Step:
    id: str
    label: Text
    attributes: tuple[str, ...]
    description: Text | None = None


@dataclass(frozen=True)
class Preset:
    id: str
    label: Text
    values: dict[str, Any]
    description: Text | None = None


@dataclass(frozen=True)
class Guide:
    """A guided start: one question ("what is it for?") whose answers each start the configuration with some
    values set (like a preset, but usually only a few values)."""

    question: Text
    answers: tuple[Preset, ...]


@dataclass(frozen=True)
class Table:
    file: str
    columns: tuple[str, ...]
    mode: str  # "allowed" | "forbidden"
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str  # "require" | "exclude" | "table" | "default"
    message: Text
    when: Expression | None = None
    expr: Expression | None = None
    table: Table | None = None


@dataclass(frozen=True)
class QuoteRule:
    id: str
    message: Text
    require: Expression  # with ``exclude``: the condition that must not hold
    when: Expression | None = None
    exclude: bool = False


@dataclass(frozen=True)
class QuoteItem:
    """Something a quote needs once for all its lines of the family (plinth boards for a kitchen, a site visit):
    its quantity is an expression over the lines (aggregates); priced per item (``price``) and/or an item on the
    production order's bill of materials (``item``)."""

    id: str
    label: Text
    quantity: Expression
    unit: str = "pcs"
    price: Decimal | None = None  # kr per item, excl. VAT
    item: str | None = None  # the item number on the order's bill of materials
    when: Expression | None = None


@dataclass(frozen=True)
class Surcharge:
    id: str
    label: Text
    price: PriceEffect
    when: Expression | None = None
    show_on_quote: bool = False  # the customer's quote shows this surcharge as a line of its own


@dataclass(frozen=True)
class Pricing:
    base: PriceEffect
    base_label: Text
    surcharges: tuple[Surcharge, ...] = ()
    minimum: Decimal | None = None
    quantity_breaks: tuple[tuple[int, Decimal], ...] = ()  # (min quantity, percent), ascending
    quantity_breaks_by: str = "line"  # "line": the line's quantity; "quote": all lines of the family on the quote
    early_order_discounts: tuple[tuple[date, Decimal], ...] = ()  # (before date, percent), ascending


@dataclass(frozen=True)
class ProductionField:
    id: str
    type: str  # "number_series" | "text" | "integer"
    label: Text
    params: dict[str, Any] = field(default_factory=dict)
    when: Expression | None = None  # the field is on the order only when this holds


# A text built from values: literal pieces and expressions, "RAMME-{frame_material.code}-{frame_size}"
TemplatePart = str | Expression


@dataclass(frozen=True)
class BomLine:
    id: str
    item: str  # as written; with placeholders, ``item_parts`` builds it from the values
    label: Text
    unit: str
    quantity: Expression
    when: Expression | None = None
    item_parts: tuple[TemplatePart, ...] = ()


@dataclass(frozen=True)
class CutItem:
    id: str
    label: Text
    material: str  # as written; with placeholders, ``material_parts`` builds it from the values
    length: Expression
    count: Expression
    when: Expression | None = None
    material_parts: tuple[TemplatePart, ...] = ()
    width: Expression | None = None  # a panel: length × width (mm)
    thickness: Expression | None = None  # mm
    edge_long: Expression | None = None  # banded long edges (0, 1 or 2)
    edge_short: Expression | None = None  # banded short edges (0, 1 or 2)
    edge_material: tuple[TemplatePart, ...] = ()  # the edge banding's item or text


@dataclass(frozen=True)
class Production:
    fields: tuple[ProductionField, ...] = ()
    bom: tuple[BomLine, ...] = ()
    cut_list: tuple[CutItem, ...] = ()


@dataclass(frozen=True)
class Layer:
    image: str
    when: Expression | None = None
    tint: str | None = None
    scale: Expression | None = None  # 1 = the layer at the picture's size, scaled about the picture's centre
    offset: tuple[Expression, Expression] | None = None  # pixels of the picture: right, down


SHAPE_KINDS = {"rect": 4, "box": 5, "circle": 3, "line": 4, "text": 2}
"""The shapes of a ``kind: shapes`` preview and how many numbers place each (x, y, w, h[, depth]; cx, cy, r;
x1, y1, x2, y2; the text's x, y)."""


@dataclass(frozen=True)
class Shape:
    """One shape of a parametric preview, placed in model units (y upwards from 0); see docs/product-models.md."""

    kind: str  # a key of SHAPE_KINDS
    place: tuple[Expression, ...]
    fill: str | None = None  # "#rrggbb", or a choice whose chosen option's colour fills it
    stroke: str | None = None  # "#rrggbb", "none", or None: the drawing's ink
    width: Decimal = Decimal(2)  # stroke width in picture units (the picture's longer side is 1000)
    when: Expression | None = None
    text: tuple[str | Expression, ...] = ()  # a text shape: literal parts and {expression} parts
    size: Expression | None = None  # a text shape: the letters' height in model units


@dataclass(frozen=True)
class Preview:
    kind: str  # "layers" | "drawing" | "shapes"
    size: tuple[int, int] = (480, 480)
    layers: tuple[Layer, ...] = ()
    drawing: str | None = None
    parameters: dict[str, Expression] = field(default_factory=dict)
    shapes: tuple[Shape, ...] = ()
    extent: tuple[Expression, Expression] | None = None  # shapes: the model units the picture shows


@dataclass(frozen=True)
class ModelTest:
    """A test case stored with the model: a configuration and what the engine, the price and production must give.

    Every expectation is optional; ``None`` (or empty) means "not checked"."""

    id: str
    values: dict[str, Any]  # the configuration: attribute -> value (after the preset's values, if any)
    preset: str | None = None
    quantity: int = 1
    on_date: date | None = None  # the day the price is made for (early-order discounts); None: the effective date
    valid: bool | None = None  # the configuration extends to a complete valid one (or, false: it is refused)
    available: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # attribute -> exactly these values left
    excluded: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # attribute -> at least these excluded
    expect_values: dict[str, Any] = field(default_factory=dict)  # attribute -> the value it has (forced, computed)
    price: Decimal | None = None  # the unit price in kroner
    total: Decimal | None = None  # the line total for ``quantity`` (quantity breaks applied)
    bom: dict[str, Decimal] | None = None  # item number -> quantity for ``quantity`` units: exactly these lines
    count: int | None = None  # complete valid configurations that extend it
    line: int | None = None  # where the case is written (None for a model read back from the catalogue)


@dataclass(frozen=True)
class ProductModel:
    family: str
    version: str
    effective: date
    name: Text
    attributes: tuple[Attribute, ...]
    steps: tuple[Step, ...]
    pricing: Pricing
    description: Text | None = None
    manufacturer: str | None = None
    illustrative: Text | None = None
    presets: tuple[Preset, ...] = ()
    guide: Guide | None = None
    rules: tuple[Rule, ...] = ()
    quote_parameters: tuple[Attribute, ...] = ()
    quote_rules: tuple[QuoteRule, ...] = ()
    quote_items: tuple[QuoteItem, ...] = ()
    production: Production = field(default_factory=Production)
    preview: Preview | None = None
    constants: dict[str, tuple[Decimal, str]] = field(default_factory=dict)  # id -> (number, unit)
    tests: tuple[ModelTest, ...] = ()
    tables: dict[str, Any] = field(default_factory=dict)  # lookup tables: id -> nodes.LookupTable

    @cached_property
    def _by_id(self) -> dict[str, Attribute]:
        return {a.id: a for a in self.attributes}

    def attribute(self, attr_id: str) -> Attribute:
        return self._by_id[attr_id]

    @property
    def chosen_attributes(self) -> tuple[Attribute, ...]:
        """The attributes a user chooses (all but the computed ones)."""
        return tuple(a for a in self.attributes if not a.is_computed)

    def option_values(self) -> dict[str, dict[str, dict[str, Decimal]]]:
        """For expressions: attribute -> option -> named option values (built once: read it, never change it).

        Every evaluation asks for it (each grid cell, each computed value); rebuilding it each time made a
        choice of 20,000 options take minutes."""
        return self._option_values

    @cached_property
    def _option_values(self) -> dict[str, dict[str, dict[str, Decimal]]]:
        return {a.id: {o.id: o.values for o in a.options} for a in self.attributes if a.type == CHOICE}
