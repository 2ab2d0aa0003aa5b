"""The "from" price of a partial configuration: the price of the cheapest complete configuration that keeps the user's
choices — the true minimum, proven by branch and bound over the same encoding.

The unit price is a sum of *terms* (the base, each priced choice or yes/no, each surcharge), each a function of a
few attributes (its scope; computed attributes replaced by what they read). Every term is tabulated once per model
over its scope with the engine's vectorised evaluator (``grid``), so a term's least value over any box of values is
one numpy minimum. The search keeps boxes of values of the priced attributes (a number's values are split in halves,
a choice's options likewise): the solver shrinks each box to its valid values (every value left extends to a
complete valid configuration under the choices), and the box's lower bound is the sum of the terms' minima over it
(each term tabulated in whole øre, rounded as its price line is), raised to the model's minimum price. Every
solution the solver finds is priced exactly (``cost``); a box whose bound is not below the best price found is
dropped, and a box where every term is constant is priced by its solution. When no box is left, the best price found
is the minimum (``Cheapest.proven``). Price effects that depend on numbers, linearly or not, are tabulated like any
other and so handled exactly; what reads an attribute without a value (``applies_when`` false) adds nothing there,
as on the price line, and the cells no configuration has (such an attribute with a value where it does not apply, or
without one where it does) are left out of the bounds. A model whose terms cannot be tabulated (too many
combinations), or a search that needs more than ``MAX_NODES`` boxes, falls back to the best configuration found with
``proven=False``. All of it runs on a solver of its own, so the user's session is never touched and the two never
wait for each other.
"""

from __future__ import annotations

import heapq
import itertools
import math
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from configurator.core.engine import grid
from configurator.core.engine.encode import Encoding
from configurator.core.engine.grid import scope_of
from configurator.core.engine.session import ConfigurationSession
from configurator.core.engine.solver import Oracle
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.pricing.calculate import price_line
from configurator.core.pricing.lines import LinePrice
from configurator.core.pricing.money import round_ore

MAX_ROUNDS = 20
MAX_NODES = 3000  # boxes searched before the best configuration found is returned unproven
MAX_TERM_CELLS = 3_000_000  # a term with more combinations than this is not tabulated (search unproven)
LONG = 12  # a box with more values of one attribute is cut to its valid least and greatest (not every value)


def from_price(session: ConfigurationSession, *, quantity: int = 1, on_date: date,
               customer_discount_bp: int = 0, quote: Mapping[str, Any] | None = None) -> LinePrice:
    """For a complete session its price; otherwise the least price of a configuration that extends its choices,
    marked ``complete=False`` (shown as "from kr ..."); ``quote`` the quote's parameters a price may read."""
    model = session.model
    if session.state().complete:
        return price_line(model, session.values(), quantity=quantity, on_date=on_date,
                          customer_discount_bp=customer_discount_bp, quote=quote)
    values = cheapest_values(session, lambda v: price_line(model, v, on_date=on_date, quote=quote).unit_price)
    price = price_line(model, values, quantity=quantity, on_date=on_date, customer_discount_bp=customer_discount_bp,
                       quote=quote)
    return replace(price, complete=False)


@dataclass(frozen=True)
class Cheapest:
    """The cheapest configuration found; ``proven`` when no valid configuration keeping the choices is cheaper."""

    values: dict[str, Any]
    proven: bool
    nodes: int = 0


def cheapest_values(session: ConfigurationSession, cost: Callable[[Mapping[str, Any]], Decimal], *,
                    trial: ConfigurationSession | None = None,
                    checkpoint: Callable[[], None] | None = None) -> dict[str, Any]:
    """Values of a complete configuration extending the session's choices with the least ``cost`` (the unit
    price; ``cost`` is called for every configuration priced, so a caller may stop the search from it).
    ``checkpoint`` is called before every solver call of the search (cheap; a caller may wait there, or stop
    the search by raising): background work gives way to the user's clicks between any two of them.

    The exact search runs on a solver of its own (kept warm per encoding); only the fallback local search
    changes a ``trial`` session: a new one (closed at the end), or the caller's (a warm one of the same
    encoding; it may be ``session`` itself, its choices are then changed)."""
    return cheapest_configuration(session, cost, trial=trial, checkpoint=checkpoint).values


