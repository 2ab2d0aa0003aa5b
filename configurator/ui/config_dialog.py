"""The configurator as a dialog for "add line" / "edit line": the view (``configurator_view``), the line's
quantity and discount, and a summary step before the line is added."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from configurator.core.quoting.given_out import NumbersGivenOut
from configurator.core.quoting.models import StoredModel
from configurator.ui.config_summary import SummaryPage
from configurator.ui.configurator_view import ConfiguratorView
from configurator.ui.context import AppContext
from configurator.ui.number_input import DecimalSpinBox, IntegerSpinBox


class ConfiguratorDialog(QDialog):
    """The configurator for "add line" / "edit line", with the line's quantity and discount."""

    def __init__(self, context: AppContext, stored: StoredModel, *, choices: Mapping[str, Any] | None = None,
                 quantity: int = 1, line_discount_bp: int = 0, customer_discount_bp: int = 0, title: str = "",
                 quote: Mapping[str, Any] | None = None, numbers: NumbersGivenOut | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.editing, self._title = context, choices is not None, title
        self.view = ConfiguratorView(context, stored, choices=choices, quantity=quantity,
                                     customer_discount_bp=customer_discount_bp, quote=quote, numbers=numbers,
                                     parent=self)
        self.quantity_box = IntegerSpinBox(context.language)
        self.quantity_box.setRange(1, 100_000)
        self.quantity_box.setValue(quantity)
        self.discount_box = DecimalSpinBox(context.language)
        self.discount_box.setRange(0, 100)
        self.discount_box.setDecimals(2)
        self.discount_box.setSuffix(" %")
        self.discount_box.setValue(line_discount_bp / 100)
        self.quantity_box.valueChanged.connect(lambda q: self.view.set_terms(quantity=q))
        self.discount_box.valueChanged.connect(lambda _v: self.view.set_terms(line_discount_bp=self.line_discount_bp()))
        self.view.set_terms(line_discount_bp=line_discount_bp)
        self.quantity_label, self.discount_label = QLabel(), QLabel()
        self.quantity_label.setBuddy(self.quantity_box)
        self.discount_label.setBuddy(self.discount_box)
        form = QFormLayout()
        form.addRow(self.quantity_label, self.quantity_box)
        form.addRow(self.discount_label, self.discount_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._next)
        self.buttons.rejected.connect(self.reject)
        self.back_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ResetRole)
        self.back_button.clicked.connect(self._back)
        for button in self.buttons.buttons():  # no default button: Enter in a field adds nothing unseen
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.summary = SummaryPage(context, stored.model, self)
        self.stack = QStackedWidget()  # the configurator, then the summary step before the line is added
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.summary)
        self.view.priceChanged.connect(self._show_summary)
        bottom = QHBoxLayout()
        bottom.addLayout(form)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)
        self.view.changed.connect(self._update_ok)
        context.languageChanged.connect(self.retranslate)
        self.retranslate()
        self._update_ok()
        self.resize(1280, 800)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never accepts the configurator (it ends typing in a field); adding a line is the button."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _update_ok(self) -> None:
        problem = self.view.numbers_problem()
        self.ok_button.setEnabled(self.view.is_complete() and problem is None)
        self.ok_button.setToolTip(problem.render(self.context.language) if problem is not None else "")

    def in_summary(self) -> bool:
        return self.stack.currentWidget() is self.summary

    def _next(self) -> None:
        """OK: from the configurator to the summary step; from the summary, add (or save) the line."""
        if self.in_summary():
            self.accept()
            return
        if not self.view.is_complete() or self.view.numbers_problem() is not None:
            return
        self.stack.setCurrentWidget(self.summary)
        self._show_summary()
        self.retranslate()

    def _show_summary(self) -> None:
        if self.in_summary():
            self.summary.show_for(self.view.configuration(), self.view.price.price)

    def _back(self) -> None:
        self.stack.setCurrentWidget(self.view)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.context.tr
        name = self.view.model.name.get(self.context.language)
        self.setWindowTitle(self._title or tr("Configure: {product}", product=name))
        if self.in_summary():
            self.ok_button.setText(tr("Save line") if self.editing else tr("Add to quote"))
        else:
            self.ok_button.setText(tr("Check the line…"))
        self.back_button.setText(tr("Back to the choices"))
        self.back_button.setVisible(self.in_summary())
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.quantity_label.setText(tr("&Quantity:"))
        self.discount_label.setText(tr("&Line discount:"))
        self.quantity_box.set_language(self.context.language)
        self.discount_box.set_language(self.context.language)

    def done(self, result: int) -> None:
        super().done(result)
        self.view.release()

    def quantity(self) -> int:
        return self.quantity_box.value()

    def line_discount_bp(self) -> int:
        return int(self.discount_box.decimal_value() * 100)
