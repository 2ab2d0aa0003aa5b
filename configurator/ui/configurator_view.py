"""The configurator of one quote line: steps, attribute editors, repairs, preview, live price.

The engine session (``view.session``) is the single source of truth: editors ask for a change, the view applies it
to the session and every widget then shows the session's new state. After each applied change ``changed`` is
emitted, once the editors, the step marks, the preview and the price bar are updated. A partial configuration's
"from" price is worked out off the UI thread; ``priceChanged`` tells when it is shown.

Nothing heavy runs on the UI thread: opening (the encoding, the first state), every change (the solver call
and the new state), the complete price, repairs and the preview run on the view's *lane* (one background thread,
jobs in order, see ``work.Lane``); why a value is greyed comes with the values' marks (``config_marks``) and a
chosen number's range from a lane of its own (``lookups``), so the engine is never called on the UI thread. The UI
thread shows the snapshot the lane sends back; a snapshot that is
outdated when it arrives (the user clicked again meanwhile) is dropped, and a job that sees a newer click
skips its state. The widgets show the newest state the lane has delivered (``view.state``); ``is_busy()``
tells whether a change is still being worked out. Sessions are kept warm per model version
(``config_sessions``): the second opening of a model starts from the state the first one left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

import shiboken6
from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QIcon, QKeySequence, QPainter, QPen, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from configurator.core.catalogue.quote_records import LineConfiguration
from configurator.core.documents.preview import preview_caption
from configurator.core.engine.describe import explanation_text, format_value
from configurator.core.engine.repair import Repair
from configurator.core.engine.session import ConfigurationSession, SessionError, State
from configurator.core.i18n import Message
from configurator.core.model import schema as s
from configurator.core.pricing.price import LinePrice, price_line
from configurator.core.pricing.repairs import with_price_differences
from configurator.core.quoting.given_out import NumbersGivenOut, TakenNumbers, taken_numbers
from configurator.core.quoting.models import StoredModel
from configurator.ui import config_sessions
from configurator.ui.config_marks import MarksWorker, RepairPricer
from configurator.ui.config_preview import PreviewPane
from configurator.ui.config_price import PriceBar, Terms
from configurator.ui.config_repair import RepairPanel
from configurator.ui.config_suggest import SuggestionsWorker
from configurator.ui.config_widgets import AttributeEditor, make_editor
from configurator.ui.context import AppContext
from configurator.ui.work import Lane, Stale, collector_paused


def mark_icon(done: bool) -> QIcon:
    """A step's mark: a green tick when every choice of the step is made, an amber dot while some are open."""
    pixmap = QPixmap(18, 18)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if done:
        painter.setPen(QPen(QColor("#2e7d32"), 2.4))
        painter.drawPolyline([QPointF(3.5, 9.5), QPointF(7.5, 13.5), QPointF(14.5, 4.5)])
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e09b00"))
        painter.drawEllipse(QPointF(9, 9), 4.5, 4.5)
    painter.end()
    return QIcon(pixmap)


@dataclass(frozen=True)
class Snapshot:
    """What the lane sends back after a change: the session's state and what the widgets need besides."""

    state: State
    can_undo: bool
    can_redo: bool
    price: LinePrice | None  # the price of a complete configuration (on ``terms``), else None
    terms: Terms | None
    taken: TakenNumbers | None = None  # the first numbers that reuse numbers the holding already has
    # the choice asked for, and the choices it cleared because they no longer apply (ConfigurationSession.set_clearing)
    cleared: tuple[str, tuple[str, ...]] | None = None


class Cleared(tuple[str, tuple[str, ...]]):
    """A change's result: the attribute chosen and the choices cleared with it (they no longer apply)."""


@dataclass(frozen=True)
class Offer:
    """A refused change: what the repair panel shows (worked out on the lane, with each repair's price change)."""

    attr_id: str | None  # None: a preset
    value: Any
    error: SessionError | None
    repairs: list[Repair]  # with their price differences


