"""The command line: thin, it parses arguments and calls the core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="skredder", description="Skredder product configurator")
    parser.add_argument("--database", help="SQLAlchemy URL or SQLite file (default: the user's data folder)")
    sub = parser.add_subparsers(dest="command")
    models = sub.add_parser("models", help="work with product model files")
    models_sub = models.add_subparsers(dest="models_command")
    check = models_sub.add_parser("check", help="validate product models")
    check.add_argument("paths", nargs="*")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
