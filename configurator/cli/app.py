"""``skredder`` (no command) or ``skredder app``: the desktop app; ``skredder demo-data``: sample data.

Qt is imported only when the window is asked for, so the other commands start without it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from configurator.core.i18n import translate

COMMANDS = ("app", "demo-data")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    sub.add_parser("app", parents=[common], help="open the desktop app (also: skredder without a command)")
    sub.add_parser("demo-data", parents=[common],
                   help="add sample customers, quotes and an order to an empty database (for a first look)")


def run(args: argparse.Namespace, language: str) -> int:
    if args.command == "app":
        return run_app(args.database, args.language)
    return demo_data(args.database, language)


def run_app(database: str | None, language: str | None) -> int:
    from configurator.ui.app import main as app_main

    return app_main(database=database, language=language)


def demo_data(database: str | None, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.demo import add_demo_data
    from configurator.core.settings import SettingsError, load_settings

    try:
        settings = load_settings()
        db = open_database(database)
    except (SettingsError, CatalogueError) as error:
        print(error.render(language), file=sys.stderr)
        return 1
    try:
        result = add_demo_data(db, settings)
    except CatalogueError as error:
        print(translate("Error: {message}", language, message=error.render(language)), file=sys.stderr)
        return 1
    finally:
        db.close()
    print(result.message.render(language))
    for number in (*result.quotes, *result.orders):
        print(f"  {number}")
    return 0
