"""The configurator's price bar: the live price with an expandable breakdown, and the completeness status.

A complete configuration is priced with its state, on the configurator's lane (``price_line``, well under a
millisecond). A partial one shows a "from" price: the cheapest complete configuration that keeps the choices,
which takes up to a few seconds on the window model — so it is worked out off the UI thread
(a low-priority ``Lane``), on a session (and solver) of its own over the same encoding, a moment after the user
stops clicking; it gives way to the user's clicks (``yield_to_clicks``), so it never delays one, and it stops
as soon as the configuration changes or the view closes. Results are
kept per configuration, so undo and redo show a known price at once; a result for a configuration that is no
longer shown is kept, not displayed.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any, TypedDict

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from configurator.core.engine.session import State
from configurator.core.pricing.cheapest import cheapest_values
from configurator.core.pricing.price import LinePrice, price_line
from configurator.core.quoting.models import StoredModel
from configurator.ui import config_sessions
from configurator.ui.context import AppContext
from configurator.ui.work import Lane, Stale, yield_to_clicks

DEBOUNCE_MS = 150
Key = tuple[frozenset[tuple[str, Any]], int, int, int]


class Terms(TypedDict):
    """The terms a line is priced on."""

    quantity: int
    customer_discount_bp: int
    line_discount_bp: int
    quote: Mapping[str, Any]  # the quote's parameters (prices may read ``quote.NAME``)


def price_key(choices: Mapping[str, Any], quantity: int, customer_bp: int, line_bp: int) -> Key:
    return frozenset(choices.items()), quantity, customer_bp, line_bp


class PriceCancelled(Exception):
    """The price is no longer wanted (the user changed the configuration, or closed the view)."""


def cheapest_price(stored: StoredModel, choices: Mapping[str, Any], *, quantity: int, on_date: date,
                   customer_discount_bp: int, line_discount_bp: int, quote: Mapping[str, Any] | None = None,
                   cancelled: threading.Event | None = None) -> LinePrice:
    """The "from" price of ``choices`` (runs off the UI thread on a warm trial session of its own, borrowed from
    ``config_sessions``: the user's session is not touched)."""
    model = stored.model

    def checkpoint() -> None:
        yield_to_clicks()  # a click being answered goes first
        if cancelled is not None and cancelled.is_set():
            raise PriceCancelled

    def cost(values: Mapping[str, Any]) -> Any:
        checkpoint()
        return price_line(model, values, on_date=on_date, quote=quote).unit_price

    trial = config_sessions.borrow(stored)
    keep = False
    try:
        trial.set_many(dict(choices), replace=True)
        keep = True  # from here the trial is consistent after every step (a cancel comes between them)
        values = cheapest_values(trial, cost, trial=trial, checkpoint=checkpoint)
    finally:
        if keep:
            config_sessions.lend_back(stored, trial)
        else:
            trial.close()
    price = price_line(model, values, quantity=quantity, on_date=on_date, customer_discount_bp=customer_discount_bp,
                       line_discount_bp=line_discount_bp, quote=quote)
    return replace(price, complete=False)


class PriceBar(QWidget):
    """Price, breakdown and status; ``priceChanged`` when the shown price is final for the configuration."""

    priceChanged = Signal()

    def __init__(self, context: AppContext, stored: StoredModel, *, quantity: int = 1, customer_discount_bp: int = 0,
                 line_discount_bp: int = 0, quote: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.context, self.stored = context, stored
        self.quote: dict[str, Any] = dict(quote or {})  # the quote's parameters, fixed while the view is open
        self.quantity, self.line_discount_bp = quantity, line_discount_bp
        self.customer_discount_bp = customer_discount_bp
        self.price: LinePrice | None = None  # the price shown (None: being worked out)
        self.choices: dict[str, Any] = {}
        self.complete = False
        self.open_count = 0
        self._state: State | None = None
        self._known: dict[Key, LinePrice] = {}
        self.lane = Lane(context, low_priority=True, name="price", rank=0, parent=self)  # before the marks
        self._cancel = threading.Event()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start)
        self.amount = QLabel()
        self.amount.setObjectName("price")
        big = QFont(self.amount.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.amount.setFont(big)
        self.amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.terms_label = QLabel()  # "excl. VAT · 2 × kr 6 426,00": what the big amount is
        self.terms_label.setObjectName("priceTerms")
        self.status = QLabel()
        self.status.setObjectName("status")
        self.details = QToolButton()
        self.details.setCheckable(True)
        self.details.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details.setArrowType(Qt.ArrowType.RightArrow)
        self.details.toggled.connect(self._toggle)
        self.breakdown = QLabel()
        self.breakdown.setTextFormat(Qt.TextFormat.PlainText)
        self.breakdown.setWordWrap(True)
        self.breakdown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.breakdown.hide()
        top = QHBoxLayout()
        top.addWidget(self.amount)
        top.addWidget(self.terms_label, 0, Qt.AlignmentFlag.AlignBaseline)
        top.addSpacing(16)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.details)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.breakdown)

    # ------------------------------------------------------------------ what is shown
    @property
    def key(self) -> Key:
        return price_key(self.choices, self.quantity, self.customer_discount_bp, self.line_discount_bp)

    def is_settled(self) -> bool:
        """Whether the price shown is the final one for the configuration shown (no work pending)."""
        return self.price is not None

    def terms(self) -> Terms:
        return {"quantity": self.quantity, "customer_discount_bp": self.customer_discount_bp,
                "line_discount_bp": self.line_discount_bp, "quote": self.quote}

    def show_for(self, state: State, open_count: int, price: LinePrice | None = None,
                 priced_on: Terms | None = None) -> None:
        """Show the price of the state's configuration: when complete the price worked out with the state (on
        the lane), else a known or a pending "from" price."""
        self.choices = dict(state.choices)
        self.complete = state.complete
        self.open_count = open_count
        self._state = state
        if self.complete:
            if price is None or priced_on != self.terms():  # the terms changed since: priced here (< 1 ms)
                values = {k: a.value for k, a in state.attributes.items() if a.value is not None}
                price = price_line(self.stored.model, values, on_date=self.context.service.today, **self.terms())
            self.price = price
            self._timer.stop()
        else:
            self.price = self._known.get(self.key)
            if self.price is None:
                self.stop()  # the price being worked out is of a configuration no longer shown
                self._timer.start()
        self.retranslate()
        if self.price is not None:
            self.priceChanged.emit()

    def set_terms(self, *, quantity: int | None = None, line_discount_bp: int | None = None) -> None:
        self.quantity = quantity if quantity is not None else self.quantity
        self.line_discount_bp = line_discount_bp if line_discount_bp is not None else self.line_discount_bp
        if self._state is not None:
            self.show_for(self._state, self.open_count)

    def retranslate(self) -> None:
        tr, language = self.context.tr, self.context.language
        self.details.setText(tr("Price details"))
        self.details.setToolTip(tr("Show how the price is made up"))
        if self.complete:
            self.status.setText(tr("Complete"))
        else:
            self.status.setText(self.context.tr_n("{count} choice left", "{count} choices left", self.open_count))
        if self.price is None:
            self.terms_label.setText(tr("excl. VAT"))
            self.amount.setText(tr("from …"))
            self.amount.setToolTip(tr("Working out the lowest price for these choices"))
            self.breakdown.setText(tr("Working out the lowest price for these choices"))
            return
        total = self.context.money(self.price.line_total)
        self.terms_label.setText(self._terms_text(self.price))
        self.amount.setText(total if self.price.complete else tr("from {amount}", amount=total))
        self.amount.setToolTip("" if self.price.complete else tr("The cheapest complete configuration that keeps "
                                                                 "your choices"))
        self.breakdown.setText("\n".join(self.price.describe(language)))

    def _terms_text(self, price: LinePrice) -> str:
        """"excl. VAT" for one; for more, what one costs: "excl. VAT · 2 × kr 6 426,00 (less discounts)"."""
        tr = self.context.tr
        if price.quantity <= 1:
            return tr("excl. VAT")
        unit = self.context.money(price.unit_price)
        if price.line_total != price.unit_price * price.quantity:
            return tr("excl. VAT, for the line · {quantity} × {unit} per unit, less discounts",
                      quantity=price.quantity, unit=unit)
        return tr("excl. VAT, for the line · {quantity} × {unit} per unit", quantity=price.quantity, unit=unit)

    def _toggle(self, shown: bool) -> None:
        self.breakdown.setVisible(shown)
        self.details.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # ------------------------------------------------------------------ the from price, off the UI thread
    def stop(self) -> None:
        """Stop working out the "from" price (the view is closed, or the configuration changed)."""
        self._cancel.set()
        self._timer.stop()

    def _start(self) -> None:
        if self.complete or self.key in self._known:
            return
        key, choices, terms = self.key, dict(self.choices), self.terms()
        stored, day = self.stored, self.context.service.today
        self._cancel = cancelled = threading.Event()

        def job(_stale: Stale) -> tuple[Key, LinePrice] | None:
            try:
                return key, cheapest_price(stored, choices, on_date=day, cancelled=cancelled, **terms)
            except PriceCancelled:
                return None

        self.lane.submit(job, self._done, self._failed)

    def _done(self, result: tuple[Key, LinePrice] | None) -> None:
        if result is None or not shiboken6.isValid(self.amount):
            return  # cancelled, or the view was closed meanwhile
        key, price = result
        self._known[key] = price
        if key == self.key and not self.complete:
            self.price = price
            self.retranslate()
            self.priceChanged.emit()
        elif not self.complete and self.price is None:
            self._timer.start()  # the configuration changed while this one was worked out

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self.amount):
            return
        self.amount.setText(self.context.tr("Price not available"))
        self.amount.setToolTip(self.context.error_text(error))
