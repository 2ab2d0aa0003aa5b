"""``skredder quote ...`` and ``skredder order ...``: quotes with revisions, PDFs and production orders.

Thin: every rule lives in :mod:`configurator.core.quoting`; this module parses options, calls the service and
prints what happened in the user's language. A refused operation prints why and exits 1, changing nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from configurator.cli.errors import CliError
from configurator.cli.table import record_id
from configurator.core.i18n import translate

COMMANDS = ("quote", "order")
# the tables of `order export` (configurator.core.documents.export.COLUMNS, kept here so the parser needs no import)
EXPORT_KINDS = ("lines", "parameters", "specification", "fields", "bom", "cut_list", "tags")


def _line_options(parser: argparse.ArgumentParser, *, product: bool) -> None:
    if product:
        parser.add_argument("--product", required=True, metavar="FAMILY", help="the product family, e.g. window")
    parser.add_argument("--set", action="append", default=[], metavar="ATTR=VALUE", help="a choice (repeatable)")
    if product:
        parser.add_argument("--preset", metavar="PRESET", help="start from a preset of the product (then --set)")
    parser.add_argument("--quantity", type=record_id, default=None, help="how many (default 1)")
    parser.add_argument("--line-discount", metavar="PERCENT", help="a discount on this line, e.g. 5 or 2,5")
    parser.add_argument("--complete", action="store_true", help="fill what is not chosen with the defaults")


def _if_version(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--if-version", type=record_id, metavar="N", dest="if_version",
                        help="change the draft only if it is still at version N (as `quote show` printed it); "
                             "otherwise say who changed it and exit 3, changing nothing")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    quote = sub.add_parser("quote", parents=[common], help="quotes: create, change, send, accept, revise, PDF")
    quote.set_defaults(group_help=quote.print_help)
    q = quote.add_subparsers(dest="quote_command", metavar="SUBCOMMAND")
    new = q.add_parser("new", parents=[common], help="a new quote with its first line")
    new.add_argument("--customer", type=record_id, required=True, metavar="ID", help="the customer's id")
    _line_options(new, product=True)
    new.add_argument("--discount", metavar="PERCENT", help="a discount on the whole quote")
    new.add_argument("--salesperson", help="default: the settings' salesperson")
    new.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help="a quote parameter")
    add = q.add_parser("add-line", parents=[common], help="configure a product and add it to a draft quote")
    add.add_argument("number", metavar="Q-...")
    _line_options(add, product=True)
    _if_version(add)
    edit = q.add_parser("edit-line", parents=[common], help="change a line's choices, quantity or discount")
    edit.add_argument("number", metavar="Q-...")
    edit.add_argument("position", type=record_id, metavar="LINE")
    _line_options(edit, product=False)
    _if_version(edit)
    for name, text in (("copy-line", "copy a line (the copy goes right after it)"), ("remove-line", "remove a line")):
        parser = q.add_parser(name, parents=[common], help=text)
        parser.add_argument("number", metavar="Q-...")
        parser.add_argument("position", type=record_id, metavar="LINE")
        _if_version(parser)
    discount = q.add_parser("discount", parents=[common], help="set the discount of the whole quote")
    discount.add_argument("number", metavar="Q-...")
    discount.add_argument("percent", metavar="PERCENT")
    _if_version(discount)
    param = q.add_parser("param", parents=[common], help="set quote parameters (e.g. energy_level=true)")
    param.add_argument("number", metavar="Q-...")
    param.add_argument("values", nargs="+", metavar="NAME=VALUE")
    _if_version(param)
    show = q.add_parser("show", parents=[common], help="show a quote (the current revision, or --revision)")
    show.add_argument("number", metavar="Q-...")
    show.add_argument("--revision", metavar="LETTER")
    listing = q.add_parser("list", parents=[common], help="list quotes, newest first")
    listing.add_argument("search", nargs="?", default="", help="words of the number or the customer's name")
    listing.add_argument("--status", choices=("draft", "sent", "accepted", "rejected", "expired"))
    listing.add_argument("--customer", type=record_id, metavar="ID")
    approve = q.add_parser("approve", parents=[common], help="a manager approves a discount above the limit")
    approve.add_argument("number", metavar="Q-...")
    approve.add_argument("--pin", required=True, help="the manager PIN (skredder settings set-pin)")
    approve.add_argument("--manager", help="who approves (default: the settings' manager name)")
    _if_version(approve)
    for name, text in (("send", "send a draft: it is frozen from now on"), ("accept", "the customer accepted"),
                       ("reject", "the customer said no"), ("revise", "make the next revision (B, C, ...) to edit")):
        parser = q.add_parser(name, parents=[common], help=text)
        parser.add_argument("number", metavar="Q-...")
        if name == "send":
            _if_version(parser)
    copy = q.add_parser("copy", parents=[common], help="a new draft quote with the same lines")
    copy.add_argument("number", metavar="Q-...")
    copy.add_argument("--customer", type=record_id, metavar="ID", help="for another customer")
    pdf = q.add_parser("pdf", parents=[common], help="write the quote as PDF in the customer's language")
    pdf.add_argument("number", metavar="Q-...")
    pdf.add_argument("-o", "--output", type=Path, help="default: Q-....pdf in the current folder")
    pdf.add_argument("--revision", metavar="LETTER")
    pdf.add_argument("--document-language", choices=("nb", "en"), help="default: the customer's language")

    order = sub.add_parser("order", parents=[common], help="production orders from accepted quotes")
    order.set_defaults(group_help=order.print_help)
    o = order.add_subparsers(dest="order_command", metavar="SUBCOMMAND")
    create = o.add_parser("create", parents=[common], help="make the production order of an accepted quote")
    create.add_argument("number", metavar="Q-...")
    create.add_argument("--delivery", type=date.fromisoformat, metavar="YYYY-MM-DD", help="the delivery date")
    o.add_parser("list", parents=[common], help="list production orders")
    order_show = o.add_parser("show", parents=[common], help="show a production order")
    order_show.add_argument("number", metavar="O-...")
    order_show.add_argument("--document-language", choices=("nb", "en"))
    order_pdf = o.add_parser("pdf", parents=[common], help="write the production order as PDF (no prices)")
    order_pdf.add_argument("number", metavar="O-...")
    order_pdf.add_argument("-o", "--output", type=Path)
    order_pdf.add_argument("--document-language", choices=("nb", "en"))
    export = o.add_parser("export", parents=[common], help="the order for the factory's systems: a CSV file per "
                          "kind (lines, parameters, specification, fields, bom, cut_list, tags), an XLSX workbook "
                          "with a sheet each, or JSON")
    export.add_argument("number", metavar="O-...")
    export.add_argument("--format", choices=("csv", "xlsx", "json"), required=True)
    export.add_argument("--kind", choices=EXPORT_KINDS,
                        help="csv: only this table (printed unless -o names a file)")
    export.add_argument("-o", "--output", type=Path, help="csv: the folder for the files (default: here), or the "
                        "file for --kind; xlsx: the file (default: O-....xlsx); json: the file (default: print it)")
    export.add_argument("--document-language", choices=("nb", "en"))


def _pairs(texts: list[str], language: str) -> dict[str, str]:
    pairs = {}
    for text in texts:
        if "=" not in text:
            raise CliError(translate("'{text}' must be written ATTRIBUTE=VALUE", language, text=text))
        name, value = text.split("=", 1)
        pairs[name.strip()] = value.strip()
    return pairs


def _choices(service: Any, args: argparse.Namespace, language: str) -> dict[str, Any]:
    """The line's choices: the values of ``--preset`` (if given), then every ``--set``."""
    pairs: dict[str, Any] = dict(_pairs(args.set, language))
    if not getattr(args, "preset", None):
        return pairs
    model = service.models.current(args.product, service.today).model
    preset = next((p for p in model.presets if p.id == args.preset), None)
    if preset is None:
        raise CliError(translate("unknown preset '{id}' (known: {known})", language, id=args.preset,
                                 known=", ".join(p.id for p in model.presets) or "-"))
    return {**preset.values, **pairs}


