"""A solution's value literals as a set and as one integer bit set."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from configurator.core.engine.encode import Encoding


def mask_of(literals: Iterable[int]) -> int:
    """Positive literals as one integer bit set (bit ``lit``): a pool of solutions is scanned with a few
    integer operations per solution instead of a set operation over its literals."""
    mask = 0
    for lit in literals:
        mask |= 1 << lit
    return mask


class Solution:
    """A solution's value literals (a tuple) and their bit set (:func:`mask_of`). Neither is a container the
    garbage collector walks: a pool of thousands of solutions would otherwise lengthen every full collection."""

    __slots__ = ("literals", "mask")

    def __init__(self, literals: Iterable[int]) -> None:
        self.literals = tuple(literals)
        self.mask = mask_of(self.literals)

    def __iter__(self) -> Iterator[int]:
        return iter(self.literals)

    def __len__(self) -> int:
        return len(self.literals)

    def __contains__(self, literal: object) -> bool:
        return isinstance(literal, int) and literal > 0 and bool(self.mask >> literal & 1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Solution) and other.mask == self.mask

    def __hash__(self) -> int:
        return hash(self.mask)


def literals_of(mask: int, among: Iterable[int]) -> set[int]:
    """The literals of ``among`` that are in the bit set ``mask``."""
    return {lit for lit in among if lit > 0 and mask >> lit & 1}


class Decoder:
    """Reads an attribute's value out of a solution's bit set: an attribute's value literals are numbered one
    after the other, so its bits are one run and the set bit's place is the value's index."""

    def __init__(self, encoding: Encoding) -> None:
        self.domains = encoding.domains
        self.literals = encoding.literals
        self.spans: dict[str, tuple[int, int] | None] = {}
        for attr_id in encoding.attributes:
            literals = encoding.literals[attr_id]
            run = literals == list(range(literals[0], literals[0] + len(literals)))
            self.spans[attr_id] = (literals[0], (1 << len(literals)) - 1) if run else None

    def value(self, mask: int, attr_id: str) -> Any:
        """The value of ``attr_id`` in the solution ``mask`` (None if it has none)."""
        span = self.spans.get(attr_id)
        if span is not None:
            bits = mask >> span[0] & span[1]
            return self.domains[attr_id][bits.bit_length() - 1] if bits else None
        if attr_id not in self.literals:
            return None
        for index, literal in enumerate(self.literals[attr_id]):
            if mask >> literal & 1:
                return self.domains[attr_id][index]
        return None
