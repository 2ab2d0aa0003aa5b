"""Opening the catalogue database: engine, schema upgrade (Alembic) and sessions.

``open_database()`` is what the application calls on start: it finds the database (see
:mod:`configurator.core.catalogue.paths`), upgrades an older schema to the one this version of
Skredder knows, and refuses, with a message a user can act on, a database made by a newer version.
Alembic is configured entirely in code: no ``alembic.ini`` is read and logging is left alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as DriverDatabaseError
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.paths import resolve_database_url, sqlite_file
from configurator.core.catalogue.postgres import POOL, configure_postgres_engine, is_busy, is_unreachable
from configurator.core.catalogue.sqlite import WRITE_OPTION, configure_sqlite_engine, is_locked
from configurator.core.i18n import Message, msg

if TYPE_CHECKING:  # Alembic is imported only when a schema has to be checked or upgraded (a quick start)
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# The newest migration in migrations/versions; a test checks it is Alembic's head. A database already there
# opens without importing Alembic at all.
HEAD_REVISION = "0006"

# A write transaction waits for the write lock up to the busy timeout, this many times, before it gives up
# with a plain "busy" message (nothing has been done when the lock is refused at BEGIN, so trying again is safe).
LOCK_ATTEMPTS = 3

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")


def create_catalogue_engine(url: str) -> Engine:
    """An engine for ``url`` with Skredder's connection settings (foreign keys, WAL for SQLite files; a small
    pool and serialized writers on PostgreSQL)."""
    if make_url(url).get_backend_name() == "postgresql":
        engine = create_engine(url, **POOL)
        configure_postgres_engine(engine)
        return engine
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        configure_sqlite_engine(engine, wal=sqlite_file(url) is not None)
    return engine


def alembic_config(*, url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic configuration built in code, for ``command.upgrade(...)`` and friends.

    Give either a ``connection`` to migrate on (it must not be inside a transaction) or a ``url``
    for the migration environment to connect to itself.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.attributes["url"] = url
    config.attributes["connection"] = connection
    return config


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest schema revision this version of Skredder knows."""
    head = _scripts().get_current_head()
    assert head is not None
    return head


def _describe(url: str) -> str:
    """How to name the database in a message: the file for SQLite, else the URL without password."""
    try:
        file = sqlite_file(url)
        return str(file) if file is not None else make_url(url).render_as_string(hide_password=True)
    except (SQLAlchemyError, ValueError):
        return "(unreadable URL)"


def damaged_database(url: str, error: Exception) -> DatabaseError:
    """A database the driver cannot use (a malformed page, not a database, read-only): what to do, in plain words."""
    if is_unreachable(error):  # an office's server: stopped, restarting, the network down
        return DatabaseError(msg(
            "The database server of {database} cannot be reached ({reason}). Nothing was changed; try "
            "again when the server is back.", database=_describe(url), reason=_reason(error).strip()))
    reason = _reason(error).splitlines()[0][:200] if _reason(error) else type(error).__name__
    lowered = reason.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return DatabaseError(msg(
            "The catalogue database {database} is read-only ({reason}); nothing was changed. Make the file "
            "writable for your user, or open it on a laptop where it is.", database=_describe(url), reason=reason))
    return DatabaseError(msg(
        "The catalogue database {database} cannot be used ({reason}). The file may be damaged: restore it from "
        "your last backup (README: \"Where Skredder keeps its data\"); nothing was changed.",
        database=_describe(url), reason=reason))


def _reason(error: Exception) -> str:
    """The driver's own words for a database error, without SQLAlchemy's SQL echo and links."""
    original = getattr(error, "orig", None)
    return str(original if original is not None else error)


def _read_revision(connection: Connection) -> str | None:
    """The database's schema revision; leaves ``connection`` outside any transaction."""
    from alembic.runtime.migration import MigrationContext

    try:
        return MigrationContext.configure(connection).get_current_revision()
    finally:
        connection.rollback()


def _is_at_head(connection: Connection) -> bool:
    """Whether the database is at :data:`HEAD_REVISION`, read with one plain query (no Alembic)."""
    try:
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:
        return False  # no table yet: a new database
    finally:
        connection.rollback()
    return [row[0] for row in rows] == [HEAD_REVISION]


def _check_known(revision: str | None, url: str) -> None:
    if revision is None:
        return
    known = {script.revision for script in _scripts().walk_revisions()}
    if revision not in known:
        raise DatabaseError(msg(
            "The catalogue database {database} was made by a newer version of Skredder (database schema "
            "'{revision}'; this version knows up to '{head}'). Please update Skredder to open it.",
            database=_describe(url), revision=revision, head=head_revision()))


