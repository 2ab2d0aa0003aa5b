"""The configurator's attribute editors: one widget per attribute that *displays* the session's state of it.

An editor never decides anything: it shows the attribute's value and which values are possible now, and asks
for a change with ``requested(attr_id, value)`` (``None``: clear the choice). The view applies the request to the
session and calls ``show_state`` again. Values that are not possible are greyed but stay clickable: choosing one
asks the view for a repair. Beside each value of a choice or a yes/no stand its price effect and, when it is not
simply possible, a short reason ("needs changes: Height"); the whole reason is the tooltip (on hover and on
focus), a wrapped paragraph, set with every state shown (never made while Qt paints: a Python override there runs
for every item painted and waits for Python's lock while background work runs). Both come from ``show_marks``
(worked out in the background, ``config_marks``); until they arrive the state alone greys and a greyed value
says only that it is not possible now. How a single value looks (picture, greying, side labels, tooltip) is
``config_values``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QPalette,
    QPixmap,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from configurator.core.engine.describe import format_value, unit_label
from configurator.core.engine.session import AttributeState
from configurator.core.model import schema as s
from configurator.core.pricing.money import format_number
from configurator.core.quoting.given_out import TakenNumbers
from configurator.ui.config_marks import (
    Mark,
    money_short,
)
from configurator.ui.config_values import (
    EFFECT_COLOUR,
    ICON_SIZE,
    HoverCheck,
    HoverRadio,
    ValueMarks,
    grey,
    option_icon,
    set_tip,
    show_side,
    side_label,
    style_button,
)
from configurator.ui.context import AppContext
from configurator.ui.number_input import DecimalSpinBox

PICTURE_COLUMNS = 2  # radio buttons with pictures stand in a grid
# ... when their labels are short enough: two columns of wider ones would make the page wider than the configurator
# at 1280 × 800 (the page never scrolls sideways, so the right column's prices and reasons would be cut off)
PICTURE_COLUMN_WIDTH = 200  # a button with its picture and label (two such columns fit at 1280 × 800)
RADIO_LIMIT = 6  # a choice with more options than this is a combo box
# chosen attribute -> the values it could change to; with compute=False only what is known already (else None):
# working them out can take a while on big numbers, so a chosen number asks only when the user goes to it, and
# with compute=True the answer comes later, in the background (``AttributeEditor.show_alternatives``)
Alternatives = Callable[[str, bool], tuple[Any, ...] | None]
UNAVAILABLE = Qt.ItemDataRole.UserRole + 1


class AttributeEditor(QWidget):
    """The title, help and control of one attribute; subclasses make the control."""

    requested = Signal(str, object)

    def __init__(self, context: AppContext, model: s.ProductModel, attribute: s.Attribute, *,
                 alternatives: Alternatives, images: Callable[[str], bytes]) -> None:
        super().__init__()
        self.context, self.model, self.attribute = context, model, attribute
        self.alternatives, self.images = alternatives, images
        self.state: AttributeState | None = None
        self.title = QLabel()
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setProperty("role", "help")
        self.note = QLabel()  # the allowed range now, a refused value
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.help)
        self.control = self.make_control()
        layout.addWidget(self.control)
        layout.addWidget(self.note)
        if self.has_notes:  # the line is kept (empty) so that a note never moves the fields below
            self.note.setWordWrap(False)
            # a long note never widens the page (that would cut off the help texts); the tooltip has it whole
            self.note.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.note.setMinimumHeight(self.note.fontMetrics().lineSpacing())
        else:
            self.note.hide()

    has_notes = False  # whether the editor says things under its control ("Allowed now: …", a refused value)
    taken: TakenNumbers | None = None  # for the first number of an ear-tag series: the numbers already given out

    @property
    def id(self) -> str:
        return self.attribute.id

    def make_control(self) -> QWidget:
        raise NotImplementedError

    def text(self, value: Any) -> str:
        return format_value(self.model, self.id, value, self.context.language)

    def retranslate(self) -> None:
        language = self.context.language
        self.title.setText(self.attribute.label.get(language))
        self.title.setBuddy(self.focus_widget())
        help_text = (self.attribute.help or self.attribute.description)
        self.help.setText(help_text.get(language) if help_text else "")
        self.help.setVisible(help_text is not None)
        if self.state is not None:
            self.show_state(self.state)

    def focus_widget(self) -> QWidget:
        return self.control

    def show_state(self, state: AttributeState) -> None:
        self.state = state
        self.setVisible(state.applies is not False)  # an attribute that does not apply is hidden (applies_when)

    def show_marks(self, marks: dict[Any, Mark], effects: dict[Any, Decimal]) -> None:
        """The values' marks and price effects (for a choice or a yes/no; other editors show none)."""

    def show_alternatives(self, alternatives: tuple[Any, ...]) -> None:
        """The values the chosen value could change to, worked out in the background (a number shows them)."""

    def say(self, text: str, *, error: bool = False) -> None:
        """A line under the control: the allowed range, or why a value was refused."""
        self.note.setText(text)
        self.note.setProperty("role", "error" if error else "note")
        self.note.setStyleSheet("color: #a32020;" if error else "")
        self.note.setToolTip(text)  # a note longer than the column is cut off on screen, whole here
        if self.has_notes:  # a refusal, and a range with numbers already given out, are read in full
            self.note.setWordWrap(error or (self.taken is not None and bool(self.taken.ranges)))
        else:
            self.note.setVisible(bool(text))


