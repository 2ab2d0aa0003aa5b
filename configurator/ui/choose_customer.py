"""The small dialog that asks "for which customer?" when a quote is started from the menu or the quote list."""

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


class ChooseCustomerDialog(QDialog):
    """A search field over the customer register and the matching customers; the last one used comes first."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        tr = context.tr
        self.setWindowTitle(tr("New quote"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Search by name, place or organisation number"))
        self.list = QListWidget()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(tr("Start the quote"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("Which customer is the quote for?")))
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
        customers = self.context.customers.search(self.search.text(), limit=200)
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
        else:
            self.hint.setText(self.context.tr("No customer matches. Add customers under Customers first."))
        self.ok.setEnabled(bool(customers))

    def chosen(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))


def choose_customer(parent: QWidget | None, context: AppContext) -> int | None:
    dialog = ChooseCustomerDialog(context, parent)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
