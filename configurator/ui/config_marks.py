"""What each value of a choice or a yes/no shows beside it: its status, its reason and its price effect.

One visual language for every value (the editors in ``config_widgets`` draw it):

- **chosen**: the user's choice (checked, bold);
- **implied**: not chosen, but the only value the other choices leave (checked, italic, "set by your choices");
- **possible**: can be chosen as it is;
- **needs changes**: can be chosen, but other choices must change ("needs changes: Height") — choosing it opens
  the repair panel; for a chosen attribute these are the values outside its alternatives (so "Edit line", where
  every attribute is chosen, greys too);
- **impossible**: not possible whatever else is chosen (with the model's reason);
- **clears**: can be chosen; choices of attributes it makes not apply (their ``applies_when`` turns false) are
  cleared with it ("clears: Inner width"), without the repair panel (``ConfigurationSession.set_clearing``).

Working this out asks the engine (alternatives of every chosen attribute, one explanation per greyed value) and
the price effects ask for "from" prices, so both run off the UI thread (``MarksWorker``), on sessions of their
own over the same encoding; the user's session is never touched. Texts are made on the UI thread from the
results (``short_reason``, ``full_reason``, ``effect_text``), so a language switch needs no new work.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from configurator.core.engine.repair import Repair
from configurator.core.engine.session import Explanation
from configurator.core.i18n import translate
from configurator.core.model import schema as s
from configurator.core.model.nodes import NOT_APPLICABLE
from configurator.core.pricing.calculate import price_line
from configurator.core.pricing.cheapest import cheapest_values
from configurator.core.pricing.money import format_money, format_number
from configurator.core.quoting.models import StoredModel
from configurator.ui import config_sessions
from configurator.ui.config_price import Terms
from configurator.ui.config_repair import RepairPanel
from configurator.ui.context import AppContext
from configurator.ui.work import Lane, Stale, yield_to_clicks

CHOSEN, IMPLIED, POSSIBLE, NEEDS_CHANGES, IMPOSSIBLE = "chosen", "implied", "possible", "needs_changes", "impossible"
CLEARS = "clears"
GREYED = (NEEDS_CHANGES, IMPOSSIBLE)
SHORT_LIMIT = 48  # characters of a rule's message shown beside an impossible value
FALLBACK_SECONDS = 3.0  # at most this long for the "from" prices that need a new cheapest completion
DEBOUNCE_MS = 120
MARKED_TYPES = (s.CHOICE, s.BOOLEAN)
log = logging.getLogger("skredder.ui")


@dataclass(frozen=True)
class Mark:
    status: str
    explanation: Explanation | None = None
    cleared: tuple[str, ...] = ()  # CLEARS: the choices that choosing the value clears


Marks = dict[str, dict[Any, Mark]]  # attribute -> value -> mark
Effects = dict[str, dict[Any, Decimal]]  # attribute -> value -> change of the unit price (excl. VAT)


_trial = config_sessions.trial_with


class Outdated(Exception):
    """The configuration is no longer shown (or the view is closed): the work stops."""


def _never() -> bool:
    return False


def value_marks(stored: StoredModel, choices: Mapping[str, Any], stale: Callable[[], bool] = _never) -> Marks:
    """Every choice's and yes/no's values marked for ``choices`` (runs off the UI thread; stops with
    :class:`Outdated` when ``stale()``)."""
    model = stored.model
    with _trial(stored, choices) as trial:
        state = trial.state()
        marks: Marks = {}
        for attribute in model.chosen_attributes:
            if attribute.type not in MARKED_TYPES:
                continue
            yield_to_clicks()  # a click being answered goes first
            if stale():
                raise Outdated
            shown = state.attributes[attribute.id]
            chosen = attribute.id in trial.choices
            possible = set(trial.alternatives(attribute.id) if chosen else shown.available)
            found: dict[Any, Mark] = {}
            for value in trial.encoding.domains[attribute.id]:
                if value is NOT_APPLICABLE:  # "no value" (applies_when) is not a value to mark
                    continue
                if chosen and value == shown.value:
                    found[value] = Mark(CHOSEN)
                elif not chosen and shown.value is not None and value == shown.value:
                    found[value] = Mark(IMPLIED)
                elif value in possible:
                    found[value] = Mark(POSSIBLE)
                else:
                    yield_to_clicks()  # every explanation (a few solver calls): a click goes first
                    if stale():
                        raise Outdated
                    explanation = trial.explain(attribute.id, value)
                    status = NEEDS_CHANGES if explanation is not None and explanation.choices else IMPOSSIBLE
                    cleared = trial.clearing(attribute.id, value) if status == NEEDS_CHANGES else ()
                    found[value] = Mark(CLEARS, explanation, cleared) if cleared else Mark(status, explanation)
            marks[attribute.id] = found
        return marks


def price_effects(stored: StoredModel, choices: Mapping[str, Any], marks: Marks, *, on_date: date,
                  stale: Callable[[], bool] = _never, quote: Mapping[str, Any] | None = None) -> Effects:
    """How the unit price changes when a value is chosen, the other choices kept (runs off the UI thread).

    Complete: the exact difference. Partial: the difference of the "from" prices — the cheapest completion found
    with the value swapped in, when that is still valid; otherwise a cheapest completion of its own (within a
    time budget; values past it get no effect shown). ``quote``: the quote's parameters prices may read."""
    model = stored.model

    def checkpoint() -> None:
        yield_to_clicks()  # a click being answered goes first
        if stale():
            raise Outdated

    def cost(values: Mapping[str, Any]) -> Decimal:
        checkpoint()
        return price_line(model, values, on_date=on_date, quote=quote).unit_price

    with _trial(stored, choices) as trial:
        state = trial.state()
        if state.complete:
            base_values = {a.id: state.attributes[a.id].value for a in model.chosen_attributes
                           if a.type != s.TEXT and state.attributes[a.id].value is not None}
        else:
            base_values = {a: v for a, v in cheapest_values(trial, cost, checkpoint=checkpoint).items()
                           if model.attribute(a).type != s.TEXT}
        base = cost(base_values)
        budget_end = time.monotonic() + FALLBACK_SECONDS
        effects: Effects = {}
        for attr_id, values in marks.items():
            found: dict[Any, Decimal] = {}
            for value, mark in values.items():
                if mark.status not in (CHOSEN, IMPLIED, POSSIBLE):
                    continue
                checkpoint()
                swapped = {**base_values, attr_id: value}
                literals = [trial.encoding.literal(a, v) for a, v in swapped.items()]
                if None not in literals and trial.oracle.solve([lit for lit in literals if lit is not None]):
                    found[value] = cost(swapped) - base
                elif time.monotonic() < budget_end:
                    with _trial(stored, {**choices, attr_id: value}) as other:
                        found[value] = cost(cheapest_values(other, cost, trial=other, checkpoint=checkpoint)) - base
            effects[attr_id] = found
        return effects


