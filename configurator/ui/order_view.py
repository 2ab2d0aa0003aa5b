"""A production order as the app shows it: what "Create order" made (and "Show production order" opens again).

The order's number, its quote and revision, when it was made and is delivered, and one row per line with the
production fields the factory works from (the ear tags' number range, a window's glass unit size, ...), in the
UI language. "Open PDF" renders the order PDF off the UI thread and opens it in the system's PDF viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.core.files import write_private_file
from configurator.core.i18n import msg
from configurator.ui.context import AppContext, UserError
from configurator.ui.work import BackgroundTask, Progress, run_in_background


class OrderDialog(QDialog):
    """One production order, read when opened (a window of its own: the quote editor stays usable)."""

    def __init__(self, context: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from configurator.core.quoting.snapshots import order_snapshot

        self.context, self.number = context, number
        self.snapshot = order_snapshot(context.service, number, context.language)
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.last_task: BackgroundTask | None = None
        self.heading = QLabel()
        big = QFont(self.heading.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.heading.setFont(big)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.pdf_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(self.open_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self._fill()
        self.retranslate()
        self.resize(900, 480)

    def _fill(self) -> None:
        lines = self.snapshot.lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            fields = "\n".join(f"{item.label}: {item.value}" for item in line.fields if item.value)
            for column, text in enumerate((str(line.position), line.product, str(line.quantity), fields)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def retranslate(self) -> None:
        tr, snapshot = self.context.tr, self.snapshot
        self.setWindowTitle(tr("Production order {order}", order=snapshot.number))
        self.heading.setText(tr("Production order {order}", order=snapshot.number))
        made = self.context.date(snapshot.created)
        facts = tr("From quote {quote}, revision {revision}; made {date}.", quote=snapshot.quote_number,
                   revision=snapshot.revision, date=made)
        if snapshot.delivery_date is not None:
            facts += " " + tr("Deliver by {date}.", date=self.context.date(snapshot.delivery_date))
        self.facts.setText(facts + "\n" + snapshot.customer.name)
        self.table.setHorizontalHeaderLabels([tr("Line"), tr("Product"), tr("Quantity"), tr("For production")])
        self.table.resizeColumnsToContents()  # after the headers: each column fits its heading too
        self.table.resizeRowsToContents()
        self.pdf_button.setText(tr("Open &PDF"))
        self.pdf_button.setToolTip(tr("Show the production order's PDF in the system's PDF viewer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))

    def open_pdf(self) -> None:
        snapshot = self.snapshot

        def job(_progress: Progress) -> Path:
            from configurator.core.documents.order_pdf import render_order_pdf

            return write_private_file(render_order_pdf(snapshot), snapshot.number, ".pdf")

        self.last_task = run_in_background(self, self.context, self.context.tr(
            "Making the PDF of production order {order}…", order=snapshot.number), job, on_done=self._opened)

    def _opened(self, path: Any) -> None:
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            raise UserError(msg("No program to show PDF files was found. The PDF is here: {file}", file=str(path)))
