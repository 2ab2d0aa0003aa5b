"""Qt's own texts (the standard buttons of message boxes and dialogs) in the UI language.

PySide6 ships no bokmål catalogue for Qt (only nn and nl), so the standard button texts Qt asks for are
answered here from our own catalogue (``resources/i18n/nb.po``): a translator installed on the application
while the app is in bokmål.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from configurator.core.i18n import N_, translate

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


class StandardTexts(QTranslator):
    """Answers Qt's requests for standard button texts in ``language`` (nb); English is Qt's own."""

    def __init__(self, language: str = "nb") -> None:
        super().__init__()
        self.target = language

    def isEmpty(self) -> bool:
        return False

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        msgid = STANDARD_BUTTONS.get(source) if context == "QPlatformTheme" else None
        if msgid is None or self.target == "en":
            return None  # a null text: Qt keeps its own (an empty one would replace it)
        return translate(msgid, self.target)


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
