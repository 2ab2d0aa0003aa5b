"""A read-only Qt table model over a list of plain records, for the app's lists.

A :class:`RecordTableModel` is given its columns as :class:`Column` (a header function and a cell function),
so a view keeps its wording in one place and re-labels itself by calling :meth:`RecordTableModel.retranslate`
after a language switch. Rows are whatever records the core returns; the model never changes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its header (called again after a language switch) and the text of its cell in a row."""

    header: Callable[[], str]
    cell: Callable[[Row], str]
    align_right: bool = False


class RecordTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of records shown through :class:`Column` definitions; read-only."""

    def __init__(self, columns: Sequence[Column[Row]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Row] = []

    # ------------------------------------------------------------------ the records
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, number: int) -> Row:
        return self._rows[number]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def retranslate(self) -> None:
        """Headers and cells again, in the new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    # ------------------------------------------------------------------ QAbstractTableModel
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.cell(self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header()
        return super().headerData(section, orientation, role)


def record_table(model: RecordTableModel[Any], parent: QWidget | None = None, *, stretch: int = 0) -> QTableView:
    """A table view for a record list: whole rows selected one at a time, column ``stretch`` takes the room."""
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    return table


def selected_row(table: QTableView) -> int | None:
    """The number of the selected row of ``table``, or None."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def local_time(moment: datetime, format_date: Callable[[Any], str]) -> str:
    """A stored (UTC) moment in this laptop's time: ``25.11.2026 14:05``."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{format_date(local.date())} {local:%H:%M}"