# ---------------------------------------------------------------------- texts (UI thread)
def _labels(model: s.ProductModel, explanation: Explanation, language: str) -> str:
    seen: list[str] = []
    for attr_id, _value in explanation.choices:
        label = model.attribute(attr_id).label.get(language)
        if label not in seen:
            seen.append(label)
    return ", ".join(seen)


def _cleared_labels(model: s.ProductModel, mark: Mark, language: str) -> str:
    return ", ".join(model.attribute(a).label.get(language) for a in mark.cleared)


def short_reason(model: s.ProductModel, mark: Mark, language: str) -> str:
    """The few words beside a value: "set by your choices", "needs changes: Height", "not possible: …"."""
    if mark.status == IMPLIED:
        return translate("set by your other choices", language)
    if mark.status == NEEDS_CHANGES and mark.explanation is not None:
        return translate("needs changes: {attributes}", language,
                         attributes=_labels(model, mark.explanation, language))
    if mark.status == CLEARS:
        return translate("clears: {attributes}", language, attributes=_cleared_labels(model, mark, language))
    if mark.status == IMPOSSIBLE:
        rules = " ".join(r.message.get(language) for r in mark.explanation.rules) if mark.explanation else ""
        if len(rules) > SHORT_LIMIT:
            rules = rules[:SHORT_LIMIT].rsplit(" ", 1)[0].rstrip(",.;:") + " …"
        return translate("not possible: {reason}", language, reason=rules) if rules else \
            translate("not possible", language)
    return ""


