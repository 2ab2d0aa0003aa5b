"""``skredder database copy --to URL``: move a whole catalogue database (models, customers, quotes, orders,
allocations, number series) from one database to another, e.g. a laptop's SQLite file to the office's
PostgreSQL server, or back.

Both are brought to the current schema first. The copy is one transaction on the target: every table's rows
(foreign keys first), then, on PostgreSQL, the id sequences moved past the copied ids, then the check: each
table's row count and a SHA-256 over its rows (in id order, values in a form both databases give back alike)
must be the same on both sides, or nothing is committed. A target that already holds data is refused unless
``force`` (then its rows are replaced).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, func, select, text
from sqlalchemy.orm import Session

from configurator.core.catalogue.db import _describe, open_database
from configurator.core.catalogue.errors import DatabaseError
from configurator.core.catalogue.orm import Base
from configurator.core.i18n import msg


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str  # SHA-256 of the rows, the same on both sides


@dataclass(frozen=True)
class CopyReport:
    source: str
    target: str
    tables: tuple[TableCopy, ...]


def _value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _checksum(session: Session, table: Table) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in session.execute(select(table).order_by(*table.primary_key.columns)).mappings():
        values = {key: _value(value) for key, value in row.items()}
        digest.update(json.dumps(values, sort_keys=True, default=str, ensure_ascii=False).encode())
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _reset_sequences(session: Session, tables: list[Table]) -> None:
    """PostgreSQL hands out ids from sequences, which rows inserted with their ids do not move on."""
    for table in tables:
        (column, *more) = table.primary_key.columns
        if more or column.name != "id" or column.type.python_type is not int:
            continue
        highest = f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1"  # noqa: S608  # our own table names
        session.execute(text(f"SELECT setval(pg_get_serial_sequence(:table, 'id'), {highest}, false)"),
                        {"table": table.name})


def copy_database(source_url: str | None, target_url: str, *, force: bool = False) -> CopyReport:
    """Copy everything from ``source_url`` (None: the usual database) into ``target_url``; see the module."""
    tables = list(Base.metadata.sorted_tables)
    with open_database(source_url) as source, open_database(target_url) as target:
        if source.url == target.url:
            raise DatabaseError(msg("The database {database} cannot be copied onto itself.",
                                    database=_describe(target.url)))
        with source.session() as reading, target.write() as writing:
            present = [t.name for t in tables if writing.execute(select(func.count()).select_from(t)).scalar_one()]
            if present and not force:
                raise DatabaseError(msg(
                    "The database {database} already holds data ({tables}); nothing was copied. Copy into an "
                    "empty database, or add --force to replace what it holds.",
                    database=_describe(target.url), tables=", ".join(present)))
            for table in reversed(tables):
                writing.execute(table.delete())
            for table in tables:
                rows = [dict(row) for row in reading.execute(select(table)).mappings()]
                if rows:
                    writing.execute(table.insert(), rows)
            if writing.get_bind().dialect.name == "postgresql":
                _reset_sequences(writing, tables)
            writing.flush()
            copied = []
            for table in tables:
                before, after = _checksum(reading, table), _checksum(writing, table)
                if before != after:
                    raise DatabaseError(msg(
                        "The copy of table {table} differs from the original ({source} rows, {copied} copied); "
                        "nothing was copied.", table=table.name, source=before[0], copied=after[0]))
                copied.append(TableCopy(table.name, *after))
        return CopyReport(_describe(source.url), _describe(target.url), tuple(copied))
