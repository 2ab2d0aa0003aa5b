"""Limits that depend on choices: a number's ``min``, ``max`` and ``step`` as expressions.

``max: 1000 if cabinet_type == wall else 900`` is compiled, evaluated over every combination of what it reads
(choices, booleans and numbers with fixed limits) and checked there. The attribute's domain becomes the union of
all the ranges (a regular grid: the smallest minimum, the largest maximum, and a step that divides every step
and every offset), and a rule ``limits-<attribute>`` holds the value to the range of the configuration, so the
engine offers exactly the values of the real range.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.core.i18n import Message, Text, msg
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.reader import Invalid
from configurator.core.model.units import parse_unit
from configurator.core.numbers import format_number

if TYPE_CHECKING:
    from configurator.core.model.validate import ModelValidator

LIMIT_KEYS = ("min", "max", "step")
MAX_COMBINATIONS = 100_000  # combinations of what the limits read, each evaluated when the model is loaded
MAX_DOMAIN = 10_000


def has_limit_expressions(entry: dict[str, Any]) -> bool:
    """Whether a number's entry gives a limit as an expression (a text) rather than a number."""
    return any(isinstance(entry.get(key), str) for key in LIMIT_KEYS)


def limits_rule_id(attr_id: str) -> str:
    return f"limits-{attr_id}"


def resolve_limits(v: ModelValidator, attribute: s.Attribute, entry: dict[str, Any], where: Message
                   ) -> tuple[s.Attribute, s.Rule]:
    """The attribute with its union domain and expressions, and the rule that holds it to the real range."""
    integer = attribute.type == s.INTEGER
    unit = parse_unit(attribute.unit)
    assert unit is not None
    nodes: dict[str, e.Node] = {}
    sources: dict[str, str] = {}
    for key in LIMIT_KEYS:
        raw = entry.get(key)
        if raw is None and key == "step" and integer:
            raw = 1
        if isinstance(raw, str):
            expression = _limit_expression(v, entry, key, where, raw)
            nodes[key] = _in_unit(v, entry, key, where, expression.node, unit=unit, unit_name=attribute.unit)
            sources[key] = expression.source
            _check_reads(v, entry, key, where, expression.node, attr_id=attribute.id)
        else:
            number = Decimal(1) if raw == 1 and key not in entry else v.number(entry, key, where, integer=integer)
            assert number is not None
            nodes[key] = e.Const(e.NUMBER, number)
            sources[key] = str(number)
    reads = sorted(set().union(*(e.attributes_used(n) for n in nodes.values())))
    domains = [v.attributes[a].domain() for a in reads]
    if math.prod(len(d) for d in domains) > MAX_COMBINATIONS:
        raise v.fail(entry, "max", where, msg(
            "the limits read {count} combinations of {names}; at most {limit} can be checked", count=math.prod(
                len(d) for d in domains), names=", ".join(reads), limit=MAX_COMBINATIONS))
    ranges = _ranges(v, entry, where, nodes, reads=reads, domains=domains, integer=integer)
    lowest = min(r[0] for r in ranges)
    highest = max(r[1] for r in ranges)
    step = _common_step([r[2] for r in ranges] + [r[0] - lowest for r in ranges])
    if (highest - lowest) > (MAX_DOMAIN - 1) * step:
        raise v.fail(entry, "step", where, msg(
            "the attribute has more than {limit} values; use a larger step", limit=MAX_DOMAIN))
    resolved = replace(attribute, minimum=lowest, maximum=highest, step=step,
                       min_expr=_expression(sources, nodes, "min"), max_expr=_expression(sources, nodes, "max"),
                       step_expr=_expression(sources, nodes, "step"))
    return resolved, _rule(v, resolved, nodes, sources, entry=entry, where=where)


def _limit_expression(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, text: str
                      ) -> s.Expression:
    try:
        return s.Expression(text, e.compile_expression(text, v.scope(), e.Kind.NUM))
    except e.ExprError as exc:
        raise v.fail(entry, key, where, msg(
            "'{field}' must be a number or an expression that gives one (got '{value}': {problem})", field=key,
            value=text, problem=exc.message)) from None


