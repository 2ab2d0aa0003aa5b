"""Importing a catalogue package: verify, validate, show the difference, apply in one transaction; roll back.

:func:`prepare_import` reads nothing into the database: it verifies the package (:mod:`.package`) against the
trusted keys and the installed version (rollback and freeze protection: the version must grow, an expired
package is refused, so is one for a newer app), validates every model as ``skredder models check`` does (with
the engine's lint; errors name the file and line inside the package) and computes the difference.
:func:`apply_import` snapshots the database file, then stores the model versions, keys signed by the package,
the installed state and the import history in one transaction. :func:`roll_back` returns to the catalogue
installed before; quotes are never touched (they keep their model versions).
"""

from __future__ import annotations

import dataclasses
import getpass
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from configurator import __version__
from configurator.core.i18n import Message, msg, nmsg
from configurator.core.sync.diff import Change, catalogue_changes
from configurator.core.sync.errors import PackageError
from configurator.core.sync.package import Package, PublisherKey, app_version_tuple, read_package

if TYPE_CHECKING:
    from configurator.core.catalogue.db import Database
    from configurator.core.model.errors import ModelError
    from configurator.core.model.loader import LoadedModel

Progress = Callable[[Message, int, int], None]  # (step, done, of)


@dataclass
class ImportPlan:
    package: Package
    models: list[LoadedModel]
    changes: list[Change]
    installed_version: int
    no_op: bool = False  # the same package is installed already
    new_keys: list[PublisherKey] = field(default_factory=list)


@dataclass(frozen=True)
class ImportResult:
    version_before: int
    version_after: int
    stored: int  # model versions newly stored
    snapshot: Path | None


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "?"


def _trusted_lookup(database: Database) -> Callable[[str], PublisherKey | Message | None]:
    from configurator.core.catalogue.packages import TrustedKeyRepository

    with database.session() as session:
        keys = TrustedKeyRepository(session).list()
    by_id = {k.id: k for k in keys}

    def lookup(key_id: str) -> PublisherKey | Message | None:
        key = by_id.get(key_id)
        if key is None:
            return None
        if key.revoked_at is not None:
            return msg("signed by key {key}, which was revoked on {day}", key=key_id,
                       day=key.revoked_at.date().isoformat())
        return PublisherKey(key.id, key.public_key, key.name)

    return lookup


def _check_freshness(manifest: Any, installed: Any, highest: int, *, allow_downgrade: bool, today: date,
                     package_hash: str, where: str) -> bool:
    """True when the very package is installed already (a no-op). Raises for a downgrade or an expired package."""
    if app_version_tuple(manifest.min_app_version) > app_version_tuple(__version__):
        raise PackageError(msg("this package needs Skredder {needed} or newer; this is Skredder {version}",
                               needed=manifest.min_app_version, version=__version__), where=where)
    if manifest.valid_until is not None and manifest.valid_until < today:
        raise PackageError(msg("the package expired on {until} (today is {today}); ask the publisher for a new one",
                               until=manifest.valid_until.isoformat(), today=today.isoformat()), where=where)
    if installed is not None and installed.package_hash == package_hash:
        return True
    current = installed.version if installed is not None else 0
    if installed is not None and installed.catalogue not in ("", manifest.catalogue) and installed.version > 0:
        raise PackageError(msg("the package is catalogue '{name}', this laptop has catalogue '{installed}'",
                               name=manifest.catalogue, installed=installed.catalogue), where=where)
    if (manifest.version <= current or manifest.version < highest) and not allow_downgrade:
        raise PackageError(msg("the package has version {version}, not newer than the installed version "
                                   "{installed} (the highest installed here is {highest}); an older catalogue is "
                                   "only installed with --allow-downgrade", version=manifest.version,
                                   installed=current, highest=highest), where=where)
    return False


def check_models_with_lint(folder: Path, progress: Progress | None = None,
                           known: frozenset[tuple[str, str]] = frozenset()) -> tuple[list[LoadedModel],
                                                                                     list[ModelError]]:
    """The models in ``folder`` and every problem, as ``skredder models check`` finds them (the lint's errors).

    A model whose (family, source hash) is in ``known`` was linted and tested when it was stored: it is read
    and validated again, but not linted or tested again."""
    from configurator.core.engine.lint import lint_model
    from configurator.core.model.errors import ModelError
    from configurator.core.model.loader import check_models, source_line
    from configurator.core.quoting.model_tests import test_errors

    def reading(done: int, of: int) -> None:
        if progress is not None:
            progress(msg("Reading model {index} of {count}", index=done + 1, count=of), done, 2 * of)

    loaded, errors = check_models([folder], reading if progress is not None else None)
    for index, item in enumerate(loaded):
        if progress is not None:
            progress(msg("Checking the rules of {family} ({index} of {count})", family=item.model.family,
                         index=index + 1, count=len(loaded)), len(loaded) + index, 2 * len(loaded))
        if (item.model.family, item.source_hash) in known:
            continue  # unchanged since it was stored, linted and tested
        lint_errors = [ModelError(str(item.path), source_line(item, issue.where), issue.where, issue.message)
                       for issue in lint_model(item.model) if issue.severity == "error"]
        errors.extend(lint_errors)
        if not lint_errors:  # the model's own test cases, as `skredder models check` runs them
            errors.extend(test_errors(item))
    if not loaded and not errors:
        errors.append(ModelError(str(folder), None, None, msg("no product models found")))
    return loaded, errors


