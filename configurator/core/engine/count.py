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
    if not sampling:
        return 1
    counter.set_sampling_set(sampling)
    return int(counter.count())
