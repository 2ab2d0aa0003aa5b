"""``skredder configure`` and ``skredder count``: the engine on the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from configurator.cli.errors import CliError
from configurator.core import jsonio
from configurator.core.i18n import translate
from configurator.core.model import schema as s

COMMANDS = ("configure", "count")


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``configure`` and ``count`` commands (``common``: the options every command accepts)."""
    configure = sub.add_parser("configure", parents=[common],
                               help="show the valid choices of a product (the engine's state)")
    _common(configure)
    configure.add_argument("--json", action="store_true", help="print the state as JSON (docs/cli-json.md)")
    configure.add_argument("--explain", metavar="ATTR=VALUE", help="explain why a value is excluded")
    configure.add_argument("--repair", metavar="ATTR=VALUE", help="ways to get a value by changing other choices")
    configure.add_argument("--complete", action="store_true", help="fill the open attributes (defaults first)")
    configure.add_argument("--no-reasons", action="store_true", help="do not explain excluded values")
    configure.add_argument("--price", action="store_true",
                           help="show the price with its breakdown (a 'from' price while choices are open)")
    configure.add_argument("--quantity", type=int, default=1, help="with --price: how many (default 1)")
    configure.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                           help="with --price: a quote parameter the price reads (quote.NAME; repeatable)")
    count = sub.add_parser("count", parents=[common], help="count the complete valid configurations of a product")
    _common(count)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", metavar="FAMILY|MODEL_PATH", help="a family in the catalogue, or a model file/folder")
    parser.add_argument("--set", action="append", default=[], metavar="ATTR=VALUE", help="a choice (repeatable)")
    parser.add_argument("--preset", metavar="PRESET", help="apply a preset of the model first (then --set)")


def resolve_model(spec: str, database: str | None, language: str) -> s.ProductModel:
    """A model file or folder, else the newest effective version of a family in the catalogue."""
    from configurator.core.model.errors import ModelErrors
    from configurator.core.model.loader import load_model, model_from_document

    path = Path(spec)
    if path.exists():
        try:
            return load_model(path).model
        except ModelErrors as exc:
            raise CliError(exc.render(language)) from None
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.repositories import ModelRepository

    db = open_database(database)
    try:
        with db.session() as session:
            repository = ModelRepository(session)
            record = repository.latest_version(spec)
            if record is None:
                upcoming = repository.upcoming_version(spec)
                if upcoming is not None:
                    from configurator.core.quoting.models import not_in_force

                    raise CliError(not_in_force(upcoming).render(language))
                raise CliError(translate("no model file or catalogue family called '{name}'", language, name=spec))
            images = {image.path: image.data for image in repository.images(record.id)}
            document = record.document
    finally:
        db.close()
    try:
        return model_from_document(document, images, name=f"{spec} ({record.version})")
    except ModelErrors as exc:
        raise CliError(exc.render(language)) from None


def _pair(text: str, language: str) -> tuple[str, str]:
    if "=" not in text:
        raise CliError(translate("'{text}' must be written ATTRIBUTE=VALUE", language, text=text))
    attr, value = text.split("=", 1)
    return attr.strip(), value.strip()


def _session(args: argparse.Namespace, language: str) -> Any:
    from configurator.core.engine.describe import explanation_text
    from configurator.core.engine.encode import EncodingError
    from configurator.core.engine.session import ConfigurationSession, SessionError

    model = resolve_model(args.model, args.database, language)
    try:
        session = ConfigurationSession(model)
    except EncodingError as exc:
        raise CliError(translate("rule '{id}': the engine cannot use this rule: {reason}", language,
                                 id=exc.rule_id, reason=exc.reason)) from None
    if getattr(args, "preset", None):
        if all(p.id != args.preset for p in model.presets):
            raise CliError(translate("unknown preset '{id}' (known: {known})", language, id=args.preset,
                                     known=", ".join(p.id for p in model.presets) or "-"))
        try:
            repairs = session.apply_preset(args.preset)
        except SessionError as exc:
            raise CliError(exc.message.render(language)) from None
        if repairs:  # only possible with earlier choices, and --set comes after the preset
            raise CliError(translate("the preset '{id}' cannot be applied: the rules do not allow it", language,
                                     id=args.preset))
    for text in args.set:
        attr, raw = _pair(text, language)
        try:
            session.set(attr, session.parse(attr, raw, language))
        except SessionError as exc:
            lines = [exc.message.render(language)]
            if exc.explanation is not None:
                lines.append(explanation_text(model, exc.explanation, language))
            raise CliError("\n".join(lines)) from None
    return session