def _nothing() -> None:
    return None


def cheapest_configuration(session: ConfigurationSession, cost: Callable[[Mapping[str, Any]], Decimal], *,
                           trial: ConfigurationSession | None = None,
                           checkpoint: Callable[[], None] | None = None) -> Cheapest:
    terms = price_terms(session.model)
    if terms is None:
        return Cheapest(_local_search(session, cost, trial), proven=False)
    return _Search(session, terms, cost, checkpoint or _nothing).run()


@dataclass(frozen=True)
class Term:
    """One part of the unit price: ``table`` (øre, rounded as its price line is) over every combination of the
    scope's engine values; with a ``gate`` (attribute, value indices) it counts only when the attribute has one
    of those values (an option's or a yes's price), and is 0 otherwise."""

    scope: tuple[str, ...]
    table: np.ndarray  # whole øre
    gate: tuple[str, tuple[int, ...]] | None = None


_TERMS: dict[int, tuple[s.ProductModel, list[Term] | None]] = {}
_TERMS_LOCK = threading.Lock()


def price_terms(model: s.ProductModel) -> list[Term] | None:
    """The model's unit price as a sum of tabulated terms (cached per model; None when a term is too large)."""
    with _TERMS_LOCK:
        known = _TERMS.get(id(model))
        if known is not None and known[0] is model:
            return known[1]
    try:
        terms: list[Term] | None = _build_terms(model)
    except (grid.GridTooLarge, TypeError, KeyError, ValueError):
        terms = None
    with _TERMS_LOCK:
        if len(_TERMS) > 32:
            _TERMS.clear()
        _TERMS[id(model)] = (model, terms)
    return terms


def _effect_scope(model: s.ProductModel, effect: s.PriceEffect | None, base: list[str]) -> list[str]:
    if effect is None:
        return []
    if effect.kind == "percent":
        if effect.of == "subtotal":  # a percent of every other line: not a sum of separate terms
            raise ValueError("a percent of the subtotal")
        return base
    if effect.kind == "rate" and effect.per_expr is not None:
        return scope_of(effect.per_expr.node, model)
    if effect.kind == "rate":
        assert effect.per is not None
        per = model.attribute(effect.per)
        return scope_of(per.expr.node, model) if per.expr is not None else [per.id]
    if effect.kind == "formula":
        assert effect.formula is not None
        return scope_of(effect.formula.node, model)
    return []