def full_reason(model: s.ProductModel, mark: Mark, language: str) -> str:
    """The whole reason as a wrapped paragraph (rich text, so Qt wraps the tooltip): the rule, then the choices
    it conflicts with."""
    from configurator.core.engine.describe import format_value

    if mark.status == IMPLIED:
        return "<p>" + html.escape(translate("Your other choices leave only this value.", language)) + "</p>"
    if mark.status == CLEARS:
        return "<p>" + html.escape(translate("Choosing it clears {attributes}: they do not apply with it.", language,
                                             attributes=_cleared_labels(model, mark, language))) + "</p>"
    if mark.status not in GREYED:
        return ""
    if mark.explanation is None:
        return "<p>" + html.escape(translate("Not possible with the current choices.", language)) + "</p>"
    rules = " ".join(r.message.get(language) for r in mark.explanation.rules)
    parts = [f"<p>{html.escape(rules)}</p>"] if rules else []
    if mark.explanation.choices:
        choices = ", ".join(
            translate("{attribute} = {value}", language, attribute=model.attribute(a).label.get(language),
                      value=format_value(model, a, v, language))
            for a, v in mark.explanation.choices)
        parts.append("<p>" + html.escape(translate("Because of your choices: {choices}. Choosing this value "
                                                   "offers to change them.", language, choices=choices)) + "</p>")
    return "".join(parts)


def money_short(amount: Decimal, language: str) -> str:
    """``kr 744`` (whole kroner without ",00"), ``kr 12,50``."""
    text = format_money(abs(amount), language)
    if abs(amount) == abs(amount).to_integral_value():
        text = text[:-3]
    return text


def effect_text(model: s.ProductModel, attr_id: str, value: Any, effect: Decimal | None, language: str) -> str:
    """"+kr 744", "−kr 300", "−5 %" (an option whose price is a percent), "" (no change or not known)."""
    attribute = model.attribute(attr_id)
    price: s.PriceEffect | None
    if attribute.type == s.CHOICE:
        option = attribute.option(str(value))
        price = option.price if option else None
    else:
        price = attribute.price if value is True else None
    if price is not None and price.kind == "percent" and price.amount:
        sign = "+" if price.amount > 0 else "−"
        return f"{sign}{format_number(abs(price.amount), language)}\u00a0%"
    if effect is None or effect == 0:
        return ""
    return ("+" if effect > 0 else "−") + money_short(effect, language)


