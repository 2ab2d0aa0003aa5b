"""Repositories: the catalogue's storage operations, taking a Session and returning plain records.

A repository never commits: the caller decides the transaction (``with database.session() as s:``).
Only records from :mod:`configurator.core.catalogue.records` leave this module.
:class:`CustomerRepository` lives in :mod:`configurator.core.catalogue.customers` and is re-exported here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import Any, cast

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from configurator.core.catalogue.columns import dump_json, utc_now
from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.orm import (
    CatalogueImport,
    ModelImage,
    ModelVersion,
    NumberSeriesRow,
    ProductFamily,
)
from configurator.core.catalogue.packages import pinned_versions
from configurator.core.catalogue.records import (
    CatalogueImportRecord,
    FamilyRecord,
    ImageRecord,
    ImportStatus,
    ModelVersionRecord,
)
from configurator.core.i18n import msg

__all__ = ["CustomerRepository", "ImportHistoryRepository", "ModelRepository", "NumberSeries", "media_type_of"]

SHA256_HEX = re.compile(r"[0-9a-f]{64}")
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".gif": "image/gif",
}


# --- product models --------------------------------------------------------------------------------


def _family_record(row: ProductFamily) -> FamilyRecord:
    return FamilyRecord(id=row.id, name_nb=row.name_nb, name_en=row.name_en, created_at=row.created_at)


def _version_record(row: ModelVersion) -> ModelVersionRecord:
    return ModelVersionRecord(
        id=row.id,
        family_id=row.family_id,
        version=row.version,
        effective_date=row.effective_date,
        source_hash=row.source_hash,
        document=row.document,
        loaded_at=row.loaded_at,
    )


def _image_record(row: ModelImage) -> ImageRecord:
    return ImageRecord(
        id=row.id,
        model_version_id=row.model_version_id,
        path=row.path,
        sha256=row.sha256,
        media_type=row.media_type,
        data=row.data,
    )


def media_type_of(path: str) -> str:
    """The media type of an image file, from its extension."""
    return MEDIA_TYPES.get(PurePosixPath(path).suffix.lower(), "application/octet-stream")


class ModelRepository:
    """Validated product models, one row per (family, version), with their images."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def store_version(
        self,
        family_id: str,
        *,
        names: Mapping[str, str],
        version: str,
        effective_date: date,
        source_hash: str,
        document: dict[str, Any],
        images: Mapping[str, bytes] | None = None,
    ) -> tuple[ModelVersionRecord, bool]:
        """Store a validated model version; returns it and whether it was new.

        Idempotent: the same sources (same ``source_hash``) give back the stored version. Changed
        sources under a version string already stored are refused: the model's version must be bumped,
        or quotes pinned to that version would silently change meaning. ``names`` are the family's
        names by language ("nb", "en"); a new version updates them.
        """
        if not SHA256_HEX.fullmatch(source_hash):
            raise CatalogueError(f"source hash must be 64 lowercase hex digits (sha256), got {source_hash!r}")
        existing = self._session.scalar(
            select(ModelVersion).where(ModelVersion.family_id == family_id, ModelVersion.source_hash == source_hash)
        )
        if existing is not None:
            return _version_record(existing), False
        clash = self._session.scalar(
            select(ModelVersion).where(ModelVersion.family_id == family_id, ModelVersion.version == version)
        )
        if clash is not None:
            raise CatalogueError(msg(
                "Version {version} of product family '{family}' is already stored with different content; bump "
                "the model's version number before importing the changed model.", version=version, family=family_id))
        try:
            dump_json(document)
        except (TypeError, ValueError) as error:
            raise CatalogueError(f"the model document of {family_id!r} is not JSON data: {error}") from error
        self._upsert_family(family_id, names)
        row = ModelVersion(
            family_id=family_id,
            version=version,
            effective_date=effective_date,
            source_hash=source_hash,
            document=document,
            images=[
                ModelImage(
                    path=path,
                    sha256=hashlib.sha256(data).hexdigest(),
                    media_type=media_type_of(path),
                    data=data,
                )
                for path, data in sorted((images or {}).items())
            ],
        )
        self._session.add(row)
        self._session.flush()
        return _version_record(row), True

    def _upsert_family(self, family_id: str, names: Mapping[str, str]) -> None:
        name_nb = names.get("nb") or names.get("en")
        if not name_nb:
            raise CatalogueError(f"product family {family_id!r} needs a name (in 'nb' or 'en')")
        name_en = names.get("en") or name_nb
        family = self._session.get(ProductFamily, family_id)
        if family is None:
            self._session.add(ProductFamily(id=family_id, name_nb=name_nb, name_en=name_en))
        else:
            family.name_nb, family.name_en = name_nb, name_en

    def families(self) -> list[FamilyRecord]:
        """The families of the catalogue in force (once a package is installed: only those it carries)."""
        rows = self._session.scalars(select(ProductFamily).order_by(ProductFamily.id))
        pinned = pinned_versions(self._session)
        return [_family_record(row) for row in rows if pinned is None or row.id in pinned]

    def source_hashes(self) -> frozenset[tuple[str, str]]:
        """(family, source hash) of every stored version, withdrawn families too: what was validated already."""
        rows = self._session.execute(select(ModelVersion.family_id, ModelVersion.source_hash))
        return frozenset((str(family), str(source)) for family, source in rows)

    def family(self, family_id: str) -> FamilyRecord | None:
        row = self._session.get(ProductFamily, family_id)
        return None if row is None else _family_record(row)

    def versions(self, family_id: str) -> list[ModelVersionRecord]:
        """All stored versions of a family, oldest effective date first."""
        rows = self._session.scalars(
            select(ModelVersion)
            .where(ModelVersion.family_id == family_id)
            .order_by(ModelVersion.effective_date, ModelVersion.id)
        )
        return [_version_record(row) for row in rows]

    def latest_version(self, family_id: str, on_date: date | None = None) -> ModelVersionRecord | None:
        """The version in force on ``on_date`` (default: today): the newest effective date not after it.

        Versions with a future effective date (e.g. next year's prices) are not in force yet. Of two
        versions effective on the same day, the one stored last wins.
        """
        day = on_date if on_date is not None else date.today()
        query = select(ModelVersion).where(ModelVersion.family_id == family_id, ModelVersion.effective_date <= day)
        pinned = pinned_versions(self._session)  # an installed package: its version, or an older one, in force
        if pinned is not None:
            if family_id not in pinned:
                return None  # withdrawn by the installed package
            query = query.where(ModelVersion.id <= int(pinned[family_id]))
        row = self._session.scalars(
            query
            .order_by(ModelVersion.effective_date.desc(), ModelVersion.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _version_record(row)

    def upcoming_version(self, family_id: str, on_date: date | None = None) -> ModelVersionRecord | None:
        """When no version of a stored family is in force on ``on_date`` (default: today) but one takes effect
        later: the first of those; else None."""
        day = on_date if on_date is not None else date.today()
        if self.latest_version(family_id, day) is not None:
            return None
        later = [v for v in self.versions(family_id) if v.effective_date > day]
        pinned = pinned_versions(self._session)
        if pinned is not None:
            later = [v for v in later if family_id in pinned and v.id <= int(pinned[family_id])]
        return min(later, key=lambda v: (v.effective_date, v.id)) if later else None

    def version_by_id(self, version_id: int) -> ModelVersionRecord | None:
        row = self._session.get(ModelVersion, version_id)
        return None if row is None else _version_record(row)

    def image(self, version_id: int, path: str) -> ImageRecord | None:
        row = self._session.scalar(
            select(ModelImage).where(ModelImage.model_version_id == version_id, ModelImage.path == path)
        )
        return None if row is None else _image_record(row)

    def images(self, version_id: int) -> list[ImageRecord]:
        rows = self._session.scalars(
            select(ModelImage).where(ModelImage.model_version_id == version_id).order_by(ModelImage.path)
        )
        return [_image_record(row) for row in rows]


# --- catalogue import history ---------------------------------------------------------------------


def _import_record(row: CatalogueImport) -> CatalogueImportRecord:
    return CatalogueImportRecord(
        id=row.id,
        imported_at=row.imported_at,
        source=row.source,
        package_hash=row.package_hash,
        status=cast(ImportStatus, row.status),
        summary=row.summary,
        error=row.error,
    )


class ImportHistoryRepository:
    """The log of catalogue imports: applied, rejected or rolled back."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def record(
        self,
        source: str,
        package_hash: str,
        status: ImportStatus,
        summary: dict[str, Any],
        error: str | None = None,
    ) -> CatalogueImportRecord:
        row = CatalogueImport(
            imported_at=utc_now(),
            source=source,
            package_hash=package_hash,
            status=status,
            summary=summary,
            error=error,
        )
        self._session.add(row)
        self._session.flush()
        return _import_record(row)

    def list(self, limit: int | None = None) -> list[CatalogueImportRecord]:
        """The imports, newest first."""
        query = select(CatalogueImport).order_by(CatalogueImport.imported_at.desc(), CatalogueImport.id.desc())
        if limit is not None:
            query = query.limit(limit)
        return [_import_record(row) for row in self._session.scalars(query)]


# --- number series -----------------------------------------------------------------------------------


class NumberSeries:
    """Gap-free counters such as ``quote-2026`` for quote and order numbers."""

    @staticmethod
    def next(session: Session, name: str) -> int:
        """Allocate the next number of series ``name`` (1 for a new series), atomically.

        One statement both creates a missing series and increments an existing one, so two
        sessions can never get the same number. The number is only taken if the transaction commits.
        """
        dialect = session.get_bind().dialect.name
        if dialect in ("sqlite", "postgresql"):
            insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
            statement = (
                insert(NumberSeriesRow)
                .values(name=name, next_value=2)
                .on_conflict_do_update(
                    index_elements=[NumberSeriesRow.name],
                    set_={NumberSeriesRow.next_value: NumberSeriesRow.next_value + 1},
                )
                .returning(NumberSeriesRow.next_value)
            )
            return int(session.execute(statement).scalar_one()) - 1
        return NumberSeries._next_portable(session, name)

    @staticmethod
    def _next_portable(session: Session, name: str) -> int:
        """The same for databases without INSERT .. ON CONFLICT: lock the row, or create it."""
        current = session.scalar(
            select(NumberSeriesRow.next_value).where(NumberSeriesRow.name == name).with_for_update()
        )
        if current is None:
            session.add(NumberSeriesRow(name=name, next_value=2))
            session.flush()
            return 1
        session.execute(update(NumberSeriesRow).where(NumberSeriesRow.name == name).values(next_value=current + 1))
        return int(current)