def _prepare_schema(engine: Engine, url: str, *, upgrade: bool) -> None:
    """Bring the schema to head (or, without ``upgrade``, insist it is there already)."""
    with engine.connect() as connection:
        if _is_at_head(connection):
            return
        current = _read_revision(connection)
        _check_known(current, url)
        head = head_revision()
        if current == head:
            return
        if not upgrade:
            raise DatabaseError(msg(
                "The catalogue database {database} has schema '{revision}' and needs an upgrade to '{head}'; "
                "Skredder upgrades it when it starts normally.",
                database=_describe(url), revision=current or "none", head=head))
        from alembic import command

        command.upgrade(alembic_config(connection=connection), "head")


def _alembic_error() -> type[Exception]:
    from alembic.util import CommandError

    return CommandError


def _engine_or_error(url: str) -> Engine:
    try:
        return create_catalogue_engine(url)
    except (SQLAlchemyError, ImportError, ValueError) as error:  # unknown dialect, missing driver
        raise DatabaseError(msg("Cannot use the database {database}: {reason}", database=_describe(url),
                                reason=_reason(error))) from error


class Database:
    """An open catalogue database: the engine and a way to get transactional sessions.

    :meth:`session` is for reading; :meth:`write` is one unit of work that changes data: it takes the write
    lock first (``BEGIN IMMEDIATE`` on SQLite), so what it reads and checks stays true until it commits.
    Inside a :meth:`write` block (in the same thread), both join that unit: a nested ``write`` is a savepoint
    (undone alone when it fails), a nested ``session`` reads what the unit has written so far. So an operation
    made of other operations (the sample data: customers and quotes) is all-or-nothing as a whole.
    """

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._sessions = sessionmaker(engine)
        self._writes = sessionmaker(engine.execution_options(**{WRITE_OPTION: True}))
        self._unit = threading.local()  # the write unit open in this thread, if any

    def _open_unit(self) -> Session | None:
        return getattr(self._unit, "session", None)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in a transaction: committed when the block ends, rolled back on an exception."""
        current = self._open_unit()
        if current is not None:
            yield current
            return
        with self._plain_errors(), self._sessions.begin() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One unit of work that writes: all of it is committed when the block ends, or none of it.

        The write lock is taken when the block starts (waiting for another writer, and trying again
        :data:`LOCK_ATTEMPTS` times); a database still busy then is a :class:`DatabaseError` in plain words.
        """
        current = self._open_unit()
        if current is not None:
            with self._plain_errors(), current.begin_nested():
                yield current
            return
        with self._plain_errors():
            session = self._writes()
            try:
                self._begin(session)
                self._unit.session = session
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
            finally:
                self._unit.session = None
                session.close()

    @staticmethod
    def _begin(session: Session) -> None:
        for attempt in range(1, LOCK_ATTEMPTS + 1):
            try:
                session.connection()  # BEGIN IMMEDIATE: waits up to the busy timeout for the write lock
                return
            except OperationalError as error:
                session.rollback()
                if attempt == LOCK_ATTEMPTS or not (is_locked(error) or is_busy(error)):
                    raise

    @contextmanager
    def _plain_errors(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            if is_locked(error) or is_busy(error):
                raise DatabaseError(msg(
                    "The catalogue database {database} is busy: another Skredder is writing to it. Nothing was "
                    "changed; try again in a moment.", database=_describe(self.url))) from error
            raise damaged_database(self.url, error) from error
        except IntegrityError:
            raise  # a constraint: the caller's to explain (a number taken, a row still in use)
        except DriverDatabaseError as error:  # "database disk image is malformed", "file is not a database"
            raise damaged_database(self.url, error) from error

    def schema_revision(self) -> str | None:
        with self.engine.connect() as connection:
            return _read_revision(connection)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({_describe(self.url)!r})"


def open_database(url: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating or upgrading as needed) the catalogue database.

    ``url`` is the ``--database`` argument: a SQLAlchemy URL or a file path; None means
    ``SKREDDER_DATABASE`` or the default file in the user's data folder. With ``upgrade=False`` a
    database that is not at the current schema is refused instead of upgraded.
    Raises :class:`DatabaseError` when the database cannot be opened or is newer than this program.
    """
    resolved = resolve_database_url(url)
    engine = _engine_or_error(resolved)
    try:
        _prepare_schema(engine, resolved, upgrade=upgrade)
    except DatabaseError:
        engine.dispose()
        raise
    except (SQLAlchemyError, _alembic_error()) as error:
        engine.dispose()
        if isinstance(error, DriverDatabaseError) and not is_locked(error):  # malformed, not a database
            raise damaged_database(resolved, error) from error
        raise DatabaseError(msg("Could not open the catalogue database {database}: {reason}",
                                database=_describe(resolved), reason=_reason(error))) from error
    return Database(engine, resolved)


PROBE_TIMEOUT_S = 5  # how long a connection test waits for a server that does not answer


def check_connection(url: str) -> Message:
    """Try the database at ``url`` (a file path or URL) without changing anything: connect, read its schema and
    count its product families. Returns what was found, in words; raises :class:`DatabaseError` (in words too)
    when it cannot be used. A SQLite file that does not exist is not created."""
    from sqlalchemy.pool import NullPool

    resolved = url if "://" in url else f"sqlite:///{Path(url).expanduser().resolve().as_posix()}"
    file = sqlite_file(resolved) if resolved.startswith("sqlite") else None
    if file is not None and not file.exists():
        return msg("The file {file} does not exist yet: Skredder creates it when it starts with this database.",
                   file=str(file))
    try:
        is_postgres = make_url(resolved).get_backend_name() == "postgresql"
        engine = create_engine(resolved, poolclass=NullPool,
                               connect_args={"connect_timeout": PROBE_TIMEOUT_S} if is_postgres else {})
    except (SQLAlchemyError, ImportError, ValueError) as error:
        raise DatabaseError(msg("Cannot use the database {database}: {reason}", database=_describe(resolved),
                                reason=_reason(error))) from error
    try:
        with engine.connect() as connection:
            server = _server_version(connection)
            revision = _read_revision(connection)
            families = None
            if revision is not None:
                families = connection.execute(text("SELECT count(*) FROM product_families")).scalar_one()
    except SQLAlchemyError as error:  # refused, no such database, wrong user, not a database file: in words
        raise damaged_database(resolved, error) from error
    finally:
        engine.dispose()
    return _found(server, revision, families)


def _server_version(connection: Connection) -> str:
    if connection.dialect.name == "postgresql":
        number = int(connection.execute(text("SHOW server_version_num")).scalar_one())
        return f"PostgreSQL {number // 10000}.{number % 10000}"
    info = connection.dialect.server_version_info or ()
    name = "SQLite" if connection.dialect.name == "sqlite" else connection.dialect.name
    return f"{name} {'.'.join(str(part) for part in info)}".strip()


def _found(server: str, revision: str | None, families: int | None) -> Message:
    head = HEAD_REVISION
    if revision is None:
        return msg("Connected to {server}. The database is empty: Skredder creates its tables when it starts with "
                   "it (the user must be allowed to create tables), then build or copy the catalogue into it.",
                   server=server)
    known = {script.revision for script in _scripts().walk_revisions()}
    if revision not in known:
        return msg("Connected to {server}, but the database was made by a newer Skredder (schema '{revision}'; "
                   "this one knows up to '{head}'): update Skredder first.", server=server, revision=revision,
                   head=head)
    if revision != head:
        return msg("Connected to {server}: schema '{revision}', {families} product families. Skredder upgrades "
                   "it to '{head}' when it starts with it.", server=server, revision=revision, families=families,
                   head=head)
    return msg("Connected to {server}: schema '{revision}' (current), {families} product families.",
               server=server, revision=revision, families=families)


def upgrade_database(url: str | None = None) -> str:
    """Upgrade the database at ``url`` to the current schema; returns the revision it is at now."""
    with open_database(url, upgrade=True) as database:
        revision = database.schema_revision()
    assert revision is not None
    return revision


def current_revision(url: str | None = None) -> str | None:
    """The schema revision of the database at ``url`` without changing it; None if it has none yet."""
    resolved = resolve_database_url(url)
    file = sqlite_file(resolved)
    if file is not None and not file.exists():
        return None
    engine = _engine_or_error(resolved)
    try:
        with engine.connect() as connection:
            return _read_revision(connection)
    except SQLAlchemyError as error:
        raise DatabaseError(msg("Could not read the catalogue database {database}: {reason}",
                                database=_describe(resolved), reason=_reason(error))) from error
    finally:
        engine.dispose()
