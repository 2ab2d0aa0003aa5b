"""The catalogue for the app: what is stored (families, their versions, the import history), read through one
unit of work per call, as the quote and customer services do; the UI never opens a database session itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from configurator.core.catalogue.records import CatalogueImportRecord, FamilyRecord, ModelVersionRecord
from configurator.core.catalogue.unit import reading

if TYPE_CHECKING:
    from configurator.core.catalogue.db import Database
    from configurator.core.catalogue.packages import InstallRecord, TrustedKeyRecord


@dataclass(frozen=True)
class FamilyVersions:
    """A product family with its stored versions, oldest first."""

    family: FamilyRecord
    versions: tuple[ModelVersionRecord, ...]


class CatalogueService:
    def __init__(self, database: Database) -> None:
        self.database = database

    def families(self) -> list[FamilyRecord]:
        with reading(self.database) as unit:
            return unit.models.families()

    def overview(self, history_rows: int | None = None) -> tuple[list[FamilyVersions], list[CatalogueImportRecord]]:
        """Every family with its versions, and the newest ``history_rows`` imports, read in one transaction."""
        with reading(self.database) as unit:
            models = unit.models
            families = [FamilyVersions(family, tuple(models.versions(family.id))) for family in models.families()]
            return families, unit.imports.list(limit=history_rows)


class PackageService:
    """Trusted publisher keys and installed catalogue versions, one unit of work per call (CLI and app)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def trusted_keys(self) -> list[TrustedKeyRecord]:
        from configurator.core.catalogue.packages import TrustedKeyRepository

        with self.database.session() as session:
            return TrustedKeyRepository(session).list()

    def trust_key(self, public_key: bytes, name: str = "") -> bool:
        from configurator.core.catalogue.packages import TrustedKeyRepository
        from configurator.core.sync.keys import key_id

        with self.database.write() as session:
            return TrustedKeyRepository(session).add(key_id(public_key), public_key, name=name, added_by="user")

    def revoke_key(self, key_id: str) -> bool:
        from configurator.core.catalogue.packages import TrustedKeyRepository

        with self.database.write() as session:
            return TrustedKeyRepository(session).revoke(key_id)

    def installs(self) -> list[InstallRecord]:
        from configurator.core.catalogue.packages import InstallRepository

        with self.database.session() as session:
            return InstallRepository(session).list()

    def current(self) -> InstallRecord | None:
        from configurator.core.catalogue.packages import InstallRepository

        with self.database.session() as session:
            return InstallRepository(session).current()
