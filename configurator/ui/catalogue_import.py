"""Importing a signed catalogue package or a price list in the app: choose the file, see what changes, apply,
then decide per open quote.

The long steps (verify and validate; apply and re-check the quotes) run off the UI thread with a progress dialog
that shows each step the core reports (reading model 3 of 40, checking quote 12 of 200). The difference and the
re-check report are shown in dialogs; the report lists every line and, per affected quote, "Move to the new
catalogue" (a new revision with the repaired lines, also off the UI thread) or "Keep the old prices"; it is saved
as PDF or CSV for the sales manager. A refused file is shown in plain words and has changed nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.context import AppContext
from configurator.ui.qt_texts import FILE_DIALOG
from configurator.ui.work import Progress, run_in_background


def core_progress(progress: Progress, language: str, start: float = 0.0,
                  end: float = 1.0) -> Callable[[Any, int, int], None]:
    """The core's ``progress(step, done, of)`` as the progress dialog's (fraction, text), mapped to start..end."""

    def report(step: Any, done: int, of: int) -> None:
        progress(start + (end - start) * min(max(done / of if of else 0.0, 0.0), 1.0), step.render(language))

    return report


class ChangesDialog(QDialog):
    """What a package changes, in the user's language; Apply or Cancel."""

    def __init__(self, context: AppContext, plan: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr, language = context.tr, context.language
        self.setWindowTitle(tr("Import catalogue"))
        layout = QVBoxLayout(self)
        if getattr(plan, "kind", "package") == "prices":
            head = QLabel(tr("{file}: price list, {rows} prices, new model versions of {families}", file=plan.name,
                             rows=len(plan.rows), families=", ".join(v.family for v in plan.versions)))
        else:
            manifest = plan.package.manifest
            head = QLabel(tr("{file}: catalogue {name} version {version} by {publisher}, signed by {key}",
                             file=plan.package.name, name=manifest.catalogue, version=manifest.version,
                             publisher=manifest.publisher, key=manifest.signer))
        head.setWordWrap(True)
        layout.addWidget(head)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        lines = [change.render(language) for change in plan.changes]
        lines += [tr("New publisher key, signed by a trusted key: {key}", key=key.id)
                  for key in getattr(plan, "new_keys", ())]
        self.changes.setPlainText("\n".join(lines) or tr("no changes to products, prices or rules"))
        layout.addWidget(self.changes, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Apply).setText(tr("Apply the update"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 480)


STATUS_ORDER = ("invalid", "withdrawn", "price", "unchanged")


class RecheckDialog(QDialog):
    """The open quotes checked against the new catalogue: every line, then per affected quote the decision."""

    def __init__(self, context: AppContext, checks: list[Any], title: str, parent: QWidget | None = None, *,
                 importer: CatalogueImporter | None = None) -> None:
        from configurator.core.sync.recheck import report_rows

        super().__init__(parent)
        self.context = context
        self.checks = checks
        self.importer = importer
        tr = context.tr
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        rows = report_rows(checks, context.language)
        label = QLabel(tr("Open quotes checked against the new catalogue:") if rows
                       else tr("No open quotes to check."))
        layout.addWidget(label)
        self.table = QTableWidget(max(len(rows) - 1, 0), len(rows[0]) if rows else 0)
        if rows:
            self.table.setHorizontalHeaderLabels(list(rows[0]))
            for r, row in enumerate(rows[1:]):
                for c, cell in enumerate(row):
                    item = QTableWidgetItem(cell)
                    item.setToolTip(cell)
                    self.table.setItem(r, c, item)
            self.table.resizeColumnsToContents()
            self.table.horizontalHeader().setSectionResizeMode(len(rows[0]) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 2)
        affected = self._affected()
        self.quotes = QTableWidget(len(affected), 3)
        self.quotes.setHorizontalHeaderLabels([tr("Quote"), tr("What changed"), tr("Your decision")])
        self.move_buttons: dict[str, QPushButton] = {}
        self.keep_buttons: dict[str, QPushButton] = {}
        self.undo_buttons: dict[str, QPushButton] = {}
        self.decisions: dict[str, QLabel] = {}
        for index, (number, lines) in enumerate(affected):
            self.quotes.setItem(index, 0, QTableWidgetItem(number))
            self.quotes.setItem(index, 1, QTableWidgetItem(self._summary(lines)))
            holder = QWidget()
            box = QHBoxLayout(holder)
            box.setContentsMargins(2, 0, 2, 0)
            move = QPushButton(tr("Move to the new catalogue"))
            move.setToolTip(tr("A new revision with the new prices and, where a line is no longer valid, the "
                               "nearest valid configuration"))
            keep = QPushButton(tr("Keep the old prices"))
            keep.setToolTip(tr("The quote keeps the catalogue it was made with until it expires"))
            undo = QPushButton(tr("Undo"))
            undo.setToolTip(tr("Forget the decision to keep the old prices: the quote is asked about again"))
            decision = QLabel()
            move.clicked.connect(lambda _=False, n=number: self.move_to_new(n))
            keep.clicked.connect(lambda _=False, n=number: self.keep_old(n))
            undo.clicked.connect(lambda _=False, n=number: self.undo_keep(n))
            kept = [c for c in lines if c.kept_by is not None]
            undo.setVisible(bool(kept))
            if kept and not any(c.open for c in lines):
                keep.setEnabled(False)
                decision.setText(tr("Old prices kept (decided by {who} on {day})", who=kept[0].kept_by or "?",
                                    day=context.date(kept[0].kept_on) if kept[0].kept_on else "-"))
            if any(c.status == "withdrawn" or (c.status == "invalid" and c.proposal is None) for c in lines):
                move.setEnabled(False)
                move.setToolTip(tr("A line has no valid configuration in the new catalogue: change it in the quote"))
            for widget in (move, keep, undo, decision):
                box.addWidget(widget)
            box.addStretch(1)
            self.quotes.setCellWidget(index, 2, holder)
            self.move_buttons[number], self.keep_buttons[number], self.decisions[number] = move, keep, decision
            self.undo_buttons[number] = undo
        self.quotes.resizeColumnsToContents()
        self.quotes.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.quotes_label = QLabel(tr("Quotes with changes: move each to the new catalogue, or keep its old prices")
                                   if affected else tr("No open quote is affected by the update."))
        layout.addWidget(self.quotes_label)
        layout.addWidget(self.quotes, 1)
        self.quotes.setVisible(bool(affected))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
        self.pdf_button = buttons.addButton(tr("Save as PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.csv_button = buttons.addButton(tr("Save as CSV…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.csv_button.clicked.connect(lambda: self.save("csv"))
        buttons.rejected.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(1100, 620)

    def _affected(self) -> list[tuple[str, list[Any]]]:
        by_quote: dict[str, list[Any]] = {}
        for check in self.checks:
            by_quote.setdefault(check.number, []).append(check)
        return [(n, lines) for n, lines in sorted(by_quote.items()) if any(c.status != "unchanged" for c in lines)]

    def _summary(self, lines: list[Any]) -> str:
        from configurator.core.sync.recheck import STATUS_TEXTS

        counts = Counter(c.status for c in lines)
        return ", ".join(f"{counts[s]} {self.context.tr(STATUS_TEXTS[s])}" for s in STATUS_ORDER if counts[s])

    def move_to_new(self, number: str) -> None:
        from configurator.core.sync.recheck import move_quote

        context = self.context
        service, database = context.service, context.database
        today = service.today
        self.move_buttons[number].setEnabled(False)
        self.keep_buttons[number].setEnabled(False)

        def done(letter: str) -> None:
            self.decisions[number].setText(context.tr("Moved: revision {letter} uses the new catalogue",
                                                      letter=letter))
            context.dataChanged.emit("quotes")

        def failed(error: BaseException) -> None:
            self.move_buttons[number].setEnabled(True)
            self.keep_buttons[number].setEnabled(True)
            context.show_error(self, error)

        run_in_background(self, context, context.tr("Moving quote {number} to the new catalogue…", number=number),
                          lambda _progress: move_quote(service, database, number, today), on_done=done,
                          on_error=failed)

    def keep_old(self, number: str) -> None:
        """Stored (in the background, one transaction): the quote stays pinned to its model versions until it
        expires, and the next re-check shows the decision instead of asking again; "Undo" forgets it."""
        from configurator.core.sync.recheck import keep_old_prices

        context = self.context
        service, database = context.service, context.database
        today, by = service.today, service.editor
        self.keep_buttons[number].setEnabled(False)

        def job(_progress: Any) -> Any:
            keep_old_prices(database, number, today, by=by)
            return service.quote(number).current.valid_until

        def done(valid_until: Any) -> None:
            self.move_buttons[number].setEnabled(True)
            self.undo_buttons[number].setVisible(True)
            self.undo_buttons[number].setEnabled(True)
            self.decisions[number].setText(context.tr("Keeps the old prices until it expires ({day})",
                                                      day=context.date(valid_until)))
            context.dataChanged.emit("quotes")

        def failed(error: BaseException) -> None:
            self.keep_buttons[number].setEnabled(True)
            context.show_error(self, error)

        run_in_background(self, context, context.tr("Keeping the old prices of quote {number}…", number=number),
                          job, on_done=done, on_error=failed)

    def undo_keep(self, number: str) -> None:
        """Forget the stored "keep the old prices" (in the background): the quote is asked about again."""
        from configurator.core.sync.recheck import undo_kept_prices

        context = self.context
        database = context.database
        self.undo_buttons[number].setEnabled(False)

        def done(_count: Any) -> None:
            self.undo_buttons[number].setVisible(False)
            self.keep_buttons[number].setEnabled(True)
            self.decisions[number].setText(context.tr("Undone: the quote waits for a decision"))
            context.dataChanged.emit("quotes")

        def failed(error: BaseException) -> None:
            self.undo_buttons[number].setEnabled(True)
            context.show_error(self, error)

        run_in_background(self, context, context.tr("Undoing the decision for quote {number}…", number=number),
                          lambda _progress: undo_kept_prices(database, number), on_done=done, on_error=failed)

    def save(self, kind: str, path: Path | None = None) -> None:
        from configurator.core.sync.recheck import write_report_csv
        from configurator.core.sync.report_pdf import write_report_pdf

        context = self.context
        if path is None:
            pattern = context.tr("PDF files (*.pdf)") if kind == "pdf" else context.tr("CSV files (*.csv)")
            name, _ = QFileDialog.getSaveFileName(self, context.tr("Save the report"),
                                                  context.tr("open-quotes") + f".{kind}", pattern,
                                                  options=FILE_DIALOG)
            if not name:
                return
            path = Path(name)
        checks, language, today = self.checks, context.language, context.service.today
        target = path

        def job(_progress: Any) -> Path:
            if kind == "pdf":
                write_report_pdf(checks, target, language, today=today)
            else:
                write_report_csv(checks, target, language)
            return target

        def written(file: Path) -> None:
            QMessageBox.information(self, context.tr("Save the report"),
                                    context.tr("Report written to {file}", file=str(file)))

        run_in_background(self, context, context.tr("Writing the report…"), job, on_done=written)


class CatalogueImporter:
    """The import and rollback flows of the catalogue page (and File → Import catalogue…)."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        self.context = context
        self.parent = parent
        self.last_dialog: QDialog | None = None  # for tests and screenshots

    def choose_and_import(self) -> None:
        tr = self.context.tr
        name, _ = QFileDialog.getOpenFileName(self.parent, tr("Import catalogue"), "", ";;".join((
            tr("Catalogue packages and price lists (*.skcat *.xlsx *.csv)"), tr("Catalogue packages (*.skcat)"),
            tr("Price lists (*.xlsx *.csv)"))), options=FILE_DIALOG)
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path, *, ask: bool = True) -> None:
        from configurator.core.sync.importer import prepare_import
        from configurator.core.sync.pricelist import is_price_list, prepare_price_list

        database, language, today = self.context.database, self.context.language, self.context.service.today
        prices = is_price_list(path)

        def job(progress: Progress) -> Any:
            report = core_progress(progress, language)
            if prices:
                return prepare_price_list(database, path, progress=report)
            return prepare_import(database, path, progress=report, today=today)

        label = self.context.tr("Reading the price list") if prices else self.context.tr("Verifying the package")
        run_in_background(self.parent, self.context, label, job, on_done=lambda plan: self._confirm(plan, ask),
                          on_error=lambda error: self.context.show_error(self.parent, error))

    def _confirm(self, plan: Any, ask: bool) -> None:
        tr = self.context.tr
        if plan.no_op and getattr(plan, "kind", "package") == "prices":
            QMessageBox.information(self.parent, tr("Import catalogue"), tr(
                "{file}: every price is as in the catalogue already; nothing to do", file=plan.name))
            return
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
        from configurator.core.sync.pricelist import apply_price_list
        from configurator.core.sync.recheck import recheck_quotes

        database, language, today = self.context.database, self.context.language, self.context.service.today

        def job(progress: Progress) -> Any:
            report = core_progress(progress, language, 0.0, 0.5)
            if getattr(plan, "kind", "package") == "prices":
                apply_price_list(database, plan, progress=report)
            else:
                apply_import(database, plan, progress=report)
            return recheck_quotes(database, today, progress=core_progress(progress, language, 0.5, 1.0))

        run_in_background(self.parent, self.context, self.context.tr("Applying the update…"), job,
                          on_done=self._applied, on_error=lambda error: self.context.show_error(self.parent, error))

    def _applied(self, checks: list[Any]) -> None:
        self.context.dataChanged.emit("catalogue")
        self._show_checks(checks, self.context.tr("Catalogue updated"))

    def _show_checks(self, checks: list[Any], title: str) -> None:
        dialog = RecheckDialog(self.context, checks, title, self.parent, importer=self)
        self.last_dialog = dialog
        dialog.open()

    def recheck(self) -> None:
        """The open quotes against the catalogue in force, at any time (the catalogue page's button)."""
        from configurator.core.sync.recheck import recheck_quotes

        database, language, today = self.context.database, self.context.language, self.context.service.today
        run_in_background(self.parent, self.context, self.context.tr("Checking the open quotes…"),
                          lambda progress: recheck_quotes(database, today, core_progress(progress, language)),
                          on_done=lambda checks: self._show_checks(checks, self.context.tr("Open quotes")),
                          on_error=lambda error: self.context.show_error(self.parent, error))

    def roll_back(self, *, ask: bool = True) -> None:
        from configurator.core.sync.importer import roll_back_told

        tr = self.context.tr
        if ask and QMessageBox.question(self.parent, tr("Roll back the catalogue"), tr(
                "Return to the catalogue installed before? Quotes are not changed.")) != \
                QMessageBox.StandardButton.Yes:
            return
        database = self.context.database

        def done(told: Any) -> None:
            self.context.dataChanged.emit("catalogue")
            QMessageBox.information(self.parent, tr("Roll back the catalogue"), self.context.render(told))

        run_in_background(self.parent, self.context, tr("Rolling back…"), lambda _p: roll_back_told(database),
                          on_done=done, on_error=lambda error: self.context.show_error(self.parent, error))
