"""Storage of catalogue packages' trusted state: publisher keys and the catalogue versions installed.

This is the state The Update Framework keeps outside the package: which keys are trusted (and revoked), which
catalogue version is installed and the highest ever installed. A package never writes it except through
:mod:`configurator.core.sync`, after its signature was checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from configurator.core.catalogue.columns import utc_now
from configurator.core.catalogue.orm import CatalogueInstall, ModelVersion, ProductFamily, TrustedKey


@dataclass(frozen=True)
class TrustedKeyRecord:
    id: str
    public_key: bytes
    name: str
    added_at: datetime
    added_by: str
    revoked_at: datetime | None


@dataclass(frozen=True)
class InstallRecord:
    id: int
    catalogue: str
    version: int
    package_hash: str
    signer: str
    created: str
    installed_at: datetime
    installed_by: str
    state: str
    versions: dict[str, int]  # family id -> model version id


def _key(row: TrustedKey) -> TrustedKeyRecord:
    return TrustedKeyRecord(row.id, row.public_key, row.name, row.added_at, row.added_by, row.revoked_at)


def _install(row: CatalogueInstall) -> InstallRecord:
    return InstallRecord(row.id, row.catalogue, row.version, row.package_hash, row.signer, row.created,
                         row.installed_at, row.installed_by, row.state, {k: int(v) for k, v in row.versions.items()})


class TrustedKeyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def list(self) -> list[TrustedKeyRecord]:
        return [_key(row) for row in self._session.scalars(select(TrustedKey).order_by(TrustedKey.added_at,
                                                                                         TrustedKey.id))]

    def get(self, key_id: str) -> TrustedKeyRecord | None:
        row = self._session.get(TrustedKey, key_id)
        return None if row is None else _key(row)

    def add(self, key_id: str, public_key: bytes, *, name: str = "", added_by: str = "user") -> bool:
        """Trust a key; False when it is trusted already. A revoked key stays revoked."""
        if self._session.get(TrustedKey, key_id) is not None:
            return False
        self._session.add(TrustedKey(id=key_id, public_key=public_key, name=name, added_at=utc_now(),
                                     added_by=added_by))
        self._session.flush()
        return True

    def revoke(self, key_id: str) -> bool:
        row = self._session.get(TrustedKey, key_id)
        if row is None or row.revoked_at is not None:
            return False
        row.revoked_at = utc_now()
        self._session.flush()
        return True


class InstallRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def current(self) -> InstallRecord | None:
        row = self._session.scalars(select(CatalogueInstall).where(CatalogueInstall.state == "active")
                                    .order_by(CatalogueInstall.id.desc()).limit(1)).first()
        return None if row is None else _install(row)

    def highest_version(self) -> int:
        """The highest catalogue version ever installed here (rolled back or not): the rollback protection."""
        return int(self._session.scalar(select(func.max(CatalogueInstall.version))) or 0)

    def by_hash(self, package_hash: str) -> InstallRecord | None:
        row = self._session.scalars(select(CatalogueInstall).where(CatalogueInstall.package_hash == package_hash)
                                    .order_by(CatalogueInstall.id.desc()).limit(1)).first()
        return None if row is None else _install(row)

    def list(self) -> list[InstallRecord]:
        return [_install(r) for r in self._session.scalars(select(CatalogueInstall).order_by(CatalogueInstall.id))]

    def record(self, *, catalogue: str, version: int, package_hash: str, signer: str, created: str,
               installed_by: str, versions: dict[str, int]) -> InstallRecord:
        row = CatalogueInstall(catalogue=catalogue, version=version, package_hash=package_hash, signer=signer,
                               created=created, installed_at=utc_now(), installed_by=installed_by,
                               state="active", versions=dict(sorted(versions.items())))
        self._session.add(row)
        self._session.flush()
        return _install(row)

    def baseline(self) -> dict[str, int]:
        """The model version in force per family before any package: the newest stored of each."""
        rows = self._session.execute(select(ModelVersion.family_id, func.max(ModelVersion.id))
                                     .group_by(ModelVersion.family_id))
        return {family: int(version_id) for family, version_id in rows}

    def roll_back(self, install_id: int) -> None:
        row = self._session.get(CatalogueInstall, install_id)
        assert row is not None
        row.state = "rolled_back"
        self._session.flush()


def pinned_versions(session: Session) -> dict[str, Any] | None:
    """The installed catalogue's model version per family, or None when no package was ever installed."""
    return session.scalars(select(CatalogueInstall.versions).where(CatalogueInstall.state == "active")
                           .order_by(CatalogueInstall.id.desc()).limit(1)).first()


def family_ids(session: Session) -> list[str]:
    return list(session.scalars(select(ProductFamily.id).order_by(ProductFamily.id)))


def snapshot(database: Any, folder: Path | None, name: str) -> Path | None:
    """A copy of the database file before an import (SQLite's backup API): ``<database>.backups/<name>.sqlite``.

    None for a database that is not a file (in memory). Old snapshots beyond the newest ten are removed."""
    from configurator.core.catalogue.paths import sqlite_file

    source = sqlite_file(database.url)
    if source is None:
        return None
    target_dir = folder or source.with_name(source.name + ".backups")
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{name}.sqlite"
    import sqlite3

    source_db, target_db = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with target_db:
            source_db.backup(target_db)
    finally:
        source_db.close()
        target_db.close()
    for old in sorted(target_dir.glob("before-catalogue-*.sqlite"), key=lambda p: p.stat().st_mtime)[:-10]:
        old.unlink(missing_ok=True)
    return target