def _in_unit(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, node: e.Node, *, unit: Any,
             unit_name: str) -> e.Node:
    """A limit in the attribute's unit: ``2.4 m`` for a number in mm is 2400; a weight for a length is refused."""
    found = node.type.unit
    if found is None:
        return node
    if found.dims != unit.dims:
        raise v.fail(entry, key, where, msg(
            "the expression gives {got}, which cannot be expressed in {unit}", got=found.name, unit=unit_name))
    if found.scale is not None and unit.scale is not None and found.scale != unit.scale:
        return e.convert(node, unit)
    return node


def _check_reads(v: ModelValidator, entry: dict[str, Any], key: str, where: Message, node: e.Node, *,
                 attr_id: str) -> None:
    for name in sorted(e.attributes_used(node)):
        other = v.attributes.get(name)
        fixed_number = other is not None and other.type in s.NUMERIC_TYPES and other.min_expr is None \
            and other.max_expr is None and other.step_expr is None and not _pending(v, name)
        if name == attr_id or other is None or not (other.type in (s.CHOICE, s.BOOLEAN) or fixed_number):
            raise v.fail(entry, key, where, msg(
                "a limit can read choices, booleans and numbers with fixed limits, not '{name}'", name=name))


def _pending(v: ModelValidator, attr_id: str) -> bool:
    return any(pending[0] == attr_id for pending in v.pending_limits)


def _ranges(v: ModelValidator, entry: dict[str, Any], where: Message, nodes: dict[str, e.Node], *, reads: list[str],
            domains: list[list[Any]], integer: bool) -> list[tuple[Decimal, Decimal, Decimal]]:
    option_values = {a.id: {o.id: o.values for o in a.options} for a in v.attributes.values() if a.type == s.CHOICE}
    ranges: set[tuple[Decimal, Decimal, Decimal]] = set()
    for combination in itertools.product(*domains):
        values = dict(zip(reads, combination, strict=True))
        env = e.Env(values, option_values)
        found = {key: e.evaluate(node, env) for key, node in nodes.items()}
        problem = _problem(found, integer)
        if problem is not None:
            key, message = problem
            if values:
                shown = ", ".join(f"{a} = {_shown(x)}" for a, x in values.items())
                message = msg("with {values}: {problem}", values=shown, problem=message)
            raise v.fail(entry, key, where, message)
        ranges.add((found["min"], found["max"], found["step"]))
    return sorted(ranges)


def _problem(found: dict[str, Any], integer: bool) -> tuple[str, Message] | None:
    low, high, step = found["min"], found["max"], found["step"]
    for key in LIMIT_KEYS:
        number = found[key]
        if not isinstance(number, Decimal) or not number.is_finite():
            return key, msg("'{field}' must be a number (got '{value}')", field=key, value=number)
        if integer and number != number.to_integral_value():
            return key, msg("'{field}' must be a whole number", field=key)
    if step <= 0:
        return "step", msg("'step' must be greater than 0")
    if high < low:
        return "max", msg("'max' ({maximum}) is less than 'min' ({minimum})", maximum=high, minimum=low)
    if (high - low) % step != 0:
        return "max", msg("'max' must be reachable from 'min' in whole steps of {step}", step=step)
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _common_step(numbers: list[Decimal]) -> Decimal:
    """The largest step that divides every number (all exact decimals)."""
    places = max((-n.normalize().as_tuple().exponent for n in numbers if n), default=0)  # type: ignore[operator]
    places = max(0, int(places))
    scale = Decimal(10) ** places
    divisor = 0
    for number in numbers:
        divisor = math.gcd(divisor, int(abs(number) * scale))
    return (Decimal(divisor) / scale) if divisor else Decimal(1)


def _expression(sources: dict[str, str], nodes: dict[str, e.Node], key: str) -> s.Expression | None:
    node = nodes[key]
    return None if isinstance(node, e.Const) else s.Expression(sources[key], node)


