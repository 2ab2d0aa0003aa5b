"""The repair panel: the user chose something that is not possible; keep it and change other choices, or cancel.

The panel only shows what the engine offers (``ConfigurationSession.repairs``); the view applies the one the user
picks (``applied(repair)``) or nothing (``cancelled``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from configurator.core.engine.describe import repair_text
from configurator.core.engine.repair import Repair
from configurator.core.model import schema as s
from configurator.ui.context import AppContext

PriceDifference = Callable[[Repair], Decimal | None]


class RepairPanel(QFrame):
    """"Keep this choice and change: A → B (price +1 200 kr)" with an Apply button per alternative, and Cancel."""

    applied = Signal(object)
    cancelled = Signal()

    def __init__(self, context: AppContext, model: s.ProductModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.model = context, model
        self.setObjectName("repairPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#repairPanel { background: #fff6e0; border: 1px solid #d9a400; border-radius: 4px; }")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setTextFormat(Qt.TextFormat.PlainText)
        self.rows = QVBoxLayout()
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.cancelled.emit)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.reason)
        layout.addLayout(self.rows)
        layout.addLayout(bottom)
        self.repairs: list[Repair] = []
        self.apply_buttons: list[QPushButton] = []
        self.labels: list[QLabel] = []
        self._heading: Callable[[], str] = lambda: ""
        self._reason: Callable[[], str] = lambda: ""
        self._difference: PriceDifference = lambda _repair: None
        self._from: list[Decimal | None] = []  # a partial configuration's "from" differences, when worked out
        self.hide()

    def overlay(self, area: QWidget) -> None:
        """Float over the bottom of ``area`` instead of taking room in a layout: the fields under the pointer never
        move when the panel appears (it covers the bottom of the page while it is shown)."""
        self.setParent(area)
        self._area = area
        area.installEventFilter(self)
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 2)
        self.setGraphicsEffect(shadow)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is getattr(self, "_area", None) and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)

    def _place(self) -> None:
        area = getattr(self, "_area", None)
        if area is None:
            return
        width = max(200, area.width() - 24)
        self.setFixedWidth(width)
        layout = self.layout()
        wanted = layout.totalHeightForWidth(width) if layout is not None else self.sizeHint().height()
        height = min(wanted, area.height() - 12)
        self.setFixedHeight(max(60, height))
        self.move(12, area.height() - self.height() - 8)
        self.raise_()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place()

    def offer(self, heading: Callable[[], str], reason: Callable[[], str], repairs: list[Repair],
              difference: PriceDifference) -> None:
        """Show the alternatives (texts as callables, so a language switch re-labels them)."""
        self._heading, self._reason, self._difference = heading, reason, difference
        self.repairs = repairs
        self._from = []
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.apply_buttons, self.labels = [], []
        for repair in repairs:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = QLabel()
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button = QPushButton()
            button.clicked.connect(lambda _checked=False, r=repair: self.applied.emit(r))
            line.addWidget(label, 1)
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.rows.addWidget(row)
            self.labels.append(label)
            self.apply_buttons.append(button)
        self.retranslate()
        self.show()
        self._place()
        (self.apply_buttons[0] if self.apply_buttons else self.cancel).setFocus()

    def retranslate(self) -> None:
        tr = self.context.tr
        self.cancel.setText(tr("Cancel"))
        self.heading.setText(self._heading())
        reason = self._reason()
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        for repair, label, button in zip(self.repairs, self.labels, self.apply_buttons, strict=True):
            label.setText(self.describe(repair))
            button.setText(tr("Apply"))
        if not self.repairs:
            self.heading.setText(self._heading() + " " + tr("No change of the other choices makes it possible."))

    def show_from_differences(self, differences: list[Decimal | None]) -> None:
        """What each repair changes in the "from" price (a partial configuration; worked out in the background)."""
        self._from = differences
        self.retranslate()

    def describe(self, repair: Repair) -> str:
        """"Change: Height: 600 mm → 730 mm (price +kr 1 200,00)"."""
        tr = self.context.tr
        changes = repair_text(self.model, repair, self.context.language)
        difference = self._difference(repair)
        if difference is None and len(self._from) == len(self.repairs):
            difference = self._from[self.repairs.index(repair)]
            if difference is not None:
                if difference == 0:
                    return tr("Change: {changes} (same “from” price)", changes=changes)
                return tr("Change: {changes} (“from” price {sign}{amount})", changes=changes,
                          sign="+" if difference > 0 else "−", amount=self.context.money(abs(difference)))
        if difference is None:
            return tr("Change: {changes}", changes=changes)
        if difference == 0:
            return tr("Change: {changes} (same price)", changes=changes)
        sign = "+" if difference > 0 else "−"
        return tr("Change: {changes} (price {sign}{amount})", changes=changes, sign=sign,
                  amount=self.context.money(abs(difference)))