def _build_terms(model: s.ProductModel) -> list[Term]:
    pricing = model.pricing
    base_scope = [] if pricing.base is None or pricing.base.kind == "percent" else \
        _effect_scope(model, pricing.base, [])
    Make = Callable[[grid.Grid, "Amount | None"], Amount]
    parts: list[tuple[list[str], Make, tuple[str, tuple[int, ...]] | None]] = []

    def base_of(g: grid.Grid) -> Amount | None:
        if pricing.base is None or pricing.base.kind == "percent" or not set(base_scope) <= set(g.scope):
            return None
        amount, unknown = _effect_value(g, pricing.base, None)
        return _ore(np.asarray(amount, dtype=float)) / 100, unknown  # the rounded base line

    def effect_of(effect: s.PriceEffect) -> Make:
        return lambda g, b: _effect_value(g, effect, b)

    parts.append((base_scope, lambda g, b: (0.0, False) if b is None else b, None))
    for attribute in model.chosen_attributes:
        if attribute.type == s.CHOICE:
            domain = grid.engine_domain(attribute)
            for option in attribute.options:
                if option.price is not None and option.id in domain:
                    parts.append((_effect_scope(model, option.price, base_scope), effect_of(option.price),
                                  (attribute.id, (domain.index(option.id),))))
        elif attribute.type == s.BOOLEAN and attribute.price is not None:
            domain = grid.engine_domain(attribute)
            parts.append((_effect_scope(model, attribute.price, base_scope), effect_of(attribute.price),
                          (attribute.id, (domain.index(True),))))
    for surcharge in pricing.surcharges:
        when = scope_of(surcharge.when.node, model) if surcharge.when is not None else []
        scope = [*when, *_effect_scope(model, surcharge.price, base_scope)]

        def surcharge_term(g: grid.Grid, b: Amount | None, surcharge: s.Surcharge = surcharge) -> Amount:
            amount, unknown = _effect_value(g, surcharge.price, b)
            if surcharge.when is None:
                return amount, unknown
            when = g.value_of(surcharge.when.node)  # a condition without a value does not hold
            holds = np.asarray(when.array, dtype=bool)
            if when.unknown is not False:
                holds = np.logical_and(holds, np.logical_not(when.unknown))
            return np.where(holds, amount, 0.0), np.logical_and(holds, unknown)

        parts.append((scope, surcharge_term, None))
    terms = []
    grids: dict[tuple[str, ...], tuple[grid.Grid, Amount | None, np.ndarray]] = {}  # per scope: shared results
    for scope_list, make, gate in parts:
        scope = list(dict.fromkeys(scope_list))
        domains = [grid.engine_domain(model.attribute(a)) for a in scope]
        if math.prod(len(d) for d in domains) > MAX_TERM_CELLS:
            raise grid.GridTooLarge("price term")
        if tuple(scope) not in grids:
            g = grid.Grid(model, scope, domains)
            with np.errstate(all="ignore"):
                grids[tuple(scope)] = (g, base_of(g), _impossible_cells(model, g))
        g, base, impossible = grids[tuple(scope)]
        with np.errstate(all="ignore"):
            amount, unknown = make(g, base)
            table = np.broadcast_to(np.asarray(amount, dtype=float), g.shape).copy()
        if unknown is not False:  # it reads an attribute without a value (applies_when false): it adds nothing
            table[np.broadcast_to(unknown, g.shape)] = 0.0
        if not np.isfinite(table).all():
            raise ValueError("a price term is not a number everywhere")
        if impossible.any() and not impossible.all():  # no valid configuration has these: their least adds nothing
            table[impossible] = table[~impossible].max()
        terms.append(Term(tuple(scope), _ore(table), gate))
    return terms


def _impossible_cells(model: s.ProductModel, g: grid.Grid) -> np.ndarray:
    """The cells no configuration can have: an attribute without a value where its ``applies_when`` holds, or
    with one where it does not (where the condition reads an attribute outside the grid, every cell may be)."""
    impossible = np.zeros(g.shape, dtype=bool)
    for attr_id in g.scope:
        attribute = model.attribute(attr_id)
        if attribute.applies_when is None or not set(scope_of(attribute.applies_when.node, model)) <= set(g.scope):
            continue
        applies = g.value_of(attribute.applies_when.node)
        known = np.logical_not(applies.unknown) if applies.unknown is not False else np.asarray(True)
        holds = np.asarray(applies.array, dtype=bool)
        absent = g.attribute_value(attr_id).unknown  # the attribute's "no value" along its axis
        wrong = np.logical_and(known, np.logical_not(np.logical_xor(holds, absent)))
        impossible |= np.broadcast_to(wrong, g.shape)
    return impossible


def _ore(kroner: np.ndarray) -> np.ndarray:
    """Amounts rounded half up to whole øre (int64), never above the exact rounding: a float a hair below a
    half øre that is exactly a half øre in decimals rounds down here (a lower bound stays a lower bound)."""
    return np.floor(kroner * 100 + 0.5 - 1e-6).astype(np.int64)


Amount = tuple[Any, Any]  # an amount over a grid, and where it is unknown (False, or a mask over the grid)


