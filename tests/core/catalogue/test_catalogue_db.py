"""Opening the database: schema at head, connection settings, clear errors, sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from configurator.core.catalogue.db import (
    Database,
    current_revision,
    head_revision,
    open_database,
    upgrade_database,
)
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.orm import Base, NumberSeriesRow
from configurator.core.catalogue.paths import ENV_DATABASE, sqlite_url


def test_fresh_database_is_at_head_with_all_tables(database: Database, db_url: str) -> None:
    assert database.schema_revision() == head_revision() == "0006"
    assert current_revision(db_url) == head_revision()
    tables = set(inspect(database.engine).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


@pytest.mark.backends("sqlite")
def test_session_connections_enforce_foreign_keys_and_use_wal(database: Database) -> None:
    with database.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert session.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000


def test_in_memory_database_has_foreign_keys_but_no_wal() -> None:
    with open_database("sqlite://") as database, database.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "memory"


def test_default_location_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "env" / "db.sqlite"
    monkeypatch.setenv(ENV_DATABASE, str(target))
    with open_database() as database:
        assert database.url == sqlite_url(target)
    assert target.is_file()


def test_session_commits_or_rolls_back(database: Database) -> None:
    with database.session() as session:
        session.add(NumberSeriesRow(name="kept", next_value=1))
    with pytest.raises(RuntimeError), database.session() as session:
        session.add(NumberSeriesRow(name="dropped", next_value=1))
        session.flush()
        raise RuntimeError("boom")
    with database.session() as session:
        assert session.scalars(text("SELECT name FROM number_series")).all() == ["kept"]


def test_reopening_is_a_no_op(db_url: str, database: Database) -> None:
    database.close()
    assert upgrade_database(db_url) == head_revision()
    with open_database(db_url, upgrade=False) as again:
        assert again.schema_revision() == head_revision()


def test_newer_database_is_refused_with_a_clear_message(db_url: str, database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042_from_the_future'"))
    database.close()
    with pytest.raises(DatabaseError, match="newer version of Skredder") as raised:
        open_database(db_url)
    assert "Please update Skredder" in str(raised.value)
    assert "0042_from_the_future" in str(raised.value)
    assert current_revision(db_url) == "0042_from_the_future"  # untouched


def test_without_upgrade_an_old_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="needs an upgrade"):
        open_database(str(tmp_path / "empty.sqlite"), upgrade=False)


def test_a_file_that_is_not_a_database_gives_a_database_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a SQLite database, just some bytes " * 100)
    with pytest.raises(DatabaseError, match=r"cannot be used \(file is not a database\)") as refused:
        open_database(str(junk))
    assert "restore it from your last backup" in refused.value.render("en")
    assert "sikkerhetskopi" in refused.value.render("nb")


def test_unknown_database_kind_gives_a_database_error() -> None:
    with pytest.raises(DatabaseError, match="Cannot use the database"):
        open_database("nosuchdialect://host/db")


def test_current_revision_of_missing_file_is_none_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite"
    assert current_revision(str(missing)) is None
    assert not missing.exists()


def test_the_quick_schema_check_knows_alembics_newest_revision() -> None:
    from configurator.core.catalogue.db import HEAD_REVISION

    assert head_revision() == HEAD_REVISION
