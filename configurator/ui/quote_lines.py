"""The lines of one quote revision as a table: preview thumbnail, product, key attributes, quantity, unit price,
line total; and the texts around it (key attributes, the price breakdown of a line)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from configurator.core.catalogue.quote_records import QuoteLineRecord
from configurator.core.i18n import translate
from configurator.core.pricing.money import from_ore
from configurator.core.quoting.models import ModelStore
from configurator.core.quoting.snapshots import stored_price
from configurator.ui.context import AppContext

THUMBNAIL = QSize(56, 42)  # small enough for ten lines at 1280 × 800


def key_attributes(models: ModelStore, line: QuoteLineRecord, language: str) -> str:
    """The key values with their labels, e.g. ``Vindustype: Sidehengslet · Bredde: 1200 mm · …`` (the attributes
    the model marks ``key``; an ear-tag series as its range)."""
    from configurator.core.quoting.snapshots import key_items

    model = models.by_version_id(line.model_version_id).model
    return " · ".join(translate("{label}: {value}", language, label=item.label, value=item.value)
                      for item in key_items(model, dict(line.configuration.values), language))


def specification_text(models: ModelStore, line: QuoteLineRecord, language: str) -> str:
    """Every chosen value with its label, one per line (the tooltip of a line)."""
    from configurator.core.quoting.snapshots import specification

    model = models.by_version_id(line.model_version_id).model
    return "\n".join(f"{item.label}: {item.value}" for item in
                     specification(model, line.configuration.values, language))


def breakdown(line: QuoteLineRecord, language: str) -> list[str]:
    """The stored price of a line explained, line by line (never repriced)."""
    return stored_price(line).describe(language)  # a damaged one: a plain CatalogueError


MAX_THUMBNAIL_SOURCE = 8192 * 8192  # pixels: a larger stored preview (damaged, or hostile) is not decoded


def thumbnail(png: bytes | None) -> QIcon:
    pixmap = QPixmap()
    if png:
        data = QByteArray(png)
        buffer = QBuffer(data)  # both kept alive while the reader looks at them
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        size = QImageReader(buffer, QByteArray(b"PNG")).size()  # from the header: nothing decoded yet
        buffer.close()
        if size.isValid() and size.width() * size.height() <= MAX_THUMBNAIL_SOURCE:
            pixmap.loadFromData(png, "PNG")
    if pixmap.isNull():
        return QIcon()
    return QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation))


class LinesTable(QTableWidget):
    """The lines of the revision on show; one row per line, the position kept in the row's first item."""

    lineActivated = Signal(int)  # position, on double-click or Enter

    COLUMNS = 7

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(0, self.COLUMNS, parent)
        self.context = context
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setIconSize(THUMBNAIL)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(THUMBNAIL.height() + 8)
        self.setTabKeyNavigation(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(0, THUMBNAIL.width() + 12)
        self.cellDoubleClicked.connect(lambda row, _column: self._activate(row))
        self.retranslate()

    def retranslate(self) -> None:
        tr = self.context.tr
        self.setHorizontalHeaderLabels([tr("Image"), tr("No."), tr("Product"), tr("Key attributes"),
                                        tr("Quantity"), tr("Unit price"), tr("Line total")])

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self._activate(self.currentRow())
            return
        super().keyPressEvent(event)

    def _activate(self, row: int) -> None:
        position = self.position_at(row)
        if position is not None:
            self.lineActivated.emit(position)

    def position_at(self, row: int) -> int | None:
        item = self.item(row, 1)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def selected_position(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return self.position_at(rows[0].row()) if rows else None

    def show_lines(self, lines: tuple[QuoteLineRecord, ...], models: ModelStore, select: int | None) -> None:
        """Fill the table; ``select`` is the position to select afterwards (else the first line)."""
        language = self.context.language
        self.setRowCount(len(lines))
        for row, line in enumerate(lines):
            stored = models.by_version_id(line.model_version_id)
            texts = ["", str(line.position), stored.model.name.get(language),
                     key_attributes(models, line, language), str(line.quantity),
                     self.context.money(from_ore(line.unit_price_ore)),
                     self.context.money(from_ore(line.line_total_ore))]
            tooltip = specification_text(models, line, language)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip)
                if column >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == 0:
                    item.setIcon(thumbnail(line.preview_png))
                elif column == 1:
                    item.setData(Qt.ItemDataRole.UserRole, line.position)
                self.setItem(row, column, item)
        positions = [line.position for line in lines]
        if lines:
            row = positions.index(select) if select in positions else 0
            self.selectRow(row)
        else:
            self.clearSelection()
