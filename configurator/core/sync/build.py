"""Compile product model folders into the catalogue: validate all, then store all in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from configurator.core.model.errors import ModelError
from configurator.core.model.loader import check_models, source_line


@dataclass
class BuildResult:
    stored: list[tuple[str, str, bool]] = field(default_factory=list)  # (family, version, newly stored)
    errors: list[ModelError] = field(default_factory=list)


def _stored_sources(database: str | None) -> set[tuple[str, str]]:
    """(family, source hash) of every model version in the catalogue."""
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.repositories import ModelRepository

    db = open_database(database)
    try:
        with db.session() as session:
            repository = ModelRepository(session)
            return {(f.id, v.source_hash) for f in repository.families() for v in repository.versions(f.id)}
    finally:
        db.close()


def build_catalogue(paths: Iterable[Path], database: str | None) -> BuildResult:
    """Store every model under ``paths``; nothing is stored when any model has an error."""
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository
    from configurator.core.engine.lint import lint_model
    from configurator.core.model.loader import display_path

    paths = list(paths)
    loaded, errors = check_models(paths)
    stored = _stored_sources(database) if loaded and not errors else set()
    for item in loaded:  # a model the engine rejects (no valid configuration, a rule it cannot use) is not stored
        if (item.model.family, item.source_hash) in stored:
            continue  # unchanged since it was stored (and linted): a quick start
        for issue in lint_model(item.model):
            if issue.severity == "error":
                shown = display_path(item.path) if item.path is not None else item.model.family
                errors.append(ModelError(shown, source_line(item, issue.where), issue.where, issue.message))
    result = BuildResult(errors=errors)
    if errors:
        return result
    db = open_database(database)
    try:
        with db.write() as session:  # every model version and the import record, or nothing
            repository = ModelRepository(session)
            for item in loaded:
                model = item.model
                _record, created = repository.store_version(
                    family_id=model.family,
                    names={"nb": model.name.nb, "en": model.name.en},
                    version=model.version,
                    effective_date=model.effective,
                    source_hash=item.source_hash,
                    document=item.document,
                    images=item.images,
                )
                result.stored.append((model.family, model.version, created))
            ImportHistoryRepository(session).record(
                source=", ".join(str(p) for p in paths),
                package_hash=hashlib.sha256("".join(sorted(i.source_hash for i in loaded)).encode()).hexdigest(),
                status="applied",
                summary={"stored": [{"family": f, "version": v, "new": c} for f, v, c in result.stored]},
            )
    finally:
        db.close()
    return result
