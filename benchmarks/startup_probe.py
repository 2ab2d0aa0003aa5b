"""Started by ``ui_startup.py`` as the app's own process: runs the desktop app as ``skredder`` does and prints
READY when the window is on screen and painted, LOADED when the start page shows the catalogue's data, then
quits. The app knows nothing of this: the probe wraps ``MainWindow.open_start_page``, which the app calls once
its window is painted, with the callback that tells it the start page is filled."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from configurator.ui import app as app_module


def main() -> int:
    original = app_module.MainWindow.open_start_page

    def open_start_page(window: app_module.MainWindow, done: Callable[[bool], None]) -> None:
        print("READY", flush=True)  # called by the app right after the window was shown and painted

        def opened(ok: bool) -> None:
            done(ok)
            if ok:
                QApplication.processEvents()
                print("LOADED", flush=True)
                QApplication.quit()

        original(window, opened)

    app_module.MainWindow.open_start_page = open_start_page  # type: ignore[method-assign]
    return app_module.main()


if __name__ == "__main__":
    sys.exit(main())
