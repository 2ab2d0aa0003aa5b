"""What similar customers chose, beside each value ("valgt av 62 %"), and "Fill in as most customers do".

The family's recommender (core/suggest: learned from the accepted quotes and imported sales) and the shares of
the values still possible are worked out off the UI thread, on a low-priority lane of their own, so a click is
never slowed; the shares are kept per configuration. With too few sales nothing is shown, and "Fill in as most
customers do" completes with the model's defaults, as "Complete with defaults" does.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import schema as s
from configurator.ui import config_sessions
from configurator.ui.work import Lane, Stale, yield_to_clicks

if TYPE_CHECKING:
    from configurator.core.quoting.models import StoredModel
    from configurator.core.suggest.recommender import Recommender
    from configurator.ui.context import AppContext

log = logging.getLogger("skredder.ui")
SHOWN_TYPES = (s.CHOICE, s.BOOLEAN)
DEBOUNCE_MS = 120

Shares = dict[str, dict[Any, float]]  # attribute -> value -> share of similar sales


class SuggestionsWorker(QObject):
    """The shares of the values of the configuration shown; ``ready`` when they arrive."""

    ready = Signal()

    def __init__(self, context: AppContext, stored: StoredModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context, self.stored = context, stored
        self.choices: dict[str, Any] = {}
        self._shares: dict[frozenset[tuple[str, Any]], Shares] = {}
        self._recommender: Recommender | None = None
        self._loading = threading.Lock()
        self.lane = Lane(context, low_priority=True, name="suggestions", parent=self)
        self._alive = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self.destroyed.connect(lambda *_: setattr(self, "_alive", False))

    def stop(self) -> None:
        """The view is closed: nothing more starts (a waiting start is dropped) and a running job stops at its
        next look at ``stale()`` (the worker itself may live on until Qt deletes it)."""
        self._alive = False
        self._timer.stop()
        self.lane.cancel()

    @property
    def key(self) -> frozenset[tuple[str, Any]]:
        return frozenset(self.choices.items())

    def recommender(self) -> Recommender:
        """The family's recommender (loaded once, off the UI thread: call it from a lane's job)."""
        with self._loading:
            if self._recommender is None:
                self._recommender = self.context.suggestions.recommender(self.stored.model)
            return self._recommender

    def show_for(self, choices: Mapping[str, Any]) -> None:
        self.choices = dict(choices)
        if self.key not in self._shares:
            self._timer.start()

    def shares(self) -> Shares:
        return self._shares.get(self.key, {})

    def _start(self) -> None:
        if not self._alive:
            return
        key, choices, stored = self.key, dict(self.choices), self.stored
        if key in self._shares:
            return

        def job(newer: Stale) -> tuple[frozenset[tuple[str, Any]], Shares]:
            from configurator.core.suggest.session import suggestions  # loaded off the UI thread

            recommender = self.recommender()
            if not recommender.enough:
                return key, {}
            with config_sessions.trial_with(stored, choices) as trial:
                found: Shares = {}
                for attribute in stored.model.chosen_attributes:
                    if attribute.type not in SHOWN_TYPES:
                        continue
                    yield_to_clicks()
                    if newer() or not self._alive:
                        return key, {}
                    ranked = suggestions(recommender, trial, attribute.id)
                    if ranked:
                        found[attribute.id] = {r.value: r.probability for r in ranked}
                return key, found

        self.lane.submit(job, self._done, self._failed)

    def _done(self, result: tuple[frozenset[tuple[str, Any]], Shares]) -> None:
        if not self._alive or not shiboken6.isValid(self):
            return
        key, shares = result
        self._shares[key] = shares
        if key == self.key:
            self.ready.emit()
        else:
            self._timer.start()

    def _failed(self, error: BaseException) -> None:
        log.warning("working out the suggestions failed: %s", error)  # the editors simply show none

    def fill_as_most_customers_do(self, session: ConfigurationSession) -> None:
        """Finish ``session`` as the most similar valid sale did; with too few sales, or none that fits, with the
        model's defaults. Runs on the view's lane (it changes the session)."""
        from configurator.core.suggest.session import popular_completion

        values = popular_completion(self.recommender(), session)
        if values is None:
            session.complete()
            return
        session.set_many({a: v for a, v in values.items() if a not in session.choices})