def run_configure(args: argparse.Namespace, language: str) -> int:
    from configurator.core.engine import describe
    from configurator.core.engine.session import SessionError

    session = _session(args, language)
    model = session.model
    try:
        if args.explain:
            attr, raw = _pair(args.explain, language)
            explanation = session.explain(attr, session.parse(attr, raw))
            if args.json:
                data: dict[str, Any] | None = describe.explanation_data(explanation) if explanation else None
                if data is not None and explanation is not None and explanation.choices:
                    # dropping a named choice alone need not free the value: when the smallest repair changes
                    # more than the explanation names, it is shown beside it
                    repairs = session.repairs({attr: session.parse(attr, raw)}, limit=1)
                    named = {a for a, _ in explanation.choices}
                    if repairs and not {c.attribute for c in repairs[0].changes} <= named | {attr}:
                        data["repair"] = describe.repair_data(repairs[0])
                print(jsonio.dumps(data))
            elif explanation is None:
                print(translate("'{value}' is available for '{id}'", language, value=raw, id=attr))
            else:
                print(describe.explanation_text(model, explanation, language))
            return 0
        if args.repair:
            attr, raw = _pair(args.repair, language)
            repairs = session.repairs({attr: session.parse(attr, raw)})
            if args.json:
                print(jsonio.dumps([describe.repair_data(r) for r in repairs]))
            elif not repairs:
                print(translate("no repair keeps this value", language))
            for number, repair in enumerate([] if args.json else repairs, start=1):
                print(f"{number}. {describe.repair_text(model, repair, language)}")
            return 0
        if args.complete:
            session.complete()
    except SessionError as exc:
        raise CliError(exc.message.render(language)) from None
    price = _price(session, args.quantity, _parameters(model, args.param, language), language) \
        if args.price else None
    if args.json:  # one JSON document on stdout, the price in it
        data = describe.state_data(session, reasons=not args.no_reasons)
        if price is not None:
            data["price"] = price.to_json()
        print(jsonio.dumps(data))
        return 0
    _print_state(session, language, reasons=not args.no_reasons)
    if price is not None:
        print()
        for text in price.describe(language):
            print(f"  {text}")
    return 0


def _parameters(model: s.ProductModel, texts: list[str], language: str) -> dict[str, Any]:
    """``--param fleet_size=12`` as the quote parameters' values (numbers read in ``language``)."""
    from configurator.core.numbers import NumberError, parse_number

    known = {p.id: p for p in model.quote_parameters}
    found: dict[str, Any] = {}
    for text in texts:
        name, raw = _pair(text, language)
        parameter = known.get(name)
        if parameter is None:
            raise CliError(translate("'{name}' is not a quote parameter (known: {known}).", language, name=name,
                                     known=", ".join(sorted(known)) or "-"))
        value: Any = raw
        if parameter.type == s.BOOLEAN:
            value = {"true": True, "yes": True, "ja": True, "1": True,
                     "false": False, "no": False, "nei": False, "0": False}.get(raw.lower())
        elif parameter.type in s.NUMERIC_TYPES:
            try:
                value = parse_number(raw, language)
            except NumberError:
                value = None
        if value is None or not parameter.accepts(value):
            raise CliError(translate("'{value}' is not a value of the quote parameter '{name}'.", language,
                                     value=raw, name=name))
        found[name] = value
    return found


def _price(session: Any, quantity: int, parameters: dict[str, Any], language: str) -> Any:
    """The line price of today's configuration: exact when complete, else the cheapest way to complete it."""
    from datetime import date

    from configurator.core.pricing.price import from_price, price_line

    if quantity < 1:
        raise CliError(translate("The quantity must be at least 1.", language))
    today = date.today()
    state = session.state()
    return price_line(session.model, session.values(), quantity=quantity, on_date=today, quote=parameters) \
        if state.complete else from_price(session, quantity=quantity, on_date=today, quote=parameters)


def _print_state(session: Any, language: str, reasons: bool) -> None:
    from configurator.core.engine.describe import explanation_text, format_value

    model = session.model
    state = session.state()
    status = translate("complete", language) if state.complete else translate("not complete", language)
    print(f"{model.name.get(language)} {model.version}: {status}")
    for attribute in model.attributes:
        entry = state.attributes[attribute.id]
        label = attribute.label.get(language)
        if attribute.is_computed:
            print(f"  {label}: {format_value(model, attribute.id, entry.value, language)}")
            continue
        if entry.chosen is not None:
            print(f"  {label}: {format_value(model, attribute.id, entry.chosen, language)} "
                  f"({translate('chosen', language)})")
            continue
        if entry.applies is False:  # applies_when: it has no value here
            print(f"  {label}: {translate('(does not apply)', language)}")
            continue
        if attribute.type == s.TEXT:
            print(f"  {label}: {translate('(text to fill in)', language)}")
            continue
        shown = _compact([format_value(model, attribute.id, v, language) for v in entry.available])
        print(f"  {label}: {shown}")
        if not reasons or attribute.type == s.TEXT:
            continue
        # consecutive excluded values with the same reason are shown as one range
        runs: list[tuple[Any, Any, str]] = []
        domain = session.encoding.domains[attribute.id]
        position = {v: i for i, v in enumerate(domain)}
        for value in entry.excluded:
            explanation = session.explain(attribute.id, value)
            why = explanation_text(model, explanation, language) if explanation else "?"
            if runs and runs[-1][2] == why and position[runs[-1][1]] + 1 == position[value]:
                runs[-1] = (runs[-1][0], value, why)
            else:
                runs.append((value, value, why))
        for first, last, why in runs:
            shown = format_value(model, attribute.id, first, language)
            if last != first:
                shown = f"{shown} – {format_value(model, attribute.id, last, language)}"
            print(f"      ✗ {shown}: {why}")


def _compact(values: list[str], limit: int = 12) -> str:
    if len(values) <= limit:
        return ", ".join(values)
    return ", ".join(values[:5]) + f", … ({len(values) - 10}) …, " + ", ".join(values[-5:])


def run_count(args: argparse.Namespace, language: str) -> int:
    from configurator.core.engine.count import count_configurations

    session = _session(args, language)
    assumptions = [session.literal(a, v) for a, v in session.choices.items()]
    print(count_configurations(session.encoding, assumptions))
    return 0


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.errors import CatalogueError

    try:
        return run_configure(args, language) if args.command == "configure" else run_count(args, language)
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except CatalogueError as exc:
        print(translate("Error: {message}", language, message=exc.render(language)), file=sys.stderr)
        return 1
