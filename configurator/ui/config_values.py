"""How one value of an attribute looks in the configurator: its picture (decoded off the UI thread), greyed or
not, bold when chosen, the small labels beside it (price effect, short reason) and its tooltip, worked out from
the state and the marks (``ValueMarks``). The editors (``config_widgets``) lay these out.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol, cast

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QRadioButton, QSizePolicy, QToolTip, QWidget

from configurator.core.engine.session import AttributeState
from configurator.core.model import schema as s
from configurator.core.quoting.models import StoredModel
from configurator.ui.config_marks import (
    CHOSEN,
    CLEARS,
    GREYED,
    IMPLIED,
    IMPOSSIBLE,
    Mark,
    effect_text,
    full_reason,
    short_reason,
)
from configurator.ui.context import AppContext

ICON_SIZE = 40


class Shown(Protocol):
    """What ``ValueMarks`` reads of its editor."""

    @property
    def context(self) -> AppContext: ...
    @property
    def model(self) -> s.ProductModel: ...
    @property
    def id(self) -> str: ...
    @property
    def state(self) -> AttributeState | None: ...


def grey(widget: QWidget, unavailable: bool) -> None:
    """Make a widget look unavailable (greyed text) while it stays enabled and clickable."""
    if widget.property("unavailable") == unavailable:
        return
    widget.setProperty("unavailable", unavailable)
    parent = widget.parentWidget()
    palette = QPalette(parent.palette() if parent is not None else widget.palette())
    if unavailable:
        colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
            palette.setColor(role, colour)
    widget.setPalette(palette)


_DECODED: dict[bytes, QImage | None] = {}  # an option picture -> decoded at the icon's size (None: not an image)
_DECODED_LOCK = threading.Lock()


def decoded_picture(image: bytes) -> QImage | None:
    """An option's picture decoded and scaled to the icon size, on any thread (a QImage, not a QPixmap); kept."""
    with _DECODED_LOCK:
        if image in _DECODED:
            return _DECODED[image]
    decoded = QImage()
    found = decoded.scaled(ICON_SIZE, ICON_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation) if decoded.loadFromData(image) else None
    with _DECODED_LOCK:
        if len(_DECODED) > 5_000:
            _DECODED.clear()
        _DECODED[image] = found
    return found


def prepare_pictures(stored: StoredModel) -> None:
    """Decode the option pictures of a model version off the UI thread, before its configurator is built (the
    chair's 36 pictures took 13 ms of the UI thread's first opening)."""
    for attribute in stored.model.chosen_attributes:
        for option in attribute.options:
            if option.image:
                decoded_picture(stored.image(option.image))


def option_icon(image: bytes | None, colour: str | None) -> QIcon | None:
    """An option's picture (the model's image) or a swatch of its colour."""
    picture = decoded_picture(image) if image is not None else None
    if picture is not None:
        return QIcon(QPixmap.fromImage(picture))
    if colour is not None:
        swatch = QPixmap(18, 18)
        swatch.fill(QColor("#7a7a7a"))  # a border: a white swatch is visible too
        painter = QPainter(swatch)
        painter.fillRect(1, 1, 16, 16, QColor(colour))
        painter.end()
        return QIcon(swatch)
    return None


# needs changes: amber (the repair panel's colour)
REASON_COLOURS = {IMPLIED: "#3d5a80", IMPOSSIBLE: "#a32020", CLEARS: "#3d5a80"}
NEEDS_CHANGES_COLOUR = "#8a5a00"
EFFECT_COLOUR = "#4a4a4a"


def paragraph(text: str) -> str:
    """A tooltip as a wrapped paragraph (Qt wraps rich text), not one very long line."""
    return f"<p>{html.escape(text)}</p>" if text else ""


def style_button(button: QAbstractButton, status: str | None) -> None:
    """The chosen value bold, an implied one italic."""
    font = QFont(button.font())
    font.setBold(status == CHOSEN)
    font.setItalic(status == IMPLIED)
    if font != button.font():
        button.setFont(font)


