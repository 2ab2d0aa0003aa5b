"""This laptop's settings as a form: the seller on quotes, VAT and limits, terms, language and the manager PIN.

Every value is checked by the core exactly as ``skredder settings set`` checks it; Save (Ctrl+S) stores them
only when all are right, otherwise each problem is shown next to its field and nothing is saved. The language
of the app switches as soon as it is chosen. The PIN is asked twice and only its hash is stored.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from configurator.core.customers import format_org_number
from configurator.core.i18n import Message
from configurator.core.numbers import format_number
from configurator.core.settings import (
    PIN_PATTERN,
    Settings,
    SettingsError,
    change_manager_pin,
    flat_settings,
    set_value,
)
from configurator.ui.context import AppContext
from configurator.ui.customer_dialog import error_label, field_with_error, form_row, show_error
from configurator.ui.qt_texts import FILE_DIALOG

LOGO_PREVIEW = (220, 90)
# the settings this form edits as text, each with (its line edit or text box) — the order of the form
LINE_KEYS = ("salesperson", "company.name", "company.org_number", "company.phone", "company.email", "company.web",
             "company.logo_path", "vat_percent", "discount_limit_percent", "quote_validity_days", "manager_name",
             "database_url")
TEXT_KEYS = ("company.address_lines", "terms.nb", "terms.en")


def _problem(error: SettingsError) -> Message | str:
    """The problem itself of a refused setting, without the key the command line puts before it."""
    first = error.problems[0]
    return first.params.get("problem", first) if len(error.problems) == 1 else str(error)


class SettingsView(QWidget):
    """The settings form with Save."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.line_fields: dict[str, QLineEdit] = {key: QLineEdit() for key in LINE_KEYS}
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = dict(self.line_fields)
        for key in TEXT_KEYS:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            self.fields[key] = box
        self.errors = {key: error_label() for key in (*LINE_KEYS, *TEXT_KEYS)}
        self.language = QComboBox()
        self.language.addItem("Norsk (bokmål)", "nb")
        self.language.addItem("English", "en")
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.logo_button = QPushButton()
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_clear = QPushButton()
        self.logo_clear.clicked.connect(self.fields["company.logo_path"].clear)
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(*LOGO_PREVIEW)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QLabel.Shape.StyledPanel)
        self.fields["company.logo_path"].textChanged.connect(self._show_logo)
        self.show_breakdown = QCheckBox()  # quote.show_breakdown
        self.pin_button = QPushButton()
        self.pin_button.clicked.connect(self.ask_pin)
        self.pin_state = QLabel()
        self.test_button = QPushButton()  # database_url: try it without changing anything
        self.test_button.clicked.connect(self.test_connection)
        self.connection = QLabel()
        self.connection.setWordWrap(True)
        self.connection.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database_in_use = QLabel()
        self.database_in_use.setWordWrap(True)
        self.database_in_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fields["database_url"].textChanged.connect(lambda _text: self.connection.clear())
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.groups: dict[str, QGroupBox] = {}
        self.forms: dict[str, QFormLayout] = {}
        self.labels: dict[str, list[QLabel]] = {}
        self._layout()
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        self.load()
        self.retranslate()
        context.languageChanged.connect(self.retranslate)
        context.dataChanged.connect(self._data_changed)

    # ------------------------------------------------------------------ building
    def _row(self, group: str, key: str) -> None:
        field = self.fields[key]
        self.labels[group].append(form_row(self.forms[group], field_with_error(field, self.errors[key]), field))

    def _group(self, name: str) -> QFormLayout:
        box = QGroupBox()
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.groups[name], self.forms[name], self.labels[name] = box, form, []
        return form

    def _layout(self) -> None:
        self._group("company")
        for key in ("company.name", "company.address_lines", "company.org_number", "company.phone", "company.email",
                    "company.web"):
            self._row("company", key)
        logo_row = QWidget()
        logo = QHBoxLayout(logo_row)
        logo.setContentsMargins(0, 0, 0, 0)
        logo.addWidget(self.fields["company.logo_path"], 1)
        logo.addWidget(self.logo_button)
        logo.addWidget(self.logo_clear)
        self.labels["company"].append(form_row(self.forms["company"], field_with_error(
            logo_row, self.errors["company.logo_path"]), self.fields["company.logo_path"]))
        self.forms["company"].addRow("", self.logo_preview)
        self._group("quotes")
        for key in ("salesperson", "vat_percent", "discount_limit_percent", "quote_validity_days", "terms.nb",
                    "terms.en"):
            self._row("quotes", key)
        self.labels["quotes"].append(form_row(self.forms["quotes"], self.show_breakdown))
        self._group("app")
        self.labels["app"].append(form_row(self.forms["app"], self.language))
        self._row("app", "manager_name")
        pin_row = QWidget()
        pin = QHBoxLayout(pin_row)
        pin.setContentsMargins(0, 0, 0, 0)
        pin.addWidget(self.pin_button)
        pin.addWidget(self.pin_state, 1)
        self.labels["app"].append(form_row(self.forms["app"], pin_row, self.pin_button))
        self._group("database")
        database_row = QWidget()
        database = QHBoxLayout(database_row)
        database.setContentsMargins(0, 0, 0, 0)
        database.addWidget(self.fields["database_url"], 1)
        database.addWidget(self.test_button)
        self.labels["database"].append(form_row(self.forms["database"], field_with_error(
            database_row, self.errors["database_url"]), self.fields["database_url"]))
        notes = QWidget()  # the test's answer and what is in use, one under the other (no gaps of the form's rows)
        stack = QVBoxLayout(notes)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.connection)
        stack.addWidget(self.database_in_use)
        self.forms["database"].addRow("", notes)
        for key in ("company.address_lines", "terms.nb", "terms.en"):
            box = self.fields[key]
            box.setFixedHeight(box.fontMetrics().lineSpacing() * (3 if key.startswith("company") else 7) + 14)
        left = QVBoxLayout()
        left.addWidget(self.groups["company"])
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.groups["quotes"])
        right.addWidget(self.groups["app"])
        right.addWidget(self.groups["database"])
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        inner = QWidget()
        inner.setLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self._set_tab_order()

    def _set_tab_order(self) -> None:
        f = self.fields
        chain: list[QWidget] = [f["company.name"], f["company.address_lines"], f["company.org_number"],
                                f["company.phone"], f["company.email"], f["company.web"], f["company.logo_path"],
                                self.logo_button, self.logo_clear, f["salesperson"], f["vat_percent"],
                                f["discount_limit_percent"], f["quote_validity_days"], f["terms.nb"], f["terms.en"],
                                self.show_breakdown, self.language, f["manager_name"], self.pin_button,
                                f["database_url"], self.test_button, self.save_button]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        tr = self.context.tr
        self.groups["company"].setTitle(tr("The company on quotes"))
        self.groups["quotes"].setTitle(tr("Quotes"))
        self.groups["app"].setTitle(tr("App and manager"))
        self.groups["database"].setTitle(tr("Database"))
        labels = {
            "company": (tr("Company name"), tr("Address"), tr("Organisation number"), tr("Phone"), tr("E-mail"),
                        tr("Web"), tr("Logo")),
            "quotes": (tr("Salesperson"), tr("VAT (%)"), tr("Discount limit (%)"), tr("Quote valid for (days)"),
                       tr("Terms (Norwegian)"), tr("Terms (English)"), tr("Price build-up on the quote")),
            "app": (tr("Language of the app"), tr("Manager"), tr("Manager PIN")),
            "database": (tr("Office database"),),
        }
        for group, texts in labels.items():
            for label, text in zip(self.labels[group], texts, strict=True):
                label.setText(text)
        self.fields["company.address_lines"].setPlaceholderText(tr("One line per row, e.g. Kjerkgata 12"))
        self.fields["company.logo_path"].setPlaceholderText(tr("A PNG or JPEG file"))
        self.show_breakdown.setText(tr("Print each line's price build-up (markups, formulas) for the customer"))
        self.logo_button.setText(tr("Choose…"))
        self.logo_clear.setText(tr("Remove"))
        self.pin_button.setText(tr("Set manager PIN…"))
        self.test_button.setText(tr("Test connection"))
        self.test_button.setToolTip(tr("Connect to this database and read it, without changing anything"))
        url_field = self.fields["database_url"]
        url_field.setPlaceholderText(tr("Empty: this laptop's own file"))
        url_field.setToolTip(tr("The sales office's PostgreSQL database, e.g. "
                                "postgresql+psycopg://kari@kontor-server/skredder (the password goes in ~/.pgpass), "
                                "or a SQLite file. Never a SQLite file on a network share."))
        self._show_database_in_use()
        self.save_button.setText(tr("&Save"))
        self.save_button.setToolTip(tr("Save the settings (Ctrl+S)"))
        self.language.blockSignals(True)
        self.language.setCurrentIndex(max(0, self.language.findData(self.context.language)))
        self.language.blockSignals(False)
        self._show_pin_state()
        self._show_logo()
        self.status.clear()

    # ------------------------------------------------------------------ showing the settings
    def load(self) -> None:
        """Fill the form from the settings in use."""
        flat = flat_settings(self.context.settings)
        for key, widget in self.fields.items():
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(self._text(key, flat[key]))
            else:
                widget.setText(self._text(key, flat[key]))
            show_error(self.errors[key], "")
        self.show_breakdown.setChecked(self.context.settings.quote.show_breakdown)
        self._show_pin_state()
        self._show_logo()

    def _text(self, key: str, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return "\n".join(str(line) for line in value)
        if key == "company.org_number":
            return format_org_number(str(value))
        if isinstance(value, Decimal):
            return format_number(value, self.context.language, grouping=False)
        return str(value)

    def _show_database_in_use(self) -> None:
        import os

        tr = self.context.tr
        in_use = self.context.database_in_use()
        if os.environ.get("SKREDDER_DATABASE"):
            text = tr("In use now: {database} (from SKREDDER_DATABASE, which comes before this setting).",
                      database=in_use)
        else:
            text = tr("In use now: {database}. A change takes effect when Skredder starts again.", database=in_use)
        self.database_in_use.setText(text)

    def test_connection(self) -> None:
        """Try the database in the field off the UI thread; say what was found (or why it cannot be used)."""
        from configurator.core.catalogue.db import check_connection
        from configurator.core.catalogue.paths import database_url_problem, default_data_dir
        from configurator.ui.work import run_in_background

        text = self.line_fields["database_url"].text().strip()
        problem = database_url_problem(text)
        if problem is not None:
            show_error(self.errors["database_url"], self.context.render(problem))
            self.connection.clear()
            return
        show_error(self.errors["database_url"], "")
        target = text or str(default_data_dir() / "catalogue.sqlite")
        self.test_button.setEnabled(False)
        self.connection.setStyleSheet("")
        self.connection.setText(self.context.tr("Connecting…"))

        def done(found: Message) -> None:
            self.test_button.setEnabled(True)
            self.connection.setStyleSheet("color: #1b5e20;")
            self.connection.setText(self.context.render(found))

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.connection.setStyleSheet("color: #b00020;")
            self.connection.setText(self.context.error_text(error))

        self.last_test = run_in_background(self, self.context, self.context.tr("Testing the connection…"),
                                           lambda _progress: check_connection(target), on_done=done,
                                           on_error=failed)

    def _show_pin_state(self) -> None:
        tr = self.context.tr
        self.pin_state.setText(tr("A PIN is set.") if self.context.settings.has_manager_pin
                               else tr("No PIN yet: discounts above the limit cannot be approved."))

    def _show_logo(self) -> None:
        path = self.line_fields["company.logo_path"].text().strip()
        pixmap = QPixmap(path) if path and Path(path).is_file() else QPixmap()
        if pixmap.isNull():
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(self.context.tr("No logo"))
            return
        self.logo_preview.setPixmap(pixmap.scaled(*LOGO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
                                                  Qt.TransformationMode.SmoothTransformation))

    def _data_changed(self, kind: str) -> None:
        if kind == "settings":
            self._show_pin_state()

    # ------------------------------------------------------------------ changing
    def _language_chosen(self) -> None:
        self.context.set_language(self.language.currentData())

    def choose_logo(self) -> None:
        current = self.line_fields["company.logo_path"].text().strip()
        start = str(Path(current).parent) if current else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.context.tr("Choose the logo"), start,
                                              self.context.tr("Images (*.png *.jpg *.jpeg)"), options=FILE_DIALOG)
        if path:
            self.line_fields["company.logo_path"].setText(path)

    def form_settings(self) -> tuple[Settings, dict[str, Message | str]]:
        """The settings as the form has them, and the problem of each field that is wrong."""
        settings = self.context.settings
        problems: dict[str, Message | str] = {}
        for key, widget in self.fields.items():
            text = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            try:
                settings = set_value(settings, key, text)
            except SettingsError as error:
                problems[key] = _problem(error)
        settings = replace(settings, quote=replace(settings.quote, show_breakdown=self.show_breakdown.isChecked()))
        return settings, problems

    def has_unsaved_changes(self) -> bool:
        """Whether the form differs from the settings in use (a field that cannot be read counts as a change)."""
        settings, problems = self.form_settings()
        current = self.context.settings
        return bool(problems) or replace(settings, language=current.language) != current

    def save(self) -> bool:
        """Store the form's settings if every field is right; True when they were stored."""
        settings, problems = self.form_settings()
        render = self.context.render
        for key, label in self.errors.items():
            problem = problems.get(key)
            show_error(label, "" if problem is None else (render(problem) if isinstance(problem, Message)
                                                          else problem))
        if problems:
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(self.context.tr("Nothing was saved: correct the fields marked in red."))
            return False
        settings = replace(settings, language=self.context.language)
        moved = settings.database_url != self.context.settings.database_url
        try:
            self.context.update_settings(settings)
        except SettingsError as error:
            self.context.show_error(self, error)
            return False
        self.load()
        self.status.setStyleSheet("")
        self.status.setText(self.context.tr("The settings are saved. Skredder uses the new database when it starts "
                                            "again.") if moved else self.context.tr("The settings are saved."))
        return True

    def ask_pin(self) -> PinDialog:
        """Open the dialog for a new manager PIN; it stores the PIN's hash when accepted."""
        dialog = PinDialog(self.context, self)
        self.pin_dialog = dialog
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()
        return dialog


