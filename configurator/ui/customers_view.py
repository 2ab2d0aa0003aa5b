"""The customer list: search as you type, add and change customers, start a quote for one.

Searching asks the core (name, place or organisation number) a moment after the last key press, so typing
stays quick. The list reloads whenever customers are stored anywhere in the app (``dataChanged``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from configurator.core.catalogue.records import CustomerRecord
from configurator.core.customers import format_org_number
from configurator.core.pricing.money import basis_points_to_percent, format_number
from configurator.ui.choose_customer import ChooseCustomerDialog
from configurator.ui.context import AppContext
from configurator.ui.customer_dialog import CustomerDialog
from configurator.ui.table_models import Column, RecordTableModel, record_table, selected_row
from configurator.ui.work import BackgroundTask, run_in_background

SEARCH_DELAY_MS = 200
MAX_ROWS = 500


class CustomersView(QWidget):
    """Search, list, add and edit customers."""

    newQuoteRequested = Signal(int)  # the customer's id
    customerChosen = Signal(int)  # the selected customer's id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self.search_timer.start)
        self.search.returnPressed.connect(self.reload)
        self.model: RecordTableModel[CustomerRecord] = RecordTableModel(self._columns(), self)
        self.table = record_table(self.model, self, stretch=5)  # the contact column takes the room
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.status = QLabel()  # what the last delete or merge did
        self.status.setWordWrap(True)
        self.dialog: CustomerDialog | None = None  # the open customer dialog, if any
        self.new_button = QPushButton()
        self.edit_button = QPushButton()
        self.quote_button = QPushButton()
        self.delete_button = QPushButton()
        self.merge_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.merge_button.clicked.connect(self.merge_selected)
        self.last_task: BackgroundTask | None = None  # a delete or merge being stored
        self.new_button.clicked.connect(self.new_customer)
        self.edit_button.clicked.connect(self.edit_selected)
        self.quote_button.clicked.connect(self._new_quote)
        self._layout()
        self._shortcuts()
        self.retranslate()
        self.reload()
        context.languageChanged.connect(self.retranslate)
        context.dataChanged.connect(self._data_changed)

    def _columns(self) -> list[Column[CustomerRecord]]:
        tr = self.context.tr
        return [
            Column(lambda: tr("Name"), lambda c: c.name),
            Column(lambda: tr("Org. number"), lambda c: format_org_number(c.org_number) if c.org_number else ""),
            Column(lambda: tr("City"), lambda c: c.billing.city),
            Column(lambda: tr("Language"), lambda c: tr("Norwegian") if c.language == "nb" else tr("English")),
            Column(lambda: tr("Discount"), self._discount, align_right=True),
            Column(lambda: tr("Contact"), self._contact),
        ]

    def _discount(self, customer: CustomerRecord) -> str:
        if not customer.discount_basis_points:
            return ""
        percent = format_number(basis_points_to_percent(customer.discount_basis_points), self.context.language)
        return f"{percent} %"

    @staticmethod
    def _contact(customer: CustomerRecord) -> str:
        return " · ".join(part for part in (customer.contact_person, customer.phone, customer.email) if part)

    def _layout(self) -> None:
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_label)
        search_row.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quote_button)
        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.new_button)
        QWidget.setTabOrder(self.new_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)
        QWidget.setTabOrder(self.delete_button, self.merge_button)
        QWidget.setTabOrder(self.merge_button, self.quote_button)

    def _shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        new = QShortcut(QKeySequence.StandardKey.New, self, context=context)
        new.activated.connect(self.new_customer)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            edit = QShortcut(QKeySequence(key), self.table, context=Qt.ShortcutContext.WidgetShortcut)
            edit.activated.connect(self.edit_selected)
        find = QShortcut(QKeySequence.StandardKey.Find, self, context=context)
        find.activated.connect(self.search.setFocus)

    def retranslate(self) -> None:
        tr = self.context.tr
        self.search_label.setText(tr("&Search:"))
        self.search.setPlaceholderText(tr("Name, place or organisation number"))
        self.new_button.setText(tr("&New customer"))
        self.new_button.setToolTip(tr("Add a customer (Ctrl+N)"))
        self.edit_button.setText(tr("&Edit"))
        self.edit_button.setToolTip(tr("Change the selected customer (Enter or double-click)"))
        self.quote_button.setText(tr("New &quote for this customer"))
        self.delete_button.setText(tr("&Delete"))
        self.delete_button.setToolTip(tr("Delete the selected customer (only a customer without quotes)"))
        self.merge_button.setText(tr("&Merge into…"))
        self.merge_button.setToolTip(tr("The selected customer is a duplicate: move its quotes to another "
                                        "customer and delete it"))
        self.model.retranslate()
        self._update_empty_text()

    # ------------------------------------------------------------------ the list
    def reload(self) -> None:
        """Ask the core again for the customers matching the search text."""
        self.search_timer.stop()
        chosen = self.selected_customer_id()
        customers = self.context.customers.search(self.search.text(), limit=MAX_ROWS)
        self.model.set_rows(customers)
        if chosen is not None:
            self.select_customer(chosen)
        self._update_empty_text()
        self._update_buttons()

    def _data_changed(self, kind: str) -> None:
        if kind == "customers":
            self.reload()

    def _update_empty_text(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        text = self.search.text().strip()
        if text:
            self.empty.setText(self.context.tr("No customer matches “{text}”.", text=text))
        else:
            self.empty.setText(self.context.tr("No customers yet. Add the first one with New customer."))

    def selected_customer_id(self) -> int | None:
        row = selected_row(self.table)
        return None if row is None else self.model.row(row).id

    def select_customer(self, customer_id: int) -> bool:
        """Select the customer ``customer_id`` if it is in the list."""
        for number, customer in enumerate(self.model.rows()):
            if customer.id == customer_id:
                self.table.selectRow(number)
                return True
        return False

    def _selection_changed(self) -> None:
        self._update_buttons()
        customer_id = self.selected_customer_id()
        if customer_id is not None:
            self.customerChosen.emit(customer_id)

    def _update_buttons(self) -> None:
        chosen = self.selected_customer_id() is not None
        self.edit_button.setEnabled(chosen)
        self.quote_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.merge_button.setEnabled(chosen and self.model.rowCount() > 1)

    # ------------------------------------------------------------------ actions
    def new_customer(self) -> CustomerDialog:
        """Open the dialog for a new customer (window-modal; the list selects the customer once stored)."""
        return self._open_dialog(CustomerDialog(self.context, None, self))

    def edit_selected(self) -> CustomerDialog | None:
        row = selected_row(self.table)
        if row is None:
            return None
        return self._open_dialog(CustomerDialog(self.context, self.model.row(row), self))

    def _open_dialog(self, dialog: CustomerDialog) -> CustomerDialog:
        self.dialog = dialog
        dialog.finished.connect(lambda result: self._dialog_finished(dialog, result))
        dialog.open()
        return dialog

    def _dialog_finished(self, dialog: CustomerDialog, result: int) -> None:
        self.dialog = None
        dialog.deleteLater()
        customer_id = dialog.customer_id
        if result != CustomerDialog.DialogCode.Accepted or customer_id is None:
            return
        if not self.select_customer(customer_id):
            self.search.clear()
            self.reload()
            self.select_customer(customer_id)
        self.table.setFocus()

    def _new_quote(self) -> None:
        customer_id = self.selected_customer_id()
        if customer_id is not None:
            self.newQuoteRequested.emit(customer_id)

    # ------------------------------------------------------------------ delete and merge
    def confirm(self, title: str, text: str) -> bool:
        """Ask before a change that cannot be undone (replaceable in tests)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_keep(self, removed: CustomerRecord) -> int | None:
        """Which customer ``removed`` is merged into (replaceable in tests); None when the user cancels."""
        tr = self.context.tr
        dialog = ChooseCustomerDialog(self.context, self, title=tr("Merge customers"), ok_text=tr("Choose"),
                                      question=tr("Merge {name} into which customer? Its quotes move there and "
                                                  "{name} is deleted.", name=removed.name), besides=removed.id)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _selected(self) -> CustomerRecord | None:
        row = selected_row(self.table)
        return None if row is None else self.model.row(row)

    def delete_selected(self) -> None:
        customer, tr = self._selected(), self.context.tr
        if customer is None:
            return
        if not self.confirm(tr("Delete customer"), tr("Delete {name}? This cannot be undone.", name=customer.name)):
            return
        service = self.context.customers
        self._store(tr("Deleting {name}…", name=customer.name), lambda: service.delete(customer.id),
                    lambda removed: tr("Deleted {name}.", name=removed.name))

    def merge_selected(self) -> None:
        removed, tr = self._selected(), self.context.tr
        if removed is None:
            return
        keep_id = self.ask_keep(removed)
        if keep_id is None:
            return
        service = self.context.customers
        kept, count = service.get(keep_id), service.quote_count(removed.id)
        if kept is None:
            return
        if not self.confirm(tr("Merge customers"), self.context.tr_n(
                "Merge {removed} into {kept}? {count} quote moves to {kept} and {removed} is deleted. A sent "
                "quote keeps the customer data it was sent with. This cannot be undone.",
                "Merge {removed} into {kept}? {count} quotes move to {kept} and {removed} is deleted. Sent "
                "quotes keep the customer data they were sent with. This cannot be undone.", count,
                removed=removed.name, kept=kept.name)):
            return
        self._store(tr("Merging {removed} into {kept}…", removed=removed.name, kept=kept.name),
                    lambda: service.merge(keep_id, removed.id),
                    lambda merged: self.context.tr_n(
                        "Merged {removed} into {kept}: {count} quote moved.",
                        "Merged {removed} into {kept}: {count} quotes moved.", merged.quotes_moved,
                        removed=merged.removed.name, kept=merged.kept.name), select=keep_id)

    def _store(self, label: str, job: Callable[[], Any], done_text: Callable[[Any], str], *,
               select: int | None = None) -> None:
        """Store a delete or merge off the UI thread; the lists reload everywhere, a refusal is told."""

        def done(result: Any) -> None:
            self.context.dataChanged.emit("customers")
            self.context.dataChanged.emit("quotes")
            if select is not None:
                self.select_customer(select)
            self.status.setText(done_text(result))

        self.last_task = run_in_background(self, self.context, label, lambda _progress: job(), on_done=done,
                                           on_error=lambda error: self.context.show_error(self, error))
