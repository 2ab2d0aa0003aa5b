"""``skredder database copy --to URL``: copy the whole catalogue database to another one (a laptop's SQLite file
to the office's PostgreSQL server, or back), checked by row counts and checksums."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from configurator.core.i18n import translate

COMMANDS = ("database",)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``database`` command and its subcommands (``common``: the options every command accepts)."""
    database = sub.add_parser("database", parents=[common], help="the whole database: copy it to another one")
    database.set_defaults(database_help=database.print_help)
    database_sub = database.add_subparsers(dest="database_command", metavar="SUBCOMMAND")
    copy = database_sub.add_parser("copy", parents=[common],
                                   help="copy everything (models, customers, quotes, orders) to another database")
    copy.add_argument("--to", required=True, metavar="URL", help="the target: a SQLAlchemy URL or SQLite file")
    copy.add_argument("--force", action="store_true", help="replace what the target holds")


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.copy import copy_database
    from configurator.core.catalogue.errors import CatalogueError

    if args.database_command is None:
        args.database_help()
        return 0
    try:
        report = copy_database(getattr(args, "database", None), args.to, force=args.force)
    except CatalogueError as exc:
        print(translate("Error: {message}", language, message=exc.render(language)), file=sys.stderr)
        return 1
    for table in report.tables:
        print(f"{table.name:<24} {table.rows:>8}  {table.checksum[:16]}")
    print(translate("Copied {source} to {target}: {rows} rows in {tables} tables, counts and checksums checked.",
                    language, source=report.source, target=report.target,
                    rows=sum(t.rows for t in report.tables), tables=len(report.tables)))
    return 0
