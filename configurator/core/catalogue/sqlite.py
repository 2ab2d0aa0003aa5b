"""SQLite connection settings: foreign keys, WAL, a busy timeout and real transactions.

Every connection the engine opens gets ``PRAGMA foreign_keys=ON`` and ``busy_timeout``; file
databases also get WAL journalling, so the UI can read while a background job writes. Two helpers
for Norwegian text are registered too: a Unicode case-folding function for searching and a collation
that sorts Æ, Ø, Å after Z.

Python's ``sqlite3`` module starts transactions itself, and only before data changes; schema changes
and SAVEPOINTs then run outside any transaction. Following SQLAlchemy's documented recipe, we switch
that off and let SQLAlchemy emit ``BEGIN``: a migration is then all-or-nothing, and nested
transactions (savepoints) work. A transaction that will write starts with ``BEGIN IMMEDIATE`` (the connection
carries the execution option :data:`WRITE_OPTION`): it takes the write lock before it reads, so what it checks
cannot change before it writes, and a second writer waits (``busy_timeout``) at its start instead of failing
halfway with "database is locked" (a deferred transaction that reads first cannot wait for the lock).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event

from configurator.core.catalogue.errors import DatabaseError

BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "skredder_write"  # execution option: this connection's transactions start BEGIN IMMEDIATE
CASEFOLD_FUNCTION = "skredder_casefold"
NORWEGIAN_COLLATION = "skredder_nb"

# Norwegian alphabetical order puts Æ, Ø, Å after Z (in that order); Swedish/German Ä, Ö sort with them.
_AFTER_Z = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}"})


def _casefold(value: object) -> str | None:
    """Unicode-aware folding for searches: SQLite's own lower() only knows ASCII (not Æ, Ø, Å)."""
    return None if value is None else str(value).casefold()


def norwegian_sort_key(text: str) -> tuple[str, str]:
    """Sort key for names in Norwegian order, case-insensitive (ties broken by the exact text)."""
    return text.casefold().translate(_AFTER_Z), text


def _norwegian_collation(left: str, right: str) -> int:
    a, b = norwegian_sort_key(left), norwegian_sort_key(right)
    return (a > b) - (a < b)


def configure_sqlite_engine(engine: Engine, *, wal: bool) -> None:
    """Install the connection settings above on ``engine`` (a SQLite engine)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (see on_begin)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()
        dbapi_connection.create_function(CASEFOLD_FUNCTION, 1, _casefold, deterministic=True)
        dbapi_connection.create_collation(NORWEGIAN_COLLATION, _norwegian_collation)

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _set_foreign_keys(connection: Connection, enabled: bool) -> None:
    """Switch foreign key enforcement; SQLite ignores this inside a transaction, so use the raw driver."""
    dbapi_connection = connection.connection.dbapi_connection
    assert dbapi_connection is not None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")
    finally:
        cursor.close()


@contextmanager
def foreign_keys_deferred_for_migration(connection: Connection) -> Iterator[None]:
    """Run a schema migration the way SQLite's documentation asks for.

    With foreign keys on, recreating a table (what Alembic's batch mode does on SQLite) would
    cascade-delete the rows that refer to it. So enforcement is switched off for the migration,
    :func:`check_foreign_keys` verifies the result before commit, and it is switched on again after.
    ``connection`` must not be inside a transaction yet, or SQLite would ignore the switch.
    """
    if connection.in_transaction():
        raise DatabaseError("internal error: a migration must start outside a transaction")
    _set_foreign_keys(connection, enabled=False)
    try:
        yield
    finally:
        if connection.in_transaction():  # an error escaped before the transaction ended
            connection.rollback()
        _set_foreign_keys(connection, enabled=True)


def check_foreign_keys(connection: Connection) -> None:
    """Raise :class:`DatabaseError` if any row refers to a row that does not exist."""
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        tables = sorted({str(row[0]) for row in problems})
        raise DatabaseError(
            f"The database upgrade was undone: it would leave rows referring to missing rows in {', '.join(tables)}."
        )


def is_locked(error: BaseException) -> bool:
    """Whether ``error`` (a driver error, or SQLAlchemy's wrapper of one) is SQLite's "database is locked/busy"."""
    original = getattr(error, "orig", error)
    return isinstance(original, sqlite3.OperationalError) and (
        "database is locked" in str(original) or "database is busy" in str(original))
