"""PostgreSQL connection settings for an office's shared database: a small pool and serialized writers.

Each desktop client keeps at most two connections (one, and one more while a background job reads), checked
before use, so a client picks up again by itself once a restarted server is back. A transaction that will write
(the connection carries :data:`~configurator.core.catalogue.sqlite.WRITE_OPTION`) first takes one transaction-level
advisory lock, the same for every writer: writers run one after the other, as ``BEGIN IMMEDIATE`` makes them on
SQLite, so what a unit of work reads and checks (a quote is still a draft, no ear-tag number of the holding is
taken, the next number of a series) stays true until it commits. Readers are never blocked. A writer waits for
the lock at most :data:`LOCK_TIMEOUT_MS`; then it gives up with the plain "busy" message, having done nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event

from configurator.core.catalogue.sqlite import WRITE_OPTION

LOCK_TIMEOUT_MS = 10_000
WRITE_LOCK_KEY = 0x536B72656464  # "Skredd": the advisory lock every Skredder writer takes
# ICU collations (PostgreSQL built with ICU, as Debian's, Ubuntu's and the PGDG packages are): Unicode case folding
# for searches whatever the server's locale, and Norwegian alphabetical order for names
FOLD_COLLATION = "und-x-icu"
NORWEGIAN_ORDER = "nb-NO-x-icu"
POOL = {"pool_size": 1, "max_overflow": 1, "pool_pre_ping": True, "pool_timeout": 30}

# SQLSTATEs that mean "not now, nothing done": lock wait timed out, serialization failure, deadlock
_BUSY_STATES = {"55P03", "40001", "40P01"}
# the server went away or refused: class 08 (connection exception), 57P01-57P03 (shut down, starting up)
_GONE_STATES = {"57P01", "57P02", "57P03"}


def configure_postgres_engine(engine: Engine) -> None:
    """Install the writer's lock on ``engine`` (a PostgreSQL engine made with :data:`POOL`)."""

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def _sqlstate(error: BaseException) -> tuple[bool, str | None]:
    """Whether ``error`` comes from psycopg, and its SQLSTATE."""
    original: Any = getattr(error, "orig", error)
    return type(original).__module__.startswith("psycopg"), getattr(original, "sqlstate", None)


def is_busy(error: BaseException) -> bool:
    """A PostgreSQL error after which trying again later is safe: the lock wait timed out, or a deadlock."""
    from_psycopg, state = _sqlstate(error)
    return from_psycopg and state in _BUSY_STATES


def is_unreachable(error: BaseException) -> bool:
    """The PostgreSQL server cannot be reached: refused, shut down, or the connection broke."""
    from_psycopg, state = _sqlstate(error)
    if not from_psycopg:
        return False
    if getattr(error, "connection_invalidated", False):
        return True
    return state is None or state.startswith("08") or state in _GONE_STATES
