"""The quote editor's actions: one QAction each (toolbar, menu, shortcut), enabled only when it makes sense, and
what each does through the quote service. Every change is stored at once and announced with
``context.dataChanged("quotes")``, which makes every view (this editor too) show the stored quote.

Changes (add, edit, copy and remove a line, discount, approval, send, accept, revise, copy the quote, the production
order) are stored off the UI thread (``run_in_background``: the service prices and writes in one transaction); while one
runs, the editor's actions wait (``is_busy()``), so changes never overlap. A change of the draft carries the version
the user saw (optimistic locking): when another salesperson changed it first, nothing is stored, the editor shows
their version and says who changed it and when."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from configurator.core.i18n import msg
from configurator.core.quoting.messages import lazy
from configurator.core.quoting.service import StaleRevisionError, local_time
from configurator.ui.context import UserError
from configurator.ui.quote_dialogs import LineResult
from configurator.ui.work import run_in_background

if TYPE_CHECKING:
    from configurator.core.quoting.given_out import NumbersGivenOut
    from configurator.core.quoting.models import StoredModel
    from configurator.core.quoting.production import Block
    from configurator.ui.product_chooser import ProductChoice
    from configurator.ui.quote_editor import QuoteEditor

# action id -> shortcuts (the first is shown in the menu)
SHORTCUTS: dict[str, tuple[str | QKeySequence.StandardKey, ...]] = {
    "add": ("Ins",), "edit": ("F2",), "copy_line": ("Ctrl+D",), "remove": (QKeySequence.StandardKey.Delete,),
    "discount": ("Ctrl+Shift+D",), "send": ("Ctrl+Return",), "save": (QKeySequence.StandardKey.Save,),
    "print": (QKeySequence.StandardKey.Print,), "export_pdf": ("Ctrl+Shift+E", "Ctrl+E"), "open_pdf": ("Ctrl+Shift+O",),
}
MENUS = {
    "quote": ("save", "discount", "approve", None, "send", "accept", "reject", "revise", None, "copy_quote"),
    "line": ("add", "edit", "copy_line", "remove"),
    "documents": ("print", "export_pdf", "open_pdf", "email_pdf", None, "create_order", "show_order", "order_pdf",
                  "order_xlsx", "order_csv", "order_json"),
}
T = TypeVar("T")
TOOLBAR = ("add", "edit", "copy_line", "remove", None, "discount", "approve", "send", "accept", "reject", "revise",
           None, "print", "export_pdf", "create_order")


class QuoteActions(QObject):
    """The actions of one editor, their menus and toolbar, and their handlers."""

    def __init__(self, editor: QuoteEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.context = editor.context
        self._busy = 0
        documents = editor.documents
        handlers: dict[str, Callable[[], Any]] = {
            "add": self.add_line, "edit": self.edit_line, "copy_line": self.copy_line, "remove": self.remove_line,
            "discount": self.set_discount, "approve": self.approve, "send": self.send, "accept": self.accept,
            "reject": self.reject, "revise": self.revise, "copy_quote": self.copy_quote, "save": self.save,
            "create_order": self.create_order, "show_order": self.show_order, "print": documents.print_quote,
            "export_pdf": documents.export_pdf,
            "open_pdf": documents.open_pdf, "email_pdf": documents.email_pdf,
            "order_pdf": documents.export_order_pdf,
            "order_xlsx": lambda: documents.export_order_data("xlsx"),
            "order_csv": lambda: documents.export_order_data("csv"),
            "order_json": lambda: documents.export_order_data("json"),
        }
        self.actions: dict[str, QAction] = {}
        self.tooltips: dict[str, str] = {}
        for key, handler in handlers.items():
            action = QAction(editor)
            action.setShortcuts([QKeySequence(s) for s in SHORTCUTS.get(key, ())])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, run=handler: self._run(run))
            editor.addAction(action)
            self.actions[key] = action
        editor.lines.lineActivated.connect(lambda _position: self._run(self.edit_line)
                                           if self.actions["edit"].isEnabled() else None)
        # the menus go into the main window's one menu bar while the editor is shown (MainWindow.open_quote)
        self.menus = {key: QMenu(editor) for key in MENUS}
        for key, entries in MENUS.items():
            self._fill(self.menus[key], entries)
        self.toolbar = QToolBar(editor)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._fill(self.toolbar, TOOLBAR)
        self.more = QToolButton()
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more.setMenu(self.menus["documents"])
        self.toolbar.addWidget(self.more)

    def _fill(self, target: QMenu | QToolBar, entries: tuple[str | None, ...]) -> None:
        for key in entries:
            if key is None:
                target.addSeparator()
            else:
                target.addAction(self.actions[key])

    def retranslate(self) -> None:
        tr = self.context.tr
        texts = {
            "add": tr("&Add line…"), "edit": tr("&Edit line…"), "copy_line": tr("&Copy line"),
            "remove": tr("&Remove line"), "discount": tr("&Discount…"), "approve": tr("A&pprove…"),
            "send": tr("Se&nd"), "accept": tr("A&ccepted"), "reject": tr("Re&jected"), "revise": tr("Re&vise"),
            "copy_quote": tr("Cop&y quote"), "save": tr("&Save"), "print": tr("&Print…"),
            "export_pdf": tr("&Export PDF…"), "open_pdf": tr("&Open PDF"),
            "email_pdf": tr("E-&mail PDF…"), "create_order": tr("Create &order"),
            "show_order": tr("Show production o&rder"),
            "order_pdf": tr("Order P&DF…"), "order_xlsx": tr("Order as spreadsheet (&XLSX)…"),
            "order_csv": tr("Order as &CSV files…"), "order_json": tr("Order as &JSON…"),
        }
        tips = {
            "add": tr("Configure a product and add it as a new line"),
            "edit": tr("Change the selected line in the configurator"),
            "copy_line": tr("Copy the selected line to just below it"),
            "remove": tr("Remove the selected line"),
            "discount": tr("Set the discount of the whole quote"),
            "approve": tr("A manager approves a discount above the limit with the manager PIN"),
            "send": tr("Send the quote to the customer; it can no longer be changed"),
            "accept": tr("The customer accepted the quote"), "reject": tr("The customer rejected the quote"),
            "revise": tr("Make the next revision of the quote as a draft to change"),
            "copy_quote": tr("Make a new draft quote with the same lines"),
            "print": tr("Print the quote"), "export_pdf": tr("Save the quote as a PDF file"),
            "open_pdf": tr("Open the quote as a PDF in the system's viewer"),
            "email_pdf": tr("Write the e-mail with the quote in your mail program (the PDF is saved for you to "
                            "attach)"),
            "create_order": tr("Make the production order of the accepted quote"),
            "show_order": tr("Show the production order made from this quote"),
        }
        self.tooltips.clear()
        for key, action in self.actions.items():
            action.setText(texts[key])
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = tips.get(key, texts[key].replace("&", "").rstrip("…"))
            self.tooltips[key] = tr("{tip} ({shortcut})", tip=tip, shortcut=shortcut) if shortcut else tip
            action.setToolTip(self.tooltips[key])
        for key, text in (("quote", tr("&Quote")), ("line", tr("&Line")), ("documents", tr("&Documents"))):
            self.menus[key].setTitle(text)
        self.more.setText(tr("Documents"))
        self.more.setToolTip(tr("Open the quote as a PDF, and the production order's files"))

    # ------------------------------------------------------------------ enabled states
    def update_enabled(self) -> None:
        editor = self.editor
        revision, current = editor.revision, editor.quote.current
        editable, selected = editor.is_editable, editor.selected_position() is not None
        waiting = editable and revision.needs_approval and revision.approved_by is None
        has_lines, order = bool(revision.lines), editor.order
        enabled = {
            "add": editable, "edit": editable and selected, "copy_line": editable and selected,
            "remove": editable and selected, "discount": editable, "approve": waiting,
            "send": editable and has_lines and not waiting and not editor.findings,
            "accept": editor.is_current and current.status == "sent",
            "reject": editor.is_current and current.status == "sent",
            "revise": editor.is_current and current.status in ("sent", "rejected", "expired"),
            "copy_quote": has_lines, "save": True, "print": has_lines, "export_pdf": has_lines,
            "open_pdf": has_lines, "email_pdf": has_lines and revision.status != "draft",
            "create_order": current.status == "accepted" and order is None,
            "show_order": order is not None, "order_pdf": order is not None, "order_xlsx": order is not None,
            "order_csv": order is not None, "order_json": order is not None,
        }
        for key, value in enabled.items():
            self.actions[key].setEnabled(value and not self._busy)
        tip = self.tooltips.get("send", "")
        if waiting:
            tip = self.context.tr("The discount needs a manager's approval before the quote is sent.")
        elif editable and editor.findings:
            tip = self.context.tr("The lines break a quote rule; change them before sending.")
        self.actions["send"].setToolTip(tip)

    # ------------------------------------------------------------------ running
    def _run(self, handler: Callable[[], Any]) -> None:
        """Run a handler; an error the core refuses with is shown in the user's language."""
        try:
            handler()
        except Exception as error:
            self.context.show_error(self.editor, error)
            self.editor.reload()

    def _changed(self, kind: str = "quotes") -> None:
        self.context.dataChanged.emit(kind)

    def is_busy(self) -> bool:
        """Whether a change is still being stored in the background."""
        return self._busy > 0

    def _store(self, change: Callable[[], T], then: Callable[[T], None], kind: str | None = "quotes",
               label: str = "") -> None:
        """Run ``change`` (a service call) off the UI thread; then announce it (``kind``; None: nothing was
        changed) and ``then(result)``."""
        self._busy += 1
        self.update_enabled()

        def done(result: T) -> None:
            self._busy -= 1
            if kind is not None:
                self._changed(kind)
            then(result)
            self.update_enabled()

        def failed(error: BaseException) -> None:
            self._busy -= 1
            if isinstance(error, StaleRevisionError):  # another salesperson changed the draft first
                self.editor.reload()  # what they stored is on show before the user reads why
                self.update_enabled()
                self.context.show_error(self.editor, UserError(msg(
                    "{who} changed quote {number} ({when}) while you had it open. Your change was not stored; "
                    "the quote now shows their version. Make your change again if it is still needed.",
                    who=error.changed_by or msg("Someone else"), number=error.number,
                    when=lazy(lambda language: local_time(error.changed_at, language)))))
                return
            self.context.show_error(self.editor, error)
            self.editor.reload()

        run_in_background(self.editor, self.context, label or self.context.tr("Saving the quote…"),
                          lambda _progress: change(), on_done=done, on_error=failed)

    def _seen(self) -> int:
        """The version of the draft the user sees now: a change is stored only if nobody changed it since."""
        return self.editor.quote.current.version

    # ------------------------------------------------------------------ lines
    def families(self) -> list[tuple[str, str]]:
        families = self.context.catalogue.families()
        return sorted(((f.id, f.name(self.context.language)) for f in families), key=lambda pair: pair[1])

    def add_line(self) -> None:
        """The catalogue page (cards made off the UI thread), the guided start, then the configurator."""
        from configurator.ui.product_chooser import product_cards

        editor, service, language = self.editor, self.context.service, self.context.language
        families = self.families()
        seen = self._seen()  # before the catalogue opens: a change by someone else meanwhile is caught

        def choose(cards: list[Any]) -> None:
            choice = editor.prompts.ask_product(editor, cards)
            if choice is not None:
                self._configure_new(choice, seen)

        self._store(lambda: product_cards(service, families, language), choose, None,
                    self.context.tr("Opening the catalogue…"))

    def _configure_new(self, choice: ProductChoice, seen: int) -> None:
        editor, service = self.editor, self.context.service
        family, customer_id = choice.family, editor.quote.customer_id

        def load() -> tuple[StoredModel, Any]:  # off the UI thread: the model is read and checked once
            from configurator.ui.config_values import prepare_pictures

            stored = service.models.current(family, service.today)
            prepare_pictures(stored)  # the option pictures decoded here, not while the configurator is built
            return stored, service.customer(customer_id)

        def configure(loaded: tuple[StoredModel, Any]) -> None:
            stored, customer = loaded
            result = editor.prompts.configure_line(
                editor, stored, title=self.context.tr("New line: {product}", product=stored.name.get(
                    self.context.language)), choices=choice.start or None,
                customer_discount_bp=customer.discount_basis_points,
                quote=dict(editor.quote.quote_parameters), numbers=self.numbers_given_out(None))
            if result is not None:
                self.store_new_line(family, result, seen)

        self._store(load, configure, None, self.context.tr("Opening the configurator…"))

    def numbers_given_out(self, position: int | None) -> NumbersGivenOut:
        """What the configurator checks an ear-tag series against: the holding's numbers given out by production
        orders and on this quote's other lines (read off the UI thread, once per holding while it is open)."""
        service, number = self.context.service, self.editor.number

        @functools.lru_cache(maxsize=8)
        def given_out(holding_id: str) -> tuple[Block, ...]:
            return tuple(service.numbers_given_out(holding_id, quote_number=number, except_position=position))

        return given_out

    def store_new_line(self, family: str, result: LineResult, seen: int | None = None) -> None:
        """The configurator's result becomes a new line (priced and stored by the service), if the draft is still
        at version ``seen`` (default: the one on show)."""
        service, number = self.context.service, self.editor.number
        expected = self._seen() if seen is None else seen
        self._store(lambda: service.add_line(number, family, result.choices, quantity=result.quantity,
                                             line_discount_bp=result.line_discount_bp, complete=True,
                                             expected_version=expected),
                    lambda position: self.editor.lines.selectRow(position - 1))

    def edit_line(self) -> None:
        editor, service = self.editor, self.context.service
        position = editor.selected_position()
        line = next(line for line in editor.revision.lines if line.position == position)
        customer_id = editor.quote.customer_id
        seen = self._seen()

        def load() -> tuple[StoredModel, Any]:  # off the UI thread: the line's own model version
            from configurator.ui.config_values import prepare_pictures

            stored = service.models.by_version_id(line.model_version_id)
            prepare_pictures(stored)
            return stored, service.customer(customer_id)

        def configure(loaded: tuple[StoredModel, Any]) -> None:
            stored, customer = loaded
            result = editor.prompts.configure_line(
                editor, stored, title=self.context.tr("Line {position}: {product}", position=line.position,
                                                      product=stored.name.get(self.context.language)),
                choices=dict(line.configuration.choices), quantity=line.quantity,
                line_discount_bp=line.line_discount_basis_points,
                customer_discount_bp=customer.discount_basis_points,
                quote=dict(editor.quote.quote_parameters), numbers=self.numbers_given_out(line.position))
            if result is not None:
                self.store_edited_line(line.position, result, seen)

        self._store(load, configure, None, self.context.tr("Opening the configurator…"))

    def store_edited_line(self, position: int, result: LineResult, seen: int | None = None) -> None:
        """The configurator's result replaces the line at ``position`` (priced with the line's own model version),
        if the draft is still at version ``seen`` (default: the one on show)."""
        service, number = self.context.service, self.editor.number
        expected = self._seen() if seen is None else seen
        self._store(lambda: service.edit_line(number, position, choices=result.choices, quantity=result.quantity,
                                              line_discount_bp=result.line_discount_bp, complete=True,
                                              replace_choices=True,  # a choice taken back stays gone
                                              expected_version=expected),
                    lambda _result: None)

    def copy_line(self) -> None:
        selected = self.editor.selected_position()
        if selected is None:  # the action is enabled only with a line selected
            return
        service, number, seen = self.context.service, self.editor.number, self._seen()
        line = next((x for x in self.editor.revision.lines if x.position == selected), None)
        model = service.models.by_version_id(line.model_version_id).model if line is not None else None
        if model is not None and any(f.type == "number_series" for f in model.production.fields):
            tr = self.context.tr
            question = tr("Line {position} has a number series: the copy repeats its numbers. Change the first "
                          "number of one of the lines before sending. Copy anyway?", position=selected)
            if not self.editor.prompts.confirm(self.editor, tr("Copy line"), question):
                return
        self._store(lambda: service.copy_line(number, selected, expected_version=seen),
                    lambda copied: self.editor.lines.selectRow(copied - 1))

    def remove_line(self) -> None:
        position = self.editor.selected_position()
        if position is None:  # the action is enabled only with a line selected
            return
        tr, seen = self.context.tr, self._seen()
        if self.editor.prompts.confirm(self.editor, tr("Remove line"),
                                       tr("Remove line {position} from the quote?", position=position)):
            service, number = self.context.service, self.editor.number
            self._store(lambda: service.remove_line(number, position, expected_version=seen), lambda _result: None)

    # ------------------------------------------------------------------ the quote
    def set_discount(self) -> None:
        service, number, seen = self.context.service, self.editor.number, self._seen()
        discount = self.editor.prompts.ask_discount(self.editor, self.editor.revision.discount_basis_points)
        if discount is not None:
            self._store(lambda: service.set_discount(number, discount, expected_version=seen), lambda _result: None)

    def approve(self) -> None:
        service, number, seen = self.context.service, self.editor.number, self._seen()
        answer = self.editor.prompts.ask_approval(self.editor, number)
        if answer is not None:
            pin, manager = answer
            self._store(lambda: service.approve(number, pin, manager or None, expected_version=seen),
                        lambda _result: None)

    def send(self) -> None:
        service, number, seen = self.context.service, self.editor.number, self._seen()
        tr = self.context.tr
        question = tr("Send quote {number} to the customer? Sending freezes this revision: its lines, prices and "
                      "terms can no longer be changed (a change makes a new revision).", number=number)
        if self.editor.prompts.confirm(self.editor, tr("Send"), question):
            self._store(lambda: service.send(number, expected_version=seen), lambda _result: self._offer_email())

    def _offer_email(self) -> None:
        """After sending: offer (a link below the lines, nothing waits for it) to write the e-mail with the PDF."""
        tr, editor = self.context.tr, self.editor
        editor.offer(tr("Quote {number} is sent.", number=editor.number), tr("E-mail the PDF to the customer…"),
                     lambda: self._run(editor.documents.email_pdf))

    def accept(self) -> None:
        service, number = self.context.service, self.editor.number
        tr = self.context.tr
        question = tr("Mark quote {number} as accepted by the customer? This cannot be undone.", number=number)
        if self.editor.prompts.confirm(self.editor, tr("Accepted"), question):
            self._store(lambda: service.accept(number), lambda _result: None)

    def reject(self) -> None:
        tr = self.context.tr
        question = tr("Mark quote {number} as rejected by the customer?", number=self.editor.number)
        if self.editor.prompts.confirm(self.editor, tr("Rejected"), question):
            self.context.service.reject(self.editor.number)
            self._changed()

    def revise(self) -> None:
        service, number = self.context.service, self.editor.number

        def revised(letter: str) -> None:
            self.editor.letter = letter
            self.editor.reload()

        self._store(lambda: service.revise(number), revised)

    def copy_quote(self) -> None:
        service, number, letter = self.context.service, self.editor.number, self.editor.revision.letter
        self._store(lambda: service.copy_quote(number, letter=letter),
                    lambda copy: self.editor.quoteOpened.emit(copy.number))

    def save(self) -> None:
        """Every change is already stored; say so."""
        self.editor.show_message(self.context.tr("Saved. Every change is stored at once."))

    def show_order(self) -> None:
        if self.editor.order is not None:
            self.editor.orderShown.emit(self.editor.order.number)

    def create_order(self) -> None:
        service, number = self.context.service, self.editor.number

        def made(order: Any) -> None:
            self.editor.show_message(self.context.tr("Production order {order} is made.", order=order.number))
            self.editor.orderCreated.emit(order.number)
            self.editor.orderShown.emit(order.number)  # the main window opens what was made

        self._store(lambda: service.create_order(number), made, "orders")