class ChoiceRadios(AttributeEditor):
    """A choice of up to six options as radio buttons (with the options' pictures), each with its price effect
    and short reason beside it."""

    def make_control(self) -> QWidget:
        box = QWidget()
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(12)
        self.grid = layout
        self.columns = 0
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # the session decides what is checked; no auto-exclusive flicker
        self.buttons: dict[str, QAbstractButton] = {}
        self.effects: dict[str, QLabel] = {}
        self.reasons: dict[str, QLabel] = {}
        self.value_marks = ValueMarks(self)
        for option in self.attribute.options:
            button = HoverRadio()
            button.setAutoExclusive(False)
            button.tip = partial(self._tip, option)
            icon = option_icon(self.images(option.image) if option.image else None, option.colour)
            if icon is not None:
                button.setIcon(icon)
                button.setIconSize(QPixmap(ICON_SIZE, ICON_SIZE).size())
            button.clicked.connect(lambda _checked=False, o=option.id: self._clicked(o))
            self.group.addButton(button)
            self.effects[option.id], self.reasons[option.id] = side_label(), side_label(clipped=True)
            self.buttons[option.id] = button
        self._place(1)
        return box

    def _place(self, columns: int) -> None:
        """The options in ``columns`` columns, each as button, price effect, short reason (the reasons take the
        room left)."""
        if columns == self.columns:
            return
        for column in range(3 * max(self.columns, columns)):
            self.grid.setColumnStretch(column, 0)
        for number, option_id in enumerate(self.buttons):
            row, column = number // columns, 3 * (number % columns)
            for offset, widget in enumerate((self.buttons[option_id], self.effects[option_id],
                                             self.reasons[option_id])):
                self.grid.removeWidget(widget)
                if offset == 1:
                    self.grid.addWidget(widget, row, column + offset, Qt.AlignmentFlag.AlignRight)
                else:
                    self.grid.addWidget(widget, row, column + offset)
        for column in range(columns):
            self.grid.setColumnStretch(3 * column + 2, 1)
        self.columns = columns

    def focus_widget(self) -> QWidget:
        return next(iter(self.buttons.values()))

    def _tip(self, option: s.Option) -> str:
        language = self.context.language
        description = option.description.get(language) if option.description else ""
        return self.value_marks.tip(option.id, description)

    def _clicked(self, option_id: str) -> None:
        if self.state is not None and self.state.chosen == option_id:
            self.show_state(self.state)  # clicking the chosen option keeps it
            return
        self.requested.emit(self.id, option_id)

    def retranslate(self) -> None:
        for option in self.attribute.options:
            self.buttons[option.id].setText(option.label.get(self.context.language))
        widest = max((button.sizeHint().width() for button in self.buttons.values()), default=0)
        pictures = any(o.image for o in self.attribute.options)
        self._place(PICTURE_COLUMNS if pictures and widest <= PICTURE_COLUMN_WIDTH else 1)
        super().retranslate()

    def show_marks(self, marks: dict[Any, Mark], effects: dict[Any, Decimal]) -> None:
        self.value_marks.marks, self.value_marks.effects = marks, effects
        if self.state is not None:
            self.show_state(self.state)

    def show_state(self, state: AttributeState) -> None:
        super().show_state(state)
        shown = self.value_marks
        for option_id, button in self.buttons.items():
            button.setChecked(state.value == option_id)
            grey(button, shown.greyed(option_id))
            style_button(button, shown.status(option_id))
            set_tip(button, cast(HoverRadio, button).tip())
            show_side(self.effects[option_id], shown.effect(option_id), EFFECT_COLOUR)
            show_side(self.reasons[option_id], shown.short(option_id), shown.colour(option_id))


