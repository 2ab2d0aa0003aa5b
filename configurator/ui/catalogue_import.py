"""Importing a signed catalogue package in the app: choose the file, see what changes, apply, see the open quotes.

The long steps (verify and validate; apply and re-check the quotes) run off the UI thread with a progress dialog;
the difference and the re-check report are shown in dialogs. A refused package is shown in plain words and has
changed nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.context import AppContext
from configurator.ui.work import run_in_background


class ChangesDialog(QDialog):
    """What a package changes, in the user's language; Apply or Cancel."""

    def __init__(self, context: AppContext, plan: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr, language = context.tr, context.language
        manifest = plan.package.manifest
        self.setWindowTitle(tr("Import catalogue"))
        layout = QVBoxLayout(self)
        head = QLabel(tr("{file}: catalogue {name} version {version} by {publisher}, signed by {key}",
                         file=plan.package.name, name=manifest.catalogue, version=manifest.version,
                         publisher=manifest.publisher, key=manifest.signer))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        lines = [change.render(language) for change in plan.changes]
        lines += [tr("New publisher key, signed by a trusted key: {key}", key=key.id) for key in plan.new_keys]
        self.changes.setPlainText("\n".join(lines) or tr("no changes to products, prices or rules"))
        layout.addWidget(self.changes, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Apply).setText(tr("Apply the update"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 480)


class RecheckDialog(QDialog):
    """The open quotes checked against the new catalogue (the report's table)."""

    def __init__(self, context: AppContext, rows: list[tuple[str, ...]], title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(context.tr("Open quotes checked against the new catalogue:") if rows
                       else context.tr("No open quotes to check."))
        layout.addWidget(label)
        self.table = QTableWidget(max(len(rows) - 1, 0), len(rows[0]) if rows else 0)
        if rows:
            self.table.setHorizontalHeaderLabels(list(rows[0]))
            for r, row in enumerate(rows[1:]):
                for c, cell in enumerate(row):
                    self.table.setItem(r, c, QTableWidgetItem(cell))
            self.table.resizeColumnsToContents()
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(980, 420)


class CatalogueImporter:
    """The import and rollback flows of the catalogue page (and File → Import catalogue…)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        self.context = context
        self.parent = parent
        self.last_dialog: QDialog | None = None  # for tests and screenshots

    def choose_and_import(self) -> None:
        tr = self.context.tr
        name, _ = QFileDialog.getOpenFileName(self.parent, tr("Import catalogue"), "",
                                              tr("Catalogue packages (*.skcat)"))
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path, *, ask: bool = True) -> None:
        from configurator.core.sync.importer import prepare_import

        database = self.context.database
        run_in_background(self.parent, self.context, self.context.tr("Verifying the package"),
                          lambda _progress: prepare_import(database, path),
                          on_done=lambda plan: self._confirm(plan, ask),
                          on_error=lambda error: self.context.show_error(self.parent, error))

    def _confirm(self, plan: Any, ask: bool) -> None:
        tr = self.context.tr
        if plan.no_op:
            QMessageBox.information(self.parent, tr("Import catalogue"), tr(
                "{file}: catalogue version {version} is installed already; nothing to do", file=plan.package.name,
                version=plan.package.manifest.version))
            return
        dialog = ChangesDialog(self.context, plan, self.parent)
        self.last_dialog = dialog
        if ask and dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._apply(plan)

    def _apply(self, plan: Any) -> None:
        from configurator.core.sync.importer import apply_import
        from configurator.core.sync.recheck import recheck_quotes, report_rows

        database, language = self.context.database, self.context.language

        def job(_progress: Any) -> Any:
            apply_import(database, plan)
            return report_rows(recheck_quotes(database), language)

        run_in_background(self.parent, self.context, self.context.tr("Applying the update…"), job,
                          on_done=self._applied, on_error=lambda error: self.context.show_error(self.parent, error))

    def _applied(self, rows: list[tuple[str, ...]]) -> None:
        self.context.dataChanged.emit("catalogue")
        dialog = RecheckDialog(self.context, rows, self.context.tr("Catalogue updated"), self.parent)
        self.last_dialog = dialog
        dialog.open()

    def roll_back(self, *, ask: bool = True) -> None:
        from configurator.core.sync.importer import roll_back

        tr = self.context.tr
        if ask and QMessageBox.question(self.parent, tr("Roll back the catalogue"), tr(
                "Return to the catalogue installed before? Quotes are not changed.")) != \
                QMessageBox.StandardButton.Yes:
            return
        database = self.context.database

        def done(versions: tuple[int, int]) -> None:
            self.context.dataChanged.emit("catalogue")
            QMessageBox.information(self.parent, tr("Roll back the catalogue"), tr(
                "Catalogue version {before} rolled back; version {after} is in force again (quotes untouched)",
                before=versions[0], after=versions[1]))

        run_in_background(self.parent, self.context, tr("Rolling back…"), lambda _p: roll_back(database),
                          on_done=done, on_error=lambda error: self.context.show_error(self.parent, error))
