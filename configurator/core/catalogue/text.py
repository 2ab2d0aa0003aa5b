"""Text in queries the same way on every backend: Unicode case folding for searches and Norwegian name order.

SQLite gets them from the function and collation :mod:`.sqlite` registers on each connection, PostgreSQL from ICU
collations (:mod:`.postgres`); another database falls back to plain ``lower`` and its own order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from configurator.core.catalogue.postgres import FOLD_COLLATION, NORWEGIAN_ORDER
from configurator.core.catalogue.sqlite import CASEFOLD_FUNCTION, NORWEGIAN_COLLATION


def casefold(session: Session, column: Any) -> Any:
    """``column`` folded for case-insensitive matching, Unicode-aware (Æ/Ø/Å) on SQLite (our function) and on
    PostgreSQL (``lower`` under an ICU collation: a server's C locale folds ASCII only), ``lower`` elsewhere."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return getattr(func, CASEFOLD_FUNCTION)(column)
    if dialect == "postgresql":
        return func.lower(column.collate(FOLD_COLLATION))
    return func.lower(column)


def norwegian_order(session: Session, column: Any) -> Any:
    """``column`` for ORDER BY in Norwegian alphabetical order (Æ, Ø, Å after Z), case-insensitive."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        return column.collate(NORWEGIAN_COLLATION)
    if dialect == "postgresql":
        return column.collate(NORWEGIAN_ORDER)
    return column
