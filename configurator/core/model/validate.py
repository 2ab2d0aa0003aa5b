"""Validation of a model document into a :class:`ProductModel`: attributes, steps, presets and rules.

Pricing, production and preview are validated in :mod:`validate_more`. Every problem is collected (not
only the first) with its file, line and field.
"""

from __future__ import annotations

import difflib
import graphlib
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial
from typing import Any

from configurator.core.i18n import Message, Text, msg
from configurator.core.model import schema as s
from configurator.core.model.attributes import ATTRIBUTE_KEYS, COMMON_ATTRIBUTE_KEYS, symbol_of
from configurator.core.model.errors import ModelError, ModelErrors
from configurator.core.model.expr import (
    BOOL,
    ExprError,
    Kind,
    Scope,
    Symbol,
    compile_expression,
    names_in,
    source_text,
)
from configurator.core.model.limits import applies_rule, has_limit_expressions, resolve_limits
from configurator.core.model.lookup_tables import check_computed_choice, read_lookup_tables
from configurator.core.model.patterns import pattern_problem
from configurator.core.model.quantities import check_constant_names, read_constants, read_quantity
from configurator.core.model.reader import COLOUR_PATTERN, ID_PATTERN, RULE_ID_PATTERN, Invalid, Reader
from configurator.core.model.units import UNITS, parse_unit
from configurator.core.model.validate_cases import read_tests
from configurator.core.model.validate_more import read_price_effect, read_pricing, read_production
from configurator.core.model.validate_preview import read_preview
from configurator.core.model.validate_quote import read_quote_items, read_quote_parameters, read_quote_rules
from configurator.core.model.validate_tables import read_table

LANGUAGE_VERSION = 1
TOP_LEVEL = ("skredder", "family", "version", "effective", "name", "description", "manufacturer", "illustrative",
             "attributes", "steps", "presets", "guide", "rules", "quote_parameters", "quote_rules",
             "quote_items", "pricing", "production", "preview", "constants", "tests",
             "tables")
OPTION_KEYS = ("id", "label", "description", "image", "colour", "price", "values")
MAX_DOMAIN = 10_000  # values of one number: the engine lists them all
MAX_OPTIONS = 1_000  # options of one choice

# Checks an image path; returns a problem or None when the image is there and readable.
ImageCheck = Callable[[str], Message | None]
Tables = dict[str, dict[str, Any] | None]  # csv path -> {"header": [...], "rows": [[...]]}; None: unreadable


def where_attr(attr_id: str) -> Message:
    return msg("attribute '{id}'", id=attr_id)