class ChoiceCombo(AttributeEditor):
    """A choice of many options as a combo box; unavailable options greyed (with their reason) but selectable.
    Options with different prices stand in groups under a heading per price ("+kr 500", "+18 %"); a long list
    has a search field beside it that narrows the list (Enter takes the first match)."""

    SEARCH_FROM = 12  # options

    def make_control(self) -> QWidget:
        box = QWidget()
        row = QGridLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.combo.setMaxVisibleItems(18)
        self.items = QStandardItemModel()  # plain items: Qt paints them without calling back into Python
        self.value_marks = ValueMarks(self)
        self.row_option: list[str | None] = []  # per row of the list: its option, None for a group heading
        self.headings: dict[int, s.PriceEffect | None] = {}
        for price, options in self._groups():
            if not isinstance(price, bool):
                heading = QStandardItem()
                heading.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading cannot be chosen
                font = QFont(heading.font())
                font.setBold(True)
                heading.setFont(font)
                self.headings[len(self.row_option)] = price
                self.items.appendRow(heading)
                self.row_option.append(None)
            for option in options:
                item = QStandardItem()
                item.setData(option.id, Qt.ItemDataRole.UserRole)
                icon = option_icon(self.images(option.image) if option.image else None, option.colour)
                if icon is not None:
                    item.setIcon(icon)
                self.items.appendRow(item)
                self.row_option.append(option.id)
        self.combo.setModel(self.items)
        self.combo.activated.connect(self._activated)
        row.addWidget(self.combo, 0, 0)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(220)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._take_first_match)
        self.search.setVisible(len(self.attribute.options) > self.SEARCH_FROM)
        row.addWidget(self.search, 0, 1)
        row.setColumnStretch(2, 1)
        return box

    def focus_widget(self) -> QWidget:
        return self.combo

    def _groups(self) -> list[tuple[s.PriceEffect | bool | None, list[s.Option]]]:
        """The options by their price, in the order the model gives them; one group (no heading, ``False``)
        when they all cost the same."""
        groups: dict[Any, tuple[s.PriceEffect | None, list[s.Option]]] = {}
        for option in self.attribute.options:
            price = option.price
            key = None if price is None else (price.kind, price.amount, price.per)
            groups.setdefault(key, (price, []))[1].append(option)
        if len(groups) <= 1 or any(p is not None and p.kind in ("rate", "formula") for p, _ in groups.values()):
            return [(False, list(self.attribute.options))]
        return list(groups.values())

    def row_of(self, option_id: str) -> int:
        return self.row_option.index(option_id)

    def heading_text(self, price: s.PriceEffect | None) -> str:
        language, tr = self.context.language, self.context.tr
        if price is None or not price.amount:
            return tr("Price group: no surcharge")
        if price.kind == "percent":
            amount = f"{format_number(price.amount, language)}\u00a0%"
        else:
            amount = money_short(price.amount, language)
        return tr("Price group: {sign}{amount}", sign="+" if price.amount > 0 else "−", amount=amount)

    def _filter(self, text: str) -> None:
        """Show only the options whose label holds ``text`` (and their headings)."""
        wanted = text.strip().casefold()
        view = self.combo.view()
        heading: int | None = None
        shown_under = False
        for row, option_id in enumerate(self.row_option):
            if option_id is None:
                if heading is not None:
                    view.setRowHidden(heading, not shown_under)  # type: ignore[attr-defined]
                heading, shown_under = row, False
                continue
            label = self.items.item(row).text().casefold()
            hidden = bool(wanted) and wanted not in label
            view.setRowHidden(row, hidden)  # type: ignore[attr-defined]
            shown_under = shown_under or not hidden
        if heading is not None:
            view.setRowHidden(heading, not shown_under)  # type: ignore[attr-defined]

    def _take_first_match(self) -> None:
        view = self.combo.view()
        for row, option_id in enumerate(self.row_option):
            if option_id is not None and not view.isRowHidden(row):  # type: ignore[attr-defined]
                self.combo.setCurrentIndex(row)
                self._activated(row)
                return

    def _tip(self, option_id: str) -> str:
        option = self.attribute.option(option_id)
        description = option.description.get(self.context.language) if option and option.description else ""
        return self.value_marks.tip(option_id, description)

    def _activated(self, row: int) -> None:
        option_id = self.row_option[row] if 0 <= row < len(self.row_option) else None
        if option_id is None:
            return
        if self.state is not None and self.state.chosen == option_id:
            return
        self.requested.emit(self.id, option_id)

    def retranslate(self) -> None:
        self.combo.setPlaceholderText(self.context.tr("Choose…"))
        self.search.setPlaceholderText(self.context.tr("Search…"))
        self.search.setToolTip(self.context.tr("Type part of a name to narrow the list; Enter takes the first"))
        super().retranslate()
        for row, price in self.headings.items():
            self.items.item(row).setText(self.heading_text(price))
        if self.state is None:
            for option in self.attribute.options:
                self.items.item(self.row_of(option.id)).setText(option.label.get(self.context.language))

    def show_marks(self, marks: dict[Any, Mark], effects: dict[Any, Decimal]) -> None:
        self.value_marks.marks, self.value_marks.effects = marks, effects
        if self.state is not None:
            self.show_state(self.state)

    def item_text(self, option: s.Option) -> str:
        """"Ru 12   +kr 744", "Ru 40   — needs changes: Model"."""
        shown = self.value_marks
        parts = [option.label.get(self.context.language), shown.effect(option.id)]
        short = shown.short(option.id)
        return "   ".join(p for p in parts if p) + (f"   — {short}" if short else "")

    def show_state(self, state: AttributeState) -> None:
        super().show_state(state)
        greyed = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for option in self.attribute.options:
            item = self.items.item(self.row_of(option.id))
            excluded = self.value_marks.greyed(option.id)
            if bool(item.data(UNAVAILABLE)) != excluded:
                item.setData(excluded, UNAVAILABLE)
                item.setData(greyed if excluded else None, Qt.ItemDataRole.ForegroundRole)
            text = self.item_text(option)
            if item.text() != text:
                item.setText(text)
            tip = self._tip(option.id)  # set with the state (not made when asked: that ran Python per paint)
            if item.toolTip() != tip:
                item.setToolTip(tip)
        row = self.row_of(state.value) if state.value in self.row_option else -1
        if self.combo.currentIndex() != row:
            self.combo.setCurrentIndex(row)


