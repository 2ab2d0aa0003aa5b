"""The dialog that adds or changes one customer.

The organisation number is checked as it is typed (nine digits with the modulus 11 check digit) and OK stays
disabled while it is wrong. OK stores through :mod:`configurator.core.customers`: every problem the core finds
is shown next to its field and nothing is stored while any remain. Enter is OK, Esc is Cancel.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from configurator.core.catalogue.records import Address, CustomerData, CustomerRecord
from configurator.core.customers import (
    CustomerError,
    FieldError,
    format_org_number,
    is_valid_org_number,
    org_number_digits,
)
from configurator.ui.context import AppContext
from configurator.ui.number_input import DecimalSpinBox

ERROR_COLOUR = "#b00020"
ERROR_STYLE = f"color: {ERROR_COLOUR};"


def error_label() -> QLabel:
    """A red line under a field, hidden while there is nothing to say."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def form_row(form: QFormLayout, field: QWidget, buddy: QWidget | None = None) -> QLabel:
    """Add ``field`` to ``form`` under a label (its text set later, on translation); the label is returned."""
    label = QLabel()
    label.setBuddy(buddy or field)
    form.addRow(label, field)
    return label


def field_with_error(widget: QWidget, error: QLabel) -> QWidget:
    """``widget`` with its error line under it, as one form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box


class AddressBox(QGroupBox):
    """Street lines, postcode, city and country of one address."""

    def __init__(self, context: AppContext, prefix: str) -> None:
        super().__init__()
        self.context = context
        self.prefix = prefix  # "billing" or "delivery": the core's field names
        self.lines = QPlainTextEdit()
        self.lines.setTabChangesFocus(True)
        self.lines.setFixedHeight(self.lines.fontMetrics().lineSpacing() * 3 + 14)
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(10)
        self.city = QLineEdit()
        self.country = QLineEdit("NO")
        self.country.setMaxLength(2)
        self.errors = {"postcode": error_label(), "country": error_label()}
        place = QHBoxLayout()
        place.setContentsMargins(0, 0, 0, 0)
        place.addWidget(self.postcode, 1)
        place.addWidget(self.city, 3)
        place_row = QWidget()
        place_row.setLayout(place)
        form = QFormLayout(self)
        self.labels = [form_row(form, self.lines), form_row(form, field_with_error(place_row, self.errors["postcode"]),
                                                            self.postcode),
                       form_row(form, field_with_error(self.country, self.errors["country"]), self.country)]

    def retranslate(self) -> None:
        tr = self.context.tr
        for label, text in zip(self.labels, (tr("Address"), tr("Postcode and city"), tr("Country")), strict=True):
            label.setText(text)
        self.postcode.setPlaceholderText(tr("Postcode"))
        self.city.setPlaceholderText(tr("City"))
        self.lines.setPlaceholderText(tr("One line per row, e.g. Kjerkgata 12"))

    def set_address(self, address: Address) -> None:
        self.lines.setPlainText("\n".join(address.lines))
        self.postcode.setText(address.postcode)
        self.city.setText(address.city)
        self.country.setText(address.country)

    def address(self) -> Address:
        lines = tuple(self.lines.toPlainText().splitlines())
        return Address(lines=lines, postcode=self.postcode.text(), city=self.city.text(), country=self.country.text())

    def clear_errors(self) -> None:
        for label in self.errors.values():
            show_error(label, "")


class CustomerDialog(QDialog):
    """Add a customer (``record`` None) or change ``record``; the stored customer's id is ``customer_id``."""

    def __init__(self, context: AppContext, record: CustomerRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record = record
        self.customer_id: int | None = None if record is None else record.id
        self._build()
        self.retranslate()
        if record is not None:
            self._fill(record)
        self._kind_changed()
        context.languageChanged.connect(self.retranslate)

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.company = QRadioButton()
        self.person = QRadioButton()
        self.company.setChecked(True)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.company)
        self.kind_group.addButton(self.person)
        kind_row = QWidget()
        kind_layout = QHBoxLayout(kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.addWidget(self.company)
        kind_layout.addWidget(self.person)
        kind_layout.addStretch(1)
        self.name = QLineEdit()
        self.org_number = QLineEdit()
        self.org_number.setMaxLength(20)
        self.contact = QLineEdit()
        self.email = QLineEdit()
        self.phone = QLineEdit()
        self.language = QComboBox()
        self.language.addItem("", "nb")
        self.language.addItem("", "en")
        self.discount = DecimalSpinBox(self.context.language)
        self.discount.setRange(0, 100)
        self.discount.setDecimals(2)
        self.discount.setSuffix(" %")
        self.billing = AddressBox(self.context, "billing")
        self.delivery = AddressBox(self.context, "delivery")
        self.delivery.setCheckable(True)
        self.delivery.setChecked(False)
        self.errors = {name: error_label() for name in ("kind", "name", "org_number", "email", "language",
                                                        "discount_basis_points")}
        self.general_error = error_label()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[QWidget, QWidget]] = [
            (field_with_error(kind_row, self.errors["kind"]), self.company),
            (field_with_error(self.name, self.errors["name"]), self.name),
            (field_with_error(self.org_number, self.errors["org_number"]), self.org_number),
            (self.contact, self.contact),
            (field_with_error(self.email, self.errors["email"]), self.email),
            (self.phone, self.phone),
            (field_with_error(self.language, self.errors["language"]), self.language),
            (field_with_error(self.discount, self.errors["discount_basis_points"]), self.discount),
        ]
        self.labels = [form_row(self.form, field, buddy) for field, buddy in rows]
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._store)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 1)
        addresses = QVBoxLayout()
        addresses.addWidget(self.billing)
        addresses.addWidget(self.delivery)
        addresses.addStretch(1)
        columns.addLayout(addresses, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.company.toggled.connect(self._kind_changed)
        self.org_number.textChanged.connect(self._check_org_number)
        self._set_tab_order()
        self.resize(820, 480)

    def _set_tab_order(self) -> None:
        chain = [self.company, self.person, self.name, self.org_number, self.contact, self.email, self.phone,
                 self.language, self.discount, self.billing.lines, self.billing.postcode, self.billing.city,
                 self.billing.country, self.delivery, self.delivery.lines, self.delivery.postcode,
                 self.delivery.city, self.delivery.country, self.ok_button,
                 self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        tr = self.context.tr
        if self.record is None:
            self.setWindowTitle(tr("New customer"))
        else:
            self.setWindowTitle(tr("Edit customer {name}", name=self.record.name))
        self.company.setText(tr("Company"))
        self.person.setText(tr("Private person"))
        labels = (tr("Customer is a"), tr("Name"), tr("Organisation number"), tr("Contact person"), tr("E-mail"),
                  tr("Phone"), tr("Language of quotes"), tr("Discount"))
        for label, text in zip(self.labels, labels, strict=True):
            label.setText(text)
        self.org_number.setPlaceholderText(tr("9 digits, e.g. 923 609 016"))
        self.language.setItemText(0, tr("Norwegian (bokmål)"))
        self.language.setItemText(1, tr("English"))
        self.discount.set_language(self.context.language)
        self.billing.setTitle(tr("Billing address"))
        self.delivery.setTitle(tr("Separate delivery address"))
        self.billing.retranslate()
        self.delivery.retranslate()
        self.ok_button.setText(tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self._check_org_number()

    def _fill(self, record: CustomerRecord) -> None:
        self.person.setChecked(record.kind == "person")
        self.name.setText(record.name)
        self.org_number.setText(format_org_number(record.org_number or ""))
        self.contact.setText(record.contact_person)
        self.email.setText(record.email)
        self.phone.setText(record.phone)
        self.language.setCurrentIndex(max(0, self.language.findData(record.language)))
        self.discount.setValue(record.discount_basis_points / 100)
        self.billing.set_address(record.billing)
        if record.delivery is not None:
            self.delivery.setChecked(True)
            self.delivery.set_address(record.delivery)

    # ------------------------------------------------------------------ live checks
    def _kind_changed(self) -> None:
        is_company = self.company.isChecked()
        self.org_number.setEnabled(is_company)
        if not is_company:
            self.org_number.clear()
        self._check_org_number()

    def org_number_problem(self) -> str:
        """Why the organisation number as typed cannot be right ("" when it can, or is still empty)."""
        text = self.org_number.text()
        if not self.company.isChecked() or not text.strip() or is_valid_org_number(text):
            return ""
        digits = org_number_digits(text)
        if digits.isdigit() and len(digits) == 9:
            return self.context.tr("The organisation number is invalid (the check digit does not match)")
        return self.context.tr("An organisation number has 9 digits")

    def _check_org_number(self) -> None:
        problem = self.org_number_problem()
        show_error(self.errors["org_number"], problem)
        self.ok_button.setEnabled(not problem)

    # ------------------------------------------------------------------ storing
    def customer_data(self) -> CustomerData:
        is_company = self.company.isChecked()
        return CustomerData(
            kind="company" if is_company else "person",
            name=self.name.text(),
            org_number=self.org_number.text() if is_company else None,
            email=self.email.text(),
            phone=self.phone.text(),
            contact_person=self.contact.text(),
            billing=self.billing.address(),
            delivery=self.delivery.address() if self.delivery.isChecked() else None,
            language=self.language.currentData(),
            discount_basis_points=int(self.discount.decimal_value() * 100),
            notes="" if self.record is None else self.record.notes,
        )

    def _store(self) -> None:
        if self.org_number_problem():
            return
        self._clear_errors()
        data = self.customer_data()
        try:
            customers = self.context.customers
            same = customers.with_org_number(data.org_number, besides=self.record.id if self.record else None)
            if same and QMessageBox.question(self, self.context.tr("Organisation number in use"), self.context.tr(
                    "{customers} already has the organisation number {number}. Save this customer as well?",
                    customers=", ".join(c.name for c in same), number=format_org_number(data.org_number or ""))
                    ) != QMessageBox.StandardButton.Yes:
                return
            stored = customers.add(data) if self.record is None else customers.update(self.record.id, data)
        except CustomerError as error:
            self._show_errors(error.errors)
            return
        except Exception as error:  # a database problem: told in the user's language, logged
            self.context.show_error(self, error)
            return
        self.customer_id = stored.id
        self.context.dataChanged.emit("customers")
        self.accept()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            show_error(label, "")
        show_error(self.general_error, "")
        self.billing.clear_errors()
        self.delivery.clear_errors()

    def _error_label(self, field: str) -> QLabel:
        group, _, name = field.partition(".")
        boxes = {"billing": self.billing, "delivery": self.delivery}
        if group in boxes and name in boxes[group].errors:
            return boxes[group].errors[name]
        return self.errors.get(field, self.general_error)

    def _show_errors(self, errors: tuple[FieldError, ...]) -> None:
        texts: dict[int, list[str]] = {}
        labels: dict[int, QLabel] = {}
        for error in errors:
            label = self._error_label(error.field)
            labels[id(label)] = label
            texts.setdefault(id(label), []).append(error.render(self.context.language))
        for key, label in labels.items():
            show_error(label, "\n".join(texts[key]))
        first = next((w for w in (self.name, self.org_number, self.email) if self._has_error_next_to(w)), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _has_error_next_to(self, widget: QWidget) -> bool:
        names: dict[QWidget, str] = {self.name: "name", self.org_number: "org_number", self.email: "email"}
        return self.errors[names[widget]].isVisibleTo(self)