def _rule(v: ModelValidator, attribute: s.Attribute, nodes: dict[str, e.Node], sources: dict[str, str], *,
          entry: dict[str, Any], where: Message) -> s.Rule:
    """``min <= x <= max and (x - min) % step == 0``, over the parts that are not fixed."""
    number = e.AttrRef(e.Type(e.Kind.NUM, parse_unit(attribute.unit)), attribute.id)
    low, high, step = nodes["min"], nodes["max"], nodes["step"]
    parts: list[e.Node] = [e.Compare(e.BOOL, "<=", low, number), e.Compare(e.BOOL, "<=", number, high)]
    offset = e.Binary(number.type, "-", number, low)
    parts.append(e.Compare(e.BOOL, "==", e.Binary(number.type, "%", offset, step), e.Const(e.NUMBER, Decimal(0))))
    source = f"{sources['min']} <= {attribute.id} <= {sources['max']} (step {sources['step']})"
    message = v.localised(entry, "limits_message", where, required=False) or Text(
        nb=f"Tillatte verdier for «{attribute.label.nb}» avhenger av andre valg: fra {sources['min']} til "
           f"{sources['max']}, steg {sources['step']}.",
        en=f"The allowed values of “{attribute.label.en}” depend on other choices: from {sources['min']} to "
           f"{sources['max']}, step {sources['step']}.")
    return s.Rule(limits_rule_id(attribute.id), "require", message, expr=s.Expression(source, e.BoolOp(
        e.BOOL, "and", tuple(parts))))


__all__ = ["Invalid", "applies_rule", "has_limit_expressions", "limits_rule_id", "resolve_limits"]


def applies_rule(v: ModelValidator, attribute: s.Attribute, entry: dict[str, Any], where: Message) -> s.Rule:
    """The rule ``applies-<attribute>``: the attribute has a value exactly where ``applies_when`` is true (where
    that condition reads a value that does not apply itself, the attribute does not apply either). The returned
    rule carries the condition as its ``when`` (for the attribute); the validator drops it from the rule."""
    condition = v.expression(entry, "applies_when", where, v.scope(), e.Kind.BOOL)
    assert condition is not None
    if attribute.id in e.attributes_used(condition.node):
        raise v.fail(entry, "applies_when", where, msg("'applies_when' cannot read the attribute itself"))
    node = e.Compare(e.BOOL, "==", e.Applicable(e.BOOL, attribute.id), e.Definitely(e.BOOL, condition.node))
    said = _said(v, condition.node)
    message = v.localised(entry, "applies_message", where, required=False) or Text(
        nb=f"«{attribute.label.nb}» gjelder bare når {said.nb if said else condition.source}.",
        en=f"“{attribute.label.en}” applies only when {said.en if said else condition.source}.")
    return s.Rule(f"applies-{attribute.id}", "require", message, when=condition,
                  expr=s.Expression(f"{attribute.id} applies == ({condition.source})", node))


def _said(v: ModelValidator, node: e.Node) -> Text | None:
    """A simple condition in words with the labels (``flue_shape != round``: "Flue shape is not Round";
    ``door_count == 1``: "Doors is 1"; ``heritage``: "Heritage is yes"), or None for any other condition."""
    if isinstance(node, e.AttrRef) and (attribute := v.attributes.get(node.attr)) is not None \
            and attribute.type == s.BOOLEAN:
        return Text(nb=f"«{attribute.label.nb}» er ja", en=f"“{attribute.label.en}” is yes")
    if isinstance(node, e.Compare) and node.op in ("==", "!=") and isinstance(node.left, e.AttrRef):
        attribute = v.attributes.get(node.left.attr)
        value = _value_said(attribute, node.right)
        if attribute is None or value is None:
            return None
        nb_is, en_is = ("er", "is") if node.op == "==" else ("ikke er", "is not")  # a clause after "når"
        return Text(nb=f"«{attribute.label.nb}» {nb_is} {value.nb}", en=f"“{attribute.label.en}” {en_is} {value.en}")
    if isinstance(node, e.Member) and isinstance(node.item, e.AttrRef):
        attribute = v.attributes.get(node.item.attr)
        values = [_value_said(attribute, choice) for choice in node.choices]
        if attribute is None or not values or any(value is None for value in values):
            return None
        nb_is, en_is = ("ikke er", "is not") if node.negated else ("er", "is")
        return Text(nb=f"«{attribute.label.nb}» {nb_is} {' eller '.join(x.nb for x in values if x)}",
                    en=f"“{attribute.label.en}” {en_is} {' or '.join(x.en for x in values if x)}")
    return None


def _value_said(attribute: s.Attribute | None, node: e.Node) -> Text | None:
    if attribute is None:
        return None
    if isinstance(node, e.OptionConst):
        option = next((o for o in attribute.options if o.id == node.option), None)
        return Text(nb=option.label.nb, en=option.label.en) if option is not None else None
    if isinstance(node, e.Const) and isinstance(node.value, (int, Decimal)) and not isinstance(node.value, bool):
        return Text(nb=format_number(node.value, "nb"), en=format_number(node.value, "en"))
    return None
