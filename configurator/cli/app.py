"""``skredder`` (no command) or ``skredder app``: the desktop app; ``skredder demo-data``: sample data.

Qt is imported only when the window is asked for, so the other commands start without it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Any

from configurator.core.i18n import ntranslate, translate

COMMANDS = ("app", "demo-data", "self-test")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser("app", parents=[common], help="open the desktop app (also: skredder without a command)")
    sub.add_parser("demo-data", parents=[common],
                   help="add sample customers, quotes and an order to an empty database (for a first look)")
    sub.add_parser("self-test", parents=[common],
                   help="check the installed program end to end (catalogue, engine, prices, PDF, fonts, texts); "
                        "the user's data is not touched")


def run(args: argparse.Namespace, language: str) -> int:
    if args.command == "app":
        return run_app(args.database, args.language)
    if args.command == "self-test":
        return self_test(language)
    return demo_data(args.database, language)


def self_test(language: str) -> int:
    from configurator.cli import DEFAULT_MODELS
    from configurator.core.numbers import format_number
    from configurator.core.selftest import run_self_test

    failed = 0
    for check in run_self_test(DEFAULT_MODELS, language):
        mark = "ok" if check.ok else translate("FAILED", language)
        print(f"{mark:>6}  {check.name.render(language)}: {check.detail} "
              f"({format_number(f'{check.seconds:.1f}', language, 1)} s)", flush=True)
        failed += not check.ok
    if failed:
        print(ntranslate("The self-test found {count} problem.", "The self-test found {count} problems.", failed,
                         language), file=sys.stderr)
        return 1
    print(translate("Skredder works.", language))
    return 0


def run_app(database: str | None, language: str | None) -> int:
    if not has_display():  # Qt would abort with a message about platform plugins; say it in plain words
        from configurator.cli import default_language
        from configurator.core.logs import setup_logging

        text = translate("Skredder needs a desktop session to show its window (no display was found). Start it "
                         "from the desktop, or set QT_QPA_PLATFORM=offscreen to run it without a screen.",
                         language or default_language())
        print(text, file=sys.stderr)
        setup_logging()
        logging.getLogger("skredder.app").error("no display (DISPLAY and WAYLAND_DISPLAY unset): %s", text)
        return 1
    if getattr(sys, "frozen", False):  # an installed bundle: the first start builds the bundled catalogue
        _first_start_catalogue(database, language)
    from configurator.ui.app import main as app_main

    return app_main(database=database, language=language)


def _first_start_catalogue(database: str | None, language: str | None) -> None:
    """Build the bundled product models into a catalogue that does not exist yet (an installed program's first
    start; from a checkout the README's command does it)."""
    from configurator.cli import DEFAULT_MODELS, default_language
    from configurator.core.catalogue.paths import resolve_database_url, sqlite_file
    from configurator.core.sync.build import build_catalogue

    url = resolve_database_url(database)
    file = sqlite_file(url)
    if file is None or file.exists() or not DEFAULT_MODELS.is_dir():
        return
    print(translate("First start: building the bundled catalogue…", language or default_language()), file=sys.stderr)
    result = build_catalogue([DEFAULT_MODELS], url)
    for error in result.errors:
        logging.getLogger("skredder.app").error("bundled catalogue: %s", error.render("en"))


def has_display() -> bool:
    """Whether Qt can show a window: not on Linux/BSD without X11 or Wayland, unless a platform is chosen."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo_data(database: str | None, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.demo import add_demo_data
    from configurator.core.quoting.service import QuoteError
    from configurator.core.settings import SettingsError, load_settings

    try:
        settings = load_settings()
        db = open_database(database)
    except (SettingsError, CatalogueError) as error:
        print(error.render(language), file=sys.stderr)
        return 1
    try:
        result = add_demo_data(db, settings)
    except (CatalogueError, QuoteError) as error:
        print(translate("Error: {message}", language, message=error.render(language)), file=sys.stderr)
        return 1
    finally:
        db.close()
    print(result.message.render(language))
    for number in (*result.quotes, *result.orders):
        print(f"  {number}")
    return 0