class PinDialog(QDialog):
    """Ask for a new manager PIN twice (4–8 digits); when accepted only its scrypt hash is stored.

    When a PIN is set, the current one is asked for first (a salesperson cannot set their own PIN and then
    approve their own discount); wrong tries make the next one wait, as for approvals."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        tr = context.tr
        self.setWindowTitle(tr("Set manager PIN"))
        self.old = QLineEdit()
        self.pin = QLineEdit()
        self.again = QLineEdit()
        for box in (self.old, self.pin, self.again):
            box.setEchoMode(QLineEdit.EchoMode.Password)
            box.setMaxLength(8)
            box.textChanged.connect(self._check)
        self.hint = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self._store)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(tr("The manager approves discounts above the limit with this PIN.")))
        if context.settings.has_manager_pin:
            form.addRow(tr("Current PIN"), self.old)
        else:
            self.old.hide()
        form.addRow(tr("New PIN (4–8 digits)"), self.pin)
        form.addRow(tr("The same PIN again"), self.again)
        form.addRow(self.hint)
        form.addRow(self.buttons)
        self._check()

    def problem(self) -> str:
        """Why the PIN as typed cannot be stored ("" when it can)."""
        pin, again = self.pin.text(), self.again.text()
        if not PIN_PATTERN.fullmatch(pin):
            return self.context.tr("The PIN must be 4 to 8 digits.") if pin else ""
        if pin != again:
            return self.context.tr("The two PINs are not the same.") if again else ""
        return ""

    def _check(self) -> None:
        problem = self.problem()
        show_error(self.hint, problem)
        pin = self.pin.text()
        self.ok_button.setEnabled(not problem and bool(PIN_PATTERN.fullmatch(pin)) and pin == self.again.text())

    def _store(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            self.context.update_settings(change_manager_pin(self.context.settings, self.pin.text(), self.old.text()))
        except SettingsError as error:
            self.context.show_error(self, error)
            return
        self.accept()
