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
    pin.add_argument("--old-pin", metavar="OLD", help="the PIN set now (asked for when left out and a PIN is set)")


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


def set_pin(pin: str | None, old_pin: str | None, language: str) -> int:
    """A new PIN; changing one that is set needs the old PIN (wrong tries make the next one wait)."""
    import getpass

    from configurator.core.settings import change_manager_pin, load_settings, save_settings

    settings = load_settings()
    if old_pin is None and settings.has_manager_pin:
        old_pin = getpass.getpass(translate("Current manager PIN: ", language))
    if pin is None:
        pin = getpass.getpass(translate("New manager PIN (4-8 digits): ", language))
    file = save_settings(change_manager_pin(settings, pin, old_pin))
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
            return set_pin(args.pin, args.old_pin, language)
    except SettingsError as exc:
        print(exc.render(language), file=sys.stderr)
        return 1
    args.settings_help()
    return 0