def _effect_value(g: grid.Grid, effect: s.PriceEffect | None, base: Amount | None) -> Amount:
    """An effect's amount over the grid, and the cells where it reads an attribute without a value (the price
    line then has no amount: ``calculate`` leaves it out, so the term adds nothing there)."""
    if effect is None:
        return 0.0, False
    if effect.kind == "amount":
        assert effect.amount is not None
        return float(effect.amount), False
    if effect.kind == "percent":
        assert effect.amount is not None
        return (0.0, False) if base is None else (base[0] * float(effect.amount) / 100, base[1])
    if effect.kind == "rate" and effect.per_expr is not None:
        assert effect.amount is not None
        per = g.value_of(effect.per_expr.node)
        return float(effect.amount) * np.asarray(per.array, dtype=float), per.unknown
    if effect.kind == "rate":
        assert effect.amount is not None and effect.per is not None
        per = g.attribute_value(effect.per)
        return float(effect.amount) * np.asarray(per.array, dtype=float), per.unknown
    assert effect.formula is not None
    found = g.value_of(effect.formula.node)
    return np.asarray(found.array, dtype=float), found.unknown


# solvers for pricing, kept per encoding (building one takes up to a second on an ear-tag series); each is
# used by one search at a time, never by a user's session
_ORACLES: dict[int, tuple[Encoding, list[Oracle]]] = {}
_ORACLES_LOCK = threading.Lock()
KEPT_ORACLES = 2


def _borrow(encoding: Encoding) -> Oracle:
    with _ORACLES_LOCK:
        kept = _ORACLES.get(id(encoding))
        if kept is not None and kept[0] is encoding and kept[1]:
            return kept[1].pop()
    return Oracle(encoding, generalize=False)


def _give_back(encoding: Encoding, oracle: Oracle) -> None:
    with _ORACLES_LOCK:
        kept = _ORACLES.get(id(encoding))
        if kept is None or kept[0] is not encoding:
            if len(_ORACLES) > 8:
                for _, oracles in _ORACLES.values():
                    for old in oracles:
                        old.close()
                _ORACLES.clear()
            kept = _ORACLES[id(encoding)] = (encoding, [])
        if len(kept[1]) < KEPT_ORACLES:
            kept[1].append(oracle)
            return
    oracle.close()


Box = dict[str, list[int]]  # priced attribute -> engine value indices still in the box