class ModelValidator(Reader):
    """Turns a document (from YAML or JSON) into a :class:`ProductModel` or raises :class:`ModelErrors`."""

    def __init__(self, file: str, tables: Tables | None = None, image_check: ImageCheck | None = None) -> None:
        super().__init__(file)
        self.tables = tables if isinstance(tables, dict) else {}
        self.image_check = image_check
        self.attributes: dict[str, s.Attribute] = {}
        self.symbols: dict[str, Symbol] = {}
        self.quote_symbols: dict[str, Symbol] = {}
        self.order: list[str] = []  # attribute ids in the author's order
        self.invalid: set[str] = set()  # attributes with errors of their own: not "unknown" where used
        self.bad_images: set[str] = set()  # images reported missing or unreadable (reported once)
        # price effects are read once every attribute is known (they may use computed ones)
        self.pending_prices: list[tuple[str, str | None, dict[str, Any], Message]] = []
        # numbers whose limits are expressions: resolved once every attribute is known (model.limits)
        self.pending_limits: list[tuple[str, dict[str, Any], Message]] = []
        self.limit_rules: list[s.Rule] = []
        self.pending_applies: list[tuple[str, dict[str, Any], Message]] = []  # attributes with applies_when
        self.applies_rules: list[s.Rule] = []
        self.constants: dict[str, Any] = {}  # constant id -> its node (model.quantities)
        self.lookup_tables: dict[str, Any] = {}  # table id -> (LookupTable, value type) (model.lookup_tables)
        self.table_rules: list[s.Rule] = []

    # -------------------------------------------------------------- entry point
    def validate(self, doc: Any) -> s.ProductModel:
        if not isinstance(doc, dict):
            self.errors.append(ModelError(self.file, 1, None, msg("a model file must be a mapping (name: value)")))
            raise ModelErrors(self.errors)
        self.check_keys(doc, TOP_LEVEL, None)
        header = self._header(doc)
        constants = read_constants(self, doc)
        self._attributes(doc)
        check_constant_names(self, doc)
        steps = self._steps(doc)
        presets = self._presets(doc)
        guide = self._guard(lambda: self._guide(doc))
        rules = self._rules(doc)
        quote_parameters = read_quote_parameters(self, doc)
        quote_rules = read_quote_rules(self, doc)
        quote_items = read_quote_items(self, doc)
        pricing = self._guard(lambda: read_pricing(self, doc))
        production = self._guard(lambda: read_production(self, doc))
        preview = self._guard(lambda: read_preview(self, doc))
        tests = read_tests(self, doc, presets)
        if self.errors or header is None or pricing is None:
            if not self.errors:  # pragma: no cover - a missing part always records an error
                self.errors.append(ModelError(self.file, None, None, msg("the model is incomplete")))
            raise ModelErrors(self.errors)
        return s.ProductModel(
            attributes=tuple(self.attributes.values()),
            steps=steps,
            presets=presets,
            guide=guide,
            rules=rules,
            quote_parameters=quote_parameters,
            quote_rules=quote_rules,
            quote_items=quote_items,
            pricing=pricing,
            production=production or s.Production(),
            preview=preview,
            constants={k: c for k, c in constants.items() if k in self.constants},
            tests=tests,
            tables={k: table for k, (table, _) in self.lookup_tables.items()},
            **header,
        )

    def _guard(self, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except Invalid:
            return None

    # -------------------------------------------------------------- expressions
    def scope(self, *, quote: bool = False, aggregates: bool = False) -> Scope:
        return Scope(self.symbols, self.quote_symbols, allow_quote=quote, allow_aggregates=aggregates,
                     constants=self.constants, tables=self.lookup_tables)

    def expression(self, mapping: dict[str, Any], key: str, where: Message | None, scope: Scope,
                   expect: Kind | None = None, *, required: bool = True) -> s.Expression | None:
        value = mapping.get(key)
        if value is None:
            if required:
                raise self.fail(mapping, None, where, msg("missing field '{field}'", field=key))
            return None
        if not isinstance(value, str | bool | int | Decimal):
            raise self.fail(mapping, key, where, msg("'{field}' must be an expression", field=key))
        return self.compiled(mapping, key, where, source_text(value), scope=scope, expect=expect)

    def compiled(self, container: Any, key: Any, where: Message | None, text: str, *, scope: Scope,
                 expect: Kind | None = None) -> s.Expression:
        """``text`` compiled; an error points at ``container[key]`` (a mapping's field or a list's entry)."""
        try:
            node = compile_expression(text, scope, expect)
        except ExprError as exc:
            if names_in(text) & self.invalid:
                raise Invalid from None  # it uses an attribute whose own error is reported already
            raise self.fail(container, key, where, exc.message) from None
        return s.Expression(text, node)

    def optional_expression(self, mapping: dict[str, Any], key: str, where: Message | None, scope: Scope,
                            expect: Kind | None = None) -> s.Expression | None:
        return self.expression(mapping, key, where, scope, expect, required=False)

    def image(self, mapping: dict[str, Any], key: str, where: Message | None) -> str | None:
        """An image path, checked; a missing or unreadable image is reported once, where it is first used."""
        path = self.text(mapping, key, where, required=False)
        if path is not None and path in self.bad_images:
            raise Invalid  # its problem is reported already, at its first use
        if path is not None and self.image_check is not None:
            problem = self.image_check(path)
            if problem is not None:
                self.bad_images.add(path)
                raise self.fail(mapping, key, where, problem)
        return path

    def kept(self, read: Callable[[], Any], fallback: Any) -> Any:
        """``read()``, or ``fallback`` when it failed (its error is recorded: the model fails to load anyway)."""
        try:
            return read()
        except Invalid:
            return fallback

    # -------------------------------------------------------------- header
    def _header(self, doc: dict[str, Any]) -> dict[str, Any] | None:
        try:
            language = self.required(doc, "skredder", None)
            if language != LANGUAGE_VERSION:
                self.error(doc, "skredder", None, msg(
                    "this file is written for model language version {found}; this Skredder reads version "
                    "{expected}", found=language, expected=LANGUAGE_VERSION))
            return {
                "family": self.identifier(doc, "family", None),
                "version": self.text(doc, "version", None),
                "effective": self.date(doc, "effective", None),
                "name": self.localised(doc, "name", None),
                "description": self.localised(doc, "description", None, required=False),
                "manufacturer": self.text(doc, "manufacturer", None, required=False),
                "illustrative": self.localised(doc, "illustrative", None, required=False),
            }
        except Invalid:
            return None

    # -------------------------------------------------------------- attributes
    def _attributes(self, doc: dict[str, Any]) -> None:
        entries = self.items(doc, "attributes", None, required=True)
        if not entries and isinstance(doc.get("attributes"), list):
            self.error(doc, "attributes", None, msg("a model needs at least one attribute"))
        computed: list[tuple[dict[str, Any], str]] = []
        for container, index, raw in entries:
            attr_id = raw.get("id") if isinstance(raw, dict) else None
            try:
                entry = self.mapping(container, index, None, raw)
                attr_id = self.identifier(entry, "id", None)
                where = where_attr(attr_id)
                if attr_id in self.symbols or attr_id in {c[1] for c in computed}:
                    self.error(entry, "id", where, msg("attribute '{id}' is defined twice", id=attr_id))
                    continue
                self.order.append(attr_id)
                kind = self.text(entry, "type", where)
                if kind not in s.ATTRIBUTE_TYPES:
                    known = ", ".join(s.ATTRIBUTE_TYPES)
                    raise self.fail(entry, "type", where, msg(
                        "unknown attribute type '{type}' (expected one of: {known})", type=kind, known=known))
                self.check_keys(entry, COMMON_ATTRIBUTE_KEYS + ATTRIBUTE_KEYS[kind], where)
                if kind == s.COMPUTED:
                    computed.append((entry, attr_id))
                    self.symbols[attr_id] = Symbol(BOOL)  # placeholder until compiled in dependency order
                    continue
                attribute = self.read_attribute(entry, attr_id, kind, where)
                self.attributes[attr_id] = attribute
                self.symbols[attr_id] = symbol_of(attribute)
            except Invalid:
                if isinstance(attr_id, str) and attr_id not in self.attributes:
                    self.invalid.add(attr_id)
                continue
        read_lookup_tables(self, doc)
        self._computed(computed)
        self._limits()
        self._applies()
        self._prices()

    def _applies(self) -> None:
        """``applies_when``: where it is false the attribute has no value (rule ``applies-<attribute>``)."""
        for attr_id, entry, where in self.pending_applies:
            if attr_id not in self.attributes:
                continue
            try:
                rule = applies_rule(self, self.attributes[attr_id], entry, where)
            except Invalid:
                continue
            assert rule.expr is not None
            self.attributes[attr_id] = replace(self.attributes[attr_id], applies_when=rule.when)
            self.applies_rules.append(replace(rule, when=None))

    def _limits(self) -> None:
        for attr_id, entry, where in list(self.pending_limits):
            try:
                attribute, rule = resolve_limits(self, self.attributes[attr_id], entry, where)
                self.pending_limits.remove((attr_id, entry, where))
            except Invalid:
                self.pending_limits.remove((attr_id, entry, where))
                self.attributes.pop(attr_id, None)
                self.invalid.add(attr_id)
                continue
            self.attributes[attr_id] = attribute
            self.limit_rules.append(rule)
            default = entry.get("default")
            if default is not None:
                if attribute.accepts(default):
                    self.attributes[attr_id] = replace(attribute, default=default)
                else:
                    self.error(entry, "default", where, msg("the default '{value}' is not a value of '{id}'",
                                                            value=default, id=attr_id))

    def _prices(self) -> None:
        option_prices: dict[str, dict[str, Any]] = {}  # attribute -> option -> price: each attribute rebuilt once
        for attr_id, option_id, entry, where in self.pending_prices:
            try:
                price = read_price_effect(self, entry, "price", where)
            except Invalid:
                continue
            if option_id is None:
                self.attributes[attr_id] = replace(self.attributes[attr_id], price=price)
            else:
                option_prices.setdefault(attr_id, {})[option_id] = price
        for attr_id, prices in option_prices.items():
            attribute = self.attributes[attr_id]
            options = tuple(replace(o, price=prices[o.id]) if o.id in prices else o for o in attribute.options)
            self.attributes[attr_id] = replace(attribute, options=options)

    def read_attribute(self, entry: dict[str, Any], attr_id: str, kind: str, where: Message) -> s.Attribute:
        common: dict[str, Any] = {
            "id": attr_id,
            "type": kind,
            "label": self.localised(entry, "label", where),
            "description": self.localised(entry, "description", where, required=False),
            "help": self.localised(entry, "help", where, required=False),
            "required": self.boolean(entry, "required", where, True),
            "show_on_quote": kind in (s.CHOICE, s.BOOLEAN) and self.boolean(entry, "show_on_quote", where, False),
            "key": self.boolean(entry, "key", where, False),
        }
        if "applies_when" in entry:
            self.pending_applies.append((attr_id, entry, where))  # compiled once every attribute is known
        if kind == s.CHOICE:
            common["options"] = self._options(entry, attr_id)
        elif kind == s.BOOLEAN and "price" in entry:
            self.pending_prices.append((attr_id, None, entry, where))
        elif kind in s.NUMERIC_TYPES and has_limit_expressions(entry):
            common.update(unit=self._unit(entry, where), minimum=Decimal(0), maximum=Decimal(0), step=Decimal(1))
            self.pending_limits.append((attr_id, entry, where))  # resolved when every attribute is known
        elif kind in s.NUMERIC_TYPES:
            common.update(self._numeric(entry, kind, where))
        elif kind == s.TEXT:
            common.update(self._text_limits(entry, where))
        raw_options = entry.get("options")
        options = raw_options if isinstance(raw_options, list) else []
        priced = "price" in entry or any(isinstance(option, dict) and "price" in option for option in options)
        if common["show_on_quote"] and not priced:
            self.error(entry, "show_on_quote", where, msg(
                "'show_on_quote' shows a price on the quote, but '{id}' has none: give it (or its options) a price, "
                "or leave the flag out", id=attr_id))
        attribute = s.Attribute(**common)
        if entry.get("default") is not None and not any(p[0] == attr_id for p in self.pending_limits):
            default = entry["default"]
            if not attribute.accepts(default):
                self.error(entry, "default", where, msg("the default '{value}' is not a value of '{id}'",
                                                        value=default, id=attr_id))
            else:
                attribute = s.Attribute(**{**common, "default": default})
        return attribute

    def _options(self, entry: dict[str, Any], attr_id: str) -> tuple[s.Option, ...]:
        options: list[s.Option] = []
        seen: dict[str, Any] = {}
        value_keys: set[str] | None = None
        value_units: dict[str, str] | None = None
        entries = self.items(entry, "options", where_attr(attr_id), required=True)
        if not entries and isinstance(entry.get("options"), list):
            self.error(entry, "options", where_attr(attr_id), msg("a choice needs at least one option"))
        if len(entries) > MAX_OPTIONS:  # a list to pick from, not a table: every screen and rule reads them all
            self.error(entry, "options", where_attr(attr_id), msg(
                "a choice has at most {limit} options ({count} given); use a number or a text attribute "
                "with a table rule instead", limit=MAX_OPTIONS, count=len(entries)))
            return ()
        for container, index, raw in entries:
            try:
                option = self.mapping(container, index, where_attr(attr_id), raw)
                option_id = self.identifier(option, "id", where_attr(attr_id))
                where = msg("option '{option}' of '{attr}'", option=option_id, attr=attr_id)
                self.check_keys(option, OPTION_KEYS, where)
                if not self.unique(seen, option, "id", where, option_id):
                    continue
                colour = self.text(option, "colour", where, required=False)
                if colour is not None and not COLOUR_PATTERN.match(colour):
                    self.error(option, "colour", where, msg("'colour' must be a colour like #1a2b3c"))
                values, units = self._option_values(option, where)
                if value_units is None:
                    value_units = units
                elif units != value_units and value_keys is not None and set(values) == value_keys:
                    values, units = self._same_units(option, where, values, units, value_units, attr_id)
                if value_keys is None:
                    value_keys = set(values)
                elif set(values) != value_keys:
                    self.error(option, "values" if "values" in option else "id", where, msg(
                        "every option of '{attr}' needs the same named values ({keys})", attr=attr_id,
                        keys=", ".join(sorted(value_keys)) or "-"))
                # an option whose label, description or image is wrong is kept (its error reported): dropping it
                # made every preset, default and table row that names it a follow-on error with a wrong hint
                options.append(s.Option(
                    id=option_id,
                    label=self.kept(partial(self.localised, option, "label", where), Text(option_id, option_id)),
                    description=self.kept(partial(self.localised, option, "description", where, required=False),
                                          None),
                    image=self.kept(partial(self.image, option, "image", where), None),
                    colour=colour,
                    values=values,
                    units=units,
                ))
                if "price" in option:
                    self.pending_prices.append((attr_id, option_id, option, where))
            except Invalid:
                continue
        return tuple(options)

    def _same_units(self, option: dict[str, Any], where: Message, values: dict[str, Decimal],  # noqa: PLR0917
                    units: dict[str, str], wanted: dict[str, str], attr_id: str
                    ) -> tuple[dict[str, Decimal], dict[str, str]]:
        """An option's named values in the units of the first option (2.2 cm read as 22 mm); another
        dimension, or a unit against none, is an error."""
        converted = dict(values)
        for key, number in values.items():
            have, want = parse_unit(units.get(key, "1")), parse_unit(wanted.get(key, "1"))
            assert have is not None and want is not None
            if have == want:
                continue
            if have.dims != want.dims or have.scale is None or want.scale is None or not have.dims:
                self.error(option, "values", where, msg(
                    "every option of '{attr}' needs its named values in the same units ({units})", attr=attr_id,
                    units=", ".join(f"{k}: {u}" for k, u in sorted(wanted.items())) or "-"))
                return values, units
            ratio = have.scale / want.scale
            converted[key] = number * Decimal(ratio.numerator) / Decimal(ratio.denominator)
        return converted, dict(wanted)

    def _option_values(self, option: dict[str, Any], where: Message) -> tuple[dict[str, Any], dict[str, str]]:
        raw = option.get("values")
        if raw is None:
            return {}, {}
        values = self.mapping(option, "values", where, raw)
        result = {}
        units: dict[str, str] = {}
        for key in values:
            if not isinstance(key, str) or not ID_PATTERN.match(key):
                self.error(values, key, where, msg(
                    "'{field}' must be an identifier: a letter, then letters, digits or _ (got '{value}')",
                    field="values", value=key))
                continue
            number, unit = read_quantity(self, values, key, where)
            result[key] = number
            if unit != "1":
                units[key] = unit
        return result, units

    def _numeric(self, entry: dict[str, Any], kind: str, where: Message) -> dict[str, Any]:
        integer = kind == s.INTEGER
        unit = self._unit(entry, where)
        minimum = self.number(entry, "min", where, integer=integer)
        maximum = self.number(entry, "max", where, integer=integer)
        step = self.number(entry, "step", where, integer=integer, required=not integer)
        step = Decimal(1) if step is None else step
        assert minimum is not None and maximum is not None
        if step <= 0:
            raise self.fail(entry, "step", where, msg("'step' must be greater than 0"))
        if maximum < minimum:
            raise self.fail(entry, "max", where, msg("'max' ({maximum}) is less than 'min' ({minimum})",
                                                     maximum=maximum, minimum=minimum))
        if (maximum - minimum) > (MAX_DOMAIN - 1) * step:
            raise self.fail(entry, "step", where, msg(
                "the attribute has more than {limit} values; use a larger step", limit=MAX_DOMAIN))
        if (maximum - minimum) % step != 0:
            raise self.fail(entry, "max", where, msg("'max' must be reachable from 'min' in whole steps of "
                                                     "{step}", step=step))
        return {"unit": unit, "minimum": minimum, "maximum": maximum, "step": step}

    def _unit(self, entry: dict[str, Any], where: Message) -> str:
        unit = self.text(entry, "unit", where, required=False) or "1"
        if parse_unit(unit) is None:
            raise self.fail(entry, "unit", where, msg("unknown unit '{unit}' (known: {known})", unit=unit,
                                                      known=", ".join(UNITS)))
        return unit

    def _text_limits(self, entry: dict[str, Any], where: Message) -> dict[str, Any]:
        max_length = self.number(entry, "max_length", where, integer=True, required=False, minimum=Decimal(1))
        pattern = self.text(entry, "pattern", where, required=False)
        if pattern is not None:
            problem = pattern_problem(pattern)  # a safe subset: no pattern that backtracks for minutes
            if problem is not None:
                raise self.fail(entry, "pattern", where, problem)
        return {"max_length": int(max_length) if max_length is not None else None, "pattern": pattern}

    def _computed(self, computed: list[tuple[dict[str, Any], str]]) -> None:
        """Compile computed attributes in dependency order; a cycle is an error."""
        names = {attr_id for _, attr_id in computed}
        graph: dict[str, set[str]] = {}
        by_id = {attr_id: entry for entry, attr_id in computed}
        for entry, attr_id in computed:
            graph[attr_id] = names_in(entry.get("expr")) & names
        while True:
            try:
                order = list(graphlib.TopologicalSorter(graph).static_order())
                break
            except graphlib.CycleError as exc:
                cycle = exc.args[1]
                first = by_id[cycle[0]]
                self.error(first, "expr", where_attr(cycle[0]), msg(
                    "computed attributes depend on each other in a circle: {cycle}", cycle=" -> ".join(cycle)))
                for attr_id in set(cycle):  # only the circle is broken: the others still compile
                    graph.pop(attr_id, None)
                    self.symbols.pop(attr_id, None)
                    self.invalid.add(attr_id)
                for deps in graph.values():
                    deps -= set(cycle)
        for attr_id in order:
            entry = by_id[attr_id]
            where = where_attr(attr_id)
            try:
                attribute = self._computed_attribute(entry, attr_id, where)
            except Invalid:
                self.symbols.pop(attr_id, None)
                self.invalid.add(attr_id)
                continue
            self.attributes[attr_id] = attribute
            self.symbols[attr_id] = symbol_of(attribute)
        # keep the author's order
        order_of = {attr_id: i for i, attr_id in enumerate(self.order)}
        self.attributes = dict(sorted(self.attributes.items(), key=lambda kv: order_of[kv[0]]))

    def _computed_attribute(self, entry: dict[str, Any], attr_id: str, where: Message) -> s.Attribute:
        unit_name = self._unit(entry, where)
        self.symbols.pop(attr_id, None)
        expr = self.expression(entry, "expr", where, self.scope())
        self.symbols[attr_id] = Symbol(BOOL)
        assert expr is not None
        node_type = expr.node.type
        options: tuple[s.Option, ...] = ()
        if node_type.kind is Kind.NUM:
            declared = parse_unit(unit_name)
            assert declared is not None
            if node_type.unit is not None and node_type.unit.dims != declared.dims:
                raise self.fail(entry, "expr", where, msg(
                    "the expression gives {got}, which cannot be expressed in {unit}", got=node_type.unit.name,
                    unit=unit_name))
        elif node_type.kind is Kind.TEXT and "options" in entry:
            options = self._options(entry, attr_id)
            check_computed_choice(self, entry, where, expr.node, options)
        elif node_type.kind is not Kind.BOOL:
            raise self.fail(entry, "expr", where, msg("a computed attribute must be a number or true/false, "
                                                      "got {got}", got=node_type.describe()))
        elif "options" in entry:
            raise self.fail(entry, "options", where, msg(
                "a computed attribute with options must give one of them (a text, such as a table's option ids)"))
        decimals = self.number(entry, "decimals", where, integer=True, required=False, minimum=Decimal(0))
        if "default" in entry:
            self.error(entry, "default", where, msg("a computed attribute cannot have a default"))
        return s.Attribute(
            id=attr_id,
            type=s.COMPUTED,
            label=self.localised(entry, "label", where),  # type: ignore[arg-type]
            description=self.localised(entry, "description", where, required=False),
            help=self.localised(entry, "help", where, required=False),
            unit=unit_name if node_type.kind is Kind.NUM else "1",
            expr=expr,
            decimals=int(decimals) if decimals is not None else 0,
            options=options if node_type.kind is Kind.TEXT else (),
        )

    # -------------------------------------------------------------- steps and presets
    def _steps(self, doc: dict[str, Any]) -> tuple[s.Step, ...]:
        steps: list[s.Step] = []
        seen: dict[str, Any] = {}
        placed: dict[str, str] = {}
        for container, index, raw in self.items(doc, "steps", None, required=True):
            try:
                entry = self.mapping(container, index, None, raw)
                step_id = self.identifier(entry, "id", None)
                where = msg("step '{id}'", id=step_id)
                self.check_keys(entry, ("id", "label", "description", "attributes"), where)
                if not self.unique(seen, entry, "id", where, step_id):
                    continue
                members: list[str] = []
                for attr_container, attr_index, attr_id in self.items(entry, "attributes", where, required=True):
                    if not self.known_attribute(attr_container, attr_index, where, attr_id):
                        continue
                    if self.attributes[attr_id].is_computed:
                        self.error(attr_container, attr_index, where, msg(
                            "'{id}' is computed and cannot be chosen in a step", id=attr_id))
                    elif attr_id in placed:
                        self.error(attr_container, attr_index, where, msg(
                            "'{id}' is already in step '{step}'", id=attr_id, step=placed[attr_id]))
                    else:
                        placed[attr_id] = step_id
                        members.append(attr_id)
                steps.append(s.Step(step_id, self.localised(entry, "label", where),  # type: ignore[arg-type]
                                    tuple(members), self.localised(entry, "description", where, required=False)))
            except Invalid:
                continue
        attribute_list = doc.get("attributes") if isinstance(doc.get("attributes"), list) else []
        for index, raw in enumerate(attribute_list or []):
            attr_id = raw.get("id") if isinstance(raw, dict) else None
            attribute = self.attributes.get(attr_id) if isinstance(attr_id, str) else None
            if attribute is not None and not attribute.is_computed and attr_id not in placed and "steps" in doc:
                self.error(attribute_list, index, where_attr(attribute.id),
                           msg("'{id}' is in no step; add it to one of the steps", id=attribute.id))
        return tuple(steps)

    def known_attribute(self, container: Any, key: Any, where: Message | None, attr_id: Any) -> bool:
        if isinstance(attr_id, str) and attr_id in self.attributes:
            return True
        if isinstance(attr_id, str) and (attr_id in self.symbols or attr_id in self.invalid):
            return False  # defined but invalid: its own error is already reported
        suggestion = None
        if isinstance(attr_id, str):
            close = difflib.get_close_matches(attr_id, list(self.symbols), n=1, cutoff=0.6)
            suggestion = close[0] if close else None
        if suggestion:
            self.error(container, key, where, msg("unknown attribute '{name}' (did you mean '{suggestion}'?)",
                                                  name=attr_id, suggestion=suggestion))
        else:
            self.error(container, key, where, msg("unknown attribute '{name}'", name=attr_id))
        return False

    def _presets(self, doc: dict[str, Any]) -> tuple[s.Preset, ...]:
        presets: list[s.Preset] = []
        seen: dict[str, Any] = {}
        for container, index, raw in self.items(doc, "presets", None):
            try:
                entry = self.mapping(container, index, None, raw)
                preset_id = self.identifier(entry, "id", None)
                where = msg("preset '{id}'", id=preset_id)
                self.check_keys(entry, ("id", "label", "description", "values"), where)
                if not self.unique(seen, entry, "id", where, preset_id):
                    continue
                values = self.mapping(entry, "values", where, self.required(entry, "values", where))
                checked = self._assignment(values, where)
                presets.append(s.Preset(preset_id, self.localised(entry, "label", where),  # type: ignore[arg-type]
                                        checked, self.localised(entry, "description", where, required=False)))
            except Invalid:
                continue
        return tuple(presets)

    def _guide(self, doc: dict[str, Any]) -> s.Guide | None:
        """``guide: {question: {...}, answers: [{id, label, description?, values}, ...]}``, optional."""
        if doc.get("guide") is None:
            return None
        where = msg("guide")
        entry = self.mapping(doc, "guide", None, doc["guide"])
        self.check_keys(entry, ("question", "answers"), where)
        question = self.localised(entry, "question", where)
        answers: list[s.Preset] = []
        seen: dict[str, Any] = {}
        entries = self.items(entry, "answers", where, required=True)
        if len(entries) < 2:
            raise self.fail(entry, "answers", where, msg("a guide needs at least two answers"))
        for container, index, raw in entries:
            try:
                answer = self.mapping(container, index, where, raw)
                answer_id = self.identifier(answer, "id", where)
                at = msg("guide answer '{id}'", id=answer_id)
                self.check_keys(answer, ("id", "label", "description", "values"), at)
                if not self.unique(seen, answer, "id", at, answer_id):
                    continue
                values = self.mapping(answer, "values", at, self.required(answer, "values", at))
                answers.append(s.Preset(answer_id, self.localised(answer, "label", at),  # type: ignore[arg-type]
                                        self._assignment(values, at),
                                        self.localised(answer, "description", at, required=False)))
            except Invalid:
                continue
        return s.Guide(question, tuple(answers))  # type: ignore[arg-type]

    def assignment(self, values: dict[str, Any], where: Message) -> dict[str, Any]:
        """The checked values of a preset or a test case (each a value of a chosen attribute)."""
        return self._assignment(values, where)

    def _assignment(self, values: dict[str, Any], where: Message) -> dict[str, Any]:
        checked: dict[str, Any] = {}
        for attr_id, value in values.items():
            if not self.known_attribute(values, attr_id, where, attr_id):
                continue
            attribute = self.attributes[attr_id]
            if attribute.is_computed:
                self.error(values, attr_id, where, msg("'{id}' is computed and cannot be set", id=attr_id))
            elif not attribute.accepts(value):
                self.error(values, attr_id, where, msg("'{value}' is not a value of '{id}'", value=value,
                                                       id=attr_id))
            else:
                checked[attr_id] = value
        return checked

    # -------------------------------------------------------------- rules
    def _rules(self, doc: dict[str, Any]) -> tuple[s.Rule, ...]:
        rules: list[s.Rule] = []
        seen: dict[str, Any] = {}
        for container, index, raw in self.items(doc, "rules", None):
            try:
                entry = self.mapping(container, index, None, raw)
                rule_id = self.identifier(entry, "id", None, RULE_ID_PATTERN)
                where = msg("rule '{id}'", id=rule_id)
                self.check_keys(entry, ("id", "message", "when", "require", "exclude", "table", "default"), where)
                if not self.unique(seen, entry, "id", where, rule_id):
                    continue
                rules.append(self._rule(entry, rule_id, where))
            except Invalid:
                continue
        for attribute in self.attributes.values():
            # a text's default only fills in the field: it is not a rule
            if attribute.default is not None and attribute.type != s.TEXT:
                rules.append(self._attribute_default(attribute))
        rules.extend(self.limit_rules)
        rules.extend(self.applies_rules)
        rules.extend(self.table_rules)
        return tuple(rules)

    def _rule(self, entry: dict[str, Any], rule_id: str, where: Message) -> s.Rule:
        kinds = [k for k in ("require", "exclude", "table", "default") if k in entry]
        if len(kinds) != 1:
            raise self.fail(entry, None, where, msg(
                "a rule needs exactly one of 'require', 'exclude', 'table' or 'default'"))
        kind = kinds[0]
        message = self.localised(entry, "message", where)
        assert message is not None
        when = self.optional_expression(entry, "when", where, self.scope(), Kind.BOOL)
        if kind == "table":
            table = read_table(self, entry, where)
            return s.Rule(rule_id, kind, message, when=when, table=table)
        expr = self.expression(entry, kind, where, self.scope(), Kind.BOOL)
        return s.Rule(rule_id, kind, message, when=when, expr=expr)

    def _attribute_default(self, attribute: s.Attribute) -> s.Rule:
        value = attribute.default
        if attribute.type == s.CHOICE:
            node: Any = compile_expression(f"{attribute.id} == {value}", self.scope())
            source = f"{attribute.id} == {value}"
        elif attribute.type == s.BOOLEAN:
            source = attribute.id if value else f"not {attribute.id}"
            node = compile_expression(source, self.scope())
        elif attribute.type in s.NUMERIC_TYPES:
            source = f"{attribute.id} == {value}"
            node = compile_expression(source, self.scope())
        else:
            source = f"{attribute.id} == {value}"
            node = compile_expression(source, self.scope())
        label = attribute.label
        message = Text(nb=f"Standardvalg for {label.nb}", en=f"Default for {label.en}")
        return s.Rule(f"default-{attribute.id}", "default", message, expr=s.Expression(source, node))

    def unique(self, seen: dict[str, Any], container: Any, key: Any, where: Message | None, ident: str) -> bool:
        """Record ``ident`` as used; report and return False when it was used before."""
        if ident in seen:
            self.error(container, key, where, msg("'{id}' is defined twice", id=ident))
            return False
        seen[ident] = container
        return True
