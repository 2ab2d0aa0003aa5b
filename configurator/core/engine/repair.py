"""Repairs (keep an insisted value, change as few earlier choices as possible) and completion.

Repairs are a weighted MaxSAT problem (PySAT's RC2): the rules and the insisted values are hard, each earlier
choice is a soft clause of weight 1, so an optimum changes the fewest choices. A found repair is blocked
and the solver asked again for the next one. Completion follows the soft defaults greedily, in model order,
with the session's incremental solver; ``cheapest`` completion weighs every value by its surcharge (RC2).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pysat.examples.rc2 import RC2
from pysat.formula import WCNF

from configurator.core.model import expr as e
from configurator.core.model import schema as s

if TYPE_CHECKING:
    from configurator.core.engine.session import ConfigurationSession


@dataclass(frozen=True)
class Change:
    attribute: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Repair:
    """Keep the insisted values and change these earlier choices."""

    changes: tuple[Change, ...]
    values: dict[str, Any]  # the choices after the repair
    price_difference: Decimal | None = None


def _hard_formula(session: ConfigurationSession) -> WCNF:
    wcnf = WCNF()
    for clause in session.encoding.clauses:
        wcnf.append(clause)
    for literal in session.encoding.selectors.values():
        wcnf.append([literal])
    return wcnf


def _values_of(session: ConfigurationSession, model: list[int]) -> dict[str, Any]:
    owner = session.encoding.owner
    values: dict[str, Any] = {}
    for literal in model:
        if literal > 0 and literal in owner:
            attr_id, index = owner[literal]
            value = session.encoding.domains[attr_id][index]
            if value is not e.NOT_APPLICABLE:  # an attribute that does not apply has no value
                values[attr_id] = value
    return values


def find_repairs(session: ConfigurationSession, insist: dict[str, Any], limit: int) -> list[Repair]:
    kept = {a: v for a, v in session.choices.items() if a not in insist}
    wcnf = _hard_formula(session)
    for attr_id, value in insist.items():
        wcnf.append([session.literal(attr_id, value)])
    literal_of = {a: session.literal(a, v) for a, v in kept.items()}
    for literal in literal_of.values():
        wcnf.append([literal], weight=1)
    repairs: list[Repair] = []
    with RC2(wcnf) as rc2:  # a solver of its own: needs no lock
        while len(repairs) < limit:
            model = rc2.compute()
            if model is None:
                break
            true = set(model)
            dropped = [a for a, lit in literal_of.items() if lit not in true]
            values = _values_of(session, model)
            # a text is never invented: a dropped text is left for the user to fill in
            invented = {a: values.get(a) for a in dropped if session.model.attribute(a).type != s.TEXT}
            new_choices = {**{a: v for a, v in kept.items() if a not in dropped}, **insist, **invented}
            new_choices = _nearest_numbers(session, new_choices, {a: kept[a] for a in dropped if a in new_choices})
            changes = tuple(Change(a, kept[a], new_choices.get(a)) for a in dropped)
            repairs.append(Repair(changes, new_choices))
            if not dropped:
                break
            rc2.add_clause([literal_of[a] for a in dropped])  # next: a different set of changes
    return sorted(repairs, key=lambda r: len(r.changes))


def _nearest_numbers(session: ConfigurationSession, choices: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """Move each changed number to the valid value nearest to what the user had chosen."""
    result = dict(choices)
    for attr_id, previous in old.items():
        if session.model.attribute(attr_id).type not in s.NUMERIC_TYPES:
            continue
        others = session.assumptions(result, without=attr_id)
        literals = session.encoding.literals[attr_id]
        supported, _ = session.oracle.valid_literals(others, literals)
        domain = session.encoding.domains[attr_id]
        valid = [v for v, lit in zip(domain, literals, strict=True) if lit in supported]
        if valid:
            result[attr_id] = min(valid, key=lambda v: (abs(v - previous), v))
    return result


def complete(session: ConfigurationSession, cheapest: bool = False) -> dict[str, Any]:
    """Values for every open attribute (defaults followed where possible); applies them to the session."""
    oracle = session.oracle
    base = session.assumptions(session.choices)
    followed: list[int] = []
    for literal in session.encoding.defaults.values():
        if oracle.solve([*base, *followed, literal]):
            followed.append(literal)
    if cheapest:
        values = _cheapest(session, base + followed)
    else:
        if not oracle.solve([*base, *followed]):
            return {}
        values = _values_of(session, oracle.solver.get_model() or [])
    filled = {a: v for a, v in values.items() if a not in session.choices
              and session.model.attribute(a).type != s.TEXT}
    session.set_many({**session.choices, **filled})
    return filled


def _cheapest(session: ConfigurationSession, hard: list[int]) -> dict[str, Any]:
    wcnf = _hard_formula(session)
    for literal in hard:
        wcnf.append([literal])
    for attribute in session.model.chosen_attributes:
        if attribute.type != s.CHOICE or attribute.id in session.choices:
            continue
        for option in attribute.options:
            price = option.price
            if price is not None and price.kind == "amount" and price.amount and price.amount > 0:
                option_literal = session.encoding.literal(attribute.id, option.id)
                assert option_literal is not None
                wcnf.append([-option_literal], weight=int(price.amount * 100))
    with RC2(wcnf) as rc2:  # a solver of its own: needs no lock
        model = rc2.compute()
    return _values_of(session, model or [])
