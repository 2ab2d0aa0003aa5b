"""Column types shared by the ORM models: UTC timestamps and JSON stored as text.

Both are stored as the plain types the migrations create (``DateTime`` and ``Text``); these
decorators only convert on the way in and out, so the schema stays simple and comparable.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Text
from sqlalchemy.types import TypeDecorator

from configurator.core import jsonio
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.i18n import msg


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time: stored as naive UTC, always returned timezone-aware (UTC).

    SQLite has no time zones; storing UTC everywhere keeps ordering and comparisons right
    whatever the laptop's time zone or daylight saving time.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (use datetime.now(UTC))")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def dump_json(value: Any) -> str:
    """Canonical JSON text: sorted keys, UTF-8 kept readable, no NaN/Infinity, decimals exact."""
    return jsonio.dumps(value)


class JSONText(TypeDecorator[Any]):
    """A JSON document stored as canonical text (sorted keys), so equal documents are equal text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else dump_json(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        try:
            return jsonio.loads(value)
        except (ValueError, RecursionError, TypeError) as error:  # edited by hand, or a damaged file
            raise DatabaseError(msg(
                "The catalogue database has a damaged entry: a stored document is not readable JSON ({detail}). "
                "Restore the database file from your last backup (README: \"Where Skredder keeps its data\").",
                detail=type(error).__name__ if isinstance(error, RecursionError) else str(error)[:120])) from None
