"""``skredder customer add|list|show|edit``: the customer register on the command line.

Every change goes through :mod:`configurator.core.customers`: invalid data prints every problem in the
user's language, exits 1 and stores nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from configurator.cli.errors import CliError
from configurator.cli.table import record_id
from configurator.core.catalogue.records import Address, CustomerData, CustomerRecord
from configurator.core.customers import FieldError
from configurator.core.i18n import msg, ntranslate, translate
from configurator.core.numbers import NumberError, parse_percent

COMMANDS = ("customer",)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``customer`` command and its subcommands (``common``: the options every command accepts)."""
    customer = sub.add_parser("customer", parents=[common], help="the customer register")
    customer.set_defaults(customer_help=customer.print_help)
    customer_sub = customer.add_subparsers(dest="customer_command", metavar="SUBCOMMAND")
    add = customer_sub.add_parser("add", parents=[common], help="add a customer (checked before it is stored)")
    _customer_options(add, name_required=True)
    listing = customer_sub.add_parser("list", parents=[common], help="list customers, or search them")
    listing.add_argument("search", nargs="?", default="", metavar="SEARCH",
                         help="words in the name or city, or digits of the organisation number")
    show = customer_sub.add_parser("show", parents=[common], help="show one customer")
    show.add_argument("id", type=record_id, metavar="ID")
    edit = customer_sub.add_parser("edit", parents=[common], help="change a customer (only the options given)")
    edit.add_argument("id", type=record_id, metavar="ID")
    _customer_options(edit, name_required=False)
    delete = customer_sub.add_parser("delete", parents=[common], help="delete a customer who has no quotes")
    delete.add_argument("id", type=record_id, metavar="ID")
    merge = customer_sub.add_parser("merge", parents=[common], help="merge a duplicate into the customer kept: "
                                    "its quotes move to KEEP, then it is deleted (one transaction)")
    merge.add_argument("keep", type=record_id, metavar="KEEP", help="the customer kept")
    merge.add_argument("remove", type=record_id, metavar="REMOVE", help="the duplicate, deleted after the merge")


def _customer_options(parser: argparse.ArgumentParser, *, name_required: bool) -> None:
    parser.add_argument("--name", required=name_required, help="company name, or the person's full name")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--org-number", metavar="NUMBER", help="organisation number (9 digits) of a company")
    kind.add_argument("--person", action="store_true", help="a private person (no organisation number)")
    parser.add_argument("--email")
    parser.add_argument("--phone")
    parser.add_argument("--contact", metavar="NAME", help="contact person")
    parser.add_argument("--address", action="append", metavar="LINE",
                        help="a street line of the billing address (repeatable)")
    parser.add_argument("--postcode")
    parser.add_argument("--city")
    parser.add_argument("--country", metavar="CODE", help="two letters, e.g. NO (default NO)")
    parser.add_argument("--customer-language", choices=("nb", "en"), help="language of quotes (default nb)")
    parser.add_argument("--discount", metavar="PERCENT", help="standard discount in percent, e.g. 5 or 2,5")
    parser.add_argument("--notes")
    parser.add_argument("--allow-duplicate", action="store_true",
                        help="store even when another customer has the same organisation number")


# ------------------------------------------------------------------ from options to data


def _discount(text: str) -> int | None:
    """Basis points of a percentage typed as ``5``, ``2,5`` or ``12.5 %``; None when it is no such number.

    The range (0–100 %) is checked with the other fields by ``validate_customer``.
    """
    try:
        percent = parse_percent(text, "nb")  # a comma or a point: both are read as the decimal mark
    except NumberError:
        return None
    basis_points = percent * 100
    if not basis_points.is_finite() or basis_points != basis_points.to_integral_value():
        return None
    return int(basis_points)


def _apply_options(data: CustomerData, args: argparse.Namespace) -> tuple[CustomerData, list[FieldError]]:
    """``data`` with every option the user gave put in (the others left as they are), and the options that
    are no value at all (a discount that is not a number)."""
    changes: dict[str, Any] = {}
    errors = []
    if args.person:
        changes.update(kind="person", org_number=None)
    elif args.org_number is not None:
        changes.update(kind="company", org_number=args.org_number)
    simple = {"name": args.name, "email": args.email, "phone": args.phone, "contact_person": args.contact,
              "language": args.customer_language, "notes": args.notes}
    changes.update({key: value for key, value in simple.items() if value is not None})
    if args.discount is not None:
        basis_points = _discount(args.discount)
        if basis_points is None:
            errors.append(FieldError("discount_basis_points", msg(
                "'{value}' is not a discount: write a percentage from 0 to 100, e.g. 5 or 2,5",
                value=args.discount)))
        else:
            changes["discount_basis_points"] = basis_points
    billing = data.billing
    if args.address is not None:
        billing = replace(billing, lines=tuple(args.address))
    if args.postcode is not None:
        billing = replace(billing, postcode=args.postcode)
    if args.city is not None:
        billing = replace(billing, city=args.city)
    if args.country is not None:
        billing = replace(billing, country=args.country)
    return replace(data, billing=billing, **changes), errors


def _editable(record: CustomerRecord) -> CustomerData:
    """The data part of a stored customer (what ``update`` takes)."""
    return CustomerData(kind=record.kind, name=record.name, org_number=record.org_number, email=record.email,
                        phone=record.phone, contact_person=record.contact_person, billing=record.billing,
                        delivery=record.delivery, language=record.language,
                        discount_basis_points=record.discount_basis_points, notes=record.notes)


