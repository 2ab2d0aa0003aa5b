"""The questions the quote editor asks the user: which product (``product_chooser``), which discount, the
manager's PIN, a file name, a printer, a yes/no.

They are methods of one :class:`QuotePrompts` object held by the editor, so a test replaces a single question
(``editor.prompts.ask_discount = lambda *a: 2000``) and drives the rest of an action as a user would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from configurator.core.pricing.money import basis_points_to_percent, format_number, percent_to_basis_points
from configurator.ui.context import AppContext
from configurator.ui.number_input import DecimalSpinBox
from configurator.ui.qt_texts import FILE_DIALOG

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from configurator.core.quoting.given_out import NumbersGivenOut
    from configurator.core.quoting.models import StoredModel
    from configurator.ui.product_chooser import ProductCard, ProductChoice


@dataclass(frozen=True)
class LineResult:
    """What the configurator dialog hands back for one line."""

    choices: dict[str, Any]
    quantity: int = 1
    line_discount_bp: int = 0


class _FormDialog(QDialog):
    """A small dialog: a text on top, a form, OK / Cancel."""

    def __init__(self, context: AppContext, title: str, text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(context.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(context.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)


class DiscountDialog(_FormDialog):
    """The quote discount in percent; says where the manager's approval starts."""

    def __init__(self, context: AppContext, discount_bp: int, parent: QWidget | None = None) -> None:
        limit = format_number(context.settings.discount_limit_percent, context.language)
        super().__init__(context, context.tr("Quote discount"),
                         context.tr("A discount above {limit} % needs a manager's approval before the quote is sent.",
                                    limit=limit), parent)
        self.percent = DecimalSpinBox(context.language)
        self.percent.setRange(0, 100)
        self.percent.setDecimals(2)
        self.percent.setSuffix(" %")
        self.percent.setValue(float(basis_points_to_percent(discount_bp)))
        self.form.addRow(context.tr("&Discount:"), self.percent)

    def basis_points(self) -> int:
        return percent_to_basis_points(self.percent.decimal_value())


class ApprovalDialog(_FormDialog):
    """A manager approves a discount above the limit with the manager PIN."""

    def __init__(self, context: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(context, context.tr("Approve discount"),
                         context.tr("Quote {number} has a discount above the limit. A manager approves it with the "
                                    "manager PIN.", number=number), parent)
        self.manager = QLineEdit(context.settings.manager_name or "")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(context.tr("&Manager:"), self.manager)
        self.form.addRow(context.tr("&PIN:"), self.pin)
        self.pin.setFocus()


class QuotePrompts:
    """Every question the editor asks, each replaceable on its own (tests, scripted use)."""

    def __init__(self, context: AppContext) -> None:
        self.context = context

    def ask_product(self, parent: QWidget, cards: list[ProductCard]) -> ProductChoice | None:
        """The catalogue page (pictures, descriptions, search) and the family's guided start; None: cancelled."""
        from configurator.ui.product_chooser import ProductChooser

        dialog = ProductChooser(self.context, cards, parent)
        return dialog.choice if dialog.exec() == QDialog.DialogCode.Accepted else None

    def configure_line(self, parent: QWidget, stored: StoredModel, *, title: str,
                       choices: dict[str, Any] | None = None, quantity: int = 1, line_discount_bp: int = 0,
                       customer_discount_bp: int = 0, quote: Mapping[str, Any] | None = None,
                       numbers: NumbersGivenOut | None = None) -> LineResult | None:
        """The configurator dialog for one line (priced with the quote's parameters ``quote``; an ear-tag series
        checked against ``numbers``, the holding's numbers given out); None when the user cancels."""
        from configurator.ui.config_dialog import ConfiguratorDialog

        dialog = ConfiguratorDialog(self.context, stored, choices=choices, quantity=quantity,
                                    line_discount_bp=line_discount_bp, customer_discount_bp=customer_discount_bp,
                                    title=title, quote=quote, numbers=numbers, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return LineResult(dict(dialog.view.configuration().choices), dialog.quantity(), dialog.line_discount_bp())

    def ask_discount(self, parent: QWidget, discount_bp: int) -> int | None:
        dialog = DiscountDialog(self.context, discount_bp, parent)
        return dialog.basis_points() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_approval(self, parent: QWidget, number: str) -> tuple[str, str] | None:
        """(PIN, manager's name), or None."""
        dialog = ApprovalDialog(self.context, number, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.pin.text(), dialog.manager.text().strip()

    def confirm(self, parent: QWidget, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_save_path(self, parent: QWidget, title: str, suggested: str, filter_text: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_text, options=FILE_DIALOG)
        return path or None

    def ask_printer(self, parent: QWidget, title: str) -> QPrinter | None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None
