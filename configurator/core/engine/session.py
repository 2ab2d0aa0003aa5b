"""A configuration session over one product model: the single source of truth for a configuration.

After every choice the session knows, for every attribute, exactly which values still lead to a complete
valid configuration (no dead ends, nothing valid greyed out). Excluded values are explained on request
(a minimal set of choices and rules), and insisting on one gives repairs that change as few earlier
choices as possible.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from configurator.core.engine import repair as repair_module
from configurator.core.engine.encode import Encoding, encode_model
from configurator.core.engine.grid import FILLED, _with_computed
from configurator.core.engine.repair import Repair
from configurator.core.engine.solution import mask_of
from configurator.core.engine.solver import Conflict, Oracle
from configurator.core.i18n import Message, Text, msg
from configurator.core.model import expr as e
from configurator.core.model import schema as s
from configurator.core.model.computed import not_applying
from configurator.core.numbers import NumberError, parse_number


def shown(value: Any) -> Any:
    """A value as it goes into a message: yes/no for booleans (translated when shown)."""
    if isinstance(value, bool):
        return msg("yes") if value else msg("no")
    return value


KNOWN_STATES = 64  # states remembered per session (undo, redo and edits reuse them; ~0.3 MB each on BR4CP big)


class SessionError(Exception):
    """A choice that cannot be made (unknown attribute or value, or excluded by the rules)."""

    def __init__(self, message: Message, explanation: Explanation | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.explanation = explanation


@dataclass(frozen=True)
class RuleReason:
    id: str
    message: Text


@dataclass(frozen=True)
class Explanation:
    """Why ``attribute = value`` is excluded: these choices and rules together (a minimal set)."""

    attribute: str
    value: Any
    choices: tuple[tuple[str, Any], ...]
    rules: tuple[RuleReason, ...]


@dataclass(frozen=True)
class AttributeState:
    id: str
    chosen: Any  # the user's choice, or None
    available: tuple[Any, ...]  # values that still lead to a complete valid configuration
    excluded: tuple[Any, ...]  # values that do not (explain them with Session.explain)
    value: Any = None  # the value it has: chosen, the only one left, or computed
    applies: bool | None = True  # False: it does not apply (applies_when), so it has no value; None: not decided


@dataclass(frozen=True)
class State:
    attributes: dict[str, AttributeState]
    choices: dict[str, Any]
    complete: bool  # every attribute has exactly one possible value

    def available(self, attr_id: str) -> tuple[Any, ...]:
        return self.attributes[attr_id].available


@dataclass
class _History:
    undo: list[dict[str, Any]] = field(default_factory=list)
    redo: list[dict[str, Any]] = field(default_factory=list)


# the empty state's (supported, excluded) literals per encoding, as bit sets (:func:`solution.mask_of`): the same
# for every session of a model version, worked out once and shared read-only, so a new session's first state costs
# no solver calls
_EMPTY: dict[int, tuple[Encoding, tuple[int, int]]] = {}
_EMPTY_LOCK = threading.Lock()


def _shared_empty(encoding: Encoding) -> tuple[int, int] | None:
    with _EMPTY_LOCK:
        known = _EMPTY.get(id(encoding))
        return known[1] if known is not None and known[0] is encoding else None


def _share_empty(encoding: Encoding, entry: tuple[int, int]) -> None:
    with _EMPTY_LOCK:
        if len(_EMPTY) >= 8 and id(encoding) not in _EMPTY:
            del _EMPTY[next(iter(_EMPTY))]
        _EMPTY[id(encoding)] = (encoding, entry)


_OPEN = object()  # an attribute without a choice


def _span(literals: list[int]) -> tuple[int, int]:
    """The run of bits that holds an attribute's value literals: (its first literal, a mask of its width)."""
    first = min(literals)
    return first, (1 << (max(literals) - first + 1)) - 1


