"""Alembic migrations: they build exactly the ORM's schema and upgrade old databases in place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, inspect, text

from configurator.core.catalogue.db import alembic_config, create_catalogue_engine, head_revision, open_database
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.orm import Base
from configurator.core.catalogue.paths import sqlite_file
from configurator.core.catalogue.sqlite import check_foreign_keys

HASH = "ab" * 32


def schema_differences(url: str, metadata: MetaData = Base.metadata) -> list[object]:
    engine = create_catalogue_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def test_migrated_schema_equals_orm_metadata(db_url: str) -> None:
    open_database(db_url).close()
    assert schema_differences(db_url) == []


def test_schema_comparison_would_notice_a_difference(db_url: str) -> None:
    open_database(db_url).close()
    changed = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["customers"].append_column(Column("shoe_size", Integer))
    assert schema_differences(db_url, changed) != []


@pytest.mark.backends("sqlite")  # writes the old rows with sqlite3
def test_old_database_is_upgraded_on_open_and_keeps_its_rows(db_url: str) -> None:
    command.upgrade(alembic_config(url=db_url), "0001")
    file = sqlite_file(db_url)
    assert file is not None
    with sqlite3.connect(file) as raw:
        raw.execute(
            "INSERT INTO product_families (id, name_nb, name_en, created_at) "
            "VALUES ('window', 'Vindu', 'Window', '2026-01-02 03:04:05')"
        )
        raw.execute(
            "INSERT INTO model_versions (family_id, version, effective_date, source_hash, document, loaded_at) "
            f"VALUES ('window', '1.0', '2026-01-01', '{HASH}', '{{}}', '2026-01-02 03:04:05')"
        )
    raw.close()

    with open_database(db_url) as database:
        assert database.schema_revision() == head_revision()
        with database.session() as session:
            assert session.execute(text("SELECT name_nb FROM product_families")).scalar_one() == "Vindu"
            assert session.execute(text("SELECT count(*) FROM model_versions")).scalar_one() == 1
            # the connection that ran the migration is back in the pool with foreign keys on again
            assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    assert schema_differences(db_url) == []


def test_downgrade_to_base_and_back(db_url: str) -> None:
    config = alembic_config(url=db_url)
    open_database(db_url).close()
    command.downgrade(config, "base")
    engine = create_catalogue_engine(db_url)
    try:
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
    finally:
        engine.dispose()
    command.upgrade(config, "head")
    assert schema_differences(db_url) == []


def test_each_step_down_and_up(db_url: str) -> None:
    config = alembic_config(url=db_url)
    command.upgrade(config, "head")
    command.downgrade(config, "0001")
    command.upgrade(config, "head")
    assert schema_differences(db_url) == []


def test_dangling_references_are_caught_before_a_migration_commits(tmp_path: Path) -> None:
    file = tmp_path / "dangling.sqlite"
    url = f"sqlite:///{file}"
    command.upgrade(alembic_config(url=url), "0001")
    with sqlite3.connect(file) as raw:  # foreign keys are off in a bare sqlite3 connection
        raw.execute(
            "INSERT INTO model_versions (family_id, version, effective_date, source_hash, document, loaded_at) "
            f"VALUES ('ghost', '1.0', '2026-01-01', '{HASH}', '{{}}', '2026-01-02 03:04:05')"
        )
    raw.close()
    with pytest.raises(DatabaseError, match="model_versions"):
        open_database(url)
    engine = create_catalogue_engine(url)
    try:
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == "0001"  # undone
            assert "quotes" not in inspect(connection).get_table_names()
            with pytest.raises(DatabaseError):
                check_foreign_keys(connection)
    finally:
        engine.dispose()