class BooleanCheck(AttributeEditor):
    """A boolean as a checkbox (partly checked while undecided); a value that is not possible looks greyed, with
    its short reason beside it; the price effect of ticking it stands beside it too."""

    def make_control(self) -> QWidget:
        box = QWidget()
        row = QGridLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setHorizontalSpacing(12)
        self.check = HoverCheck()
        self.check.setTristate(True)
        self.check.tip = self._tip
        self.check.clicked.connect(self._clicked)
        self.effect, self.reason_label = side_label(), side_label(clipped=True)
        self.value_marks = ValueMarks(self)
        row.addWidget(self.check, 0, 0)
        row.addWidget(self.effect, 0, 1)
        row.addWidget(self.reason_label, 0, 2)
        row.setColumnStretch(2, 1)
        return box

    def focus_widget(self) -> QWidget:
        return self.check

    def _wanted(self) -> bool:
        return not (self.state is not None and self.state.value is True)

    def _tip(self) -> str:
        description = self.attribute.description
        return self.value_marks.tip(self._wanted(), description.get(self.context.language) if description else "")

    def _clicked(self) -> None:
        wanted = self._wanted()
        if self.state is not None:
            self.show_state(self.state)  # the session decides what the box shows
        self.requested.emit(self.id, wanted)

    def retranslate(self) -> None:
        self.check.setText(self.attribute.label.get(self.context.language))
        super().retranslate()
        self.title.hide()  # the checkbox carries the label

    def show_marks(self, marks: dict[Any, Mark], effects: dict[Any, Decimal]) -> None:
        self.value_marks.marks, self.value_marks.effects = marks, effects
        if self.state is not None:
            self.show_state(self.state)

    def show_state(self, state: AttributeState) -> None:
        super().show_state(state)
        if state.value is None:
            self.check.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.check.setCheckState(Qt.CheckState.Checked if state.value else Qt.CheckState.Unchecked)
        shown, wanted = self.value_marks, self._wanted()
        grey(self.check, shown.greyed(wanted))
        style_button(self.check, shown.status(state.value) if state.value is not None else None)
        set_tip(self.check, self.check.tip())
        show_side(self.effect, shown.effect(True) if state.value is not True else "", EFFECT_COLOUR)
        # the reason the other value is greyed comes first; else that the value is set by the other choices
        about = state.value if not shown.greyed(wanted) and state.value is not None else wanted
        show_side(self.reason_label, shown.short(about), shown.colour(about))


