"""What every window and view of the app shares: the database, the settings, the quote service, the language.

One :class:`AppContext` is made at start-up and passed to each view. Views never hold state of their own that
the core owns (quotes, customers, a configuration); they ask the core and listen to the signals here:

- ``languageChanged(str)``: the user switched between bokmål and English; every view re-labels itself in its
  ``retranslate()``.
- ``dataChanged(str)``: something was stored ("customers", "quotes", "orders", "settings", "catalogue"); lists
  reload.

Texts: ``context.tr("English text {name}", name=...)`` translates through the core's catalogue
(``resources/i18n/nb.po``); the i18n check finds ``tr`` calls like ``msg``/``translate`` ones.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from configurator.core.i18n import LANGUAGES, Language, Message, format_date, ntranslate, translate
from configurator.core.logs import log_file
from configurator.core.pricing.money import format_money
from configurator.core.settings import Settings, save_settings
from configurator.ui.qt_texts import install_standard_texts

GIL_SWITCH_SECONDS = 0.001

if TYPE_CHECKING:  # SQLAlchemy and the quote service load after the window shows
    from configurator.core.catalogue.db import Database
    from configurator.core.customers import CustomerService
    from configurator.core.quoting.service import QuoteService
    from configurator.core.suggest.service import SuggestionService
    from configurator.core.sync.service import CatalogueService

log = logging.getLogger("skredder.ui")


@dataclass(frozen=True)
class UserError(Exception):
    """A problem to show the user as it is (already a translatable message), not as a crash."""

    message: Message


class AppContext(QObject):
    """The shared state of one running app."""

    languageChanged = Signal(str)
    dataChanged = Signal(str)

    def __init__(self, database: Database | None, settings: Settings, *, database_url: str | None = None,
                 settings_path: Path | None = None, language: str | None = None, qsettings: QSettings | None = None,
                 today: date | None = None) -> None:
        """``database``: an open database, or None to open ``database_url`` (None: the user's own) on first use —
        so the window can show before SQLAlchemy is even imported."""
        super().__init__()
        # a thread that wants Python's lock gets it within 1 ms (5 ms by default): the UI thread and the clicks'
        # lane are not held up by background work (marks, "from" prices) for more than that at a time
        sys.setswitchinterval(GIL_SWITCH_SECONDS)
        self._database = database
        self._database_url = database_url
        self._service: QuoteService | None = None
        self._suggestions: SuggestionService | None = None
        self._today = today  # fixed only in tests
        self.settings = settings
        self.settings_path = settings_path
        self.qsettings = qsettings if qsettings is not None else QSettings("Skredder", "Skredder")
        chosen = language or str(self.qsettings.value("language", settings.language))
        self._language: Language = next((code for code in LANGUAGES if code == chosen), "nb")
        install_standard_texts(self._language)  # Qt's Yes/No/Cancel buttons in the UI language

    # ------------------------------------------------------------------ the core, opened on first use
    @property
    def database(self) -> Database:
        """The catalogue database (opened, and upgraded if older, on first use; raises DatabaseError)."""
        if self._database is None:
            from configurator.core.catalogue.db import open_database

            self._database = open_database(self._database_url)
        return self._database

    def database_in_use(self) -> str:
        """The database this app works on, as a user reads it (a file's path; a URL without a password)."""
        from configurator.core.catalogue.paths import display_database

        return display_database(self._database.url if self._database is not None else self._database_url)

    @property
    def service(self) -> QuoteService:
        """The quote service over the database, with the current settings."""
        if self._service is None:
            from configurator.core.catalogue.paths import default_data_dir
            from configurator.core.quoting import models
            from configurator.core.quoting.service import QuoteService

            # engine encodings are kept in the data folder: after a restart a configurator opens without encoding
            models.ENCODING_CACHE = default_data_dir() / "engine-cache"
            self._service = QuoteService(self.database, self.settings, today=self._today)
        return self._service

    @property
    def customers(self) -> CustomerService:
        """The customer register over the database."""
        from configurator.core.customers import CustomerService

        return CustomerService(self.database)

    @property
    def catalogue(self) -> CatalogueService:
        """The stored catalogue (families, versions, import history) over the database."""
        from configurator.core.sync.service import CatalogueService

        return CatalogueService(self.database)

    @property
    def suggestions(self) -> SuggestionService:
        """What similar customers chose, learned from the accepted quotes and imported sales (cached)."""
        if self._suggestions is None:
            from configurator.core.suggest.service import SuggestionService

            self._suggestions = SuggestionService(self.database)
        return self._suggestions

    def close(self) -> None:
        if self._database is not None:
            self._database.close()

    # ------------------------------------------------------------------ language and formats
    @property
    def language(self) -> Language:
        return self._language

    def set_language(self, language: str) -> None:
        known = next((code for code in LANGUAGES if code == language), None)
        if known is None or known == self._language:
            return
        self._language = known
        install_standard_texts(known)
        self.qsettings.setValue("language", language)
        self.languageChanged.emit(language)

    def tr(self, msgid: str, /, disambiguation: str | None = None, n: int = -1, **params: Any) -> str:
        """``msgid`` (English) in the user's language, with its ``{placeholders}`` filled in.

        Compatible with ``QObject.tr``: ``disambiguation`` and ``n`` are Qt's and never placeholders (texts go
        through ``core.i18n`` and ``nb.po``, not Qt's translator)."""
        if disambiguation is not None or n != -1:
            raise TypeError("AppContext.tr takes placeholders only; 'disambiguation' and 'n' are not used")
        return translate(msgid, self._language, **params)

    def tr_n(self, one: str, other: str, count: int, /, **params: Any) -> str:
        """A counted text in the user's language: ``one`` for exactly 1, ``other`` otherwise (``{count}``)."""
        return ntranslate(one, other, count, self._language, **params)

    def render(self, message: Message) -> str:
        return message.render(self._language)

    def money(self, amount: Any) -> str:
        """``kr 12 345,00`` / ``NOK 12,345.00``."""
        return format_money(amount, self._language)

    def date(self, day: Any) -> str:
        """``25.11.2026`` / ``25 Nov 2026``."""
        return format_date(day, self._language)

    # ------------------------------------------------------------------ settings
    def update_settings(self, settings: Settings) -> None:
        """Store new settings (the file, then the running app) and tell every view."""
        save_settings(settings, self.settings_path)
        self.settings = settings
        if self._service is not None:
            self._service.settings = settings
        self.dataChanged.emit("settings")

    # ------------------------------------------------------------------ errors
    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        """Tell the user what went wrong in their language; a crash is logged with its traceback, not shown."""
        QMessageBox.warning(parent, self.tr("Skredder"), self.error_text(error))

    def error_text(self, error: BaseException) -> str:
        render = getattr(error, "render", None)
        if callable(render):
            return str(render(self._language))
        if isinstance(error, UserError):
            return self.render(error.message)
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        return self.tr("Something went wrong: {error}. The details are in the log file {file}.",
                       error=type(error).__name__, file=str(log_file()))