# ---------------------------------------------------------------------- the worker (UI thread side)
class MarksWorker(QObject):
    """Works out the marks, then the price effects, of the configuration shown; ``ready`` when either arrives.

    Results are kept per configuration (undo and redo show known marks at once); a result for a configuration
    that is no longer shown is kept, not shown."""

    ready = Signal()

    def __init__(self, context: AppContext, stored: StoredModel, parent: QObject | None = None, *,
                 quote: Mapping[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.context, self.stored = context, stored
        self.quote: dict[str, Any] = dict(quote or {})  # the quote's parameters (the price effects read them)
        self.choices: dict[str, Any] = {}
        self._marks: dict[frozenset[tuple[str, Any]], Marks] = {}
        self._effects: dict[frozenset[tuple[str, Any]], Effects] = {}
        self.lane = Lane(context, low_priority=True, name="marks", parent=self)
        self._alive = True
        self._shown: frozenset[tuple[str, Any]] = frozenset()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self.destroyed.connect(lambda *_: setattr(self, "_alive", False))  # running jobs stop

    def stop(self) -> None:
        """The view is closed: nothing more starts (a waiting start is dropped) and a running job stops at its
        next look at ``stale()`` (the worker itself may live on until Qt deletes it)."""
        self._alive = False
        self._timer.stop()
        self.lane.cancel()

    @property
    def key(self) -> frozenset[tuple[str, Any]]:
        return frozenset(self.choices.items())

    def show_for(self, choices: Mapping[str, Any]) -> None:
        self.choices = dict(choices)
        self._shown = self.key  # read by the running job (one reference: safe across threads)
        if self.key not in self._marks or self.key not in self._effects:
            self._timer.start()

    def marks(self) -> Marks | None:
        return self._marks.get(self.key)

    def effects(self) -> Effects | None:
        return self._effects.get(self.key)

    def is_settled(self) -> bool:
        return self.key in self._marks and self.key in self._effects

    def _start(self) -> None:
        if not self._alive:
            return
        if self.is_settled():
            return
        key, choices, stored, day = self.key, dict(self.choices), self.stored, self.context.service.today
        known, quote = self._marks.get(key), self.quote

        def job(newer: Stale) -> tuple[frozenset[tuple[str, Any]], Marks | None, Effects | None]:
            def stale() -> bool:
                return newer() or not self._alive or self._shown != key

            try:
                if known is None:
                    return key, value_marks(stored, choices, stale), None  # the marks first: they are quick
                return key, known, price_effects(stored, choices, known, on_date=day, stale=stale, quote=quote)
            except Outdated:
                return key, None, None

        self.lane.submit(job, self._done, self._failed)

    def _done(self, result: tuple[frozenset[tuple[str, Any]], Marks | None, Effects | None]) -> None:
        if not self._alive or not shiboken6.isValid(self):
            return
        key, marks, effects = result
        if marks is not None:
            self._marks[key] = marks
        if effects is not None:
            self._effects[key] = effects
        if not self.is_settled() and (marks is not None or key != self.key):
            self._timer.start()  # the price effects next, or the configuration shown now
        if key == self.key:
            self.ready.emit()

    def _failed(self, error: BaseException) -> None:
        log.warning("working out the values' marks failed: %s", error)  # the editors simply show no marks


def repair_from_differences(stored: StoredModel, choices: Mapping[str, Any], repairs: Sequence[Repair], *,
                            on_date: date, terms: Terms, stale: Callable[[], bool] = _never,
                            ) -> list[Decimal | None]:
    """For a partial configuration: what each repair changes in the "from" line total (runs off the UI thread)."""
    model = stored.model

    def checkpoint() -> None:
        yield_to_clicks()
        if stale():
            raise Outdated

    def cost(values: Mapping[str, Any]) -> Decimal:
        checkpoint()
        return price_line(model, values, on_date=on_date, quote=terms["quote"]).unit_price

    def from_total(wanted: Mapping[str, Any]) -> Decimal:
        with _trial(stored, wanted) as trial:
            values = cheapest_values(trial, cost, trial=trial, checkpoint=checkpoint)
        return price_line(model, values, on_date=on_date, **terms).line_total

    before = from_total(choices)
    return [from_total(repair.values) - before for repair in repairs]


class RepairPricer(QObject):
    """Fills in the repair panel's price differences of a partial configuration ("from" prices), off the UI
    thread; the panel shows the repairs at once and the differences when they arrive."""

    def __init__(self, context: AppContext, stored: StoredModel, panel: RepairPanel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context, self.stored, self.panel = context, stored, panel
        self.lane = Lane(context, low_priority=True, name="repair-prices", parent=self)
        self._offered: tuple[Repair, ...] = ()

    def price(self, choices: Mapping[str, Any], repairs: Sequence[Repair], terms: Terms) -> None:
        """Work out the differences when the panel has none (the configuration is partial)."""
        self._offered = tuple(repairs)
        if not repairs or any(r.price_difference is not None for r in repairs):
            return
        offered, stored, day, choices = self._offered, self.stored, self.context.service.today, dict(choices)

        def job(newer: Stale) -> tuple[tuple[Repair, ...], list[Decimal | None]] | None:
            def stale() -> bool:
                return newer() or self._offered != offered

            try:
                return offered, repair_from_differences(stored, choices, offered, on_date=day, terms=terms,
                                                        stale=stale)
            except Outdated:
                return None

        self.lane.submit(job, self._done, lambda error: log.warning("repair prices failed: %s", error))

    def _done(self, result: tuple[tuple[Repair, ...], list[Decimal | None]] | None) -> None:
        if result is None or not shiboken6.isValid(self.panel) or result[0] != self._offered:
            return
        if tuple(self.panel.repairs) == result[0]:
            self.panel.show_from_differences(result[1])
