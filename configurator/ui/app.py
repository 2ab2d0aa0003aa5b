"""The desktop app: start-up, the main window with its navigation, menus, language and remembered state.

``main()`` opens the catalogue database and the settings, makes one :class:`AppContext` and shows
:class:`MainWindow`. The four pages (Customers, Quotes, Catalogue, Settings) are made when first shown, and
ReportLab and the engine are imported only when a quote is printed or a product configured, so the window is
usable quickly. Errors never surface as tracebacks: the user gets a message in their language and the details go
to ``skredder.log`` in the data folder.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import partial
from types import TracebackType
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from configurator.core.i18n import N_
from configurator.core.logs import log_file, setup_logging
from configurator.ui.context import AppContext

log = logging.getLogger("skredder.ui")
PAGES = ("customers", "quotes", "catalogue", "settings")
PAGE_TITLES = {"customers": N_("Customers"), "quotes": N_("Quotes"), "catalogue": N_("Catalogue"),
               "settings": N_("Settings")}


class MainWindow(QMainWindow):
    """Navigation on the left, the current page on the right; a quote opens in the editor page."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.pages: dict[str, QWidget] = {}
        self.editor: QWidget | None = None
        self.order_window: QWidget | None = None  # the production order shown last (OrderDialog)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(180)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { font-size: 11pt; border: none; background: palette(window); outline: 0; }"
            "QListWidget#navigation::item { padding: 10px 14px; border-radius: 4px; margin: 2px 6px; }"
            "QListWidget#navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }")
        for page in PAGES:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, page)
            self.navigation.addItem(item)
        self.stack = QStackedWidget()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self._make_menus()
        self.started = False  # pages are made once the database is open (the list takes focus on show)
        self.navigation.currentRowChanged.connect(self._navigate)
        # a click on the page already chosen goes back to its top level (the quote list from a quote)
        self.navigation.itemClicked.connect(lambda item: self._navigate(self.navigation.row(item)))
        self.editor_menus: list[QAction] = []  # the quote editor's menus while it is shown, in the one menu bar
        context.languageChanged.connect(lambda _language: self.retranslate())
        context.dataChanged.connect(self._data_changed)
        self.retranslate()
        self.resize(1280, 800)
        geometry = context.qsettings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)  # "Opening the catalogue…" until the first page is made

    def open_start_page(self, on_open: Callable[[bool], None] | None = None) -> None:
        """Open the database off the UI thread (SQLAlchemy loads, an older schema is upgraded), then show the
        page used last. ``on_open(ok)`` is told how it went; a database that cannot be opened is explained."""
        from configurator.ui.work import run_in_background, settle_after_start

        def job(_progress: Any) -> None:
            self.context.database  # noqa: B018 - opens (and upgrades) the database
            import configurator.core.quoting.service  # noqa: F401 - loaded here, not on the UI thread

        def opened(_result: Any) -> None:
            self.started = True
            settle_after_start()
            start = str(self.context.qsettings.value("window/page", "quotes"))
            self.show_page(start if start in PAGES else "quotes")
            self.offer_first_run()
            if on_open is not None:
                on_open(True)

        def failed(error: BaseException) -> None:
            log.error("cannot open the database: %s", self.context.error_text(error))
            QMessageBox.critical(self, self.context.tr("Skredder"), self.context.error_text(error))
            if on_open is not None:
                on_open(False)

        run_in_background(self, self.context, self.context.tr("Opening the catalogue…"), job, on_done=opened,
                          on_error=failed)

    def offer_first_run(self) -> QWidget | None:
        """The first-run page (window-modal), when the company or the salesperson is missing; else None."""
        from configurator.ui.first_run import FirstRunDialog, needs_first_run

        if not needs_first_run(self.context):
            return None
        dialog = FirstRunDialog(self.context, self)
        dialog.open()
        return dialog

    def _navigate(self, row: int) -> None:
        if self.started and row >= 0:
            self.show_page(PAGES[row])

    # ------------------------------------------------------------------ pages
    def page(self, name: str) -> QWidget:
        """The page ``name``, made on first use (its module imported only then)."""
        if name not in self.pages:
            widget = self._make_page(name)
            self.pages[name] = widget
            self.stack.addWidget(widget)
        return self.pages[name]

    def _make_page(self, name: str) -> QWidget:
        if name == "customers":
            from configurator.ui.customers_view import CustomersView

            customers = CustomersView(self.context)
            customers.newQuoteRequested.connect(self.new_quote_for)
            return customers
        if name == "quotes":
            from configurator.ui.quotes_view import QuotesView

            quotes = QuotesView(self.context)
            quotes.quoteOpened.connect(self.open_quote)
            quotes.newQuoteRequested.connect(lambda: self.new_quote_for(None))
            return quotes
        if name == "catalogue":
            from configurator.ui.catalogue_view import CatalogueView

            return CatalogueView(self.context)
        from configurator.ui.settings_view import SettingsView

        return SettingsView(self.context)

    def show_page(self, name: str) -> None:
        if self.pages.get(name) is not self.stack.currentWidget() and not self.may_leave_page():
            return
        self._show_editor_menus(None)
        self.stack.setCurrentWidget(self.page(name))
        self.context.qsettings.setValue("window/page", name)
        index = PAGES.index(name)
        if self.navigation.currentRow() != index:
            self.navigation.setCurrentRow(index)

    def open_quote(self, number: str) -> None:
        """Show quote ``number`` in the editor page (replacing the quote shown before)."""
        from configurator.ui.quote_editor import QuoteEditor

        if not self.may_leave_page():
            return
        try:
            editor = QuoteEditor(self.context, number)
        except Exception as error:  # a quote that cannot be read is reported, the app goes on
            self.context.show_error(self, error)
            return
        if self.editor is not None:
            self._show_editor_menus(None)
            self.stack.removeWidget(self.editor)
            self.editor.deleteLater()
        # "Copy quote" opens the copy it made (queued: the editor that made it is replaced)
        editor.quoteOpened.connect(self.open_quote, Qt.ConnectionType.QueuedConnection)
        editor.orderShown.connect(self.open_order)  # "Create order" shows the order it made
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self._show_editor_menus(editor)
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(PAGES.index("quotes"))
        self.navigation.blockSignals(False)

    def may_leave_page(self) -> bool:
        """Whether the page shown may be left: Settings with edits not saved asks to save, discard or stay."""
        settings = self.pages.get("settings")
        if settings is None or self.stack.currentWidget() is not settings:
            return True
        if not settings.has_unsaved_changes():  # type: ignore[attr-defined]
            return True
        answer = self.ask_unsaved_settings()
        if answer == "discard":
            settings.load()  # type: ignore[attr-defined]
        stays = answer == "cancel" or (answer == "save" and not settings.save())  # type: ignore[attr-defined]
        if stays:
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(PAGES.index("settings"))
            self.navigation.blockSignals(False)
        return not stays

    def ask_unsaved_settings(self) -> str:
        """"save", "discard" or "cancel" (replaceable in tests)."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, self.context.tr("Unsaved settings"),
            self.context.tr("The settings have changes that are not saved. Save them before you leave?"),
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def _show_editor_menus(self, editor: Any) -> None:
        """The window has one menu bar: the editor's menus (Quote, Line, Documents) join it between File and View
        while the editor is shown and leave it with the editor."""
        bar = self.menuBar()
        for action in self.editor_menus:
            bar.removeAction(action)
        self.editor_menus = []
        if editor is not None:
            self.editor_menus = [bar.insertMenu(self.view_menu.menuAction(), menu)
                                 for menu in editor.commands.menus.values()]

    def open_order(self, number: str) -> None:
        """Show production order ``number`` in a window of its own (the quote editor stays usable)."""
        from configurator.ui.order_view import OrderDialog

        try:
            dialog = OrderDialog(self.context, number, self)
        except Exception as error:  # an order that cannot be read is reported, the app goes on
            self.context.show_error(self, error)
            return
        if self.order_window is not None:
            self.order_window.close()
        self.order_window = dialog
        dialog.show()
        dialog.raise_()

    def new_quote_for(self, customer_id: int | None) -> None:
        """Start a quote: for ``customer_id``, or for a customer chosen now (the last one used comes first)."""
        from configurator.ui.choose_customer import choose_customer

        chosen = customer_id if customer_id is not None else choose_customer(self, self.context)
        if chosen is None:
            return
        try:
            quote = self.context.service.new_quote(chosen)
        except Exception as error:
            self.context.show_error(self, error)
            return
        self.context.qsettings.setValue("last_customer", chosen)
        self.context.dataChanged.emit("quotes")
        self.open_quote(quote.number)

    # ------------------------------------------------------------------ menus
    def _action(self, menu: Any, handler: Callable[[], Any],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: handler())
        menu.addAction(action)
        return action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.view_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")
        self.new_quote_action = self._action(self.file_menu, lambda: self.new_quote_for(None), "Ctrl+Shift+N")
        self.demo_action = self._action(self.file_menu, self.add_demo_data)
        self.import_action = self._action(self.file_menu, self.import_catalogue)
        self.log_action = self._action(self.file_menu, self.open_log_folder)
        self.file_menu.addSeparator()
        self.quit_action = self._action(self.file_menu, self.close, QKeySequence.StandardKey.Quit)
        self.page_actions = [self._action(self.view_menu, partial(self.show_page, page), f"Ctrl+{i}")
                             for i, page in enumerate(PAGES, start=1)]
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language, name in (("nb", "Norsk bokmål"), ("en", "English")):
            action = QAction(name, self, checkable=True)
            action.setChecked(language == self.context.language)
            action.triggered.connect(lambda _checked=False, lang=language: self.context.set_language(lang))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[language] = action
        self.about_action = self._action(self.help_menu, self.about)

    def retranslate(self) -> None:
        tr = self.context.tr
        self.setWindowTitle(tr("Skredder – configure, price and quote"))
        for row, page in enumerate(PAGES):
            item = self.navigation.item(row)
            item.setText(tr(PAGE_TITLES[page]))
        self.file_menu.setTitle(tr("&File"))
        self.view_menu.setTitle(tr("&View"))
        self.help_menu.setTitle(tr("&Help"))
        self.new_quote_action.setText(tr("New quote…"))
        self.demo_action.setText(tr("Add sample data"))
        self.import_action.setText(tr("Import catalogue…"))
        self.log_action.setText(tr("Open the log folder"))
        self.quit_action.setText(tr("Quit"))
        for action, page in zip(self.page_actions, PAGES, strict=True):
            action.setText(tr(PAGE_TITLES[page]))
        self.language_menu.setTitle(tr("Language"))
        self.language_actions[self.context.language].setChecked(True)
        self.about_action.setText(tr("About Skredder"))
        self._update_status()

    def _update_status(self) -> None:
        self.status.setText(self.context.tr("Salesperson: {name}", name=self.context.settings.salesperson or "–"))
        if hasattr(self, "placeholder"):
            self.placeholder.setText(self.context.tr("Opening the catalogue…"))

    def _data_changed(self, what: str) -> None:
        if what == "settings":
            self._update_status()

    # ------------------------------------------------------------------ actions
    def import_catalogue(self) -> None:
        self.show_page("catalogue")
        self.page("catalogue").importer.choose_and_import()  # type: ignore[attr-defined]

    def add_demo_data(self) -> None:
        from configurator.core.demo import add_demo_data
        from configurator.ui.work import run_in_background

        def done(result: Any) -> None:
            QMessageBox.information(self, self.context.tr("Sample data"), self.context.render(result.message))
            for what in ("customers", "quotes", "orders"):
                self.context.dataChanged.emit(what)

        run_in_background(self, self.context, self.context.tr("Adding sample data…"),
                          lambda progress: add_demo_data(self.context.database, self.context.settings,
                                                         progress=lambda fraction: progress(fraction, "")),
                          on_done=done)

    def open_log_folder(self) -> None:
        folder = log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def about(self) -> None:
        QMessageBox.about(self, self.context.tr("About Skredder"), self.context.tr(
            "Skredder {version}: configure, price and quote made-to-order products.\nData: {database}\n"
            "Log: {log}", version=_version(), database=self.context.database.url, log=str(log_file())))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_leave_page():
            event.ignore()
            return
        self.context.qsettings.setValue("window/geometry", self.saveGeometry())
        self.context.qsettings.sync()
        super().closeEvent(event)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("skredder")
    except PackageNotFoundError:
        return "dev"


def install_excepthook(context: AppContext) -> None:
    """An unexpected error in a slot is logged with its traceback and told to the user in plain words."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unhandled error", exc_info=(kind, error, trace))
        window = QApplication.activeWindow()
        QMessageBox.warning(window, context.tr("Skredder"), context.error_text(error))

    sys.excepthook = hook


def main(*, database: str | None = None, language: str | None = None) -> int:
    """Show the window first, then open the catalogue (SQLAlchemy and the rest load while it is on screen)."""
    from configurator.core.i18n import translate
    from configurator.core.settings import Settings, SettingsError, load_settings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Skredder")
    app.setOrganizationName("Skredder")
    setup_logging()
    problems = []
    try:
        settings = load_settings()
    except SettingsError as error:  # shown after start; the file is kept as it is until the user saves
        settings = Settings()
        problems.append(error)
    context = AppContext(None, settings, database_url=database, language=language)
    install_excepthook(context)
    window = MainWindow(context)
    window.show()
    app.processEvents()  # the window is on screen, painted

    def opened(ok: bool) -> None:
        if not ok:
            app.exit(1)
            return
        for problem in problems:
            QMessageBox.warning(window, "Skredder", translate(
                "The settings could not be read; the defaults are used:\n{problem}", context.language,
                problem=problem.render(context.language)))

    QTimer.singleShot(0, lambda: window.open_start_page(opened))
    try:
        return int(app.exec())
    finally:
        context.close()
