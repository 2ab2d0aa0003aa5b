"""Qt's own texts (the standard buttons of message boxes and dialogs, the file and print dialogs) in the UI
language.

PySide6 ships no bokmål catalogue for Qt (only nn and nl), so the texts Qt asks for are answered here: the
standard buttons from our own catalogue (``resources/i18n/nb.po``), the file dialog, the print dialog and their
models from ``resources/i18n/qt_nb.po`` (Qt's context as msgctxt, Qt's source text as msgid) — a translator
installed on the application while the app is in bokmål. The app's file dialogs are Qt's own (``FILE_DIALOG``:
not the platform's, whose texts follow the system's language, not the app's).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QFileDialog

from configurator.core.i18n import CATALOGUE_DIR, N_, translate

# every file dialog of the app: Qt's own, so that its texts follow the app's language (see above)
FILE_DIALOG = QFileDialog.Option.DontUseNativeDialog

# Qt's source texts (context QPlatformTheme) -> our msgids
STANDARD_BUTTONS = {
    "OK": N_("OK"), "&OK": N_("OK"), "Cancel": N_("Cancel"), "&Yes": N_("&Yes"), "&No": N_("&No"),
    "Yes to &All": N_("Yes to &All"), "N&o to All": N_("N&o to All"), "Save": N_("Save"), "&Save": N_("Save"),
    "Save All": N_("Save All"), "Open": N_("Open"), "Close": N_("Close"), "Apply": N_("Apply"),
    "Reset": N_("Reset"), "Help": N_("Help"), "Discard": N_("Discard"),
    "Don't Save": N_("Don't Save"), "Close without Saving": N_("Close without Saving"),
    "Abort": N_("Abort"), "Retry": N_("Retry"), "Ignore": N_("Ignore"),
    "Restore Defaults": N_("Restore Defaults"),
}


@functools.cache
def qt_catalogue(language: str) -> dict[tuple[str, str], str]:
    """Qt's dialog texts in ``language``: (context, source text) -> text (empty when there is no catalogue)."""
    from babel.messages.pofile import read_po

    path = CATALOGUE_DIR / f"qt_{language}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {(str(m.context or ""), str(m.id)): str(m.string) for m in catalog if m.id and m.string}


class StandardTexts(QTranslator):
    """Answers Qt's requests for standard button texts in ``language`` (nb); English is Qt's own."""

    def __init__(self, language: str = "nb") -> None:
        super().__init__()
        self.target = language

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        if self.target == "en":
            return None  # a null text: Qt keeps its own (an empty one would replace it)
        msgid = STANDARD_BUTTONS.get(source) if context == "QPlatformTheme" else None
        if msgid is not None:
            return translate(msgid, self.target)
        return qt_catalogue(self.target).get((context, source))


_INSTALLED: list[StandardTexts] = []


def install_standard_texts(language: str) -> None:
    """Qt's standard buttons in ``language`` from now on (called at start and when the language changes)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for old in _INSTALLED:
        app.removeTranslator(old)
    _INSTALLED.clear()
    if language != "en":
        translator = StandardTexts(language)
        app.installTranslator(translator)
        _INSTALLED.append(translator)
