"""``skredder suggest``: what customers who chose the same usually pick, learned from the firm's own sales."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from configurator.cli.errors import CliError
from configurator.core.i18n import ntranslate, translate

COMMANDS = ("suggest",)


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    suggest = sub.add_parser("suggest", parents=[common],
                             help="what similar customers chose, learned from accepted quotes and imported sales")
    suggest.add_argument("model", metavar="FAMILY", help="a family in the catalogue")
    suggest.add_argument("--set", action="append", default=[], metavar="ATTR=VALUE", help="a choice (repeatable)")
    suggest.add_argument("--attribute", metavar="ATTR", help="only this attribute (default: every open one)")
    suggest.add_argument("--finish", action="store_true",
                         help="the most popular valid way to finish the choices ('as most customers do')")
    suggest.add_argument("--import", dest="import_file", metavar="FILE", type=Path,
                         help="learn from historic sales: a file with a header of attribute ids and one sold "
                              "configuration per line")


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.suggest.history import HistoryError

    try:
        database = open_database(args.database)
    except CatalogueError as error:
        print(error.render(language), file=sys.stderr)
        return 1
    try:
        return _run(args, language, database)
    except CliError as error:
        print(str(error), file=sys.stderr)
        return 1
    except (CatalogueError, HistoryError) as error:
        print(translate("Error: {message}", language, message=error.render(language)), file=sys.stderr)
        return 1
    finally:
        database.close()


def _run(args: argparse.Namespace, language: str, database: Any) -> int:
    from configurator.cli.configure import _session
    from configurator.core.engine.describe import format_value
    from configurator.core.suggest.recommender import MIN_SALES
    from configurator.core.suggest.service import SuggestionService
    from configurator.core.suggest.session import popular_completion, suggestions

    service = SuggestionService(database)
    if args.import_file is not None:
        count = service.import_history(args.model, args.import_file)
        print(ntranslate("{count} sale of {family} imported; suggestions learn from them.",
                         "{count} sales of {family} imported; suggestions learn from them.", count, language,
                         family=args.model))
        return 0
    session = _session(args, language)
    model = session.model
    recommender = service.recommender(model)
    if not recommender.enough:
        print(translate("Only {count} sales of {family} so far (fewer than {needed}): no suggestions yet; the "
                        "model's defaults are the advice.", language, count=recommender.history.size,
                        family=model.family, needed=MIN_SALES))
        return 0
    if args.finish:
        values = popular_completion(recommender, session)
        if values is None:
            print(translate("No sold configuration fits these choices; complete with the defaults instead.",
                            language))
            return 0
        for attribute in model.chosen_attributes:
            if attribute.id in values and attribute.id not in session.choices:
                shown = format_value(model, attribute.id, values[attribute.id], language)
                print(f"{attribute.label.get(language)}: {shown}")
        return 0
    attributes = [args.attribute] if args.attribute else [a.id for a in model.chosen_attributes]
    if args.attribute and args.attribute not in {a.id for a in model.chosen_attributes}:
        raise CliError(translate("unknown attribute '{name}'", language, name=args.attribute))
    for attr_id in attributes:
        ranked = suggestions(recommender, session, attr_id)
        if not ranked:
            continue
        shown = ", ".join(translate("{value} (chosen by {percent} %)", language,
                                    value=format_value(model, attr_id, r.value, language),
                                    percent=round(100 * r.probability)) for r in ranked[:5])
        print(f"{model.attribute(attr_id).label.get(language)}: {shown}")
    return 0

