"""The first start: a short page asking for the company and the salesperson that quotes are made out in.

It opens (window-modal, over the quote list) when either is still empty and the user has not chosen "Later" on
this laptop. The values are checked exactly as the Settings page checks them; each problem is shown under its
field in the user's language and nothing is stored until all are right, then everything in one write.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from configurator.core.i18n import Message, msg
from configurator.core.settings import Settings, SettingsError, set_value
from configurator.ui.context import AppContext
from configurator.ui.customer_dialog import error_label, field_with_error, show_error

LATER_KEY = "first_run/later"
FIELDS = ("company.name", "company.org_number", "salesperson")
REQUIRED = {"company.name": msg("Fill in the company's name: it heads every quote."),
            "salesperson": msg("Fill in your name: it is printed on every quote as the contact.")}


def needs_first_run(context: AppContext) -> bool:
    """Whether the company or the salesperson is missing and the user did not put it off on this laptop."""
    settings = context.settings
    missing = not settings.company.name.strip() or not settings.salesperson.strip()
    later = str(context.qsettings.value(LATER_KEY, "false")).lower() == "true"
    return missing and not later


class FirstRunDialog(QDialog):
    """Company name, organisation number (optional) and salesperson; Start stores them, Later asks no more."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        tr = context.tr
        self.setWindowTitle(tr("Welcome to Skredder"))
        settings = context.settings
        self.fields = {key: QLineEdit() for key in FIELDS}
        self.fields["company.name"].setText(settings.company.name)
        self.fields["company.org_number"].setText(settings.company.org_number)
        self.fields["salesperson"].setText(settings.salesperson)
        self.errors = {key: error_label() for key in FIELDS}
        intro = QLabel(tr("Before the first quote: who is the seller? The company and your name are printed on "
                          "every quote. Address, logo, VAT and terms can be filled in later under Settings."))
        intro.setWordWrap(True)
        form = QFormLayout()
        labels = {"company.name": tr("&Company name:"), "company.org_number": tr("&Organisation number:"),
                  "salesperson": tr("&Your name (salesperson):")}
        for key in FIELDS:
            label = QLabel(labels[key])
            label.setBuddy(self.fields[key])
            form.addRow(label, field_with_error(self.fields[key], self.errors[key]))
        self.fields["company.org_number"].setPlaceholderText(tr("optional, 9 digits"))
        self.buttons = QDialogButtonBox()
        self.start = self.buttons.addButton(tr("&Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.later = self.buttons.addButton(tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.start.setDefault(True)
        self.start.clicked.connect(self.store)
        self.later.clicked.connect(self.put_off)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def checked(self) -> tuple[Settings, dict[str, Message | str]]:
        """The settings with the form's values, and the problem of each field that is wrong."""
        settings = self.context.settings
        problems: dict[str, Message | str] = {}
        for key in FIELDS:
            text = self.fields[key].text().strip()
            if not text and key in REQUIRED:
                problems[key] = REQUIRED[key]
                continue
            try:
                settings = set_value(settings, key, text)
            except SettingsError as error:
                first = error.problems[0]
                problems[key] = first.params.get("problem", first) if len(error.problems) == 1 else str(error)
        return settings, problems

    def store(self) -> bool:
        settings, problems = self.checked()
        for key, label in self.errors.items():
            problem = problems.get(key)
            show_error(label, "" if problem is None else (self.context.render(problem)
                                                          if isinstance(problem, Message) else str(problem)))
        if problems:
            self.fields[next(key for key in FIELDS if key in problems)].setFocus()
            return False
        try:
            self.context.update_settings(settings)
        except SettingsError as error:
            self.context.show_error(self, error)
            return False
        self.accept()
        return True

    def put_off(self) -> None:
        self.context.qsettings.setValue(LATER_KEY, "true")
        self.reject()
