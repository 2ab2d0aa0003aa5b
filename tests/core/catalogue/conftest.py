"""Fixtures for the catalogue tests: every database is a real SQLite file under tmp_path, or (the ``backend``
parameter) a database of its own on the throw-away PostgreSQL cluster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from configurator.core.catalogue.db import Database, open_database
from configurator.core.catalogue.paths import ENV_DATA_DIR, ENV_DATABASE, sqlite_url


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user data folder, whatever the developer's environment says."""
    monkeypatch.delenv(ENV_DATABASE, raising=False)
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "data-dir"))


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A new, empty catalogue database: a SQLite file under tmp_path, or a PostgreSQL database of its own
    (``backend``: both by default, see tests/conftest.py)."""
    if backend == "postgresql":
        return str(request.getfixturevalue("empty_office_url"))
    return sqlite_url(tmp_path / "catalogue.sqlite")


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.close()
