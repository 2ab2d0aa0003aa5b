"""Skredder's log file: ``skredder.log`` in the user's data folder (rotating, 1 MB × 3), for the app and the
command line alike (no Qt here, so a start without a display can say so in the log too)."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_FILENAME = "skredder.log"


def log_file() -> Path:
    """The log file, in the user's data folder."""
    from configurator.core.catalogue.paths import default_data_dir

    return default_data_dir() / LOG_FILENAME


def setup_logging() -> None:
    """Log ``skredder.*`` to the log file (to stderr when it cannot be written), once."""
    root = logging.getLogger("skredder")
    root.setLevel(logging.INFO)
    if root.handlers:
        return
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