def _basis_points(text: str | None, language: str) -> int | None:
    from configurator.core.pricing.money import percent_to_basis_points

    if text is None:
        return None
    try:
        return percent_to_basis_points(text)
    except ValueError:
        raise CliError(translate("'{value}' is not a percentage between 0 and 100", language, value=text)) from None


def _parameters(texts: list[str], language: str) -> dict[str, Any]:
    """Quote parameters as typed; the quote service checks and reads them (``energy_level=ja`` → True)."""
    return dict(_pairs(texts, language))


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.quoting.service import QuoteError, QuoteService, StaleRevisionError
    from configurator.core.settings import SettingsError, load_settings

    sub = args.quote_command if args.command == "quote" else args.order_command
    if sub is None:
        args.group_help()
        return 0
    try:
        settings = load_settings()
        database = open_database(args.database)
    except (SettingsError, CatalogueError) as error:
        print(error.render(language), file=sys.stderr)
        return 1
    try:
        service = QuoteService(database, settings)
        handler = _QUOTE if args.command == "quote" else _ORDER
        return int(handler[sub](service, args, language))
    except CliError as error:
        print(str(error), file=sys.stderr)
        return 1
    except StaleRevisionError as error:  # someone else changed the draft first: a distinct code for scripts
        print(translate("Error: {message}", language, message=error.render(language)), file=sys.stderr)
        return 3
    except (CatalogueError, QuoteError) as error:
        print(translate("Error: {message}", language, message=error.render(language)), file=sys.stderr)
        return 1
    finally:
        database.close()


