"""``skredder settings show|set|set-pin``: this laptop's settings (``settings.json`` in the config folder)."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import Any

from configurator.core.i18n import translate

COMMANDS = ("settings",)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``settings`` command and its subcommands (``common``: the options every command accepts)."""
    settings = sub.add_parser("settings", parents=[common], help="this laptop's settings (company, VAT, PIN, ...)")
    settings.set_defaults(settings_help=settings.print_help)
    settings_sub = settings.add_subparsers(dest="settings_command", metavar="SUBCOMMAND")
    settings_sub.add_parser("show", parents=[common], help="show every setting and where the file is")
    change = settings_sub.add_parser("set", parents=[common], help="change one setting, e.g. vat_percent 25")
    change.add_argument("key", metavar="KEY", help="e.g. salesperson, company.name, discount_limit_percent")
    change.add_argument("values", nargs="+", metavar="VALUE",
                        help="the new value (company.address_lines: one VALUE per line)")
    pin = settings_sub.add_parser("set-pin", parents=[common], help="set the manager PIN (4-8 digits)")
    pin.add_argument("pin", nargs="?", metavar="PIN", help="the new PIN (asked for when left out)")


def _shown(key: str, value: Any, language: str) -> str:
    from configurator.core.customers import format_org_number
    from configurator.core.pricing.money import format_number

    if key == "manager_pin_hash":
        return translate("(set)", language) if value else translate("(not set)", language)
    if isinstance(value, Decimal):
        return format_number(value, language)
    if isinstance(value, list):
        return " / ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if key == "company.org_number" and value:
        return format_org_number(value)
    return "" if value is None else str(value)


def show(language: str) -> int:
    from configurator.core.settings import flat_settings, load_settings, logo_problem, settings_path

    file = settings_path()
    settings = load_settings()
    if file.exists():
        print(translate("Settings file: {file}", language, file=str(file)))
    else:
        print(translate("Settings file: {file} (not created yet; these are the defaults)", language, file=str(file)))
    for key, value in flat_settings(settings).items():
        label = "manager_pin" if key == "manager_pin_hash" else key
        print(f"{label}: {_shown(key, value, language)}".rstrip())
    problem = logo_problem(settings)
    if problem is not None:
        print(translate("Warning: {message}", language, message=problem.render(language)), file=sys.stderr)
    return 0


def set_setting(key: str, values: list[str], language: str) -> int:
    from configurator.core.settings import flat_settings, load_settings, save_settings, set_value

    if len(values) > 1 and key != "company.address_lines":
        print(translate("'{key}' takes one value; put a value with spaces in quotes", language, key=key),
              file=sys.stderr)
        return 1
    changed = set_value(load_settings(), key, "\n".join(values))
    file = save_settings(changed)
    print(translate("Saved in {file}: {key} = {value}", language, file=str(file), key=key,
                    value=_shown(key, flat_settings(changed)[key], language)))
    return 0


def set_pin(pin: str | None, language: str) -> int:
    from configurator.core.settings import load_settings, save_settings, set_manager_pin

    if pin is None:
        import getpass

        pin = getpass.getpass(translate("New manager PIN (4-8 digits): ", language))
    file = save_settings(set_manager_pin(load_settings(), pin))
    print(translate("The manager PIN is set (only its hash is kept, in {file}).", language, file=str(file)))
    return 0


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.settings import SettingsError

    try:
        if args.settings_command == "show":
            return show(language)
        if args.settings_command == "set":
            return set_setting(args.key, args.values, language)
        if args.settings_command == "set-pin":
            return set_pin(args.pin, language)
    except SettingsError as exc:
        print(exc.render(language), file=sys.stderr)
        return 1
    args.settings_help()
    return 0
