"""Model lint: what the rules make impossible or pointless, found with the engine.

- the model has no valid configuration at all (and which rules contradict each other: a minimal set);
- dead values: options or numbers no complete configuration can have;
- forced attributes: only one value is ever possible;
- presets that cannot be applied (with the rules that forbid them);
- defaults that can never hold;
- rules the engine cannot encode (for example too many combinations to tabulate).
"""

from __future__ import annotations

from dataclasses import dataclass

from configurator.core.engine.encode import Encoding, EncodingError, condition_literal, encode_model
from configurator.core.engine.grid import GridTooLarge
from configurator.core.engine.session import shown
from configurator.core.engine.solver import Oracle
from configurator.core.i18n import Message, msg
from configurator.core.model import schema as s

MAX_LISTED = 12


@dataclass(frozen=True)
class LintIssue:
    severity: str  # "error" | "warning"
    where: Message
    message: Message


def _values(values: list[object]) -> str:
    listed = ", ".join(str(v) for v in values[:MAX_LISTED])
    return listed + (", ..." if len(values) > MAX_LISTED else "")


def lint_model(model: s.ProductModel) -> list[LintIssue]:
    try:
        encoding = encode_model(model)
    except EncodingError as exc:
        return [LintIssue("error", msg("rule '{id}'", id=exc.rule_id),
                          msg("the engine cannot use this rule: {reason}", reason=exc.reason))]
    # a conditional default is checked under its `when`: "not when or default" alone always holds somewhere
    conditions: dict[str, int] = {}
    for rule in model.rules:
        if rule.kind == "default" and rule.when is not None:
            try:
                conditions[rule.id] = condition_literal(encoding, rule.when.node)
            except (GridTooLarge, TypeError):
                continue
    oracle = Oracle(encoding)
    try:
        return _lint(model, encoding, oracle, conditions)
    finally:
        oracle.close()


def _lint(model: s.ProductModel, encoding: Encoding, oracle: Oracle, conditions: dict[str, int]
          ) -> list[LintIssue]:
    issues: list[LintIssue] = []
    family = msg("model '{id}'", id=model.family)
    if not oracle.solve([]):
        conflict = oracle.explain([], [])
        rules = ", ".join(conflict.rules) if conflict else "?"
        return [LintIssue("error", family, msg(
            "the model has no valid configuration: these rules contradict each other: {rules}", rules=rules))]
    candidates = [lit for a in encoding.attributes for lit in encoding.literals[a]]
    supported, _ = oracle.valid_literals([], candidates)
    for attr_id in encoding.attributes:
        attribute = model.attribute(attr_id)
        if attribute.type == s.TEXT:
            continue
        domain = encoding.domains[attr_id]
        literals = encoding.literals[attr_id]
        dead = [v for v, lit in zip(domain, literals, strict=True) if lit not in supported]
        alive = [v for v, lit in zip(domain, literals, strict=True) if lit in supported]
        where = msg("attribute '{id}'", id=attr_id)
        if len(alive) == 1 and len(domain) > 1:
            issues.append(LintIssue("warning", where, msg(
                "only '{value}' is ever possible: the rules force it", value=shown(alive[0]))))
        elif dead and attribute.type in (s.CHOICE, s.BOOLEAN):
            issues.append(LintIssue("warning", where, msg(
                "these values can never be chosen: {values}", values=_values(dead))))
    for preset in model.presets:
        preset_literals = [encoding.literal(a, v) for a, v in preset.values.items()]
        chosen = [lit for lit in preset_literals if lit is not None]
        if not oracle.solve(chosen):
            conflict = oracle.explain(chosen, [])
            rules = ", ".join(conflict.rules) if conflict else "?"
            issues.append(LintIssue("error", msg("preset '{id}'", id=preset.id), msg(
                "the preset is not a valid configuration (rules: {rules})", rules=rules)))
    for answer in model.guide.answers if model.guide is not None else ():
        chosen = [lit for lit in (encoding.literal(a, v) for a, v in answer.values.items()) if lit is not None]
        if not oracle.solve(chosen):
            conflict = oracle.explain(chosen, [])
            rules = ", ".join(conflict.rules) if conflict else "?"
            issues.append(LintIssue("error", msg("guide answer '{id}'", id=answer.id), msg(
                "the answer's values cannot be chosen together (rules: {rules})", rules=rules)))
    for rule_id, literal in encoding.defaults.items():
        where = msg("rule '{id}'", id=rule_id)
        condition = conditions.get(rule_id)
        if condition is not None and not oracle.solve([condition]):
            when = encoding.rules[rule_id].when
            issues.append(LintIssue("warning", where, msg(
                "the default's 'when' ({when}) can never hold, so the default never applies",
                when=when.source if when is not None else "?")))
        elif condition is not None and not oracle.solve([condition, literal]):
            when = encoding.rules[rule_id].when
            issues.append(LintIssue("warning", where, msg(
                "this default can never be followed where its 'when' ({when}) holds",
                when=when.source if when is not None else "?")))
        elif not oracle.solve([literal]):
            issues.append(LintIssue("warning", where, msg("this default can never be followed")))
    return issues
