"""The incremental SAT core of a session: valid domains with solution reuse, and minimal explanations."""

from __future__ import annotations

import functools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pysat.solvers import Solver

from configurator.core.engine import bounds, local_repair
from configurator.core.engine.encode import Encoding
from configurator.core.engine.generalize import Generalizer
from configurator.core.engine.solution import Decoder, Solution, literals_of, mask_of

SOLVER_NAME = "cadical195"

# One solver instance must not be used by two threads at once (CaDiCaL aborts with "can only get value in
# satisfied state" when a second solve runs between another thread's solve and its get_model). Each oracle has
# its own lock, so a background "from" price on its own session never waits for the user's solver's lock (PySAT's
# CaDiCaL keeps Python's GIL while it solves, though: background lanes take turns and yield at checkpoints, see
# ui/work.py). Oracles share the encoding read-only: the
# scratch variables an oracle needs (activation literals) are its own, numbered above the encoding's.
_F = TypeVar("_F", bound=Callable[..., Any])


def serialized(method: _F) -> _F:
    """Run ``method`` holding the oracle's own lock."""

    @functools.wraps(method)
    def locked(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked  # type: ignore[return-value]


RECENT_SOLUTIONS = 2000  # a pool of diverse solutions: early choices reuse most of them
# solutions found under at most EARLY_CHOICES choices are also kept apart: the recent ones crowd around the last
# configuration's choices, and a new configuration's first choices need witnesses spread over the whole model
EARLY_SOLUTIONS = 2000
EARLY_CHOICES = 2
# retired activation clauses stay in the solver as satisfied clauses over dead variables: after this many the
# solver is rebuilt from the encoding (learned clauses are lost, the pool of solutions is kept)
MAX_RETIRED = 4000
# a number with order literals and at least this many segments, that the generaliser does not widen solutions over,
# is settled by range questions (:mod:`bounds`); fewer segments are cheaper in the common loop (tests lower it)
RANGE_SEGMENTS = 8


_SOLUTIONS: dict[int, tuple[Encoding, deque[Solution], deque[Solution], dict[Any, int]]] = {}
_SOLUTIONS_LOCK = threading.Lock()


def shared_solutions(encoding: Encoding) -> tuple[deque[Solution], deque[Solution], dict[Any, int]]:
    """The pools of solutions shared by every oracle over ``encoding`` (the most recent ones, and those found
    under few choices), with the values each shows possible (kept for the last few encodings; every entry is
    sound for every oracle over the encoding)."""
    with _SOLUTIONS_LOCK:
        known = _SOLUTIONS.get(id(encoding))
        if known is None or known[0] is not encoding:
            if len(_SOLUTIONS) >= 8:
                del _SOLUTIONS[next(iter(_SOLUTIONS))]
            known = _SOLUTIONS[id(encoding)] = (encoding, deque(maxlen=RECENT_SOLUTIONS),
                                                deque(maxlen=EARLY_SOLUTIONS), {})
        return known[1], known[2], known[3]


# closed oracles' solvers, per encoding: (solver, its top scratch variable, retired activations). A solver holds
# the encoding's clauses, retired activation clauses (satisfied, over variables no one uses again) and what it
# learned, all consequences of the encoding: the next oracle goes on numbering its scratch variables above the top
IDLE_SOLVERS = 2  # per encoding
REUSE_RETIRED = 300  # a solver with more retired activations is not taken over (they slow it down)
_IDLE: dict[int, tuple[Encoding, tuple[int, int], list[tuple[Any, int, int]]]] = {}
_IDLE_LOCK = threading.Lock()


def _shape(encoding: Encoding) -> tuple[int, int]:
    return encoding.top, len(encoding.clauses)  # an encoding given clauses later (the lint's) is another one


def _idle_solver(encoding: Encoding) -> tuple[Any, int, int]:
    """A closed oracle's solver over ``encoding`` (with its top scratch variable and retired count), or a new one."""
    with _IDLE_LOCK:
        known = _IDLE.get(id(encoding))
        if known is not None and known[0] is encoding and known[1] == _shape(encoding) and known[2]:
            return known[2].pop()
    return Solver(name=SOLVER_NAME, bootstrap_with=encoding.clauses), encoding.top, 0


def _give_back(encoding: Encoding, solver: Any, top: int, retired: int) -> None:
    """Keep a closed oracle's solver for the next oracle over ``encoding`` (or delete it)."""
    with _IDLE_LOCK:
        known = _IDLE.get(id(encoding))
        if known is None or known[0] is not encoding or known[1] != _shape(encoding):
            if known is not None:
                for idle, _top, _retired in known[2]:
                    idle.delete()
            if len(_IDLE) >= 8:
                for idle, _top, _retired in _IDLE.pop(next(iter(_IDLE)))[2]:
                    idle.delete()
            known = _IDLE[id(encoding)] = (encoding, _shape(encoding), [])
        if retired < REUSE_RETIRED and len(known[2]) < IDLE_SOLVERS:
            known[2].append((solver, top, retired))
            return
    solver.delete()


@dataclass(frozen=True)
class Conflict:
    """A minimal reason: choices (as literals) and rule selectors that together exclude something."""

    choices: tuple[int, ...]
    rules: tuple[str, ...]


class Oracle:
    """One incremental solver over an encoding; every call passes the rule selectors as assumptions."""

    def __init__(self, encoding: Encoding, *, generalize: bool = True) -> None:
        self._lock = threading.RLock()
        self.encoding = encoding
        # a closed oracle's solver is taken over where there is one: it has learned about the encoding already
        self.solver, self._top, self.retired = _idle_solver(encoding)
        self._closed = False
        self.rebuilds = 0
        self.selector_rule = {lit: rule_id for rule_id, lit in encoding.selectors.items()}
        self.all_selectors = list(encoding.selectors.values())
        self.calls = 0
        # recent solutions (their value literals): one that agrees with new assumptions is still a solution. They
        # are solutions of the encoding, so every oracle over it shares one pool: a new session starts warm
        self.recent, self.early, self._expanded = shared_solutions(encoding)
        self._early = False  # whether the solutions found now go to the early pool too
        self.generalizer = Generalizer(encoding)
        self._decoder = Decoder(encoding)
        self._last_value = max(encoding.owner, default=0)  # value literals are numbered before the rules' variables
        self.local = local_repair.for_encoding(encoding)
        self.repair_locally = True
        self.repaired = 0  # witnesses found by local repair (for tests and benchmarks)
        self._ladder_phases = [-lit for ladder in encoding.ladder.values() for lit in ladder]
        if not generalize:  # a caller that never asks for a number's many values (the "from" price's search)
            self.generalizer.targets = {}
            self.generalizer.joint = set()
            self._expanded = {}  # its expansions are narrower: not shared

    @serialized
    def close(self) -> None:
        if not self._closed:
            self._closed = True
            _give_back(self.encoding, self.solver, self._top, self.retired)
            self.solver = None  # another oracle's now: using this one is an error

    def _new_var(self) -> int:
        """A scratch variable of this oracle's solver (the shared encoding never grows)."""
        self._top += 1
        return self._top

    def _retire(self, activation: int) -> None:
        self.solver.add_clause([-activation])
        self.retired += 1
        if self.retired >= MAX_RETIRED:  # looked up on use (tests lower it)
            self.solver.delete()
            self.solver = Solver(name=SOLVER_NAME, bootstrap_with=self.encoding.clauses)
            self._top = self.encoding.top
            self.retired = 0
            self.rebuilds += 1

    @serialized
    def solve(self, assumptions: Sequence[int], selectors: Sequence[int] | None = None) -> bool:
        self.calls += 1
        chosen = self.all_selectors if selectors is None else selectors
        return bool(self.solver.solve(assumptions=[*assumptions, *chosen]))

    @serialized
    def model_values(self, held: frozenset[str] = frozenset()) -> int:
        """The value literals that are true in the last model (remembered for later reuse), with every value
        that generalising the model shows possible (``held``: the attributes the assumptions fix), and the
        representatives of their segments, as a bit set (:func:`mask_of`)."""
        model = self.solver.get_model() or []
        owner = self.encoding.owner
        solution = Solution(lit for lit in model[:self._last_value] if lit > 0 and lit in owner)
        self.recent.append(solution)
        if self._early:
            self.early.append(solution)
        return self._expand(solution, held)

    def held(self, assumptions: Iterable[int]) -> frozenset[str]:
        """The numbers generalised together (``Generalizer``) that ``assumptions`` fix: moving them with the
        others would leave the assumptions, so they stay as the solution has them."""
        joint = self.generalizer.joint
        if not joint:
            return frozenset()
        owner = self.encoding.owner
        return frozenset(owner[lit][0] for lit in assumptions if lit in owner and owner[lit][0] in joint)

    def _expand(self, solution: Solution, held: frozenset[str] = frozenset()) -> int:
        """The values ``solution`` shows possible, as a bit set (cached)."""
        key = (solution.mask, held) if held else solution.mask
        found = self._expanded.get(key)
        if found is None:
            if len(self._expanded) > 4 * RECENT_SOLUTIONS:
                self._expanded.clear()
            found = self._expanded[key] = mask_of(self._expand_new(solution, held))
        return found

    def _expand_new(self, solution: Solution, held: frozenset[str]) -> set[int]:
        representative = self.encoding.representative
        chosen = set(solution)
        chosen.update(representative[lit] for lit in solution if lit in representative)
        if self.generalizer.targets:  # the values it marks come with their segments' representatives
            value, mask = self._decoder.value, solution.mask
            chosen |= self.generalizer.extend({a: value(mask, a) for a in self.generalizer.reads}, held)
        return chosen

    @serialized
    def valid_literals(self, assumptions: Sequence[int], candidates: Iterable[int],
                       known: int = 0) -> tuple[set[int], set[int]]:
        """Split ``candidates`` (value literals) into those that extend to a complete valid configuration
        under ``assumptions`` and those that do not.

        Every solution found marks all the values it uses (solution reuse). Instead of one call per
        remaining value, the solver is asked for a solution with *any* still-unsupported value (a clause
        over them, switched on by a fresh activation literal): each answer either marks new values or
        proves all the remaining ones impossible at once.
        """
        every = list(candidates)
        representative = self.encoding.representative
        # values of a number that no rule tells apart stand or fall together: test one of each run
        todo = list(dict.fromkeys(representative.get(lit, lit) for lit in every))
        required = set(assumptions)
        # bit sets: ``shown`` collects every value known possible (``known``: those the caller knows under
        # ``assumptions``, with their segments' representatives), ``need`` is the assumptions
        shown = known | mask_of(rep for lit, rep in representative.items() if known >> lit & 1) if known else 0
        if not todo:
            good = {lit for lit in every if shown >> representative.get(lit, lit) & 1}
            return good, set(every) - good
        held = self.held(assumptions)
        owner = self.encoding.owner
        # pooled solutions are value literals: assumptions of anything else (a negation) rule the pool out
        poolable = all(lit in owner for lit in required)
        # a snapshot: other threads' oracles append to the pools
        pool = (*self.early, *self.recent) if poolable else ()
        self._early = len(required) <= EARLY_CHOICES
        need = mask_of(required) if poolable else 0
        for solution in pool:
            if solution.mask & need == need:
                shown |= self._expand(solution, held)
        wanted = mask_of(lit for lit in todo if not shown >> lit & 1)
        if wanted and need and self.repair_locally:  # pooled solutions with a new choice swapped in
            for solution in self.local.repaired(pool, required, need, wanted):
                self.recent.append(solution)
                shown |= self._expand(solution, held)
                self.repaired += 1
        if not shown:
            self.solver.set_phases([*self._ladder_phases, *todo])
            if not self.solve(assumptions):
                return set(), set(every)
            shown = self.model_values(held)
        pending = [lit for lit in todo if not shown >> lit & 1]
        if self.encoding.ladder and pending:
            pending, shown = self._settle_numbers(assumptions, pending, shown, held)
        if pending:
            # prefer values nobody has shown to be possible yet: one solution may then mark several (the solver
            # keeps the phases: after each solution only the values it showed change theirs)
            self.solver.set_phases([*self._ladder_phases, *pending,
                                    *(-lit for lit in todo if shown >> lit & 1)])
        while pending:
            activation = self._new_var()
            self.solver.add_clause([-activation, *pending])
            found = self.solve([*assumptions, activation])
            if found:
                shown |= self.model_values(held)
            self._retire(activation)
            if not found:
                break
            self.solver.set_phases([-lit for lit in pending if shown >> lit & 1])
            pending = [lit for lit in pending if not shown >> lit & 1]
        good = {lit for lit in every if shown >> representative.get(lit, lit) & 1}
        return good, set(every) - good

    def _settle_numbers(self, assumptions: Sequence[int], pending: list[int], shown: int,
                        held: frozenset[str]) -> tuple[list[int], int]:
        """Decide the pending values of numbers with order literals by range questions (:mod:`bounds`); the
        other pending values are returned, with ``shown`` (a bit set) and the values found possible. Numbers that
        the generaliser widens each solution over are left to the loop below: there one solution already marks
        most of their values, and one last call proves the rest impossible together with every other attribute's
        (range questions would add a call per bound and hole)."""
        owner, ladder = self.encoding.owner, self.encoding.ladder
        representative = self.encoding.representative
        ladder = {a: v for a, v in ladder.items() if a not in self.generalizer.targets
                  and len({representative.get(lit, lit) for lit in self.encoding.literals[a]}) >= RANGE_SEGMENTS}
        if not ladder:
            return pending, shown
        by_number: dict[str, set[int]] = {}
        rest: list[int] = []
        for lit in pending:
            attr_id = owner[lit][0]
            if attr_id in ladder:
                by_number.setdefault(attr_id, set()).add(lit)
            else:
                rest.append(lit)
        values = list(owner)
        supported = literals_of(shown, values)
        for attr_id, wanted in by_number.items():
            bounds.settle(self.encoding, attr_id, wanted, supported,
                          solve=lambda extra: self.solve([*assumptions, *extra]),
                          model_values=lambda: literals_of(self.model_values(held), values))
        shown |= mask_of(supported)
        return [lit for lit in rest if not shown >> lit & 1], shown

    @serialized
    def explain(self, choices: Sequence[int], target: Sequence[int]) -> Conflict | None:
        """A minimal set of ``choices`` and rules that, with ``target``, has no solution (None if it has).

        Starts from the solver's core over the assumptions and removes one element at a time (deletion-based
        minimisation): what is left is irreducible — without any one of its members, the rest of the set no
        longer excludes ``target`` (the user's other choices may still exclude it: that is a repair's question).
        """
        if self.solve([*choices, *target]):
            return None
        core = set(self.solver.get_core() or [])
        chosen = [c for c in choices if c in core]
        rules = [lit for lit in self.all_selectors if lit in core]
        members = chosen + rules
        index = 0
        while index < len(members):
            candidate = members[:index] + members[index + 1:]
            if self.solve([*target, *[m for m in candidate if m not in self.selector_rule]],
                          [m for m in candidate if m in self.selector_rule]):
                index += 1  # needed
            else:
                # still no solution without it: shrink to the new core where possible
                core = set(self.solver.get_core() or candidate)
                members = [m for m in candidate if m in core] if core else candidate
        return Conflict(tuple(m for m in members if m not in self.selector_rule),
                        tuple(self.selector_rule[m] for m in members if m in self.selector_rule))
