"""The catalogue as stored: the product families, the versions of the chosen family and the import history.

The catalogue is built with ``skredder catalogue build`` or updated from a signed package (Import catalogue…,
Roll back: ``catalogue_import.py``). The view reloads when the catalogue
changes (``dataChanged("catalogue")``) and re-labels itself on a language switch; family names are shown in
the app's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from configurator.core.catalogue.records import CatalogueImportRecord, FamilyRecord, ModelVersionRecord
from configurator.ui.catalogue_import import CatalogueImporter
from configurator.ui.context import AppContext
from configurator.ui.table_models import Column, RecordTableModel, local_time, record_table, selected_row

HASH_SHOWN = 12
HISTORY_ROWS = 200
_NORWEGIAN_LAST = str.maketrans({"æ": "z\u0001", "ø": "z\u0002", "å": "z\u0003"})


def norwegian_order(text: str) -> str:
    """A sort key putting Æ, Ø and Å after Z, in that order, as Norwegian lists do."""
    return text.casefold().translate(_NORWEGIAN_LAST)


@dataclass(frozen=True)
class FamilyRow:
    """A family with its versions, as the list shows it."""

    family: FamilyRecord
    versions: tuple[ModelVersionRecord, ...]


class CatalogueView(QWidget):
    """Families, their versions and the import history."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.families: RecordTableModel[FamilyRow] = RecordTableModel(self._family_columns(), self)
        self.versions: RecordTableModel[ModelVersionRecord] = RecordTableModel(self._version_columns(), self)
        self.history: RecordTableModel[CatalogueImportRecord] = RecordTableModel(self._history_columns(), self)
        self.family_table = record_table(self.families, self)
        self.version_table = record_table(self.versions, self, stretch=3)
        self.history_table = record_table(self.history, self, stretch=3)
        self.family_table.selectionModel().selectionChanged.connect(self._show_versions)
        self.titles = {name: QLabel() for name in ("families", "versions", "history")}
        for name, table in (("families", self.family_table), ("versions", self.version_table),
                            ("history", self.history_table)):
            self.titles[name].setBuddy(table)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.importer = CatalogueImporter(context, self)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.importer.choose_and_import)
        self.recheck_button = QPushButton()
        self.recheck_button.clicked.connect(self.importer.recheck)
        self.rollback_button = QPushButton()
        self.rollback_button.clicked.connect(self._roll_back)
        self._layout()
        self.retranslate()  # reads the catalogue too
        context.languageChanged.connect(self.retranslate)
        context.dataChanged.connect(self._data_changed)

    # ------------------------------------------------------------------ columns
    def _family_columns(self) -> list[Column[FamilyRow]]:
        tr = self.context.tr
        return [
            Column(lambda: tr("Product family"), self._family_name),
            Column(lambda: tr("Newest version"), lambda row: row.versions[-1].version if row.versions else ""),
            Column(lambda: tr("Versions"), lambda row: str(len(row.versions)), align_right=True),
        ]

    def _family_name(self, row: FamilyRow) -> str:
        return row.family.name_nb if self.context.language == "nb" else row.family.name_en

    def _version_columns(self) -> list[Column[ModelVersionRecord]]:
        tr = self.context.tr
        return [
            Column(lambda: tr("Version"), lambda v: v.version),
            Column(lambda: tr("In force from"), lambda v: self.context.date(v.effective_date)),
            Column(lambda: tr("Loaded"), lambda v: local_time(v.loaded_at, self.context.date)),
            Column(lambda: tr("Source hash"), lambda v: v.source_hash[:HASH_SHOWN]),
        ]

    def _history_columns(self) -> list[Column[CatalogueImportRecord]]:
        tr = self.context.tr
        return [
            Column(lambda: tr("Imported"), lambda r: local_time(r.imported_at, self.context.date)),
            Column(lambda: tr("Source"), lambda r: r.source),
            Column(lambda: tr("Result"), self._status),
            Column(lambda: tr("What changed"), self._summary),
        ]

    def _status(self, record: CatalogueImportRecord) -> str:
        tr = self.context.tr
        texts = {"applied": tr("applied"), "rejected": tr("rejected"), "rolled_back": tr("rolled back")}
        return texts.get(record.status, record.status)

    def _summary(self, record: CatalogueImportRecord) -> str:
        if record.error:
            return record.error
        stored = record.summary.get("stored", []) if isinstance(record.summary, dict) else []
        names = {row.family.id: self._family_name(row) for row in self.families.rows()}
        parts = [f"{names.get(str(item.get('family')), item.get('family'))} {item.get('version')}"
                 for item in stored if isinstance(item, dict)]
        if not parts:
            return self.context.tr("nothing new")
        return self.context.tr("stored: {versions}", versions=", ".join(parts))

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self._titled("families", self.family_table))
        top.addWidget(self._titled("versions", self.version_table))
        top.setSizes([420, 820])
        whole = QSplitter(Qt.Orientation.Vertical)
        whole.addWidget(top)
        whole.addWidget(self._titled("history", self.history_table))
        whole.setSizes([420, 340])
        self.tables = whole
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.recheck_button)
        buttons.addWidget(self.rollback_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(whole, 1)
        QWidget.setTabOrder(self.family_table, self.version_table)
        QWidget.setTabOrder(self.version_table, self.history_table)

    def _titled(self, name: str, table: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.titles[name])
        layout.addWidget(table, 1)
        return box

    def retranslate(self) -> None:
        tr = self.context.tr
        self.import_button.setText(tr("&Import catalogue…"))
        self.rollback_button.setText(tr("&Roll back the catalogue"))
        self.recheck_button.setText(tr("Check the &open quotes"))
        self.titles["families"].setText(tr("&Product families"))
        self.titles["versions"].setText(tr("&Versions of the chosen family"))
        self.titles["history"].setText(tr("&Import history"))
        self.empty.setText(tr("The catalogue is empty: run skredder catalogue build"))
        for model in (self.families, self.versions, self.history):
            model.retranslate()
        self.reload()  # family names, and so their order, change with the language

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        """Read the families, their versions and the import history again."""
        selected = selected_row(self.family_table)
        chosen = None if selected is None else self.families.row(selected).family.id
        families, history = self.context.catalogue.overview(HISTORY_ROWS)
        rows = [FamilyRow(item.family, item.versions) for item in families]
        rows.sort(key=lambda row: norwegian_order(self._family_name(row)))
        self.families.set_rows(rows)
        self.history.set_rows(history)
        self.empty.setVisible(not rows)
        if rows:
            ids = [row.family.id for row in rows]
            self.family_table.selectRow(ids.index(chosen) if chosen in ids else 0)
        else:
            self.versions.set_rows([])

    def _show_versions(self) -> None:
        row = selected_row(self.family_table)
        versions = [] if row is None else self.families.row(row).versions
        self.versions.set_rows(list(reversed(versions)))  # newest first

    def _roll_back(self) -> None:
        self.importer.roll_back()

    def _data_changed(self, kind: str) -> None:
        if kind == "catalogue":
            self.reload()
