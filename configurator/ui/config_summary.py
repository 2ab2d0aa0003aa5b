"""The summary step before a line is added: every value of the configuration and the price, for the customer to
check (the window's U-value and clear opening, the glass size, the ear-tag number range …).

It only shows what the configurator already knows (``ConfiguratorView.configuration()`` and the price bar's
``LinePrice``): nothing is worked out here, so showing it takes no time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from configurator.core.catalogue.quote_records import LineConfiguration
from configurator.core.engine.describe import format_value
from configurator.core.model import schema as s
from configurator.core.pricing.price import LinePrice
from configurator.ui.context import AppContext


class SummaryPage(QWidget):
    """"Check the line": the choices (given ones marked), the calculated values and the price, excl. VAT."""

    def __init__(self, context: AppContext, model: s.ProductModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.model = context, model
        self._configuration = LineConfiguration()
        self._price: LinePrice | None = None
        self.title = QLabel()
        self.title.setObjectName("summaryTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.choices_box, self.computed_box, self.price_box = QGroupBox(), QGroupBox(), QGroupBox()
        self.choices_form, self.computed_form, self.price_form = QFormLayout(), QFormLayout(), QFormLayout()
        for box, form in ((self.choices_box, self.choices_form), (self.computed_box, self.computed_form),
                          (self.price_box, self.price_form)):
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            box.setLayout(form)
        self.values: dict[str, QLabel] = {}  # attribute -> the label showing its value (for tests and reading)
        self.price_labels: dict[str, QLabel] = {}
        columns = QHBoxLayout()
        columns.addWidget(self.choices_box, 1, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.addWidget(self.computed_box)
        right.addWidget(self.price_box)
        right.addStretch(1)
        columns.addLayout(right, 1)
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addLayout(columns)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.retranslate()

    def show_for(self, configuration: LineConfiguration, price: LinePrice | None) -> None:
        self._configuration, self._price = configuration, price
        self.retranslate()

    def retranslate(self) -> None:
        tr, language = self.context.tr, self.context.language
        self.title.setText(tr("Check the line: {product}", product=self.model.name.get(language)))
        self.hint.setText(tr("Every value of the line and its price, to check with the customer before it is "
                             "added. “Back to the choices” changes it."))
        self.choices_box.setTitle(tr("Choices"))
        self.computed_box.setTitle(tr("Calculated"))
        self.price_box.setTitle(tr("Price, excl. VAT"))
        self._fill()

    def _row(self, form: QFormLayout, key: str, label: str, value: str, into: dict[str, QLabel]) -> None:
        shown = QLabel(value)
        shown.setTextFormat(Qt.TextFormat.PlainText)
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label, shown)
        into[key] = shown

    def _fill(self) -> None:
        language, tr = self.context.language, self.context.tr
        for form in (self.choices_form, self.computed_form, self.price_form):
            while form.rowCount():
                form.removeRow(0)
        self.values, self.price_labels = {}, {}
        choices, values = self._configuration.choices, self._configuration.values
        for attribute in self.model.attributes:
            value = values.get(attribute.id)
            if value is None or value == "":
                continue
            text = format_value(self.model, attribute.id, value, language)
            label = attribute.label.get(language)
            if attribute.is_computed:
                self._row(self.computed_form, attribute.id, label, text, self.values)
            else:
                if attribute.id not in choices:
                    text = tr("{value} (given by the other choices)", value=text)
                self._row(self.choices_form, attribute.id, label, text, self.values)
        self.computed_box.setVisible(self.computed_form.rowCount() > 0)
        price = self._price
        if price is None:
            return
        money = self.context.money
        self._row(self.price_form, "unit", tr("Per unit"), money(price.unit_price), self.price_labels)
        self._row(self.price_form, "quantity", tr("Quantity"), str(price.quantity), self.price_labels)
        discount = price.unit_price * price.quantity - price.line_total
        if discount:
            self._row(self.price_form, "discount", tr("Discounts"), "−" + money(discount), self.price_labels)
        self._row(self.price_form, "total", tr("Line total"), money(price.line_total), self.price_labels)
        bold = QFont(self.price_labels["total"].font())
        bold.setBold(True)
        self.price_labels["total"].setFont(bold)
