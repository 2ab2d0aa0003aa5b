"""Helpers for the engine tests: model documents as Python data, random small models, and a brute-force world.

The brute-force :class:`World` enumerates every complete assignment of a (small) model's chosen attributes and
evaluates every rule with the model layer's exact evaluator (:func:`configurator.core.model.expr.evaluate`),
independently of the engine's encoding. The tests compare the engine's answers with it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from configurator.core.engine.grid import FILLED, engine_domain
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.loader import model_from_document

TEXT_VALUE = "AB"  # the text a test types for a "filled" text attribute


def T(text: str) -> dict[str, str]:  # reads like the YAML's {nb: ..., en: ...}
    return {"nb": text, "en": text}


def options(*ids: str, values: Sequence[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    result = []
    for i, option_id in enumerate(ids):
        entry: dict[str, Any] = {"id": option_id, "label": T(option_id)}
        if values is not None:
            entry["values"] = dict(values[i])
        result.append(entry)
    return result


def document(attributes: list[dict[str, Any]], rules: Sequence[dict[str, Any]] = (),
             presets: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A complete model document (the YAML's structure) around ``attributes`` and ``rules``."""
    for attribute in attributes:
        attribute.setdefault("label", T(attribute["id"]))
    doc: dict[str, Any] = {
        "skredder": 1,
        "family": "probe",
        "version": "1",
        "effective": "2026-01-01",
        "name": T("probe"),
        "attributes": attributes,
        "steps": [{"id": "all", "label": T("all"),
                   "attributes": [a["id"] for a in attributes if a["type"] != "computed"]}],
        "rules": [{"message": T(r["id"]), **r} for r in rules],
        "pricing": {"base": 0},
    }
    if presets:
        doc["presets"] = [{"label": T(p["id"]), **p} for p in presets]
    return doc


def make_model(attributes: list[dict[str, Any]], rules: Sequence[dict[str, Any]] = (),
               tables: Mapping[str, Mapping[str, Any]] | None = None,
               presets: Sequence[dict[str, Any]] = ()) -> s.ProductModel:
    return model_from_document({"model": document(attributes, rules, presets), "tables": dict(tables or {})})


@contextmanager
def session_of(model: s.ProductModel) -> Iterator[ConfigurationSession]:
    session = ConfigurationSession(model)
    try:
        yield session
    finally:
        session.close()


# ---------------------------------------------------------------- values


def engine_value(model: s.ProductModel, attr_id: str, value: Any) -> Any:
    """A session value (int/str number, typed text) on the engine's scale (Decimal, '' or FILLED)."""
    attribute = model.attribute(attr_id)
    if attribute.type == s.TEXT:
        return "" if value == "" else FILLED
    if attribute.type in s.NUMERIC_TYPES:
        return Decimal(value)
    return value


def session_value(model: s.ProductModel, attr_id: str, value: Any, as_int: bool = False) -> Any:
    """An engine value as a user would give it to the session."""
    attribute = model.attribute(attr_id)
    if attribute.type == s.TEXT:
        return "" if value == "" else TEXT_VALUE
    if as_int and attribute.type in s.NUMERIC_TYPES and value == value.to_integral_value():
        return int(value)
    return value


# ---------------------------------------------------------------- brute force


def table_matches(table: s.Table, values: Mapping[str, Any]) -> bool:
    return any(all(cell is s.ANY or values[col] == cell for col, cell in zip(table.columns, row, strict=True))
               for row in table.rows)


def _truth(node: e.Node, env: e.Env) -> bool:
    value = e.evaluate(node, env)
    assert isinstance(value, bool), f"the test model's expression is undefined here: {value!r}"
    return value


def rule_holds(rule: s.Rule, env: e.Env) -> bool:
    """The rule's meaning, written out independently of the engine's encoding."""
    if rule.when is not None and not _truth(rule.when.node, env):
        return True
    if rule.kind == "table":
        assert rule.table is not None
        matched = table_matches(rule.table, env.values)
        return matched if rule.table.mode == "allowed" else not matched
    assert rule.expr is not None
    holds = _truth(rule.expr.node, env)
    return not holds if rule.kind == "exclude" else holds