class _Search:
    """Best-first branch and bound over boxes of the priced attributes' values (see the module's docstring)."""

    def __init__(self, session: ConfigurationSession, terms: list[Term],
                 cost: Callable[[Mapping[str, Any]], Decimal], checkpoint: Callable[[], None] = _nothing) -> None:
        self.session, self.terms, self.cost = session, terms, cost
        self.checkpoint = checkpoint
        self.encoding = session.encoding
        self.model = session.model
        minimum = self.model.pricing.minimum
        self.floor = -(2**62) if minimum is None else int(round_ore(minimum) * 100)
        self.best: dict[str, Any] | None = None
        self.best_cost = 2**62  # øre
        self.nodes = 0

    def run(self) -> Cheapest:
        session, encoding = self.session, self.encoding
        base = session.assumptions(session.choices)
        box: Box = {}
        for attr_id in dict.fromkeys(a for t in self.terms for a in (*t.scope, *(t.gate[:1] if t.gate else ()))):
            if attr_id in session.choices:
                index = encoding.index_of(attr_id, session.choices[attr_id])
                assert index is not None
                box[attr_id] = [index]
            else:
                box[attr_id] = list(range(len(encoding.domains[attr_id])))
        oracle = _borrow(encoding)
        try:
            return self._search(oracle, base, box)
        finally:
            _give_back(encoding, oracle)

    def _search(self, oracle: Oracle, base: list[int], start: Box) -> Cheapest:
        counter = itertools.count()
        # best bound first; among equal bounds the deepest box (its solutions are the likeliest to reach it)
        heap: list[tuple[int, int, int, Box]] = [(-(2**62), 0, next(counter), start)]
        proven = True
        while heap:
            bound, depth, _, box = heapq.heappop(heap)
            if bound >= self.best_cost:
                break  # every box left is bounded by at least as much
            self.nodes += 1
            if self.nodes > MAX_NODES:
                proven = False
                break
            self.checkpoint()  # every box: background work gives way to a click between two solver calls
            assumptions = [*base, *self._restrict(box)]
            if not oracle.solve(assumptions):
                continue
            self._price(oracle)
            box = self._shrink(oracle, base, box, assumptions)
            bound, split = self._bound(box)
            if bound >= self.best_cost or split is None:
                continue  # no cheaper configuration here, or every one here costs what the solution found does
            values = box[split]
            half = len(values) // 2
            for part in (values[:half], values[half:]):
                child = {**box, split: part}
                child_bound, _ = self._bound(child)
                if child_bound < self.best_cost:
                    heapq.heappush(heap, (child_bound, depth - 1, next(counter), child))
        best = self.best if self.best is not None else dict(self.session.choices)
        return Cheapest(best, proven and self.best is not None, self.nodes)

    def _shrink(self, oracle: Oracle, base: list[int], box: Box, assumptions: list[int]) -> Box:
        """The box with its values cut to valid ones: every value of a small domain tested (with solution reuse),
        a long one (a number) cut to its least and greatest valid value by bisection."""
        literals = self.encoding.literals
        small = [literals[a][i] for a, values in box.items() if 1 < len(values) <= LONG for i in values]
        result = dict(box)
        if small:
            supported, _ = oracle.valid_literals(assumptions, small)
            for attr_id, values in box.items():
                if 1 < len(values) <= LONG:
                    result[attr_id] = [i for i in values if literals[attr_id][i] in supported]
        for attr_id, values in box.items():
            if len(values) > LONG:
                others = [*base, *self._restrict({a: v for a, v in result.items() if a != attr_id})]
                self.checkpoint()
                low = self._extreme(oracle, others, attr_id, values, lowest=True)
                high = self._extreme(oracle, others, attr_id, values, lowest=False)
                result[attr_id] = values[low:high + 1]
        return result

    def _extreme(self, oracle: Oracle, others: list[int], attr_id: str, values: list[int], lowest: bool) -> int:
        """The position in ``values`` of the least (or greatest) value that is valid with ``others``; the box
        is known to have one. Bisection: each call asks for a valid value in one half."""
        literals = self.encoding.literals[attr_id]
        owner = self.encoding.owner
        low, high = 0, len(values) - 1  # the answer lies in values[low..high]
        while low < high:
            self.checkpoint()
            middle = (low + high) // 2
            part = values[low:middle + 1] if lowest else values[middle + 1:high + 1]
            keep = set(part)
            if oracle.solve([*others, *(-lit for i, lit in enumerate(literals) if i not in keep)]):
                model = self._price(oracle)
                chosen = next(owner[lit][1] for lit in literals if model[lit - 1] > 0)
                position = values.index(chosen)
                low, high = (low, position) if lowest else (position, high)
            elif lowest:
                low = middle + 1
            else:
                high = middle
        return low

    def _restrict(self, box: Box) -> list[int]:
        found: list[int] = []
        for attr_id, values in box.items():
            literals = self.encoding.literals[attr_id]
            if len(values) == 1:
                found.append(literals[values[0]])
            elif len(values) < len(literals):
                keep = set(values)
                found.extend(-lit for i, lit in enumerate(literals) if i not in keep)
        return found

    def _bound(self, box: Box) -> tuple[int, str | None]:
        """The box's lower bound (øre), and the attribute to split (None when every term is constant over it)."""
        total = 0
        split: str | None = None
        widest = 1
        for term in self.terms:
            sub = _sub_table(term.table, [box[a] for a in term.scope])
            low, high = int(sub.min()), int(sub.max())
            scope = term.scope
            if term.gate is not None:
                gate_attr, active = term.gate
                on = [i for i in box[gate_attr] if i in active]
                if not on:
                    continue  # the option is not in the box: the term is 0
                if len(on) < len(box[gate_attr]):  # 0 where the gate is off
                    low, high = min(low, 0), max(high, 0)
                    scope = (*scope, gate_attr)
            total += low
            if high > low:
                for attr_id in scope:
                    if len(box[attr_id]) > widest:
                        split, widest = attr_id, len(box[attr_id])
        return max(total, self.floor), split

    def _price(self, oracle: Oracle) -> list[int]:
        """Price the solver's solution exactly (the best so far is kept); the solution."""
        owner, domains = self.encoding.owner, self.encoding.domains
        found = dict(self.session.choices)
        model = oracle.solver.get_model() or []
        for literal in model:
            if literal > 0 and literal in owner:
                attr_id, index = owner[literal]
                if attr_id not in found and self.model.attribute(attr_id).type != s.TEXT \
                        and domains[attr_id][index] is not e.NOT_APPLICABLE:
                    found[attr_id] = domains[attr_id][index]
        price = int(round_ore(self.cost(found)) * 100)
        if price < self.best_cost:
            self.best, self.best_cost = found, price
        return model