def take_snapshot(session: ConfigurationSession, terms: Terms | None, on_date: date,
                  numbers: NumbersGivenOut | None = None) -> Snapshot:
    """The session's state (worked out now, on the lane), the complete price, and with ``numbers`` the first
    numbers of an ear-tag series the holding already has (read from the database here, off the UI thread)."""
    state = session.state()
    price = None
    values = {k: a.value for k, a in state.attributes.items() if a.value is not None}
    if state.complete and terms is not None:
        price = price_line(session.model, values, on_date=on_date, **terms)
    taken = None
    if numbers is not None:
        model = session.model
        values.update({a: v for a, v in state.choices.items() if model.attribute(a).type == s.TEXT})
        taken = taken_numbers(model, values, numbers)
    return Snapshot(state, session.can_undo, session.can_redo, price, terms, taken)


class ConfiguratorView(QWidget):
    """One quote line's configuration: steps (left), attributes (centre), preview (right), price (bottom)."""

    changed = Signal()
    priceChanged = Signal()

    def __init__(self, context: AppContext, stored: StoredModel, *, choices: Mapping[str, Any] | None = None,
                 quantity: int = 1, customer_discount_bp: int = 0, quote: Mapping[str, Any] | None = None,
                 numbers: NumbersGivenOut | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.stored, self.model = context, stored, stored.model
        self.quote = dict(quote or {})  # the quote's parameters: the live price, from prices and effects read them
        self.numbers = numbers  # the holding's numbers given out (and the quote's other lines), or None
        self.today = context.service.today
        self.lane = Lane(context, interactive=True, name="configurator", parent=self)
        self._session: ConfigurationSession | None = None  # made on the lane; changed only there
        self._released = False
        self._ready = False
        self._state: State | None = None  # the state the widgets show
        self._snapshot: Snapshot | None = None
        self._alternatives: dict[str, tuple[Any, ...]] = {}
        self._noted: AttributeEditor | None = None  # the editor saying which choices its value cleared
        # a chosen number's range, worked out when the user goes to it, on a trial session of its own
        self.lookups = Lane(context, interactive=True, name="lookups", parent=self)
        self._looking_up: tuple[str, dict[str, Any]] | None = None
        self._stale_pages: set[int] = set()
        self._build(quantity, customer_discount_bp)
        self.retranslate()
        context.languageChanged.connect(self.retranslate)
        self._load(dict(choices or {}))

    # ------------------------------------------------------------------ building
    def _build(self, quantity: int, customer_discount_bp: int) -> None:
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setFixedWidth(230)
        self.steps.setSpacing(3)
        self._marks = {True: mark_icon(True), False: mark_icon(False)}
        self.pages = QStackedWidget()
        self.editors: dict[str, AttributeEditor] = {}
        self.page_editors: list[list[AttributeEditor]] = []
        # the first step's editors are made now, the other steps' one per turn of the event loop right after
        # (``_make_next_page``): the UI thread is never held for all of them at once (the chair's 12 took 35 ms)
        self._page_attributes = self._step_attributes()
        for _attributes in self._page_attributes:
            self.pages.addWidget(QWidget())
            self.page_editors.append([])
            self.steps.addItem(QListWidgetItem())
        self._unmade = list(range(len(self._page_attributes)))
        self._translated = False
        self._make_page(0)
        self.steps.currentRowChanged.connect(self._show_step)
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.repair = RepairPanel(self.context, self.model)
        self.repair.applied.connect(self._apply_repair)
        self.repair.cancelled.connect(self._cancel_repair)
        scroll = self.page_scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.pages)
        centre = QVBoxLayout()
        centre.addWidget(self.step_title)
        centre.addWidget(scroll, 1)
        self.repair.overlay(scroll)  # floats over the page: the fields do not move when it appears
        self.preview = PreviewPane(self.context, self.stored)
        self.preview_caption = QLabel()  # what the drawing's dimensions mean (inner/outer), in the user's language
        self.preview_caption.setObjectName("preview_caption")
        self.preview_caption.setWordWrap(True)
        self.preview_caption.setMaximumWidth(self.preview.size_px)
        self.product = QLabel()
        self.product.setWordWrap(True)
        self.product.setMaximumWidth(self.preview.size_px)
        right = QVBoxLayout()
        right.addWidget(self.preview)
        right.addWidget(self.preview_caption)
        right.addWidget(self.product)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.steps)
        middle.addLayout(centre, 1)
        middle.addLayout(right)
        self.price = PriceBar(self.context, self.stored, quantity=quantity, customer_discount_bp=customer_discount_bp,
                              quote=self.quote)
        self.price.priceChanged.connect(self.priceChanged.emit)
        self.marks = MarksWorker(self.context, self.stored, self, quote=self.quote)
        self.marks.ready.connect(self._show_marks)
        self.suggestions = SuggestionsWorker(self.context, self.stored, self)
        self.suggestions.ready.connect(self._show_marks)
        self.repair_prices = RepairPricer(self.context, self.stored, self.repair, self)
        layout = QVBoxLayout(self)
        layout.addLayout(middle, 1)
        layout.addWidget(self.price)
        layout.addLayout(self._actions())
        self._shortcuts()

    def _make_page(self, row: int) -> None:
        """Make the editors of step ``row`` (once)."""
        if row not in self._unmade:
            return
        self._unmade.remove(row)
        page = self.pages.widget(row)
        assert page is not None
        column = QVBoxLayout(page)
        editors = [self._editor(self.model.attribute(a)) for a in self._page_attributes[row]]
        for editor in editors:
            column.addWidget(editor)
        column.addStretch(1)
        self.page_editors[row] = editors
        if self._translated:  # made after the view: give it the texts and marks the others have
            for editor in editors:
                editor.retranslate()
            self._give_marks(editors)
            self._stale_pages.add(row)
        if self._unmade:
            QTimer.singleShot(0, self, self._make_next_page)

    def _make_next_page(self) -> None:
        if self._unmade and not self._released:
            self._make_page(self._unmade[0])

    def _step_attributes(self) -> list[tuple[str, ...]]:
        steps = [tuple(a for a in step.attributes if not self.model.attribute(a).is_computed)
                 for step in self.model.steps]
        placed = {a for step in steps for a in step}
        rest = tuple(a.id for a in self.model.chosen_attributes if a.id not in placed)
        return [*steps, rest] if rest else steps

    def _editor(self, attribute: s.Attribute) -> AttributeEditor:
        editor = make_editor(self.context, self.model, attribute, alternatives=self._alternatives_of,
                             images=self.stored.image)
        editor.requested.connect(self._request)
        self.editors[attribute.id] = editor
        return editor

    def _actions(self) -> QHBoxLayout:
        self.presets = QToolButton()
        self.presets.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.presets_menu = QMenu(self.presets)
        for preset in self.model.presets:
            action = self.presets_menu.addAction("")
            action.setData(preset.id)
            action.triggered.connect(lambda _checked=False, p=preset: self._apply_preset(p))
        self.presets.setMenu(self.presets_menu)
        self.presets.setVisible(bool(self.model.presets))
        self.complete_button = QPushButton()
        self.complete_button.clicked.connect(lambda: self._act(lambda session: session.complete()))
        self.popular_button = QPushButton()
        self.popular_button.clicked.connect(lambda: self._act(self.suggestions.fill_as_most_customers_do))
        self.undo_button = QPushButton()
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QPushButton()
        self.redo_button.clicked.connect(self.redo)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(lambda: self._act(lambda session: session.set_many({}, replace=True)))
        row = QHBoxLayout()
        for button in (self.presets, self.complete_button, self.popular_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.undo_button, self.redo_button, self.reset_button):
            row.addWidget(button)
        return row

    def _shortcuts(self) -> None:
        keys: list[tuple[QKeySequence, Callable[[], None]]] = [
            (QKeySequence(QKeySequence.StandardKey.Undo), self.undo),
            (QKeySequence("Ctrl+Shift+Z"), self.redo), (QKeySequence("Ctrl+Y"), self.redo)]
        for key, slot in keys:
            shortcut = QShortcut(key, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ------------------------------------------------------------------ opening
    @property
    def session(self) -> ConfigurationSession:
        """The engine session, once the view is ready: read it only while the lane is idle (``is_busy()``)."""
        assert self._session is not None, "the configurator is still opening"
        return self._session

    @property
    def state(self) -> State | None:
        """The state the widgets show (None while opening)."""
        return self._state

    def is_busy(self) -> bool:
        """Whether a change (or the opening) is still being worked out off the UI thread."""
        return self.lane.is_busy()

    def _load(self, choices: dict[str, Any]) -> None:
        """Open a session with the line's choices and compute the first state, off the UI thread."""
        self.setEnabled(False)
        stored, terms, today, numbers = self.stored, self.price.terms(), self.today, self.numbers

        def job(_stale: Stale) -> tuple[ConfigurationSession, Snapshot, BaseException | None]:
            with collector_paused():  # the first opening encodes the model: no full collection meanwhile
                try:
                    session = config_sessions.open_with(stored, choices)
                    problem = None
                except Exception as error:  # the line's choices no longer fit: open it empty and say so
                    session, problem = config_sessions.open_with(stored, {}), error
                return session, take_snapshot(session, terms, today, numbers), problem

        self.lane.submit(job, self._loaded)
        self.price.status.setText(self.context.tr("Opening the configurator…"))

    def _loaded(self, result: tuple[ConfigurationSession, Snapshot, BaseException | None]) -> None:
        session, snapshot, problem = result
        if not shiboken6.isValid(self.steps) or self._released:
            config_sessions.give_back(self.stored, session)  # closed while opening (this runs rarely)
            return
        self._session = session
        self._ready = True
        self.setEnabled(True)
        self._show(snapshot)
        self.steps.setCurrentRow(self._first_open_step())
        self.steps.setFocus()
        if problem is not None:
            self.context.show_error(self, problem)

    def release(self) -> None:
        """The view is closed: its session goes back (cleared, on the lane) for the next opening."""
        if self._released:
            return
        self._released = True
        self.price.stop()
        self.marks.stop()  # a start already timed would otherwise work out a closed view's marks and prices
        self.suggestions.stop()
        for lane in self.findChildren(Lane):  # the marks, prices and preview of a closed view are not wanted
            if lane is not self.lane:
                lane.cancel()
        session, stored = self._session, self.stored
        if session is not None:
            self.lane.submit(lambda _stale: config_sessions.give_back(stored, session))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.release()
        super().closeEvent(event)

    def is_ready(self) -> bool:
        """Opened: the first state is shown and every step's editors are made."""
        return self._ready and not self._unmade

    # ------------------------------------------------------------------ what the user sees
    def retranslate(self) -> None:
        tr, language = self.context.tr, self.context.language
        self.presets.setText(tr("Presets"))
        caption = preview_caption(self.model)
        self.preview_caption.setText(self.context.render(caption) if caption is not None else "")
        self.preview_caption.setVisible(caption is not None)
        self.presets.setToolTip(tr("Fill in a ready-made combination (Designer's Choice)"))
        for action in self.presets_menu.actions():
            preset = next(p for p in self.model.presets if p.id == action.data())
            action.setText(preset.label.get(language))
            action.setToolTip(preset.description.get(language) if preset.description else "")
        self.complete_button.setText(tr("&Complete with defaults"))
        self.complete_button.setToolTip(tr("Fill every open choice with the model's default"))
        self.popular_button.setText(tr("Fill in as &most customers do"))
        self.popular_button.setToolTip(tr("Fill every open choice as the most similar customers did (learned from "
                                          "accepted quotes); with too few sales, with the model's defaults"))
        self.undo_button.setText(tr("&Undo"))
        self.undo_button.setToolTip(tr("Undo the last change (Ctrl+Z)"))
        self.redo_button.setText(tr("Re&do"))
        self.redo_button.setToolTip(tr("Redo the change (Ctrl+Shift+Z)"))
        self.reset_button.setText(tr("&Reset"))
        self.reset_button.setToolTip(tr("Clear every choice"))
        self.product.setText(tr("{product}, version {version}", product=self.model.name.get(language),
                                version=self.model.version))
        for editor in self.editors.values():
            editor.retranslate()
        self._translated = True
        self.repair.retranslate()
        self.price.retranslate()
        if self._state is not None:
            self._mark_steps(self._state)
            self._show_step(self.steps.currentRow())

    def _mark_steps(self, state: State) -> None:
        language = self.context.language
        labels = [step.label.get(language) for step in self.model.steps] + [self.context.tr("Other")]
        snapshot = self._snapshot
        refused = snapshot.taken.attribute if snapshot is not None and snapshot.taken is not None \
            and self.numbers_problem() is not None else None  # a first number already given out: not done
        for row, attributes in enumerate(self._page_attributes):
            done = all(self._is_decided(state, self.model.attribute(a)) and a != refused for a in attributes)
            item = self.steps.item(row)
            item.setText(labels[row])
            item.setIcon(self._marks[done])
            item.setToolTip(self.context.tr("Done") if done else self.context.tr("Choices still open"))
            item.setData(Qt.ItemDataRole.UserRole, done)

    @staticmethod
    def _is_decided(state: State, attribute: s.Attribute) -> bool:
        if state.attributes[attribute.id].applies is False:
            return True  # it does not apply: nothing to choose
        if attribute.type == s.TEXT:
            return not attribute.required or state.attributes[attribute.id].chosen is not None
        return state.attributes[attribute.id].value is not None

    def open_count(self) -> int:
        """How many choices are still open ("3 choices left")."""
        state = self._state
        if state is None:
            return len(self.model.chosen_attributes)
        return sum(not self._is_decided(state, a) for a in self.model.chosen_attributes)

    def _show_step(self, row: int) -> None:
        if row < 0:
            return
        self._make_page(row)  # the user went there before its turn came
        self.pages.setCurrentIndex(row)
        steps = self.model.steps
        self.step_title.setText(steps[row].label.get(self.context.language) if row < len(steps)
                                else self.context.tr("Other"))
        if self._state is not None and row in self._stale_pages:
            self._show_page(row, self._state)

    def _show_page(self, row: int, state: State) -> None:
        for editor in self.page_editors[row]:
            editor.show_state(state.attributes[editor.id])
        self._stale_pages.discard(row)

    def _show(self, snapshot: Snapshot) -> None:
        """Show a snapshot from the lane everywhere, then tell listeners (``changed``)."""
        state = snapshot.state
        if self._noted is not None:  # what the last change cleared is no longer news (a number shows its range)
            self._noted.say("")
            self._noted = None
        if state is not self._state:
            self._alternatives = self._still_known_alternatives(self._state, state)
        self._state, self._snapshot = state, snapshot
        taken = snapshot.taken
        if taken is not None and taken.attribute in self.editors:
            self.editors[taken.attribute].taken = taken
        elif self.numbers is not None:
            for editor in self.editors.values():
                editor.taken = None
        self._mark_steps(state)
        self.preview.redraw(self._values(state))
        self.price.show_for(state, self.open_count(), snapshot.price, snapshot.terms)
        self.marks.show_for(state.choices)
        self.suggestions.show_for(state.choices)
        self._show_marks()  # paints the step shown
        self.undo_button.setEnabled(snapshot.can_undo)
        self.redo_button.setEnabled(snapshot.can_redo)
        self._tell_cleared(snapshot.cleared)  # after the editors: a number's range would cover it
        self.changed.emit()

    def _tell_cleared(self, cleared: tuple[str, tuple[str, ...]] | None) -> None:
        """Say under the attribute just chosen which choices it cleared (until the next change)."""
        if cleared is None:
            return
        attr_id, gone = cleared
        language = self.context.language
        self._noted = self.editors[attr_id]
        self._noted.say(self.context.tr("Cleared, as they do not apply now: {attributes}", attributes=", ".join(
            self.model.attribute(a).label.get(language) for a in gone)))

    @staticmethod
    def _values(state: State) -> dict[str, Any]:
        return {k: a.value for k, a in state.attributes.items() if a.value is not None}

    def _show_marks(self) -> None:
        """Each value's status, short reason and price effect (known ones at once, others when worked out).

        Only the step shown is painted (the UI thread's time goes to what the user sees); the other steps keep
        the marks and are painted when the user goes to them."""
        self._give_marks(self.editors.values())
        self._stale_pages = set(range(len(self.page_editors)))
        row = self.steps.currentRow()
        if row >= 0 and self._state is not None:
            self._show_page(row, self._state)

    def _give_marks(self, editors: Iterable[AttributeEditor]) -> None:
        marks, effects = self.marks.marks() or {}, self.marks.effects() or {}
        shares = self.suggestions.shares()
        for editor in editors:
            value_marks = getattr(editor, "value_marks", None)
            if value_marks is not None:
                value_marks.shares = shares.get(editor.id, {})
                value_marks.marks, value_marks.effects = marks.get(editor.id, {}), effects.get(editor.id, {})

    def _first_open_step(self) -> int:
        state = self._state
        if state is None:
            return 0
        for row, attributes in enumerate(self._page_attributes):
            if not all(self._is_decided(state, self.model.attribute(a)) for a in attributes):
                return row
        return 0

    # ------------------------------------------------------------------ a chosen number's range, when asked
    def _alternatives_of(self, attr_id: str, compute: bool = True) -> tuple[Any, ...] | None:
        """What a chosen attribute could change to, when known; with ``compute`` it is worked out in the background
        (a few solver calls: never on the UI thread) and shown by its editor when it arrives."""
        known = self._alternatives.get(attr_id)
        if known is None and compute and self._state is not None:
            self._look_up(attr_id, dict(self._state.choices))
        return known

    def _look_up(self, attr_id: str, choices: dict[str, Any]) -> None:
        if self._looking_up == (attr_id, choices):
            return
        self._looking_up = (attr_id, choices)
        stored = self.stored

        def job(_stale: Stale) -> tuple[Any, ...]:
            with config_sessions.trial_with(stored, choices) as trial:
                return trial.alternatives(attr_id)

        def arrived(alternatives: tuple[Any, ...]) -> None:
            self._looking_up = None
            if self._state is None or self._state.choices != choices:
                return  # the choices changed meanwhile: asked again when the user goes to the number
            self._alternatives[attr_id] = alternatives
            self.editors[attr_id].show_alternatives(alternatives)

        def failed(_error: BaseException) -> None:  # the range stays unsaid; choosing still checks every value
            self._looking_up = None

        self.lookups.submit(job, arrived, failed)

    def _still_known_alternatives(self, old: State | None, new: State) -> dict[str, tuple[Any, ...]]:
        """What an attribute could change to depends on every *other* choice: when only one attribute's choice
        changed, its own alternatives are still known (the values it had before it was chosen, or as cached)."""
        if old is None:
            return {}
        changed = [a for a in set(old.choices) | set(new.choices) if old.choices.get(a) != new.choices.get(a)]
        if len(changed) != 1 or changed[0] not in new.choices:
            return {}
        attr_id = changed[0]
        if attr_id not in old.choices:
            return {attr_id: old.attributes[attr_id].available}
        return {attr_id: self._alternatives[attr_id]} if attr_id in self._alternatives else {}

    # ------------------------------------------------------------------ changes, worked out on the lane
    def _submit(self, change: Callable[[ConfigurationSession], Any],
                refused: Callable[[ConfigurationSession, SessionError], Offer | None] | None = None) -> None:
        """Apply ``change`` to the session on the lane; show the new state (or the repairs when it is refused
        and ``refused`` offers them). Only the newest click's answer is shown."""
        if self._session is None or self._released:
            return
        self.repair.hide()
        session, terms, today, numbers = self._session, self.price.terms(), self.today, self.numbers

        def job(stale: Stale) -> Snapshot | Offer | SessionError | None:
            try:
                done = change(session)
            except SessionError as error:
                if stale():
                    return None
                return refused(session, error) if refused is not None else error
            if stale():
                return None
            snapshot = take_snapshot(session, terms, today, numbers)
            return replace(snapshot, cleared=done) if isinstance(done, Cleared) else snapshot

        self.lane.submit(job, self._answered)

    def _answered(self, answer: Snapshot | Offer | SessionError | None) -> None:
        if answer is None or not shiboken6.isValid(self.steps):
            return
        if isinstance(answer, Snapshot):
            self._show(answer)
        elif isinstance(answer, Offer):
            self._offer(answer)
        else:
            self.context.show_error(self, answer)
            if self._state is not None:
                self._show_page(self.steps.currentRow(), self._state)

    def _act(self, change: Callable[[ConfigurationSession], object]) -> None:
        """Apply one change to the session and show the result."""
        self._submit(change)

    def undo(self) -> None:
        self._act(lambda session: session.undo())

    def redo(self) -> None:
        self._act(lambda session: session.redo())

    def _request(self, attr_id: str, value: Any) -> None:
        if value is None:
            self._act(lambda session: session.unset(attr_id))
            return

        def refused(session: ConfigurationSession, error: SessionError) -> Offer:
            return Offer(attr_id, value, error, self._priced(session, session.repairs({attr_id: value}), terms))

        def choose(session: ConfigurationSession) -> Cleared | None:
            # choices the new value makes not apply (hidden from now on) are cleared with it, not asked about
            cleared = session.set_clearing(attr_id, value)
            return Cleared((attr_id, cleared)) if cleared else None

        terms = self.price.terms()
        self._submit(choose, refused)

    def _offer(self, offer: Offer) -> None:
        """A value (or preset) is not possible: show the reason and the engine's ways to keep it (or cancel)."""
        if self._state is not None:
            self._show_page(self.steps.currentRow(), self._state)  # the editor shows the session's value again
        model = self.model

        def difference(repair: Repair) -> Decimal | None:
            return repair.price_difference

        if offer.attr_id is None:
            preset = next(p for p in model.presets if p.id == offer.value)

            def preset_heading() -> str:
                return self.context.tr("The preset “{preset}” does not fit your choices. Keep the preset and "
                                       "change:", preset=preset.label.get(self.context.language))

            self.repair.offer(preset_heading, lambda: "", offer.repairs, difference)
            self.repair_prices.price(self._state.choices if self._state else {}, offer.repairs, self.price.terms())
            return
        attr_id, value = offer.attr_id, offer.value
        attribute = model.attribute(attr_id)
        explanation = offer.error.explanation if offer.error is not None else None

        def heading() -> str:
            language = self.context.language
            return self.context.tr("{attribute}: “{value}” is not possible with your other choices. Keep this "
                                   "choice and change the others:", attribute=attribute.label.get(language),
                                   value=format_value(model, attr_id, value, language))

        def reason() -> str:
            return explanation_text(model, explanation, self.context.language) if explanation else ""

        self.repair.offer(heading, reason, offer.repairs, difference)
        self.repair_prices.price(self._state.choices if self._state else {}, offer.repairs, self.price.terms())

    def _apply_preset(self, preset: s.Preset) -> None:
        self._submit_preset(preset.id)

    def _submit_preset(self, preset_id: str) -> None:
        if self._session is None or self._released:
            return
        self.repair.hide()
        session, terms, today, numbers = self._session, self.price.terms(), self.today, self.numbers

        def job(stale: Stale) -> Snapshot | Offer | SessionError | None:
            try:
                repairs = session.apply_preset(preset_id)
            except SessionError as error:
                return None if stale() else error
            if repairs:
                return None if stale() else Offer(None, preset_id, None, self._priced(session, repairs, terms))
            return None if stale() else take_snapshot(session, terms, today, numbers)

        self.lane.submit(job, self._answered)

    def _apply_repair(self, repair: Repair) -> None:
        self._act(lambda session: session.apply_repair(repair))

    def _cancel_repair(self) -> None:
        self.repair.hide()
        if self._state is not None:
            self._show_page(self.steps.currentRow(), self._state)

    def _priced(self, session: ConfigurationSession, repairs: list[Repair], terms: Terms) -> list[Repair]:
        """The repairs with what each changes in the price (on the lane)."""
        return with_price_differences(session, repairs, on_date=self.today, **terms)

    def set_terms(self, *, quantity: int | None = None, line_discount_bp: int | None = None) -> None:
        """Price the line for another quantity or line discount."""
        self.price.set_terms(quantity=quantity, line_discount_bp=line_discount_bp)

    # ------------------------------------------------------------------ results
    def is_complete(self) -> bool:
        return self._ready and self._state is not None and self._state.complete

    def numbers_problem(self) -> Message | None:
        """Why the line cannot be added as it is: its first number reuses numbers the holding already has."""
        snapshot, state = self._snapshot, self._state
        if snapshot is None or state is None or snapshot.taken is None:
            return None
        return snapshot.taken.message(state.attributes[snapshot.taken.attribute].value)

    def configuration(self) -> LineConfiguration:
        """The choices and values of the state shown, as ``QuoteService.configure`` returns them."""
        assert self._state is not None, "the configurator is still opening"
        state = self._state
        values = self._values(state)
        values.update({a: v for a, v in state.choices.items() if self.model.attribute(a).type == s.TEXT})
        return LineConfiguration(dict(state.choices), values)