def side_label(*, clipped: bool = False) -> QLabel:
    """A one-line label beside a value (its price effect, its short reason): never wraps, so rows never grow;
    ``clipped``: it takes the room left and never widens the page (the whole text is its tooltip)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(False)
    if clipped:
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(40)
    return label


def show_side(label: QLabel, text: str, colour: str) -> None:
    label.setText(text)
    label.setToolTip(text if label.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored else "")
    label.setStyleSheet(f"color: {colour};" if text else "")


class ValueMarks:
    """The marks and price effects of one attribute's values, as shown beside them."""

    def __init__(self, editor: Shown) -> None:
        self.editor = editor
        self.marks: dict[Any, Mark] = {}
        self.effects: dict[Any, Decimal] = {}
        self.shares: dict[Any, float] = {}  # what similar customers chose (config_suggest)

    def status(self, value: Any) -> str | None:
        state = self.editor.state
        if state is not None and state.chosen is not None and state.value == value:
            return CHOSEN
        if state is not None and state.chosen is None and state.value == value:
            return IMPLIED
        mark = self.marks.get(value)
        if mark is not None:
            return mark.status
        return GREYED[0] if state is not None and value in state.excluded else None

    def greyed(self, value: Any) -> bool:
        return self.status(value) in GREYED

    def short(self, value: Any) -> str:
        mark = self.marks.get(value)
        status = self.status(value)
        if status == IMPLIED:
            return short_reason(self.editor.model, Mark(IMPLIED), self.editor.context.language)
        if mark is None or mark.status != status:
            return ""
        return short_reason(self.editor.model, mark, self.editor.context.language)

    def colour(self, value: Any) -> str:
        return REASON_COLOURS.get(self.status(value) or "", NEEDS_CHANGES_COLOUR)

    def effect(self, value: Any) -> str:
        if self.greyed(value) or self.status(value) == CHOSEN:
            return ""
        editor = self.editor
        text = effect_text(editor.model, editor.id, value, self.effects.get(value), editor.context.language)
        share = self.shares.get(value)
        if share is None or share < 0.005:  # no similar customer chose it: nothing to say
            return text
        chosen_by = editor.context.tr("chosen by {percent} %", percent=round(100 * share))
        return f"{text} · {chosen_by}" if text else chosen_by

    def tip(self, value: Any, description: str) -> str:
        """The whole reason (when greyed or implied), else the value's description. A greyed value whose mark has
        not arrived yet says only that it is not possible now: the marks bring its reason a moment later (worked
        out in the background, never on the UI thread)."""
        editor = self.editor
        status = self.status(value)
        mark = self.marks.get(value)
        if status == IMPLIED:
            return full_reason(editor.model, Mark(IMPLIED), editor.context.language) + paragraph(description)
        if status == CLEARS and mark is not None:
            return full_reason(editor.model, mark, editor.context.language) + paragraph(description)
        if status in GREYED:
            if mark is not None and mark.status == status:
                return full_reason(editor.model, mark, editor.context.language)
            return paragraph(editor.context.tr("Not possible with the current choices."))
        return paragraph(description)


class _HoverButton:
    """Mixin for a button whose tooltip (``tip()``: the whole reason, or the value's description) its editor sets
    with every state shown, and shows when the button gets the keyboard's focus. (Not made on hover by an
    ``event()`` override: that ran Python for every event of every option button, painting included, and each call
    waited for Python's GIL while background work ran: clicks took twice as long at the median.)"""

    tip: Callable[[], str] = staticmethod(lambda: "")

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)  # type: ignore[misc]
        if event.reason() not in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.ActiveWindowFocusReason,
                                  Qt.FocusReason.PopupFocusReason):
            tip = self.tip()  # the keyboard user sees the whole reason too
            widget = cast(QWidget, self)
            if tip:
                QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), tip, widget)


def set_tip(widget: QWidget, tip: str) -> None:
    if widget.toolTip() != tip:
        widget.setToolTip(tip)


class HoverRadio(_HoverButton, QRadioButton):
    pass


class HoverCheck(_HoverButton, QCheckBox):
    pass