def _sub_table(table: np.ndarray, indices: list[list[int]]) -> np.ndarray:
    """The table's cells at the given values per axis: a view where they run on (a box's values usually do),
    the other axes picked."""
    sub = table[tuple(slice(values[0], values[-1] + 1) if values[-1] - values[0] == len(values) - 1 else slice(None)
                      for values in indices)]
    for axis, values in enumerate(indices):
        if values[-1] - values[0] != len(values) - 1:
            sub = np.take(sub, values, axis=axis)
    return sub


def _local_search(session: ConfigurationSession, cost: Callable[[Mapping[str, Any]], Decimal],
                  trial: ConfigurationSession | None = None) -> dict[str, Any]:
    """The cheapest completion by surcharges, then one attribute at a time moved to its cheapest valid value until
    no single change lowers the price (a local optimum: for models whose price terms cannot be tabulated)."""
    own = trial is None
    if trial is None:
        trial = ConfigurationSession(session.model, session.encoding)
    wanted = dict(session.choices)
    try:
        trial.set_many(wanted, replace=True)
        trial.complete(cheapest=True)
        open_priced = [a for a in priced_attributes(session.model) if a not in wanted]
        for _ in range(MAX_ROUNDS):
            moved = [_improve(trial, attr_id, cost) for attr_id in open_priced]  # every one, each round
            if not any(moved):
                break
        return dict(trial.choices)
    finally:
        if own:
            trial.close()


def _improve(trial: ConfigurationSession, attr_id: str, cost: Callable[[Mapping[str, Any]], Decimal]) -> bool:
    """Move ``attr_id`` to its cheapest valid value with every other choice kept; whether it moved."""
    current = trial.choices.get(attr_id)
    best_cost = cost(trial.choices)
    best = current
    for value in trial.alternatives(attr_id):
        if value != current:
            found = cost({**trial.choices, attr_id: value})
            if found < best_cost:
                best, best_cost = value, found
    if best == current:
        return False
    trial.set(attr_id, best)
    return True


def priced_attributes(model: s.ProductModel) -> list[str]:
    """The chosen attributes (not texts) the price reads, in model order (computed ones replaced by what they
    read)."""
    found: set[str] = set()

    def effect(price: s.PriceEffect | None) -> None:
        if price is None:
            return
        if price.formula is not None:
            found.update(scope_of(price.formula.node, model))
        if price.per is not None:
            per = model.attribute(price.per)
            found.update(scope_of(per.expr.node, model) if per.expr is not None else [per.id])

    pricing = model.pricing
    effect(pricing.base)
    for surcharge in pricing.surcharges:
        effect(surcharge.price)
        if surcharge.when is not None:
            found.update(scope_of(surcharge.when.node, model))
    for attribute in model.chosen_attributes:
        prices = [o.price for o in attribute.options] + [attribute.price]
        if any(p is not None for p in prices):
            found.add(attribute.id)
        for price in prices:
            effect(price)
    return [a.id for a in model.chosen_attributes if a.id in found and a.type != s.TEXT]  # texts are never invented