class NumberBox(DecimalSpinBox):
    """A spin box whose arrows step over the values that are possible now."""

    focused = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.allowed: list[float] = []

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()

    def stepBy(self, steps: int) -> None:
        if not self.allowed or self.value() < self.minimum() + self.singleStep() / 2:
            super().stepBy(steps)
            return
        current = self.value()
        tolerance = self.singleStep() / 2
        if steps > 0:
            later = [v for v in self.allowed if v > current + tolerance]
            target = later[min(steps, len(later)) - 1] if later else None
        else:
            earlier = [v for v in self.allowed if v < current - tolerance]
            target = earlier[max(-len(earlier), steps)] if earlier else None
        if target is not None:
            self.setValue(target)


def runs(values: list[Decimal], step: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Sorted values as runs of consecutive steps: [400, 410, 420, 600] -> [(400, 420), (600, 600)]."""
    found: list[tuple[Decimal, Decimal]] = []
    for value in sorted(values):
        if found and value - found[-1][1] <= step:
            found[-1] = (found[-1][0], value)
        else:
            found.append((value, value))
    return found


class NumberSpin(AttributeEditor):
    """An integer or decimal as a spin box with its unit and the range that is allowed now."""

    has_notes = True

    def make_control(self) -> QWidget:
        attribute = self.attribute
        assert attribute.minimum is not None and attribute.maximum is not None and attribute.step is not None
        self.decimals = max(0, -int(attribute.step.normalize().as_tuple().exponent))
        self.spin = NumberBox()
        self.spin.setDecimals(self.decimals)
        self.spin.setSingleStep(float(attribute.step))
        self.spin.setRange(float(attribute.minimum - attribute.step), float(attribute.maximum))
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        self.spin.setMinimumWidth(140)
        self.spin.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.spin.valueChanged.connect(self._changed)
        self.spin.focused.connect(self._show_allowed)
        return self.spin

    def _value(self) -> Decimal | None:
        if self.spin.value() < float(self.attribute.minimum or 0) - float(self.attribute.step or 1) / 2:
            return None
        return Decimal(f"{self.spin.value():.{self.decimals}f}")

    def _changed(self) -> None:
        value = self._value()
        if self.state is not None and value == self.state.chosen:
            return
        if value is not None and not self.attribute.accepts(value):
            step = self.number(self.attribute.step or Decimal(1))
            self.say(self.context.tr("{value} is not possible: the steps are {step}.", value=self.number(value),
                                     step=step), error=True)
            return
        self.requested.emit(self.id, value)

    def number(self, value: Decimal) -> str:
        text = format_number(value, self.context.language)
        unit = self.attribute.unit
        if unit in ("1", ""):
            return text
        return self.context.tr("{number} {unit}", number=text, unit=unit_label(unit, self.context.language))

    def allowed_text(self, allowed: list[Decimal]) -> str:
        """"Allowed now: 1–61, 151–9960", and with numbers already given out what they are ("70101–70150 given
        out by production order …"): the allowed values less them."""
        text = self._allowed_range(allowed)
        taken = self.taken
        if taken is None or not taken.ranges:
            return text
        shown = list(dict.fromkeys(r.reason().render(self.context.language) for r in taken.ranges))
        more = " …" if len(shown) > 2 else ""
        return self.context.tr("{allowed} · taken: {reasons}", allowed=text, reasons="; ".join(shown[:2]) + more)

    def _allowed_range(self, allowed: list[Decimal]) -> str:
        language = self.context.language
        found = runs(allowed, self.attribute.step or Decimal(1))
        if not found:
            return self.context.tr("No value is possible with the other choices.")
        parts = [format_number(a, language) if a == b else f"{format_number(a, language)}–{format_number(b, language)}"
                 for a, b in found[:3]]
        text = ", ".join(parts) + (" …" if len(found) > 3 else "")
        unit = self.attribute.unit
        if unit not in ("1", ""):
            text = self.context.tr("{number} {unit}", number=text, unit=unit_label(unit, language))
        return self.context.tr("Allowed now: {range}", range=text)

    def retranslate(self) -> None:
        language = self.context.language
        self.spin.set_language(language)
        unit = self.attribute.unit
        self.spin.setSuffix(f" {unit_label(unit, language)}" if unit not in ("1", "") else "")
        self.spin.setSpecialValueText(self.context.tr("– choose –"))
        super().retranslate()

    def show_state(self, state: AttributeState) -> None:
        super().show_state(state)
        known = state.available if state.chosen is None else self.alternatives(self.id, False)
        self.spin.blockSignals(True)
        self.spin.setValue(float(state.value) if state.value is not None else self.spin.minimum())
        self.spin.blockSignals(False)
        self._allowed(known)
        if known is None and self.spin.hasFocus():
            self._show_allowed()

    def _allowed(self, allowed: tuple[Any, ...] | None) -> None:
        free = self.taken.free(allowed) if self.taken is not None and allowed is not None else allowed
        self.spin.allowed = sorted(float(v) for v in free or ())
        self.say(self.allowed_text(list(free)) if free is not None else "")
        refused = self.taken.message(self.state.value) if self.taken is not None and self.state is not None else None
        if refused is not None:  # the number typed reuses numbers: the order's message, naming the earlier order
            self.say(refused.render(self.context.language), error=True)

    def _show_allowed(self) -> None:
        """The user is at this number: show the range it may change to (when not known yet, it is worked out in
        the background and shown by ``show_alternatives``)."""
        if self.state is not None and self.state.chosen is not None:
            self._allowed(self.alternatives(self.id, True))

    def show_alternatives(self, alternatives: tuple[Any, ...]) -> None:
        if self.state is not None and self.state.chosen is not None:
            self._allowed(alternatives)


class TextLine(AttributeEditor):
    """A text as a line edit with its limit; committed when editing is finished."""

    has_notes = True

    def make_control(self) -> QWidget:
        self.line = QLineEdit()
        if self.attribute.max_length is not None:
            self.line.setMaxLength(self.attribute.max_length)
            self.line.setMaximumWidth(max(160, 12 * self.attribute.max_length))
        self.line.editingFinished.connect(self._finished)
        return self.line

    def _finished(self) -> None:
        text = self.line.text().strip()
        chosen = self.state.chosen if self.state is not None else None
        if text == (chosen or ""):
            return
        if text and not self.attribute.accepts(text):
            self.say(self.context.tr("“{text}” does not have the form this field needs.", text=text), error=True)
            return
        self.requested.emit(self.id, text or None)

    def retranslate(self) -> None:
        if self.attribute.max_length is not None:
            self.line.setPlaceholderText(self.context.tr("At most {count} characters", count=self.attribute.max_length))
        super().retranslate()

    def show_state(self, state: AttributeState) -> None:
        super().show_state(state)
        if not self.line.hasFocus() or state.chosen is not None:
            self.line.setText(str(state.chosen or ""))
        self.say("")


def make_editor(context: AppContext, model: s.ProductModel, attribute: s.Attribute, *,
                alternatives: Alternatives, images: Callable[[str], bytes]) -> AttributeEditor:
    """The fitting editor for an attribute's type."""
    kind: type[AttributeEditor]
    if attribute.type == s.CHOICE:
        kind = ChoiceRadios if len(attribute.options) <= RADIO_LIMIT else ChoiceCombo
    elif attribute.type == s.BOOLEAN:
        kind = BooleanCheck
    elif attribute.type in s.NUMERIC_TYPES:
        kind = NumberSpin
    else:
        kind = TextLine
    return kind(context, model, attribute, alternatives=alternatives, images=images)