def _part(progress: Progress | None, start: int, end: int) -> Progress | None:
    """A progress that maps its (done, of) into start..end of 100."""
    if progress is None:
        return None
    outer = progress

    def part(step: Message, done: int, of: int) -> None:
        outer(step, start + (end - start) * done // max(of, 1), 100)

    return part


def _stored_sources(database: Database) -> frozenset[tuple[str, str]]:
    """(family, source hash) of every stored model version: these passed the lint and their tests when stored."""
    from configurator.core.catalogue.unit import reading

    with reading(database) as unit:
        return unit.models.source_hashes()


def _validate(package: Package, progress: Progress | None,
              known: frozenset[tuple[str, str]] = frozenset()) -> list[LoadedModel]:
    """Every model of the package, checked as ``skredder models check`` does; errors located in the package."""

    with tempfile.TemporaryDirectory(prefix="skredder-import-") as folder:
        root = Path(folder).resolve()
        for name, data in package.files.items():  # names checked against the allow-list: no '..', no links
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        loaded, errors = check_models_with_lint(root / "models", progress, known)
        from configurator.core.model.loader import display_path

        prefixes = {str(root) + "/", display_path(root) + "/"}

        def located(error: ModelError) -> ModelError:
            shown = error.file
            for prefix in prefixes:
                if shown.startswith(prefix):
                    shown = shown[len(prefix):]
            return dataclasses.replace(error, file=f"{package.name}:{shown}")

        if errors:
            raise PackageError(nmsg("{count} problem in the package's models; nothing was imported",
                                    "{count} problems in the package's models; nothing was imported", len(errors)),
                               where=package.name, details=[located(e) for e in errors])
        return [dataclasses.replace(item, path=None) for item in loaded]


def installed_documents(database: Database) -> dict[str, dict[str, Any]]:
    """The YAML part of the model in force of every family (for the difference)."""
    from configurator.core.catalogue.unit import reading

    with reading(database) as unit:
        result: dict[str, dict[str, Any]] = {}
        for family in unit.models.families():
            version = unit.models.latest_version(family.id, date.max)
            if version is not None:
                result[family.id] = version.document.get("model", {})
        return result


def prepare_import(database: Database, path: Path, *, allow_downgrade: bool = False, today: date | None = None,
                   progress: Progress | None = None) -> ImportPlan:
    """Verify and validate ``path`` and compute what it changes; the database is only read."""
    from configurator.core.catalogue.packages import InstallRepository, TrustedKeyRepository

    today = today or date.today()
    if progress is not None:
        progress(msg("Verifying the package"), 0, 100)
    package = read_package(path, _trusted_lookup(database))
    with database.session() as session:
        installs = InstallRepository(session)
        installed, highest = installs.current(), installs.highest_version()
        known_keys = {k.id for k in TrustedKeyRepository(session).list()}
    no_op = _check_freshness(package.manifest, installed, highest, allow_downgrade=allow_downgrade, today=today,
                             package_hash=package.sha256, where=package.name)
    current = installed.version if installed is not None else 0
    if no_op:
        return ImportPlan(package, [], [], current, no_op=True)
    models = _validate(package, _part(progress, 10, 90), _stored_sources(database))
    _check_version_clashes(database, models, package.name)
    if progress is not None:
        progress(msg("Comparing with the installed catalogue"), 90, 100)
    new_docs = {m.model.family: m.document.get("model", {}) for m in models}
    changes = catalogue_changes(installed_documents(database), new_docs)
    if package.manifest.effective:
        changes.insert(0, Change("catalogue", package.manifest.catalogue, msg(
            "catalogue version {old} → {new}, effective {day}", old=current, new=package.manifest.version,
            day=package.manifest.effective.isoformat())))
    new_keys = [k for k in package.manifest.keys if k.id not in known_keys]
    return ImportPlan(package, models, changes, current, new_keys=new_keys)


def _check_version_clashes(database: Database, models: list[LoadedModel], shown: str) -> None:
    from configurator.core.catalogue.unit import reading

    with reading(database) as unit:
        for item in models:
            for version in unit.models.versions(item.model.family):
                if version.version == item.model.version and version.source_hash != item.source_hash:
                    raise PackageError(msg(
                        "version {version} of family '{family}' is installed already with different content; the "
                        "publisher must give the changed model a new version", version=version.version,
                        family=item.model.family), where=f"{shown}:models/{item.model.family}")


def apply_import(database: Database, plan: ImportPlan, *, backup_dir: Path | None = None,
                 user: str | None = None, progress: Progress | None = None) -> ImportResult:
    """Snapshot the database, then store the plan in one transaction (all or nothing)."""
    from configurator.core.catalogue.packages import InstallRepository, TrustedKeyRepository, snapshot
    from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository

    manifest = plan.package.manifest
    if plan.no_op:
        return ImportResult(plan.installed_version, plan.installed_version, 0, None)
    if progress is not None:
        progress(msg("Taking a snapshot of the database"), 0, len(plan.models) + 1)
    shot = snapshot(database, backup_dir, f"before-catalogue-{manifest.version}-{plan.package.sha256[:12]}")
    who = user or _user()
    stored = 0
    with database.write() as session:
        installs = InstallRepository(session)
        installed = installs.current()
        if installed is None:  # the catalogue before the first package: what a rollback returns to
            installs.record(catalogue="", version=0, package_hash="", signer="", created="", installed_by=who,
                            versions=installs.baseline())
        repository = ModelRepository(session)
        versions: dict[str, int] = {}
        listed: list[dict[str, Any]] = []
        for index, item in enumerate(plan.models):
            model = item.model
            if progress is not None:
                progress(msg("Storing {family}", family=model.family), index + 1, len(plan.models) + 1)
            record, created = repository.store_version(
                model.family, names={"nb": model.name.nb, "en": model.name.en}, version=model.version,
                effective_date=model.effective, source_hash=item.source_hash, document=item.document,
                images=item.images)
            versions[model.family] = record.id
            stored += int(created)
            listed.append({"family": model.family, "version": model.version, "new": created})
        keys = TrustedKeyRepository(session)
        for key in plan.new_keys:  # key rotation: signed by a key trusted already
            keys.add(key.id, key.public, name=key.name, added_by=f"rotation by {manifest.signer}")
        installs.record(catalogue=manifest.catalogue, version=manifest.version, package_hash=plan.package.sha256,
                        signer=manifest.signer, created=manifest.created.isoformat(), installed_by=who,
                        versions=versions)
        ImportHistoryRepository(session).record(
            source=plan.package.name, package_hash=plan.package.sha256, status="applied",
            summary={"kind": "package", "catalogue": manifest.catalogue, "signer": manifest.signer, "user": who,
                     "version_before": plan.installed_version, "version_after": manifest.version,
                     "stored": listed, "families": sorted(versions), "snapshot": str(shot) if shot else None,
                     "changes": len(plan.changes)})
    return ImportResult(plan.installed_version, manifest.version, stored, shot)


def roll_back(database: Database, *, user: str | None = None) -> tuple[int, int]:
    """Return to the catalogue installed before the current one; returns (version before, version after)."""
    from configurator.core.catalogue.packages import InstallRepository
    from configurator.core.catalogue.repositories import ImportHistoryRepository

    who = user or _user()
    with database.write() as session:
        installs = InstallRepository(session)
        current = installs.current()
        if current is None or (current.version == 0 and not current.package_hash):  # the catalogue as built
            raise PackageError(msg("no catalogue package to roll back: the catalogue is as it was built"))
        installs.roll_back(current.id)
        previous = installs.current()
        assert previous is not None
        ImportHistoryRepository(session).record(
            source=f"rollback of catalogue version {current.version}", package_hash=current.package_hash,
            status="rolled_back", summary={"kind": "rollback", "user": who, "version_before": current.version,
                                           "version_after": previous.version})
        return current.version, previous.version


def roll_back_told(database: Database, *, user: str | None = None) -> Message:
    """:func:`roll_back`, and what it did in the user's words (a price list is named as one)."""
    from configurator.core.catalogue.packages import InstallRepository
    from configurator.core.catalogue.unit import reading

    with reading(database) as unit:
        current = InstallRepository(unit.session).current()
        source = ""
        if current is not None and current.package_hash and not current.signer:  # a price list, not a package
            source = next((r.source for r in unit.imports.list(limit=200)
                           if r.package_hash == current.package_hash and r.summary.get("kind") == "prices"), "?")
    before, after = roll_back(database, user=user)
    if source:
        return msg("The price list {file} was rolled back: the prices before it are in force again (quotes "
                   "untouched)", file=source)
    return msg("Catalogue version {before} rolled back; version {after} is in force again (quotes untouched)",
               before=before, after=after)