def with_computed(model: s.ProductModel, values: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(values)
    option_values = model.option_values()
    for attribute in model.attributes:
        if attribute.is_computed:
            assert attribute.expr is not None
            result[attribute.id] = e.evaluate(attribute.expr.node, e.Env(result, option_values))
    return result


@dataclass(frozen=True)
class Row:
    values: dict[str, Any]
    violated: int  # bit per hard rule
    defaults: int  # bit per default rule that holds
    base_ok: bool  # required texts are filled


class World:
    """Every complete assignment of a small model, with the rules each one breaks."""

    def __init__(self, model: s.ProductModel) -> None:
        self.model = model
        self.attrs = [a.id for a in model.chosen_attributes]
        self.domains = {a: engine_domain(model.attribute(a)) for a in self.attrs}
        self.hard = [r for r in model.rules if r.kind != "default"]
        self.defaults = [r for r in model.rules if r.kind == "default"]
        self.hard_bit = {r.id: 1 << i for i, r in enumerate(self.hard)}
        self.default_bit = {r.id: 1 << i for i, r in enumerate(self.defaults)}
        self.all_hard = (1 << len(self.hard)) - 1
        option_values = model.option_values()
        required_texts = [a.id for a in model.chosen_attributes if a.type == s.TEXT and a.required]
        self.rows: list[Row] = []
        for combination in itertools.product(*(self.domains[a] for a in self.attrs)):
            values = dict(zip(self.attrs, combination, strict=True))
            # an attribute that does not apply (applies_when) has no value: the rules see it absent
            present = {a: v for a, v in values.items() if v is not e.NOT_APPLICABLE}
            env = e.Env(with_computed(model, present), option_values)
            violated = sum(self.hard_bit[r.id] for r in self.hard if not rule_holds(r, env))
            defaults = sum(self.default_bit[r.id] for r in self.defaults if rule_holds(r, env))
            base_ok = all(values[t] == FILLED for t in required_texts)
            self.rows.append(Row(values, violated, defaults, base_ok))

    def rule_mask(self, rule_ids: Sequence[str] | None) -> int:
        return self.all_hard if rule_ids is None else sum(self.hard_bit[r] for r in rule_ids)

    def valid(self, choices: Mapping[str, Any], rules: Sequence[str] | None = None) -> list[Row]:
        """The assignments that agree with ``choices`` (engine values) and break none of ``rules`` (all)."""
        mask = self.rule_mask(rules)
        items = list(choices.items())
        return [r for r in self.rows
                if r.base_ok and not r.violated & mask and all(r.values[a] == v for a, v in items)]

    def possible(self, choices: Mapping[str, Any], rules: Sequence[str] | None = None) -> bool:
        mask = self.rule_mask(rules)
        items = list(choices.items())
        return any(r.base_ok and not r.violated & mask and all(r.values[a] == v for a, v in items)
                   for r in self.rows)

    def available(self, choices: Mapping[str, Any], attr_id: str) -> list[Any]:
        seen = {_key(r.values[attr_id]) for r in self.valid(choices)}
        return [v for v in self.domains[attr_id] if _key(v) in seen]


def _key(value: Any) -> Any:
    return ("n", value) if isinstance(value, Decimal) else (type(value).__name__, value)


# ---------------------------------------------------------------- random models

POOL = ("red", "blue", "green", "oak")  # option ids, shared between choices (as models may)
INTEGER_RANGES = ((0, 6, 1), (0, 6, 2), (1, 4, 1), (0, 3, 1))
DECIMAL_RANGES = (("0", "1.5", "0.5"), ("0", "0.3", "0.1"), ("0.5", "1", "0.25"))
OPTION_NUMBERS = ("0", "0.1", "0.5", "1", "2.5", "3")
BUDGET = 600  # at most this many complete assignments (brute force stays fast)


@dataclass
class Spec:
    """What the expression generator knows about the random model's attributes."""

    id: str
    type: str
    domain: list[Any]
    options: tuple[str, ...] = ()


@st.composite
def attribute_specs(draw: st.DrawFn, texts: bool = True, min_choices: int = 0) -> list[Spec]:
    count = draw(st.integers(max(2, min_choices), 5))
    specs: list[Spec] = []
    size = 1
    for i in range(count):
        kinds = ["choice", "boolean", "integer", "decimal", *(["text"] if texts else [])]
        kind = "choice" if i < min_choices else draw(st.sampled_from(kinds))
        attr_id = f"{kind[0]}{i}"
        if kind == "choice":
            ids = tuple(draw(st.lists(st.sampled_from(POOL), min_size=2, max_size=4, unique=True)))
            spec = Spec(attr_id, kind, list(ids), ids)
        elif kind == "integer":
            low, high, step = draw(st.sampled_from(INTEGER_RANGES))
            spec = Spec(attr_id, kind, [Decimal(v) for v in range(low, high + 1, step)])
        elif kind == "decimal":
            first, last, by = (Decimal(x) for x in draw(st.sampled_from(DECIMAL_RANGES)))
            spec = Spec(attr_id, kind, [first + k * by for k in range(int((last - first) / by) + 1)])
        elif kind == "text":
            spec = Spec(attr_id, kind, ["", FILLED])
        else:
            spec = Spec(attr_id, kind, [False, True])
        if size * len(spec.domain) > BUDGET:
            spec = Spec(f"b{i}", "boolean", [False, True])
            if size * 2 > BUDGET:
                break
        size *= len(spec.domain)
        specs.append(spec)
    return specs


class ExprGen:
    """Random, well-typed expression texts over the specs (never undefined: divisors are constants)."""

    def __init__(self, draw: Callable[..., Any], specs: list[Spec], computed: list[str],
                 cross_choice: bool = False) -> None:
        self.draw = draw
        self.specs = specs
        self.numbers = [sp.id for sp in specs if sp.type in ("integer", "decimal")] + computed
        self.choices = [sp for sp in specs if sp.type == "choice"]
        self.booleans = [sp.id for sp in specs if sp.type == "boolean"]
        self.texts = [sp.id for sp in specs if sp.type == "text"]
        self.cross_choice = cross_choice
        self.used_attribute = False

    def pick(self, items: Sequence[Any]) -> Any:
        return self.draw(st.sampled_from(list(items)))

    def const(self) -> str:
        return self.pick(["0", "1", "2", "3", "5", "0.3", "1.5", "2.5", "0.5"])

    def number(self, depth: int) -> str:
        leaves: list[str] = list(self.numbers) + [f"{c.id}.w" for c in self.choices]
        if not leaves:
            return self.const()
        if depth <= 0 or self.draw(st.integers(0, 2)) == 0:
            if self.draw(st.integers(0, 4)):
                self.used_attribute = True
                return self.pick(leaves)
            return self.const()
        kind = self.pick(["+", "-", "*", "/", "//", "%", "floor", "ceil", "round", "round1", "min", "max", "abs",
                          "if", "neg"])
        x = self.number(depth - 1)
        if kind in ("+", "-", "*"):
            return f"({x} {kind} {self.number(depth - 1)})"
        if kind in ("/", "//", "%"):
            return f"({x} {kind} {self.pick(['2', '3', '4', '0.3', '1.5'])})"
        if kind in ("floor", "ceil", "round", "abs"):
            return f"{kind}({x})"
        if kind == "round1":
            return f"round({x}, 1)"
        if kind in ("min", "max"):
            return f"{kind}({x}, {self.number(depth - 1)})"
        if kind == "neg":
            return f"-({x})"
        return f"({x} if {self.boolean(0)} else {self.number(depth - 1)})"

    def varying(self, depth: int) -> str:
        """A number that depends on some attribute (a rule over constants only is tested in test_grid)."""
        for _ in range(4):
            self.used_attribute = False
            text = self.number(depth)
            if self.used_attribute:
                return text
        return self.pick([*self.numbers, *(f"{c.id}.w" for c in self.choices)])

    def atom(self) -> str:
        kinds = ["const"]
        if self.numbers or self.choices:
            kinds += ["compare", "compare", "chain"]
        if self.booleans:
            kinds += ["bool", "bool"]
        if self.choices:
            kinds += ["option", "option", "member"]
            if self.cross_choice and len(self.choices) >= 2:
                kinds += ["cross", "cross", "cross"]
        if self.texts:
            kinds += ["text"]
        kind = self.pick(kinds)
        if kind == "const":
            return self.pick(["true", "false"])
        if kind == "bool":
            name = self.pick(self.booleans)
            return self.pick([name, f"not {name}", f"{name} == true", f"{name} != false"])
        if kind == "option":
            choice = self.pick(self.choices)
            option = self.pick(choice.options)
            return self.pick([f"{choice.id} == {option}", f"{choice.id} != {option}", f"{option} == {choice.id}",
                              f"{choice.id} == '{option}'"])
        if kind == "member":
            choice = self.pick(self.choices)
            some = self.draw(st.lists(st.sampled_from(choice.options), min_size=1, max_size=3, unique=True))
            word = self.pick(["in", "not in"])
            return f"{choice.id} {word} [{', '.join(some)}]"
        if kind == "cross":
            a, b = self.draw(st.lists(st.sampled_from(self.choices), min_size=2, max_size=2, unique_by=lambda c: c.id))
            return f"{a.id} {self.pick(['==', '!='])} {b.id}"
        if kind == "text":
            return f"{self.pick(self.texts)} {self.pick(['==', '!='])} ''"
        if kind == "chain":
            return f"{self.const()} <= {self.varying(1)} < {self.const()}"
        op = self.pick(["==", "!=", "<", "<=", ">", ">="])
        right = self.number(1) if self.draw(st.booleans()) else self.const()
        return f"{self.varying(2)} {op} {right}"

    def boolean(self, depth: int) -> str:
        if depth <= 0 or self.draw(st.integers(0, 2)) == 0:
            return self.atom()
        kind = self.pick(["and", "or", "not", "if"])
        if kind in ("and", "or"):
            return f"({self.boolean(depth - 1)}) {kind} ({self.boolean(depth - 1)})"
        if kind == "not":
            return f"not ({self.boolean(depth - 1)})"
        return f"(({self.boolean(depth - 1)}) if ({self.atom()}) else ({self.boolean(depth - 1)}))"


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class RandomModel:
    document: dict[str, Any]
    model: s.ProductModel
    specs: list[Spec]

    def __repr__(self) -> str:  # what a failing example shows: the model's attributes, rules and tables
        model = self.document["model"]
        lines = ["RandomModel("]
        for attribute in model["attributes"]:
            shown = {k: v for k, v in attribute.items() if k != "label"}
            if "options" in shown:
                shown["options"] = {o["id"]: o["values"]["w"] for o in shown["options"]}
            lines.append(f"  attribute {shown}")
        for rule in model["rules"]:
            lines.append(f"  rule {({k: v for k, v in rule.items() if k != 'message'})}")
        for name, table in self.document["tables"].items():
            lines.append(f"  table {name}: {table['header']} {table['rows']}")
        return "\n".join([*lines, ")"])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # Hypothesis prints examples with this
        printer.text(repr(self))


@st.composite
def random_models(draw: st.DrawFn, cross_choice: bool = False, texts: bool = True) -> RandomModel:
    specs = draw(attribute_specs(texts=texts, min_choices=2 if cross_choice else 0))
    attributes: list[dict[str, Any]] = []
    for spec in specs:
        entry: dict[str, Any] = {"id": spec.id, "type": spec.type}
        if spec.type == "choice":
            entry["options"] = [
                {"id": o, "label": T(o), "values": {"w": Decimal(draw(st.sampled_from(OPTION_NUMBERS)))}}
                for o in spec.options]
        elif spec.type in ("integer", "decimal"):
            entry.update(min=spec.domain[0], max=spec.domain[-1], step=spec.domain[1] - spec.domain[0])
        elif spec.type == "text":
            entry.update(max_length=5, required=draw(st.booleans()))
        if spec.type != "text" and draw(st.integers(0, 3)) == 0:
            entry["default"] = draw(st.sampled_from(spec.domain))
        attributes.append(entry)
    computed: list[str] = []
    numbers = [sp.id for sp in specs if sp.type in ("integer", "decimal")]
    with_computed_attribute: bool = draw(st.booleans()) if numbers else False
    if with_computed_attribute:
        gen = ExprGen(draw, specs, [], cross_choice)
        attributes.append({"id": "k", "type": "computed", "expr": gen.varying(2), "decimals": 2})
        computed.append("k")
    gen = ExprGen(draw, specs, computed, cross_choice)
    rules: list[dict[str, Any]] = []
    tables: dict[str, Any] = {}
    columns_ok = [sp for sp in specs if sp.type != "text"]
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["require", "exclude", "table"] if columns_ok else ["require", "exclude"]))
        rule: dict[str, Any] = {"id": f"r{i}"}
        if draw(st.integers(0, 2)):
            rule["when"] = gen.boolean(1)
        if kind == "table":
            cols = draw(st.lists(st.sampled_from(columns_ok), min_size=1, max_size=min(3, len(columns_ok)),
                                 unique_by=lambda sp: sp.id))
            rows = draw(st.lists(st.tuples(*(st.one_of(st.just("*"), st.sampled_from(sp.domain).map(_cell))
                                              for sp in cols)), min_size=1, max_size=8))
            header = [sp.id for sp in cols]
            name = f"t{i}.csv"
            rule["table"] = {"file": name, "mode": draw(st.sampled_from(["allowed", "forbidden", "forbidden"]))}
            if draw(st.booleans()):  # columns listed in another order than the header
                rule["table"]["columns"] = list(reversed(header))
            tables[name] = {"header": header, "rows": [list(r) for r in rows]}
        else:
            rule[kind] = gen.boolean(2)
        rules.append(rule)
    if cross_choice:
        kind = draw(st.sampled_from(["require", "exclude"]))
        rules.append({"id": "cross", kind: f"({gen.atom()}) or ({specs[0].id} {draw(st.sampled_from(['==', '!=']))} "
                                           f"{specs[1].id})"})
    for i in range(draw(st.integers(0, 2))):
        rule = {"id": f"d{i}", "default": gen.boolean(1)}
        if draw(st.booleans()):
            rule["when"] = gen.atom()
        rules.append(rule)
    doc = {"model": document(attributes, rules), "tables": tables}
    return RandomModel(doc, model_from_document(doc), specs)
