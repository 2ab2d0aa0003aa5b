"""The quote editor: one quote with its revisions, lines, prices, rule findings and every action on it.

What the user sees is read from the core after every change (``QuoteService``): the editor keeps no quote state
of its own besides which revision is on show and which line is selected. Every change is stored at once; the
actions live in :mod:`quote_actions`, the documents (print, PDF, order files) in :mod:`quote_printing`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from configurator.core.catalogue.quote_records import OrderRecord, QuoteRecord, QuoteRevisionRecord
from configurator.core.pricing.money import basis_points_to_percent, format_number, from_ore
from configurator.core.pricing.price import quote_totals
from configurator.core.pricing.quote_items import QuoteItemResult
from configurator.core.quoting.messages import status_text
from configurator.core.quoting.service import RuleFinding
from configurator.ui.context import AppContext
from configurator.ui.quote_actions import QuoteActions
from configurator.ui.quote_dialogs import QuotePrompts
from configurator.ui.quote_lines import LinesTable, breakdown
from configurator.ui.quote_printing import QuoteDocuments
from configurator.ui.work import Lane

BADGE_STYLE = "QLabel { background: #b35900; color: white; border-radius: 4px; padding: 2px 8px; font-weight: bold; }"
APPROVED_STYLE = "QLabel { background: #2e7d32; color: white; border-radius: 4px; padding: 2px 8px; }"
WARNING_STYLE = "QLabel { color: #8a4b00; }"
CHANGED_STYLE = "QWidget#changedBanner { background: #fff4d6; border: 1px solid #d9a400; border-radius: 4px; }"
POLL_MS = 5000  # how often an open editor asks the database whether someone else changed the quote


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    # the header's columns share the width equally whatever the texts: a longer status never shifts the others
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(60)
    return label


class QuoteEditor(QWidget):
    """One quote: header, lines, the selected line's price, totals, rule findings, actions."""

    quoteOpened = Signal(str)  # another quote to show (a copy just made)
    orderCreated = Signal(str)  # the production order's number
    orderShown = Signal(str)  # a production order to show (just made, or "Show production order")

    def __init__(self, context: AppContext, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.number = number
        self.prompts = QuotePrompts(context)
        self.quote: QuoteRecord = context.service.quote(number)
        self.letter = self.quote.current.letter
        self.order: OrderRecord | None = None
        self.findings: list[RuleFinding] = []
        self.items: list[QuoteItemResult] = []
        self._build()
        self.documents = QuoteDocuments(self)
        self.commands = QuoteActions(self)
        self.body.insertWidget(0, self.commands.toolbar)
        self._set_tab_order()
        context.languageChanged.connect(self.retranslate)
        context.dataChanged.connect(self._data_changed)
        # a colleague may change the same quote on the office database: its version is read in the background
        # every POLL_MS while the editor is shown, and a newer one is offered as a reload (never forced)
        self.watch = Lane(context, low_priority=True, name="quote-watch", parent=self)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check_for_changes)
        self.poll.start()
        self.retranslate()

    # ------------------------------------------------------------------ state
    @property
    def revision(self) -> QuoteRevisionRecord:
        """The revision on show (the current one unless an older one was chosen)."""
        return self.quote.revision(self.letter) or self.quote.current

    @property
    def is_current(self) -> bool:
        return self.revision.letter == self.quote.current.letter

    @property
    def is_editable(self) -> bool:
        return self.is_current and self.revision.is_editable

    def selected_position(self) -> int | None:
        return self.lines.selected_position()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        self.title = QLabel()
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title.setFont(font)
        self.badge = QLabel()
        self.revisions = QComboBox()
        self.revisions.currentIndexChanged.connect(self._revision_chosen)
        self.values = {key: _value_label() for key in ("customer", "number", "status", "valid", "salesperson",
                                                        "discount")}
        self.captions = {key: QLabel() for key in (*self.values, "revision")}
        self.captions["revision"].setBuddy(self.revisions)
        header = QGridLayout()
        header.setHorizontalSpacing(12)
        cells = [("customer", 0, 0), ("number", 0, 2), ("revision", 0, 4), ("status", 0, 6),
                 ("salesperson", 1, 0), ("valid", 1, 2), ("discount", 1, 4)]
        for key, row, column in cells:
            header.addWidget(self.captions[key], row, column)
            header.addWidget(self.revisions if key == "revision" else self.values[key], row, column + 1)
        header.addWidget(self.badge, 1, 6, 1, 2, Qt.AlignmentFlag.AlignLeft)
        for column in (1, 3, 5, 7):
            header.setColumnStretch(column, 1)

        self.lines = LinesTable(self.context)
        self.lines.itemSelectionChanged.connect(self._line_selected)
        self.price_box = QGroupBox()
        self.price_list = QListWidget()
        self.price_list.setWordWrap(True)
        QVBoxLayout(self.price_box).addWidget(self.price_list)
        self.findings_box = QGroupBox()
        self.findings_label = QLabel()
        self.findings_label.setWordWrap(True)
        self.findings_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        QVBoxLayout(self.findings_box).addWidget(self.findings_label)
        self.totals_box = QGroupBox()
        self.totals = QFormLayout(self.totals_box)
        self.totals.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.total_labels = {key: (QLabel(), QLabel())
                             for key in ("items", "subtotal", "discount", "ex_vat", "vat", "inc_vat")}
        for caption, value in self.total_labels.values():
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.totals.addRow(caption, value)
        bold = QFont(self.font())
        bold.setBold(True)
        for label in self.total_labels["inc_vat"]:
            label.setFont(bold)
        self.totals_box.setMinimumWidth(300)

        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.price_box, 3)
        lower_layout.addWidget(self.findings_box, 2)
        lower_layout.addWidget(self.totals_box, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.lines)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([560, 180])  # the lines first: about eight of them at 1280 × 800
        self.splitter.setChildrenCollapsible(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.linkActivated.connect(lambda _link: self._offered() if self._offered is not None else None)
        self._offered: Callable[[], None] | None = None  # what the link in the note does ("E-mail the PDF…")

        self.changed_banner = QWidget()
        self.changed_banner.setObjectName("changedBanner")
        self.changed_banner.setStyleSheet(CHANGED_STYLE)
        self.changed_label = QLabel()
        self.changed_label.setWordWrap(True)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.reload)
        banner = QHBoxLayout(self.changed_banner)
        banner.addWidget(self.changed_label, 1)
        banner.addWidget(self.reload_button)
        self.changed_banner.setVisible(False)
        self._changed_by: tuple[str, str] | None = None  # (who, at what time) of a newer version seen

        self.body = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        self.body.addLayout(top)
        self.body.addWidget(self.changed_banner)
        self.body.addLayout(header)
        self.body.addWidget(self.splitter, 1)
        self.body.addWidget(self.note)

    def _set_tab_order(self) -> None:
        chain = [self.commands.toolbar, self.revisions, self.lines, self.price_list]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.lines.setFocus()

    # ------------------------------------------------------------------ showing
    def retranslate(self) -> None:
        tr = self.context.tr
        captions = {"customer": tr("Customer:"), "number": tr("Quote:"), "revision": tr("&Revision:"),
                    "status": tr("Status:"), "valid": tr("Valid until:"), "salesperson": tr("Salesperson:"),
                    "discount": tr("Quote discount:")}
        for key, text in captions.items():
            self.captions[key].setText(text)
        self.findings_box.setTitle(tr("Quote rules"))
        self.totals_box.setTitle(tr("Totals"))
        texts = {"subtotal": tr("Lines:"), "discount": tr("Quote discount:"), "ex_vat": tr("Total excl. VAT:"),
                 "vat": tr("VAT:"), "inc_vat": tr("Total incl. VAT:")}
        for key, text in texts.items():
            self.total_labels[key][0].setText(text)
        self.reload_button.setText(tr("Reload"))
        self.reload_button.setToolTip(tr("Show the quote as it is stored now"))
        self.lines.retranslate()
        self.commands.retranslate()
        self.reload()

    def _data_changed(self, kind: str) -> None:
        if kind in ("quotes", "orders", "customers", "settings"):
            self.reload()

    def reload(self) -> None:
        """Read the quote again and show it; keeps the revision on show and the selected line."""
        service = self.context.service
        selected = self.selected_position()
        self.watch.cancel()  # a version read before this reload is old news
        self._changed_by = None
        self.changed_banner.setVisible(False)
        self.quote = service.quote(self.number)
        self.order = service.order_for_quote(self.number)
        self.findings = service.rule_findings(self.number, self.revision.letter)
        # what the lines need once for the quote (a model's quote_items): the priced ones count in the totals
        self.items = [item for item in service.quote_items(self.number, self.revision.letter)
                      if item.unit_price is not None]
        self._show_revisions()
        self._show_header()
        self.lines.show_lines(self.revision.lines, service.models, selected)
        self._show_totals()
        self._show_findings()
        self._line_selected()
        self.commands.update_enabled()

    def check_for_changes(self) -> None:
        """Read the quote's current revision in the background; a newer one than shown offers a reload."""
        if not self.isVisible() or self.watch.is_busy():
            return
        service, number = self.context.service, self.number

        def job(_stale: object) -> tuple[str, int, str, str, object]:
            current = service.quote(number).current
            return current.letter, current.version, current.status, current.changed_by, current.changed_at

        self.watch.submit(job, on_done=self._compare, on_error=lambda _error: None)  # tried again in 5 s

    def _compare(self, seen: tuple[str, int, str, str, object]) -> None:
        letter, version, status, who, at = seen
        shown = self.quote.current
        newer = (len(letter), letter) > (len(shown.letter), shown.letter) or (
            letter == shown.letter and (version > shown.version or (version == shown.version
                                                                    and status != shown.status)))
        if not newer:
            return
        when = at.astimezone().strftime("%H:%M") if isinstance(at, datetime) else ""
        self._changed_by = (who, when)
        self._show_changed()

    def _show_changed(self) -> None:
        if self._changed_by is None:
            return
        who, when = self._changed_by
        tr = self.context.tr
        text = (tr("{who} changed this quote at {time}. Reload to see the change.", who=who, time=when) if who and when
                else tr("Someone changed this quote on the database. Reload to see the change."))
        self.changed_label.setText(text)
        self.changed_banner.setVisible(True)

    def _show_revisions(self) -> None:
        self.revisions.blockSignals(True)
        self.revisions.clear()
        for revision in self.quote.revisions:
            self.revisions.addItem(self.context.tr("{letter} ({status})", letter=revision.letter,
                                                   status=self.context.render(status_text(revision.status))),
                                   revision.letter)
        self.revisions.setCurrentIndex(max(0, self.revisions.findData(self.revision.letter)))
        self.revisions.blockSignals(False)

    def _revision_chosen(self, index: int) -> None:
        letter = self.revisions.itemData(index)
        if letter and letter != self.letter:
            self.letter = str(letter)
            self.reload()

    def _show_header(self) -> None:
        tr, revision = self.context.tr, self.revision
        customer = self.context.service.customer(self.quote.customer_id)
        self.title.setText(tr("Quote {number}, revision {letter}", number=self.quote.number, letter=revision.letter))
        self.values["customer"].setText(customer.name)
        self.values["number"].setText(self.quote.number)
        status = self.context.render(status_text(revision.status))
        if self.order is not None and self.is_current:
            status = tr("{status}, production order {order}", status=status, order=self.order.number)
        self.values["status"].setText(status)
        self.values["valid"].setText(self.context.date(revision.valid_until))
        self.values["salesperson"].setText(self.quote.salesperson or "-")
        self.values["discount"].setText(self._percent(revision.discount_basis_points))
        if revision.needs_approval and revision.approved_by is None:
            self.badge.setText(tr("Needs approval"))
            self.badge.setStyleSheet(BADGE_STYLE)
        elif revision.needs_approval:
            self.badge.setText(tr("Discount approved by {manager}", manager=revision.approved_by))
            self.badge.setStyleSheet(APPROVED_STYLE)
        self.badge.setVisible(revision.needs_approval)
        self.show_message(self._note())

    def _note(self) -> str:
        tr, revision = self.context.tr, self.revision
        if not self.is_current:
            return tr("Revision {letter} is an earlier revision and can only be read. Revision {current} is the "
                      "current one.", letter=revision.letter, current=self.quote.current.letter)
        if revision.status == "draft" and not revision.lines:
            return tr("This quote has no lines yet. Add a line (Insert) to configure the first product.")
        if revision.status == "draft":
            return tr("Every change is saved at once.")
        if revision.status == "accepted" and self.order is None:
            return tr("The customer accepted this quote: create the production order.")
        if revision.status in ("sent", "rejected", "expired"):
            return tr("This revision is {status} and can only be read. Revise the quote to change it.",
                      status=self.context.render(status_text(revision.status)))
        return ""

    def _percent(self, basis_points: int) -> str:
        return self.context.tr("{percent} %", percent=format_number(basis_points_to_percent(basis_points),
                                                                    self.context.language))

    def _show_totals(self) -> None:
        revision, money, items = self.revision, self.context.money, self.items
        totals = quote_totals([from_ore(line.line_total_ore) for line in revision.lines]
                              + [item.total for item in items], discount_bp=revision.discount_basis_points,
                              vat_percent=self.context.settings.vat_percent)
        labels = self.total_labels  # the quote items itemised in their tooltip
        labels["items"][0].setText(self.context.tr("For the whole quote:"))
        labels["items"][1].setText(money(sum((item.total for item in items), Decimal(0))))
        language = self.context.language
        details = "\n".join(f"{item.label.get(language)}: {format_number(item.quantity, language)} {item.unit} × "
                            f"{money(item.unit_price or Decimal(0))} = {money(item.total)}" for item in items)
        for label in labels["items"]:
            label.setVisible(bool(items))
            label.setToolTip(details)
        labels["subtotal"][1].setText(money(totals.subtotal))
        labels["discount"][0].setText(self.context.tr("Quote discount ({percent}):",
                                                      percent=self._percent(revision.discount_basis_points)))
        labels["discount"][1].setText(money(-totals.discount))
        labels["ex_vat"][1].setText(money(from_ore(revision.total_ex_vat_ore)))
        labels["vat"][0].setText(self.context.tr("VAT ({percent}):", percent=self._percent(
            int(totals.vat_percent * 100))))
        labels["vat"][1].setText(money(from_ore(revision.vat_ore)))
        labels["inc_vat"][1].setText(money(from_ore(revision.total_inc_vat_ore)))
        for label in labels["discount"]:
            label.setVisible(revision.discount_basis_points > 0)

    def _show_findings(self) -> None:
        if not self.findings:
            self.findings_label.setText(self.context.tr("The lines meet every quote rule."))
            self.findings_label.setStyleSheet("")
            return
        lines = [f"⚠ {self.context.render(finding.message)}" for finding in self.findings]
        self.findings_label.setText("\n\n".join(lines))
        self.findings_label.setStyleSheet(WARNING_STYLE)

    def _line_selected(self) -> None:
        position = self.selected_position()
        line = next((line for line in self.revision.lines if line.position == position), None)
        self.price_list.clear()
        if line is None:
            self.price_box.setTitle(self.context.tr("Price of the selected line"))
            return
        self.price_box.setTitle(self.context.tr("Price of line {position}", position=line.position))
        self.price_list.addItems(breakdown(line, self.context.language))
        self.commands.update_enabled()

    def show_message(self, text: str) -> None:
        """A short confirmation below the lines ("Saved")."""
        self._offered = None
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setText(text)

    def offer(self, text: str, link: str, action: Callable[[], None]) -> None:
        """A confirmation with a next step as a link ("Quote Q-… is sent. E-mail the PDF to the customer…"):
        offered, never asked (nothing waits for an answer)."""
        self._offered = action
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setText(f"{html.escape(text)} <a href=\"offer\">{html.escape(link)}</a>")
