"""Local repair of pooled solutions: a witness for a value without asking the solver.

After a new choice, most solutions in the pool (:mod:`solver`) break only that choice: they have another value
there. Swapping the choice in changes one attribute, so only the rules that read it can break; when they all
still hold, the swapped solution is a complete valid configuration under the new choices, and every value it
uses is possible. On a model whose attribute with many values (a code read by hundreds of combination tables)
needs one witness per value, this answers most of a step from the pool instead of one solver call per value.

Only choices that combination tables alone read (without a condition) are swapped: a table is checked exactly as
the encoding states it, by looking its row up (rows are grouped by where they have wildcards). Attributes that
expression rules read are left to the generaliser (:mod:`generalize`), which sweeps them along their domains:
evaluating an expression per swap costs more than it saves (the seed models' clicks were 5-10 times slower at
p95). The checks are facts of the model, shared by every oracle over an encoding.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from configurator.core.engine import grid
from configurator.core.engine.encode import Encoding
from configurator.core.engine.solution import Decoder, Solution, mask_of
from configurator.core.model import schema as s

MAX_SWAPS = 2  # a pooled solution that misses more of the assumptions is too far away to be worth checking
# a check costs about a hundredth of a solver call: give up after this many refused swaps within one state, plus one
# per value to show and this many more per witness found
MAX_FAILED = 60
FAILED_PER_WITNESS = 20


class Values(Protocol):
    """A complete assignment: attribute -> engine value."""

    def get(self, attr_id: str, /) -> Any: ...


class _Swapped:
    """A solution's values with a few swapped (read from its bit set when asked, not copied)."""

    __slots__ = ("decoder", "mask", "swapped")

    def __init__(self, decoder: Decoder, mask: int, swapped: dict[str, Any]) -> None:
        self.decoder, self.mask, self.swapped = decoder, mask, swapped

    def get(self, attr_id: str) -> Any:
        swapped = self.swapped
        return swapped[attr_id] if attr_id in swapped else self.decoder.value(self.mask, attr_id)


class _Rows:
    """A combination table's rows, for looking one assignment up: grouped by where their cells are wildcards
    (``ANY``), each group a set of the other cells."""

    def __init__(self, table: s.Table) -> None:
        groups: dict[tuple[int, ...], set[tuple[Any, ...]]] = {}
        for row in table.rows:
            pattern = tuple(j for j, cell in enumerate(row) if cell is not s.ANY)
            groups.setdefault(pattern, set()).add(tuple(row[j] for j in pattern))
        # dicts, not sets: once their tuples are found to hold no containers, the garbage collector stops walking
        # them (a set of 27,000 rows would be walked at every full collection)
        self.groups = [(tuple(table.columns[j] for j in pattern), dict.fromkeys(keys, True))
                       for pattern, keys in groups.items()]
        self.forbidden = table.mode == "forbidden"

    def accepts(self, values: Values) -> bool:
        listed = any(tuple(values.get(a) for a in names) in keys for names, keys in self.groups)
        return listed != self.forbidden


def _scope(rule: s.Rule, model: s.ProductModel) -> list[str]:
    nodes = [x.node for x in (rule.expr, rule.when) if x is not None]
    found = set(rule.table.columns) if rule.table is not None else set()
    for node in nodes:
        found.update(grid.scope_of(node, model))
    return sorted(found)


class LocalRepair:
    """The rule checks of one encoding (see the module's docstring); use :func:`for_encoding`."""

    def __init__(self, encoding: Encoding) -> None:
        self.encoding = encoding
        model = encoding.model
        self._rules = [r for r in model.rules if r.kind != "default"]  # defaults are preferences, not rules
        self._scopes = [_scope(r, model) for r in self._rules]
        by_attr: dict[str, list[int]] = {}
        for number, scope in enumerate(self._scopes):
            for attr_id in scope:
                by_attr.setdefault(attr_id, []).append(number)
        self.reading: dict[str, tuple[int, ...]] = {a: tuple(numbers) for a, numbers in by_attr.items()}
        # every table's rows, keyed for look-ups (built with the checks: once per encoding, when its first oracle
        # is made, so no state pays for it)
        self._rows = {n: _Rows(r.table) for n, r in enumerate(self._rules) if r.table is not None and r.when is None}
        self.decoder = Decoder(encoding)
        # the literals of attributes some other rule reads (an expression, a table with a condition): never swapped
        unchecked = {a for a, numbers in self.reading.items()
                     if any(self._rules[n].table is None or self._rules[n].when is not None for n in numbers)}
        self.unchecked = mask_of(lit for a in unchecked if a in encoding.literals for lit in encoding.literals[a])

    def holds(self, values: Values, changed: Iterable[str]) -> bool:
        """Whether every rule that reads one of the ``changed`` attributes holds for the complete assignment
        ``values`` (attribute -> engine value); ``changed`` are attributes only tables without a condition read
        (their literals are not in :attr:`unchecked`)."""
        seen: set[int] = set()
        for attr_id in changed:
            for number in self.reading.get(attr_id, ()):
                if number not in seen:
                    seen.add(number)
                    if not self._rows[number].accepts(values):
                        return False
        return True

    def repaired(self, pool: Sequence[Solution], required: set[int], need: int, wanted: int) -> list[Solution]:
        """Solutions under the assumptions ``required`` (value literals only; ``need`` their bit set) made from ``pool``
        by swapping in at most :data:`MAX_SWAPS` of them, each showing at least one value of ``wanted`` (a bit set)
        that the ones before did not; stops when every wanted value is shown."""
        owner, domains = self.encoding.owner, self.encoding.domains
        found: list[Solution] = []
        tried: set[int] = set()
        failed = 0
        allowed = MAX_FAILED + wanted.bit_count()  # more values to show: a solver call per value to save
        for solution in reversed(pool):  # the newest first: the session's own last solutions miss only the choice
            if failed > allowed + FAILED_PER_WITNESS * len(found):
                break  # the rules that read the choice refuse most swaps: the solver is quicker
            if not wanted & solution.mask:
                continue  # nothing new to show
            missed = need & ~solution.mask
            if not missed or missed.bit_count() > MAX_SWAPS or missed & self.unchecked:
                continue
            missing = [lit for lit in required if missed >> lit & 1]
            swapped = {owner[lit][0]: domains[owner[lit][0]][owner[lit][1]] for lit in missing}
            if self.holds(_Swapped(self.decoder, solution.mask, swapped), swapped):
                candidate = Solution([*(lit for lit in solution if owner[lit][0] not in swapped), *missing])
                if candidate.mask in tried:
                    continue
                tried.add(candidate.mask)
                found.append(candidate)
                wanted &= ~candidate.mask
                if not wanted:
                    break
            else:
                failed += 1
        return found


_SHARED: dict[int, LocalRepair] = {}
_SHARED_LOCK = threading.Lock()


def for_encoding(encoding: Encoding) -> LocalRepair:
    """The rule checks of ``encoding``, shared by its oracles (kept for the last few encodings)."""
    with _SHARED_LOCK:
        found = _SHARED.get(id(encoding))
        if found is None or found.encoding is not encoding:
            if len(_SHARED) >= 8:
                del _SHARED[next(iter(_SHARED))]
            found = _SHARED[id(encoding)] = LocalRepair(encoding)
        return found