class ConfigurationSession:
    """Choices over one product model; ``state()`` gives the exact valid values of every attribute."""

    def __init__(self, model: s.ProductModel, encoding: Encoding | None = None) -> None:
        self.model = model
        self.encoding = encoding or encode_model(model)
        self.oracle = Oracle(self.encoding)
        self.choices: dict[str, Any] = {}
        self.texts: dict[str, str] = {}
        self._history = _History()
        self._state: State | None = None
        # assumptions -> (supported, excluded) of states worked out before, as bit sets: under more choices an
        # excluded value stays excluded, under fewer a supported one stays supported (an edit re-tests only what is
        # unknown)
        self._known: dict[frozenset[int], tuple[int, int]] = {}
        self._literals: dict[tuple[str, Any], int] = {}  # (attribute, value) -> literal, for values set before
        self._attribute_states: dict[tuple[str, bool, Any], tuple[AttributeState, bool]] = {}
        # each attribute's value literals as a run of bits: (first literal, mask of the run's width)
        self._spans = {a: _span(self.encoding.literals[a]) for a in self.encoding.attributes}
        self._explained: dict[tuple[int, frozenset[int]], Conflict | None] = {}
        empty = _shared_empty(self.encoding)
        if empty is not None:  # a fact of the encoding: sound for every session over it
            self._known[frozenset()] = empty

    def close(self) -> None:
        self.oracle.close()

    # ------------------------------------------------------------------ values
    def parse(self, attr_id: str, text: str, language: str = "nb") -> Any:
        """A value typed by a user (``--set width_mm=1200``, ``--set depth=5,5``) as the attribute's value;
        numbers are read in ``language`` (configurator.core.numbers)."""
        attribute = self._attribute(attr_id)
        if attribute.type == s.BOOLEAN:
            lowered = text.strip().lower()
            if lowered in ("true", "yes", "ja", "1"):
                return True
            if lowered in ("false", "no", "nei", "0"):
                return False
            raise SessionError(msg("'{value}' is not a value of '{id}'", value=text, id=attr_id))
        if attribute.type in s.NUMERIC_TYPES:
            try:
                return parse_number(text, language)
            except NumberError:
                raise SessionError(msg("'{value}' is not a value of '{id}'", value=text, id=attr_id)) from None
        return text

    def _attribute(self, attr_id: str) -> s.Attribute:
        try:
            attribute = self.model.attribute(attr_id)
        except KeyError:
            raise SessionError(msg("unknown attribute '{name}'", name=attr_id)) from None
        if attribute.is_computed:
            raise SessionError(msg("'{id}' is computed and cannot be set", id=attr_id))
        return attribute

    def literal(self, attr_id: str, value: Any) -> int:
        """The solver literal of ``attr_id = value`` (a refused value raises :class:`SessionError`)."""
        attribute = self._attribute(attr_id)
        if attribute.type == s.TEXT and not attribute.accepts(value):
            raise SessionError(msg("'{value}' is not a value of '{id}'", value=value, id=attr_id))
        if attribute.type in s.NUMERIC_TYPES and isinstance(value, str):
            try:
                value = Decimal(value.strip())
            except ArithmeticError:
                raise SessionError(msg("'{value}' is not a value of '{id}'", value=value, id=attr_id)) from None
        literal = self.encoding.literal(attr_id, value)
        if literal is None or (attribute.type != s.TEXT and not attribute.accepts(value)):
            raise SessionError(msg("'{value}' is not a value of '{id}'", value=value, id=attr_id))
        return literal

    def assumptions(self, choices: Mapping[str, Any], without: str | None = None) -> list[int]:
        """The literals of ``choices`` (all but ``without``), to pass to the solver as assumptions."""
        found = []
        known = self._literals
        for attr_id, value in choices.items():
            if attr_id != without:
                try:
                    key = (attr_id, value)
                    literal = known.get(key)
                except TypeError:  # a value that cannot be a key (never one the session was given)
                    key, literal = None, None
                if literal is None:
                    literal = self.literal(attr_id, value)
                    if key is not None:
                        if len(known) > 10_000:
                            known.clear()
                        known[key] = literal
                found.append(literal)
        return found

    # ------------------------------------------------------------------ choosing
    def set(self, attr_id: str, value: Any) -> None:
        """Choose a value; an excluded value raises :class:`SessionError` with its explanation."""
        literal = self.literal(attr_id, value)
        assumptions = self.assumptions(self.choices, without=attr_id)
        if not self.oracle.solve([*assumptions, literal]):
            explanation = self.explain(attr_id, value)
            raise SessionError(msg("'{value}' cannot be chosen for '{id}'", value=shown(value), id=attr_id),
                               explanation)
        self._remember()
        self.choices[attr_id] = value
        if self.model.attribute(attr_id).type == s.TEXT:
            self.texts[attr_id] = value

    def set_clearing(self, attr_id: str, value: Any) -> tuple[str, ...]:
        """Choose a value; where it is refused only because of choices of attributes that the new value makes not
        apply (their ``applies_when`` turns false: a round flue has no inner width), those choices are cleared with
        it, in one step (one undo). Returns the attributes cleared (none when the value fitted as it was); raises
        :class:`SessionError` as :meth:`set` does when the value does not fit even then."""
        try:
            self.set(attr_id, value)
            return ()
        except SessionError:
            cleared = self.clearing(attr_id, value)
            if not cleared:
                raise
        self.set_many({**self._kept(attr_id, cleared), attr_id: value}, replace=True)
        return cleared

    def clearing(self, attr_id: str, value: Any) -> tuple[str, ...]:
        """The choices that choosing ``value`` would clear (in model order): those of attributes it makes not
        apply, when clearing them is all it takes for the value to fit; else ()."""
        gone = not_applying({**self.choices, attr_id: value}, self.model)
        cleared = tuple(a.id for a in self.model.chosen_attributes
                        if a.id in gone and a.id in self.choices and a.id != attr_id)
        fits = cleared and self.oracle.solve([*self.assumptions(self._kept(attr_id, cleared)),
                                              self.literal(attr_id, value)])
        return cleared if fits else ()

    def _kept(self, attr_id: str, cleared: tuple[str, ...]) -> dict[str, Any]:
        return {a: v for a, v in self.choices.items() if a not in cleared and a != attr_id}

    def unset(self, attr_id: str) -> None:
        if attr_id in self.choices:
            self._remember()
            del self.choices[attr_id]
            self.texts.pop(attr_id, None)

    def set_many(self, values: Mapping[str, Any], *, replace: bool = False) -> None:
        """Set several values at once (all or nothing); with ``replace`` they become the only choices."""
        literals = [self.literal(a, v) for a, v in values.items()]
        others = {} if replace else {a: v for a, v in self.choices.items() if a not in values}
        if not self.oracle.solve([*self.assumptions(others), *literals]):
            raise SessionError(msg("these values cannot be chosen together with the other choices"))
        self._remember()
        self.choices = {**others, **values}
        self.texts = {a: v for a, v in self.choices.items() if self.model.attribute(a).type == s.TEXT}

    def apply_preset(self, preset_id: str) -> list[Repair]:
        """Apply a preset as a whole. Returns [] when applied; otherwise the repairs that would make it fit
        (the preset is kept, earlier choices change) and nothing is changed. A preset that no repair can
        make fit raises :class:`SessionError`."""
        preset = next((p for p in self.model.presets if p.id == preset_id), None)
        if preset is None:
            raise SessionError(msg("unknown preset '{id}'", id=preset_id))
        try:
            self.set_many(preset.values)
        except SessionError:
            repairs = self.repairs(preset.values)
            if not repairs:
                raise SessionError(msg("the preset '{id}' cannot be applied: the rules do not allow it",
                                       id=preset_id)) from None
            return repairs
        return []

    def _remember(self) -> None:
        self._history.undo.append(dict(self.choices))
        self._history.redo.clear()
        self._state = None

    def undo(self) -> bool:
        if not self._history.undo:
            return False
        self._history.redo.append(dict(self.choices))
        self.choices = self._history.undo.pop()
        self._state = None
        return True

    def redo(self) -> bool:
        if not self._history.redo:
            return False
        self._history.undo.append(dict(self.choices))
        self.choices = self._history.redo.pop()
        self._state = None
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._history.undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._history.redo)

    def is_valid(self, values: Mapping[str, Any]) -> bool:
        """Whether ``values`` give every attribute one chooses (texts aside) a value that the rules allow together.

        Does not change the session (one solver call under assumptions)."""
        chosen = [a for a in self.model.chosen_attributes if a.type != s.TEXT]
        literals = [self.encoding.literal(a.id, values.get(a.id, e.NOT_APPLICABLE if a.applies_when else None))
                    for a in chosen]  # an attribute that may not apply and has no value: it does not apply
        if None in literals:
            return False
        return self.oracle.solve([lit for lit in literals if lit is not None])

    def forget_history(self) -> None:
        """Start a new history: nothing to undo or redo (a session reused for another configurator)."""
        self._history.undo.clear()
        self._history.redo.clear()

    # ------------------------------------------------------------------ state
    def state(self) -> State:
        """The valid values of every attribute under the current choices (cached until the next change)."""
        if self._state is not None:
            return self._state
        assumptions = self.assumptions(self.choices)
        open_attrs = [a for a in self.encoding.attributes if a not in self.choices]
        candidates = [lit for a in open_attrs for lit in self.encoding.literals[a]]
        supported = self._valid(assumptions, candidates)  # a bit set
        attributes: dict[str, AttributeState] = {}
        values: dict[str, Any] = {}
        complete = True
        cache = self._attribute_states
        if len(cache) > 20_000:
            cache.clear()
        for attr_id, (first, width) in self._spans.items():
            chosen = self.choices.get(attr_id, _OPEN)
            # an attribute's state depends only on its own values' bits (or its choice): built once, then looked up
            key: tuple[str, bool, Any] | None = \
                (attr_id, True, chosen) if chosen is not _OPEN else (attr_id, False, supported >> first & width)
            try:
                entry = cache.get(key)  # type: ignore[arg-type]
            except TypeError:  # a chosen value that cannot be a key
                entry, key = None, None
            if entry is None:
                entry = self._attribute_state(attr_id, chosen, supported)
                if key is not None:
                    cache[key] = entry
            attribute_state, completes = entry
            attributes[attr_id] = attribute_state
            if attribute_state.value is not None:  # chosen, or the only value left
                values[attr_id] = attribute_state.value
            complete = complete and completes
        computed = _with_computed({k: (v if v != FILLED else None) for k, v in values.items()}, self.model)
        for attribute in self.model.attributes:
            if attribute.is_computed:
                value = computed.get(attribute.id)
                attributes[attribute.id] = AttributeState(attribute.id, None, (), (), value)
        ordered = {a.id: attributes[a.id] for a in self.model.attributes}
        self._state = State(ordered, dict(self.choices), complete)
        return self._state

    def _attribute_state(self, attr_id: str, chosen: Any, supported: int) -> tuple[AttributeState, bool]:
        """One attribute's state under the bit set of supported values (or its choice), and whether it leaves
        the configuration complete."""
        domain = self.encoding.domains[attr_id]
        literals = self.encoding.literals[attr_id]
        if chosen is not _OPEN:
            index = self.encoding.index_of(attr_id, chosen)
            assert index is not None
            display = chosen if self.model.attribute(attr_id).type == s.TEXT else domain[index]
            return AttributeState(attr_id, display, (domain[index],), (), display), True
        flags = [supported >> lit & 1 for lit in literals]
        available = tuple(v for v, flag in zip(domain, flags, strict=True) if flag)
        excluded = tuple(v for v, flag in zip(domain, flags, strict=True) if not flag)
        applies: bool | None = True
        if domain[-1] is e.NOT_APPLICABLE:  # applies_when: "no value" is not a value a user sees
            missing = bool(available) and available[-1] is e.NOT_APPLICABLE
            applies = False if missing and len(available) == 1 else None if missing else True
            available = tuple(v for v in available if v is not e.NOT_APPLICABLE)
            excluded = tuple(v for v in excluded if v is not e.NOT_APPLICABLE)
            if applies is False:
                return AttributeState(attr_id, None, (), excluded, None, applies=False), True
        value = available[0] if len(available) == 1 and applies else None
        attribute = self.model.attribute(attr_id)
        if attribute.type == s.TEXT:
            return AttributeState(attr_id, None, available, excluded, None, applies=applies), not attribute.required
        return AttributeState(attr_id, None, available, excluded, value, applies=applies), value is not None

    def _valid(self, assumptions: list[int], candidates: list[int]) -> int:
        """The candidates that extend to a complete valid configuration (a bit set), reusing earlier states: values
        excluded under a subset of the assumptions (fewer choices) are excluded, values supported under a superset
        (a choice since removed or changed) are supported; only the rest is asked of the solver."""
        current = frozenset(assumptions)
        found = self._known.get(current)
        if found is not None:
            self._known[current] = self._known.pop(current)  # most recently used last
            return found[0]
        excluded = supported = 0
        for known, (ok, bad) in self._known.items():
            if known <= current:
                excluded |= bad
            elif known >= current:
                supported |= ok | mask_of(known - current)  # a removed choice was part of every solution under it
        wanted = mask_of(candidates)
        decided = excluded | supported
        todo = [lit for lit in candidates if not decided >> lit & 1]
        good, _ = self.oracle.valid_literals(assumptions, todo, known=supported & wanted)
        ok = mask_of(good) | (supported & wanted)
        if len(self._known) >= KNOWN_STATES:
            del self._known[next(iter(self._known))]
        self._known[current] = (ok, wanted & ~ok)
        if not current and wanted == self._all_literals():
            _share_empty(self.encoding, self._known[current])
        return ok

    def _all_literals(self) -> int:
        return mask_of(lit for a in self.encoding.attributes for lit in self.encoding.literals[a])

    def values(self) -> dict[str, Any]:
        """The value of every attribute that has one (chosen, forced or computed)."""
        return {k: a.value for k, a in self.state().attributes.items() if a.value is not None}

    def alternatives(self, attr_id: str) -> tuple[Any, ...]:
        """For a chosen attribute: the values it could be changed to, keeping every other choice."""
        others = self.assumptions(self.choices, without=attr_id)
        literals = self.encoding.literals[attr_id]
        supported, _ = self.oracle.valid_literals(others, literals)
        domain = self.encoding.domains[attr_id]
        return tuple(v for v, lit in zip(domain, literals, strict=True)
                     if lit in supported and v is not e.NOT_APPLICABLE)

    # ------------------------------------------------------------------ explanations and repairs
    def explain(self, attr_id: str, value: Any) -> Explanation | None:
        """A minimal reason why ``value`` is excluded for ``attr_id`` (None when it is available)."""
        literal = self.literal(attr_id, value)
        others = {a: v for a, v in self.choices.items() if a != attr_id}
        by_literal = {self.literal(a, v): (a, v) for a, v in others.items()}
        # values of a number in one segment are interchangeable: they share one explanation
        key = (self.encoding.representative.get(literal, literal), frozenset(by_literal))
        if key not in self._explained:
            if len(self._explained) > 10_000:
                self._explained.clear()
            self._explained[key] = self.oracle.explain(list(by_literal), [literal])
        conflict = self._explained[key]
        if conflict is None:
            return None
        rules = tuple(RuleReason(r, self.encoding.rules[r].message) for r in conflict.rules)
        return Explanation(attr_id, value, tuple(by_literal[c] for c in conflict.choices), rules)

    def repairs(self, insist: Mapping[str, Any], limit: int = 5) -> list[Repair]:
        """Ways to keep ``insist`` (attribute -> value) that change as few other choices as possible."""
        for attr_id, value in insist.items():
            self.literal(attr_id, value)
        return repair_module.find_repairs(self, dict(insist), limit)

    def apply_repair(self, repair: Repair) -> None:
        """Make the repair's choices the session's choices (one step for undo)."""
        self.set_many(repair.values, replace=True)

    def complete(self, cheapest: bool = False) -> dict[str, Any]:
        """Fill every open attribute: defaults followed where possible (in the model's order), and with
        ``cheapest`` the options with the smallest surcharges. Returns the values filled in."""
        return repair_module.complete(self, cheapest)
