"""The small dialog that asks "for which customer?" when a quote is started from the menu or the quote list.

"New customer…" opens the customer form right there; a customer stored there is the quote's customer. With an
empty register that button is the one offered first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.context import AppContext
from configurator.ui.customer_dialog import CustomerDialog


class ChooseCustomerDialog(QDialog):
    """A search field over the customer register and the matching customers; the last one used comes first."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, title: str = "", question: str = "",
                 ok_text: str = "", besides: int | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.besides = besides  # a customer not offered (the one being merged away)
        tr = context.tr
        self.setWindowTitle(title or tr("New quote"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search by name, place or organisation number"))
        self.list = QListWidget()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text or tr("Start the quote"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.new_customer_button = buttons.addButton(tr("New &customer…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.new_customer_button.clicked.connect(self.new_customer)
        self.customer_dialog: CustomerDialog | None = None
        self.created: int | None = None  # the customer stored through "New customer…"
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.question = QLabel(question or tr("Which customer is the quote for?"))
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.reload)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda row: self.ok.setEnabled(row >= 0))
        self.resize(460, 420)
        self.reload()

    def reload(self) -> None:
        customers = [c for c in self.context.customers.search(self.search.text(), limit=200) if c.id != self.besides]
        last = self.context.qsettings.value("last_customer")
        last_id = int(last) if isinstance(last, int | str) and str(last).isdigit() else None
        customers.sort(key=lambda c: c.id != last_id)  # stable: the last customer first, then by name
        self.list.clear()
        for customer in customers:
            place = customer.billing.city
            item = QListWidgetItem(f"{customer.name} – {place}" if place else customer.name)
            item.setData(Qt.ItemDataRole.UserRole, customer.id)
            self.list.addItem(item)
        if customers:
            self.list.setCurrentRow(0)
            self.hint.setText("")
        elif self.search.text().strip():
            self.hint.setText(self.context.tr("No customer matches. Add the customer with “New customer…”."))
        else:
            self.hint.setText(self.context.tr("There are no customers yet. Add the first one with “New customer…”."))
        self.ok.setEnabled(bool(customers))
        self.ok.setDefault(bool(customers))
        self.new_customer_button.setDefault(not customers)
        if not customers and not self.search.hasFocus():
            self.new_customer_button.setFocus()

    def new_customer(self) -> CustomerDialog:
        """The customer form (window-modal); the customer stored there starts the quote at once."""
        dialog = CustomerDialog(self.context, None, self)
        self.customer_dialog = dialog
        dialog.finished.connect(lambda result: self._customer_stored(dialog, result))
        dialog.open()
        return dialog

    def _customer_stored(self, dialog: CustomerDialog, result: int) -> None:
        self.customer_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and dialog.customer_id is not None:
            self.created = dialog.customer_id
            self.accept()

    def chosen(self) -> int | None:
        if self.created is not None:
            return self.created
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def choose_customer(parent: QWidget | None, context: AppContext) -> int | None:
    dialog = ChooseCustomerDialog(context, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
