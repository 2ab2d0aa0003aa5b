"""The list of quotes: search by number or customer, filters (status, customer, dates), every quote with its
revisions; opens a quote in the editor or asks for a new one."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.core.catalogue.quote_records import QUOTE_STATUSES, QuoteSummary
from configurator.core.pricing.money import from_ore
from configurator.core.quoting.messages import status_text
from configurator.ui.context import AppContext

NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"
STATUS_COLOURS = {"accepted": "#2e7d32", "rejected": "#9e1c1c", "expired": "#7a7a7a"}


def revisions_text(letter: str) -> str:
    """The current revision with the earlier ones: ``B (A)``, ``C (A, B)``, ``A``."""
    earlier = [chr(code) for code in range(ord("A"), ord(letter[0]))] if letter else []
    return f"{letter} ({', '.join(earlier)})" if earlier else letter


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setDate(NO_DATE)
    edit.setDisplayFormat("dd.MM.yyyy")
    return edit


class QuotesView(QWidget):
    """Every quote, newest first."""

    quoteOpened = Signal(str)
    newQuoteRequested = Signal()

    COLUMNS = 6

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[QuoteSummary] = []
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.customer = QComboBox()
        self.customer.setMinimumContentsLength(18)
        self.customer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.since, self.until = _date_edit(), _date_edit()
        self.new_button, self.open_button, self.clear_button = QPushButton(), QPushButton(), QPushButton()
        self.labels = {key: QLabel() for key in ("search", "status", "customer", "since", "until")}
        for key, widget in (("search", self.search), ("status", self.status), ("customer", self.customer),
                            ("since", self.since), ("until", self.until)):
            self.labels[key].setBuddy(widget)
        self.table = QTableWidget(0, self.COLUMNS)
        self._set_up_table()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.count = QLabel()
        self._lay_out()
        self._connect()
        context.languageChanged.connect(self.retranslate)
        context.dataChanged.connect(self._data_changed)
        self.retranslate()

    def _set_up_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.labels["search"])
        filters.addWidget(self.search, 2)
        for key, widget in (("status", self.status), ("customer", self.customer), ("since", self.since),
                            ("until", self.until)):
            filters.addWidget(self.labels[key])
            filters.addWidget(widget, 1 if key == "customer" else 0)
        filters.addWidget(self.clear_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        chain = [self.search, self.status, self.customer, self.since, self.until, self.clear_button, self.table,
                 self.open_button, self.new_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self.reload())
        self.search.returnPressed.connect(self.open_selected)
        for combo in (self.status, self.customer):
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _date: self.reload())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.open_selected())  # Enter, double-click
        self.open_button.clicked.connect(self.open_selected)
        self.new_button.clicked.connect(self.newQuoteRequested.emit)
        self.clear_button.clicked.connect(self.clear_filters)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.search.setFocus)

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        tr = self.context.tr
        for key, text in (("search", tr("&Search:")), ("status", tr("S&tatus:")), ("customer", tr("C&ustomer:")),
                          ("since", tr("&From:")), ("until", tr("T&o:"))):
            self.labels[key].setText(text)
        self.search.setPlaceholderText(tr("Quote number or customer"))
        self.since.setSpecialValueText(tr("any"))
        self.until.setSpecialValueText(tr("any"))
        self.since.setToolTip(tr("Quotes made on or after this day"))
        self.until.setToolTip(tr("Quotes made on or before this day"))
        self.new_button.setText(tr("&New quote…"))
        self.open_button.setText(tr("&Open"))
        self.clear_button.setText(tr("C&lear filters"))
        self.table.setHorizontalHeaderLabels([tr("Number"), tr("Revision"), tr("Customer"), tr("Status"),
                                              tr("Valid until"), tr("Total incl. VAT")])
        header = self.table.horizontalHeaderItem(1)
        assert header is not None  # the labels were just set
        header.setToolTip(tr("The current revision, the earlier ones in brackets"))
        self._fill_status()
        self._fill_customers()
        self.reload()

    def _fill_status(self) -> None:
        chosen = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(self.context.tr("All"), None)
        for status in QUOTE_STATUSES:
            self.status.addItem(self.context.render(status_text(status)), status)
        self.status.setCurrentIndex(max(0, self.status.findData(chosen)))
        self.status.blockSignals(False)

    def _fill_customers(self) -> None:
        chosen = self.customer.currentData()
        customers = self.context.customers.search("", limit=1000)
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(self.context.tr("All customers"), None)
        for customer in customers:
            self.customer.addItem(customer.name, customer.id)
        self.customer.setCurrentIndex(max(0, self.customer.findData(chosen)))
        self.customer.blockSignals(False)

    # ------------------------------------------------------------------ data
    def _data_changed(self, kind: str) -> None:
        if kind == "customers":
            self._fill_customers()
        if kind in ("quotes", "orders", "customers"):
            self.reload()

    def filters(self) -> dict[str, Any]:
        since, until = self.since.date(), self.until.date()
        return {"status": self.status.currentData(), "customer_id": self.customer.currentData(),
                "since": None if since == NO_DATE else date(since.year(), since.month(), since.day()),
                "until": None if until == NO_DATE else date(until.year(), until.month(), until.day())}

    def _search(self) -> list[QuoteSummary]:
        """The service's search by text, status and customer; the dates compared here, as the user's local days
        (quotes are stamped in UTC)."""
        filters = self.filters()
        since, until = filters.pop("since"), filters.pop("until")
        rows = self.context.service.search(self.search.text().strip(), **filters)
        return [row for row in rows if (since is None or row.created_at.astimezone().date() >= since)
                and (until is None or row.created_at.astimezone().date() <= until)]

    def is_filtered(self) -> bool:
        return bool(self.search.text().strip()) or any(v is not None for v in self.filters().values())

    def clear_filters(self) -> None:
        for widget in (self.search, self.status, self.customer, self.since, self.until):
            widget.blockSignals(True)
        self.search.clear()
        self.status.setCurrentIndex(0)
        self.customer.setCurrentIndex(0)
        self.since.setDate(NO_DATE)
        self.until.setDate(NO_DATE)
        for widget in (self.search, self.status, self.customer, self.since, self.until):
            widget.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Mark overdue quotes expired, then show the quotes the search and filters select."""
        service = self.context.service
        selected = self.selected_number()
        if service.expire_overdue():
            self.context.dataChanged.emit("quotes")
            return  # the signal reloads this list too
        self.rows = self._search()
        self.table.setRowCount(len(self.rows))
        for row, summary in enumerate(self.rows):
            self._show_row(row, summary)
        numbers = [summary.number for summary in self.rows]
        if selected in numbers:
            self.table.selectRow(numbers.index(selected))
        elif self.rows:
            self.table.selectRow(0)
        self._show_empty()
        self._selection_changed()

    def _show_row(self, row: int, summary: QuoteSummary) -> None:
        texts = [summary.number, revisions_text(summary.revision), summary.customer_name,
                 self.context.render(status_text(summary.status)), self.context.date(summary.valid_until),
                 self.context.money(from_ore(summary.total_inc_vat_ore))]
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column == 5:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == 3 and summary.status in STATUS_COLOURS:
                item.setForeground(QColor(STATUS_COLOURS[summary.status]))
            self.table.setItem(row, column, item)
            if column == 0:
                item.setData(Qt.ItemDataRole.UserRole, summary.number)

    def _show_empty(self) -> None:
        tr = self.context.tr
        if self.rows:
            self.stack.setCurrentWidget(self.table)
            self.count.setText(self.context.tr_n("{count} quote", "{count} quotes", len(self.rows)))
            return
        self.stack.setCurrentWidget(self.empty)
        self.count.setText("")
        if self.is_filtered():
            self.empty.setText(tr("No quote matches the search and filters. Clear the filters to see every quote."))
        else:
            self.empty.setText(tr("There are no quotes yet. Click “New quote…” to make the first one for a "
                                  "customer."))

    def _selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected_number() is not None)

    def selected_number(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def open_selected(self) -> None:
        number = self.selected_number()
        if number is not None:
            self.quoteOpened.emit(number)
