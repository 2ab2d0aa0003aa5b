"""Units of measure for numeric attributes and the dimension check of expressions.

A unit is a dimension (powers of length, mass, currency, U-value) and a scale against the base unit.
Labels such as ``pcs``, ``year`` or ``%`` are dimensionless: they name what is counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

Dims = tuple[tuple[str, int], ...]


def _dims(**powers: int) -> Dims:
    return tuple(sorted((k, v) for k, v in powers.items() if v))


@dataclass(frozen=True)
class Unit:
    """A dimension with the scale of this unit against the base unit (None: a conversion we trust)."""

    dims: Dims
    scale: Fraction | None
    name: str

    def __mul__(self, other: Unit) -> Unit:
        powers = dict(self.dims)
        for k, v in other.dims:
            powers[k] = powers.get(k, 0) + v
        scale = None if self.scale is None or other.scale is None else self.scale * other.scale
        return Unit(_dims(**powers), scale, _join(self.name, "*", other.name))

    def __truediv__(self, other: Unit) -> Unit:
        powers = dict(self.dims)
        for k, v in other.dims:
            powers[k] = powers.get(k, 0) - v
        scale = None if self.scale is None or other.scale is None else self.scale / other.scale
        return Unit(_dims(**powers), scale, _join(self.name, "/", other.name))

    def converted(self) -> Unit:
        """This dimension after multiplying by a plain number: the scale is the author's to state (a plain
        count stays a plain count)."""
        if not self.dims:
            return self
        return Unit(self.dims, None, self.name)

    def same_as(self, other: Unit) -> bool:
        """Whether values in the two units can be added or compared."""
        if self.dims != other.dims:
            return False
        return self.scale is None or other.scale is None or self.scale == other.scale

    @property
    def is_dimensionless(self) -> bool:
        return not self.dims


def _join(a: str, op: str, b: str) -> str:
    if b == "1":
        return a
    if a == "1":
        return "1/" + b if op == "/" else b
    return f"{a}{op}{b}"


_LENGTH = {"mm": Fraction(1, 1000), "cm": Fraction(1, 100), "m": Fraction(1)}
UNITS: dict[str, Unit] = {
    "1": Unit((), Fraction(1), "1"),
    **{name: Unit(_dims(L=1), scale, name) for name, scale in _LENGTH.items()},
    "mm2": Unit(_dims(L=2), Fraction(1, 1000000), "mm2"),
    "cm2": Unit(_dims(L=2), Fraction(1, 10000), "cm2"),
    "m2": Unit(_dims(L=2), Fraction(1), "m2"),
    "m3": Unit(_dims(L=3), Fraction(1), "m3"),
    "l": Unit(_dims(L=3), Fraction(1, 1000), "l"),
    "kg": Unit(_dims(M=1), Fraction(1), "kg"),
    "g": Unit(_dims(M=1), Fraction(1, 1000), "g"),
    "W/m2K": Unit(_dims(U=1), Fraction(1), "W/m2K"),
    "NOK": Unit(_dims(NOK=1), Fraction(1), "NOK"),
    "kr": Unit(_dims(NOK=1), Fraction(1), "kr"),
}
for _label in ("pcs", "year", "day", "week", "%"):
    UNITS[_label] = Unit((), Fraction(1), _label)

DIMENSIONLESS = UNITS["1"]
CURRENCY = UNITS["NOK"]


def parse_unit(name: str) -> Unit | None:
    """The unit called ``name``, or None when it is unknown."""
    return UNITS.get(name)
