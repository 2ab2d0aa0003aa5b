"""The allowed values of a number from range questions on its order literals (the ladder, see :mod:`encode`).

A number with hundreds of values would cost one solver call per value (or per segment of values that the rules
tell apart) if each were asked on its own. With the ladder the solver can be asked "is any value in
``low .. high`` possible?" with at most two assumptions (``x >= low``, not ``x >= high + 1``): no clause is added,
nothing is left behind in the solver. The search keeps the exact allowed set:

- the values already known possible (earlier solutions, generalised) split the domain into runs of unknown values;
- each run is asked as one range: no solution proves every value of the run impossible at once (a hole, or the
  part below the minimum / above the maximum); a solution marks its value (and every value generalising it shows
  possible), and what is still unknown of the run is halved and each half asked again (binary search: a bound
  is found in about log2(n) questions, however the solver picks its values).

The upper half is asked first: the solver tends to answer a range with its lowest value, and a solution near the
top of a number that another number limits (``series_number + tag_count - 1 <= 9999``) generalises downwards
over the whole lower half.

The first range asked is the whole unknown domain, so the minimum and the maximum come from a handful of calls
(each answer moves the bound past every value it marks), and each hole costs one call, however many values it has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set

from configurator.core.engine.encode import Encoding


def runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted indices as maximal runs of consecutive ones: [1, 2, 3, 7] -> [(1, 3), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for index in indices:
        if found and found[-1][1] == index - 1:
            found[-1] = (found[-1][0], index)
        else:
            found.append((index, index))
    return found


def settle(encoding: Encoding, attr_id: str, wanted: set[int], supported: set[int], *,
           solve: Callable[[list[int]], bool], model_values: Callable[[], Set[int]]) -> int:
    """Decide every value literal of ``attr_id`` in ``wanted`` (representatives of segments): those that some
    solution has are added to ``supported``, the others are impossible under the caller's assumptions.

    ``solve(extra)`` solves under the caller's assumptions and ``extra``; ``model_values()`` gives the value
    literals the last solution shows possible. Returns the number of solver calls made."""
    literals = encoding.literals[attr_id]
    representative = encoding.representative
    unknown = [i for i, lit in enumerate(literals)
               if representative.get(lit, lit) in wanted and representative.get(lit, lit) not in supported]
    stack = runs(unknown)[::-1]
    calls = 0
    while stack:
        low, high = stack.pop()
        calls += 1
        if not solve(encoding.within(attr_id, low, high)):
            continue  # nothing in low .. high
        supported |= model_values()
        left = [i for i in range(low, high + 1)
                if representative.get(literals[i], literals[i]) in wanted
                and representative.get(literals[i], literals[i]) not in supported]
        for start, end in runs(left):  # halves, the upper one asked first (see the module's note)
            if start == end:
                stack.append((start, end))
            else:
                middle = (start + end + 1) // 2
                stack += [(start, middle - 1), (middle, end)]
    return calls
