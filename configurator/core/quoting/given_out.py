"""Ear-tag numbers already given out, found while the line is configured (not first at "create order").

A line with a ``number_series`` field (:mod:`production`) prints the numbers ``start .. start + count - 1``;
``start`` follows from one integer the user types (the *number attribute*: the chosen integer the start
depends on that is not the holding, species, year or kind — the ear tags' "first individual number"). Given the
blocks the holding already has (production orders, and the quote's other lines), :func:`taken_numbers` works
out which values of that attribute would reuse a number — each range with the block it clashes with, so the
configurator can show the allowed range less them with the reason naming the earlier order, and refuse a
chosen value with the same message the order would give. Sending and making the order check again
(``QuoteService._allocate``): numbers can be given out by a colleague after the line was configured.

Only a start that moves one for one with the number attribute (``start = value + offset``, the ear tags' year
digit or 0) is worked out here; any other form is left to the checks at sending.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from configurator.core.i18n import Message, msg
from configurator.core.model import evaluate as ev
from configurator.core.model import schema as s
from configurator.core.model.computed import with_computed
from configurator.core.model.nodes import attributes_used
from configurator.core.quoting import production

# holding id -> the blocks of numbers it has: given out by production orders, or on the quote's other lines
NumbersGivenOut = Callable[[str], Sequence[production.Block]]


@dataclass(frozen=True)
class TakenRange:
    """Values ``low..high`` of the number attribute that reuse numbers of ``earlier``."""

    low: int
    high: int
    earlier: production.Block

    def reason(self) -> Message:
        """What the range is, naming where the numbers went: "70101–70150 given out by production order …"."""
        first, last = f"{self.earlier.first:05d}", f"{self.earlier.last:05d}"
        if self.earlier.order_number:
            return msg("{first}–{last} given out by production order {order} (year of birth {year})", first=first,
                       last=last, order=self.earlier.order_number, year=str(self.earlier.birth_year))
        return msg("{first}–{last} on line {line} of this quote", first=first, last=last,
                   line=self.earlier.line or "?")


@dataclass(frozen=True)
class TakenNumbers:
    """The values of ``attribute`` (the number attribute) that reuse numbers the holding already has."""

    attribute: str
    ranges: tuple[TakenRange, ...]
    block_of: Callable[[int], production.Block]  # the line's block when the attribute has this value

    def clash(self, value: Any) -> TakenRange | None:
        """The first range ``value`` falls in, or None when its numbers are free."""
        if isinstance(value, bool) or value is None:
            return None
        return next((r for r in self.ranges if r.low <= value <= r.high), None)

    def message(self, value: Any) -> Message | None:
        """Why ``value`` cannot be used (the message the order would give), or None when it can."""
        taken = self.clash(value)
        if taken is None:
            return None
        block = self.block_of(int(value))
        if taken.earlier.order_number is None:
            return msg("The numbers {first}–{last} for holding {holding} are already on line {line} of this quote; "
                       "choose another first number.", first=f"{max(block.first, taken.earlier.first):05d}",
                       last=f"{min(block.last, taken.earlier.last):05d}", holding=block.holding_id,
                       line=taken.earlier.line or "?")
        return production.clash_message(block, taken.earlier)

    def free(self, values: Sequence[Any]) -> list[Any]:
        """``values`` without the taken ones."""
        return [v for v in values if self.clash(v) is None]


def _series_field(model: s.ProductModel) -> s.ProductionField | None:
    return next((f for f in model.production.fields if f.type == "number_series"), None)


def number_attribute(model: s.ProductModel) -> str | None:
    """The chosen integer attribute the series' start is typed as (None: the model has no allocated series)."""
    field = _series_field(model)
    if field is None or "holding" not in field.params:
        return None
    named = {field.params.get(key) for key in ("holding", "species", "year", "kind", "count")}
    found: list[str] = []
    stack, seen = [field.params["start"]], set()
    while stack:
        attr_id = stack.pop()
        if attr_id in seen:
            continue
        seen.add(attr_id)
        attribute = model.attribute(attr_id)
        if attribute.is_computed:
            assert attribute.expr is not None
            stack.extend(sorted(attributes_used(attribute.expr.node)))
        elif attribute.type == s.INTEGER and attr_id not in named:
            found.append(attr_id)
    return found[0] if len(found) == 1 else None


def _may_allocate(model: s.ProductModel, field: s.ProductionField, values: Mapping[str, Any]) -> bool:
    """Whether the series' ``allocate`` condition is still open (what it reads is not decided yet): the line may
    allocate, so the numbers given out are shown (replacement tags, which allocate nothing, are chosen later)."""
    condition = field.params.get("allocate")
    if condition is None:
        return False
    env = ev.Env(with_computed(dict(values), model), model.option_values())
    try:
        return ev.evaluate(condition.node, env) is None
    except (ValueError, KeyError, TypeError, ArithmeticError):
        return True


def taken_numbers(model: s.ProductModel, values: Mapping[str, Any], given_out: NumbersGivenOut
                  ) -> TakenNumbers | None:
    """The values of the number attribute that reuse numbers of the holding, with the configuration's other
    ``values`` (decided ones); None when the line allocates nothing or its series is not decided far enough."""
    attr_id = number_attribute(model)
    if attr_id is None:
        return None
    attribute = model.attribute(attr_id)
    low, high = int(attribute.minimum or 0), int(attribute.maximum or 0)
    field = _series_field(model)
    assert field is not None
    values = dict(values)
    count_attribute = model.attribute(field.params["count"])
    if not count_attribute.is_computed and values.get(count_attribute.id) is None:
        values[count_attribute.id] = count_attribute.minimum  # count still open: at least its first number
    needed = [field.params[key] for key in ("holding", "species", "year") if key in field.params]
    if any(values.get(name) in (None, "") for name in needed if not model.attribute(name).is_computed):
        return None  # the holding, species or year is still open: nothing to compare yet (an open kind: no pair)

    def series_at(value: int) -> Any:
        spec = production.specification(model, {**values, attr_id: value}, 1)
        return spec.series

    try:
        first, second = series_at(low), series_at(low + 1)
    except (ValueError, KeyError, TypeError, ArithmeticError):
        return None  # the species, year or count is still open: nothing to compare yet
    if first is None or not first.holding_id or not (first.allocate or _may_allocate(model, field, values)):
        return None
    offset = first.start - low
    if second is None or second.start - (low + 1) != offset or second.count != first.count:
        return None  # not start = value + offset: left to the checks at sending
    count = first.count

    def block_of(value: int) -> production.Block:
        return production.Block(first.holding_id, first.species, first.birth_year, value + offset, count,
                                kind=first.kind)

    ranges: list[TakenRange] = []
    for earlier in given_out(first.holding_id):
        probe = block_of(earlier.first - offset)  # the clash test without the overlap: same group, ten years
        if not production.clash(production.Block(probe.holding_id, probe.species, probe.birth_year, earlier.first,
                                                 1), earlier):
            continue
        starts = (earlier.first - count + 1, earlier.last)  # every start whose block overlaps the earlier one
        pair = production.pair_of(block_of(earlier.first - offset), earlier)  # the other tag of the same animals
        pieces = [(starts[0], earlier.first - 1), (earlier.first + 1, starts[1])] if pair else [starts]
        for start_low, start_high in pieces:
            value_low, value_high = max(low, start_low - offset), min(high, start_high - offset)
            if value_low <= value_high:
                ranges.append(TakenRange(value_low, value_high, earlier))
    ranges.sort(key=lambda r: (r.low, r.high))
    return TakenNumbers(attr_id, tuple(ranges), block_of)
