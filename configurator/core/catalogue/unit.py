"""One unit of work: the repositories of one transaction, opened by a service for one public operation.

A service method opens exactly one unit (``with writing(database) as unit:``), passes ``unit`` down to the
helpers that read and write, and the unit commits when the block ends or rolls back everything on an exception.
So an operation is all-or-nothing, and what it checks (a quote is still a draft) holds until it has written.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.quotes import OrderRepository, QuoteRepository
from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository


@dataclass(frozen=True)
class Unit:
    """The repositories over one session; the session is owned by whoever opened the unit."""

    session: Session

    @property
    def quotes(self) -> QuoteRepository:
        return QuoteRepository(self.session)

    @property
    def orders(self) -> OrderRepository:
        return OrderRepository(self.session)

    @property
    def customers(self) -> CustomerRepository:
        return CustomerRepository(self.session)

    @property
    def models(self) -> ModelRepository:
        return ModelRepository(self.session)

    @property
    def imports(self) -> ImportHistoryRepository:
        return ImportHistoryRepository(self.session)


@contextmanager
def reading(database: Database) -> Iterator[Unit]:
    """A unit that only reads (a plain transaction; other readers and a writer go on at the same time)."""
    with database.session() as session:
        yield Unit(session)


@contextmanager
def writing(database: Database) -> Iterator[Unit]:
    """A unit that writes: the write lock is taken first; committed at the end of the block, or nothing is."""
    with database.write() as session:
        yield Unit(session)
