"""Where the catalogue database lives: the user's data folder, unless told otherwise.

Precedence for the database: an explicit ``--database`` argument, then the ``SKREDDER_DATABASE``
environment variable, then the settings' ``database_url`` (the command line and the app pass it on as the
explicit choice when neither of the first two is given), then ``catalogue.sqlite`` in the data folder
(``SKREDDER_DATA_DIR`` or the platform's user data folder). Either override may be any SQLAlchemy URL or a plain
file path.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from configurator.core.catalogue.errors import DatabaseError
from configurator.core.i18n import Message, msg

ENV_DATA_DIR = "SKREDDER_DATA_DIR"
ENV_DATABASE = "SKREDDER_DATABASE"
DATABASE_FILENAME = "catalogue.sqlite"
APP_NAME = "skredder"
APP_AUTHOR = "Skredder"


def default_data_dir() -> Path:
    """The folder for Skredder's own files: ``$SKREDDER_DATA_DIR`` or the platform's user data folder."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL of the SQLite file at ``path`` (made absolute)."""
    absolute = Path(path).expanduser().resolve()
    return f"sqlite:///{absolute.as_posix()}"


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases, in-memory and ``file:`` URI databases."""
    from sqlalchemy.engine import make_url  # here, not at the top: the app's log folder is found without it

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def display_database(url: str | None) -> str:
    """The database ``url`` (a URL, a file path, or None: the user's own file) as a user reads it: the file's
    path, or the URL without its password."""
    chosen = url or os.environ.get(ENV_DATABASE) or str(default_data_dir() / DATABASE_FILENAME)
    if "://" not in chosen:
        return str(Path(chosen).expanduser())
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        file = sqlite_file(chosen)
        return str(file) if file is not None else make_url(chosen).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return chosen


def database_url_problem(text: str) -> Message | None:
    """Why ``text`` cannot be the database of this laptop's settings, or None when it can: empty (the laptop's
    own file), a SQLite file path or ``sqlite:///FILE``, or ``postgresql+psycopg://USER@SERVER[:PORT]/DATABASE``
    without a password (the settings file is plain text: a password goes in ``~/.pgpass``)."""
    text = text.strip()
    if not text or "://" not in text:
        if text and Path(text).expanduser().is_dir():
            return msg("'{value}' is a folder; give the database file, e.g. {example}", value=text,
                       example=str(Path(text) / DATABASE_FILENAME))
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except (ArgumentError, ValueError):
        return msg("'{value}' is not a database URL: write a file path, or "
                   "postgresql+psycopg://USER@SERVER/DATABASE", value=text)
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend == "sqlite":
        return None
    if backend != "postgresql" or driver != "psycopg":
        return msg("Skredder works with SQLite files and PostgreSQL through psycopg: write a file path, or "
                   "postgresql+psycopg://USER@SERVER/DATABASE (not '{scheme}')", scheme=url.drivername)
    if url.password:
        return msg("Do not write the password into the settings (they are a plain text file): put it in "
                   "~/.pgpass (%APPDATA%\\postgresql\\pgpass.conf on Windows) and leave it out of the URL.")
    if not url.database:
        return msg("The URL names no database: add it at the end, e.g. postgresql+psycopg://{user}@{host}/skredder",
                   user=url.username or "kari", host=url.host or "kontor-server")
    return None


def resolve_database_url(explicit: str | None = None) -> str:
    """The database URL to use; see the module docstring for the precedence.

    A plain path (anything without ``://``) becomes a SQLite URL. The folder of a SQLite file is
    created if it does not exist yet, so a first start in a fresh account just works.
    Raises :class:`DatabaseError` for a malformed URL or a folder that cannot be created.
    """
    chosen = explicit or os.environ.get(ENV_DATABASE) or None
    if chosen is None:
        url = sqlite_url(default_data_dir() / DATABASE_FILENAME)
    elif "://" not in chosen:
        url = sqlite_url(chosen)
    else:
        url = chosen
    from sqlalchemy.exc import ArgumentError

    try:
        file = sqlite_file(url)
    except (ArgumentError, ValueError) as error:
        raise DatabaseError(msg("'{value}' is not a valid database URL or file path.", value=chosen)) from error
    if file is not None:
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseError(msg("Cannot create the folder for the database {file}: {reason}", file=file,
                                    reason=error.strerror or str(error))) from error
    return url
