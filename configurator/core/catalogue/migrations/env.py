"""Alembic migration environment for the catalogue database.

Configured in code by :func:`configurator.core.catalogue.db.alembic_config`: it either hands us a
connection (``config.attributes["connection"]``) or a URL (``config.attributes["url"]``). Logging is
deliberately not configured here (no ``fileConfig``): the application owns logging.

On SQLite, migrations run with ``render_as_batch`` (SQLite alters tables by recreating them), in one
transaction, with foreign keys switched off and checked before commit (SQLite's documented way).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from alembic import context
from sqlalchemy import Connection

from configurator.core.catalogue.db import create_catalogue_engine
from configurator.core.catalogue.orm import Base
from configurator.core.catalogue.sqlite import check_foreign_keys, foreign_keys_deferred_for_migration

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: pass a connection or a url to the Alembic config")
    return str(url)


def run_migrations_offline() -> None:
    """Write the SQL to the output instead of running it (``alembic upgrade --sql``)."""
    url = _url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def _migrate(connection: Connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    guard: AbstractContextManager[None] = (
        foreign_keys_deferred_for_migration(connection) if is_sqlite else nullcontext()
    )
    with guard:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=is_sqlite,
            # SQLite's DDL is transactional once SQLAlchemy emits BEGIN (see catalogue/sqlite.py)
            transactional_ddl=True if is_sqlite else None,
        )
        with context.begin_transaction():
            context.run_migrations()
            if is_sqlite:
                check_foreign_keys(connection)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = create_catalogue_engine(_url())
    try:
        with engine.connect() as own_connection:
            _migrate(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