# ------------------------------------------------------------------ showing customers


def _percent(basis_points: int, language: str) -> str:
    from configurator.core.pricing.money import basis_points_to_percent, format_number

    return f"{format_number(basis_points_to_percent(basis_points), language)} %"


def _org(record: CustomerData) -> str:
    from configurator.core.customers import format_org_number

    return format_org_number(record.org_number) if record.org_number else ""


def summary(record: CustomerRecord, language: str) -> str:
    """One line: number, name, organisation number (companies), city."""
    if record.org_number:
        return translate("Customer {id}: {name}, org. no. {org_number}, {city}", language, id=record.id,
                         name=record.name, org_number=_org(record), city=record.billing.city or "–")
    return translate("Customer {id}: {name}, {city}", language, id=record.id, name=record.name,
                     city=record.billing.city or "–")


def _address_text(address: Address) -> str:
    place = " ".join(part for part in (address.postcode, address.city) if part)
    parts = [*address.lines, place, "" if address.country == "NO" else address.country]
    return ", ".join(part for part in parts if part)


def _print_table(records: list[CustomerRecord], language: str) -> None:
    headers = (translate("ID", language), translate("Name", language), translate("Org. no.", language),
               translate("City", language), translate("Language", language), translate("Discount", language))
    rows = [(str(r.id), r.name, _org(r), r.billing.city, r.language, _percent(r.discount_basis_points, language))
            for r in records]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def _print_customer(record: CustomerRecord, language: str) -> None:
    kind = translate("company", language) if record.kind == "company" else translate("private person", language)
    delivery = (_address_text(record.delivery) if record.delivery is not None
                else translate("(same as the billing address)", language))
    fields = [
        (translate("Kind", language), kind),
        (translate("Name", language), record.name),
        (translate("Org. no.", language), _org(record)),
        (translate("Contact person", language), record.contact_person),
        (translate("E-mail", language), record.email),
        (translate("Phone", language), record.phone),
        (translate("Billing address", language), _address_text(record.billing)),
        (translate("Delivery address", language), delivery),
        (translate("Language", language), record.language),
        (translate("Discount", language), _percent(record.discount_basis_points, language)),
        (translate("Notes", language), record.notes),
    ]
    print(translate("Customer {id}", language, id=record.id))
    for label, value in fields:
        print(f"  {label}: {value}".rstrip())


# ------------------------------------------------------------------ the subcommands


def _not_found(customer_id: int, language: str) -> CliError:
    return CliError(translate("There is no customer with number {id}.", language, id=customer_id))


def run_customer(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.customers import CustomerService

    with open_database(args.database) as db:
        customers = CustomerService(db)
        if args.customer_command == "add":
            data, errors = _apply_options(CustomerData(kind="company", name=""), args)
            _refuse_duplicate(customers, data, None, args, language)
            record = customers.add(data, errors)
            print(summary(record, language))
        elif args.customer_command == "edit":
            stored = customers.get(args.id)
            if stored is None:
                raise _not_found(args.id, language)
            data, errors = _apply_options(_editable(stored), args)
            _refuse_duplicate(customers, data, args.id, args, language)
            record = customers.update(args.id, data, errors)
            print(summary(record, language))
        elif args.customer_command == "delete":
            removed = customers.delete(args.id)
            print(translate("Deleted customer {id}: {name}.", language, id=removed.id, name=removed.name))
        elif args.customer_command == "merge":
            merged = customers.merge(args.keep, args.remove)
            print(ntranslate("Merged customer {removed_id} ({removed}) into {kept_id} ({kept}): {count} quote "
                             "moved; {removed} is deleted.",
                             "Merged customer {removed_id} ({removed}) into {kept_id} ({kept}): {count} quotes "
                             "moved; {removed} is deleted.", merged.quotes_moved, language,
                             removed_id=merged.removed.id, removed=merged.removed.name, kept_id=merged.kept.id,
                             kept=merged.kept.name))
        elif args.customer_command == "show":
            found = customers.get(args.id)
            if found is None:
                raise _not_found(args.id, language)
            _print_customer(found, language)
        else:
            records = customers.search(args.search)
            if records:
                _print_table(records, language)
            else:
                print(translate("No customers found.", language))
    return 0


def _refuse_duplicate(customers: Any, data: CustomerData, besides: int | None, args: argparse.Namespace,
                      language: str) -> None:
    """Another customer with the same organisation number: refused (naming it) unless --allow-duplicate."""
    if args.allow_duplicate or data.kind != "company" or not data.org_number:
        return
    same = customers.with_org_number(data.org_number, besides=besides)
    if same:
        names = ", ".join(f"{c.name} ({c.id})" for c in same)
        raise CliError(translate("Another customer has organisation number {number}: {customers}. Edit that "
                                 "customer, merge the two (skredder customer merge), or give --allow-duplicate to "
                                 "store a second one anyway.", language, number=_org(data), customers=names))


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.customers import CustomerError, CustomerRefused

    if args.customer_command is None:
        args.customer_help()
        return 0
    try:
        return run_customer(args, language)
    except CustomerError as exc:
        print(exc.render(language), file=sys.stderr)
        print(translate("The customer was not stored.", language), file=sys.stderr)
    except CustomerRefused as exc:
        print(exc.render(language), file=sys.stderr)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
    except CatalogueError as exc:
        print(translate("Error: {message}", language, message=exc.render(language)), file=sys.stderr)
    return 1
