"""``skredder catalogue build|list``: compile product models into the catalogue database and list it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from configurator.core.i18n import translate

DEFAULT_MODELS = Path(__file__).resolve().parents[2] / "product_models"


def run(args: argparse.Namespace, language: str) -> int:
    from configurator.core.catalogue.errors import CatalogueError

    try:
        if args.catalogue_command == "build":
            return build(args.paths or [DEFAULT_MODELS], args.database, language)
        return list_catalogue(args.database, language)
    except CatalogueError as exc:
        print(translate("Error: {message}", language, message=exc.render(language)), file=sys.stderr)
        return 1


def build(paths: list[Path], database: str | None, language: str) -> int:
    """Validate every model first; only when all are good, store them in one transaction."""
    from configurator.core.sync.build import build_catalogue

    result = build_catalogue(paths, database)
    for error in result.errors:
        print(error.render(language), file=sys.stderr)
    if result.errors:
        print(translate("{count} problems found; the catalogue was not changed", language,
                        count=len(result.errors)), file=sys.stderr)
        return 1
    for family, version, created in result.stored:
        if created:
            print(translate("{family} {version}: new version stored", language, family=family, version=version))
        else:
            print(translate("{family} {version}: unchanged", language, family=family, version=version))
    return 0


def list_catalogue(database: str | None, language: str) -> int:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.repositories import ModelRepository

    db = open_database(database)
    try:
        with db.session() as session:
            repository = ModelRepository(session)
            rows = []
            for family in repository.families():
                for version in repository.versions(family.id):
                    name = family.name_nb if language == "nb" else family.name_en
                    rows.append((family.id, name, version.version, version.effective_date.isoformat(),
                                 version.source_hash[:12]))
    finally:
        db.close()
    if not rows:
        print(translate("The catalogue is empty. Run: skredder catalogue build", language))
        return 0
    headers = (translate("Family", language), translate("Name", language), translate("Version", language),
               translate("Effective", language), translate("Source hash", language))
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for row in [headers, *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0
