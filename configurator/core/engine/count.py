"""Exact counting of complete valid configurations (projected model counting with Ganak).

The CNF has auxiliary variables (MDD nodes, counters) besides the value variables; Ganak counts the
assignments of the value variables only (the sampling set), so every configuration is counted exactly once.
Text attributes are not counted (their contents are free), only whether they may be empty.
"""

from __future__ import annotations

from collections.abc import Iterable

from configurator.core.engine.encode import Encoding
from configurator.core.model import schema as s


def count_configurations(encoding: Encoding, assumptions: Iterable[int] = ()) -> int:
    """The exact number of complete valid configurations under ``assumptions`` (value literals)."""
    assumptions = list(assumptions)
    from pyganak import Counter

    counter = Counter(verbose=0, seed=0)
    counter.new_vars(encoding.top)
    counter.add_clauses(encoding.clauses)
    for literal in encoding.selectors.values():
        counter.add_clause([literal])
    for literal in assumptions:
        counter.add_clause([literal])
    sampling = [lit for attr_id in encoding.attributes if encoding.model.attribute(attr_id).type != s.TEXT
                for lit in encoding.literals[attr_id]]
    if not sampling:  # nothing to count but whether there is a configuration at all
        from pysat.solvers import Solver

        clauses = [*encoding.clauses, *([lit] for lit in encoding.selectors.values()), *([lit] for lit in assumptions)]
        with Solver(name="cadical195", bootstrap_with=clauses) as solver:
            return 1 if solver.solve() else 0
    counter.set_sampling_set(sampling)
    return int(counter.count())