# ------------------------------------------------------------------ quote commands
def _new(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.core.quoting.service import LineRequest

    line = LineRequest(args.product, _choices(service, args, language), 1 if args.quantity is None else args.quantity,
                       _basis_points(args.line_discount, language) or 0, args.complete)
    quote = service.new_quote(args.customer, salesperson=args.salesperson,
                              discount_bp=_basis_points(args.discount, language) or 0,
                              parameters=_parameters(args.param, language), first_line=line)
    print(translate("Quote {number} created (revision A).", language, number=quote.number))
    return _print_quote(service, quote.number, None, language)


def _add_line(service: Any, args: argparse.Namespace, language: str) -> int:
    position = service.add_line(args.number, args.product, _choices(service, args, language),
                                quantity=1 if args.quantity is None else args.quantity,
                                line_discount_bp=_basis_points(args.line_discount, language) or 0,
                                complete=args.complete, expected_version=args.if_version)
    print(translate("Line {position} added to quote {number}.", language, position=position,
                    number=args.number.upper()))
    return _print_quote(service, args.number, None, language)


def _edit_line(service: Any, args: argparse.Namespace, language: str) -> int:
    service.edit_line(args.number, args.position, choices=_pairs(args.set, language), quantity=args.quantity,
                      line_discount_bp=_basis_points(args.line_discount, language), complete=args.complete,
                      expected_version=args.if_version)
    return _print_quote(service, args.number, None, language)


def _copy_line(service: Any, args: argparse.Namespace, language: str) -> int:
    position = service.copy_line(args.number, args.position, expected_version=args.if_version)
    print(translate("Line {line} copied to line {position}.", language, line=args.position, position=position))
    return _print_quote(service, args.number, None, language)


def _remove_line(service: Any, args: argparse.Namespace, language: str) -> int:
    service.remove_line(args.number, args.position, expected_version=args.if_version)
    return _print_quote(service, args.number, None, language)


def _discount(service: Any, args: argparse.Namespace, language: str) -> int:
    service.set_discount(args.number, _basis_points(args.percent, language) or 0, expected_version=args.if_version)
    return _print_quote(service, args.number, None, language)


def _param(service: Any, args: argparse.Namespace, language: str) -> int:
    service.set_parameters(args.number, _parameters(args.values, language), expected_version=args.if_version)
    return _print_quote(service, args.number, None, language)


def _show(service: Any, args: argparse.Namespace, language: str) -> int:
    return _print_quote(service, args.number, args.revision, language)


def _list(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.cli.table import print_table
    from configurator.core.pricing.money import format_money, from_ore
    from configurator.core.quoting.messages import status_text

    service.expire_overdue()
    rows = service.search(args.search, status=args.status, customer_id=args.customer)
    if not rows:
        print(translate("No quotes found. Make one with: skredder quote new --customer ID --product FAMILY",
                        language))
        return 0
    headers = [translate("Quote", language), translate("Revision", language), translate("Customer", language),
               translate("Status", language), translate("Valid until", language),
               translate("Total incl. VAT", language)]
    print_table(headers, [[r.number, r.revision, r.customer_name, status_text(r.status).render(language),
                           r.valid_until.isoformat(), format_money(from_ore(r.total_inc_vat_ore), language)]
                          for r in rows], right=(5,))
    return 0


def _approve(service: Any, args: argparse.Namespace, language: str) -> int:
    service.approve(args.number, args.pin, args.manager, expected_version=args.if_version)
    print(translate("Quote {number} approved.", language, number=args.number.upper()))
    return 0


def _transition(name: str) -> Any:
    def run_transition(service: Any, args: argparse.Namespace, language: str) -> int:
        if name == "send":
            result = service.send(args.number, expected_version=args.if_version)
        else:
            result = getattr(service, name)(args.number)
        texts = {"send": translate("Quote {number} sent; it is frozen now.", language, number=args.number.upper()),
                 "accept": translate("Quote {number} accepted. Make its production order with: skredder order "
                                     "create {number}", language, number=args.number.upper()),
                 "reject": translate("Quote {number} rejected.", language, number=args.number.upper()),
                 "revise": translate("Quote {number}: revision {letter} made; change it and send it again.",
                                     language, number=args.number.upper(), letter=result)}
        print(texts[name])
        return 0
    return run_transition


def _copy(service: Any, args: argparse.Namespace, language: str) -> int:
    quote = service.copy_quote(args.number, customer_id=args.customer)
    print(translate("Quote {number} copied to {copy}.", language, number=args.number.upper(), copy=quote.number))
    return _print_quote(service, quote.number, None, language)


def _quote_pdf(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.core.documents.quote_pdf import render_quote_pdf
    from configurator.core.quoting.snapshots import quote_snapshot

    snapshot = quote_snapshot(service, args.number, args.revision, args.document_language)
    output = args.output or Path(f"{snapshot.number}-{snapshot.revision}.pdf")
    _write(output, render_quote_pdf(snapshot), language)
    return 0


def _write(path: Path, data: bytes, language: str) -> None:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise CliError(translate("Could not write {file}: {reason}", language, file=str(path),
                                 reason=error.strerror or str(error))) from None
    print(translate("Written: {file}", language, file=str(path)))


def _print_quote(service: Any, number: str, letter: str | None, language: str) -> int:
    from configurator.core.quoting.report import quote_text

    print(quote_text(service, number, letter, language))
    return 0


# ------------------------------------------------------------------ order commands
def _order_create(service: Any, args: argparse.Namespace, language: str) -> int:
    order = service.create_order(args.number, delivery_date=args.delivery)
    print(translate("Production order {order} made from quote {number} ({lines} lines).", language,
                    order=order.number, number=args.number.upper(), lines=len(order.lines)))
    return 0


def _order_list(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.cli.table import print_table

    orders = service.orders()
    if not orders:
        print(translate("No production orders yet. Accept a quote, then: skredder order create Q-...", language))
        return 0
    print_table([translate("Order", language), translate("Quote", language), translate("Delivery", language),
                 translate("Lines", language)],
                [[o.number, o.quote_number, o.delivery_date.isoformat() if o.delivery_date else "-",
                  str(o.lines)] for o in orders], right=(3,))
    return 0


def _order_show(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.core.quoting.report import order_text

    print(order_text(service, args.number, args.document_language or language))
    return 0


def _order_pdf(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.core.documents.order_pdf import render_order_pdf
    from configurator.core.quoting.snapshots import order_snapshot

    snapshot = order_snapshot(service, args.number, args.document_language)
    _write(args.output or Path(f"{snapshot.number}.pdf"), render_order_pdf(snapshot), language)
    return 0


def _order_export(service: Any, args: argparse.Namespace, language: str) -> int:
    from configurator.core.documents.export import order_csv_files, order_json, order_tables, order_xlsx, table_csv
    from configurator.core.quoting.snapshots import order_snapshot

    snapshot = order_snapshot(service, args.number, args.document_language)
    if args.format == "xlsx":
        _write(args.output or Path(f"{snapshot.number}.xlsx"), order_xlsx(snapshot), language)
        return 0
    if args.format == "csv" and args.kind is None:
        folder = args.output or Path()
        for name, text in order_csv_files(snapshot).items():
            _write(folder / name, text.encode("utf-8"), language)
        return 0
    text = table_csv(*order_tables(snapshot)[args.kind]) if args.format == "csv" else order_json(snapshot)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    _write(args.output, text.encode("utf-8"), language)
    return 0


_QUOTE = {
    "new": _new, "add-line": _add_line, "edit-line": _edit_line, "copy-line": _copy_line,
    "remove-line": _remove_line, "discount": _discount, "param": _param, "show": _show, "list": _list,
    "approve": _approve, "send": _transition("send"), "accept": _transition("accept"),
    "reject": _transition("reject"), "revise": _transition("revise"), "copy": _copy, "pdf": _quote_pdf,
}
_ORDER = {"create": _order_create, "list": _order_list, "show": _order_show, "pdf": _order_pdf,
          "export": _order_export}
