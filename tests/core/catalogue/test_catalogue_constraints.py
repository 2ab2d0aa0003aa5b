"""The schema itself guards the data: foreign keys, money never negative, sane quantities."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from configurator.core.catalogue.db import Database
from configurator.core.catalogue.orm import (
    Customer,
    EartagAllocation,
    ModelVersion,
    ProductFamily,
    ProductionOrder,
    Quote,
    QuoteLine,
    QuoteRevision,
)

HASH = "cd" * 32


def make_quote(session: Session) -> tuple[int, int]:
    """A customer with a quote, its revision A and a model version to put lines on: (quote, revision) ids."""
    session.add(ProductFamily(id="window", name_nb="Vindu", name_en="Window"))
    session.add(
        ModelVersion(family_id="window", version="1", effective_date=date(2026, 1, 1), source_hash=HASH, document={})
    )
    customer = Customer(kind="person", name="Kari Nordmann")
    session.add(customer)
    session.flush()
    quote = Quote(number="Q-2026-00001", customer_id=customer.id)
    quote.revisions.append(QuoteRevision(letter="A", valid_until=date(2026, 3, 1)))
    session.add(quote)
    session.flush()
    return quote.id, quote.revisions[0].id


def line(revision_id: int, session: Session, **changes: Any) -> QuoteLine:
    version_id = session.scalars(select(ModelVersion.id)).one()
    values: dict[str, Any] = {
        "position": 1,
        "family_id": "window",
        "model_version_id": version_id,
        "configuration": {"width_mm": 1200},
        "quantity": 2,
        "unit_price_ore": 1_250_000,
        "line_total_ore": 2_500_000,
        "price_breakdown": {"base": 1_250_000},
        **changes,
    }
    return QuoteLine(revision_id=revision_id, **values)


def test_unknown_family_violates_foreign_key(database: Database) -> None:
    with pytest.raises(IntegrityError, match=r"FOREIGN KEY|foreign key constraint"), database.session() as session:
        session.add(
            ModelVersion(family_id="ghost", version="1", effective_date=date.today(), source_hash=HASH, document={})
        )


@pytest.mark.parametrize(
    "changes",
    [
        {"unit_price_ore": -1},
        {"line_total_ore": -100},
        {"quantity": 0},
        {"line_discount_basis_points": 10_001},
        {"position": 0},
    ],
)
def test_quote_line_rejects_bad_amounts(database: Database, changes: dict[str, Any]) -> None:
    with database.session() as session:
        _, revision_id = make_quote(session)
    with pytest.raises(IntegrityError, match=r"CHECK|check constraint"), database.session() as session:
        session.add(line(revision_id, session, **changes))


@pytest.mark.parametrize(
    "totals",
    [
        {"total_ex_vat_ore": -100, "vat_ore": 0, "total_inc_vat_ore": -100},
        {"total_ex_vat_ore": 100, "vat_ore": -25, "total_inc_vat_ore": 75},
        {"total_ex_vat_ore": 100, "vat_ore": 25, "total_inc_vat_ore": 126},  # does not add up
    ],
)
def test_revision_totals_must_be_non_negative_and_add_up(database: Database, totals: dict[str, int]) -> None:
    with database.session() as session:
        _, revision_id = make_quote(session)
    with pytest.raises(IntegrityError, match=r"CHECK|check constraint"), database.session() as session:
        row = session.get_one(QuoteRevision, revision_id)
        for name, value in totals.items():
            setattr(row, name, value)


def test_valid_line_is_stored_and_deleting_the_quote_cascades(database: Database) -> None:
    with database.session() as session:
        _, revision_id = make_quote(session)
        session.add(line(revision_id, session))
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(QuoteLine)) == 1
        session.delete(session.scalars(select(Quote)).one())
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(QuoteRevision)) == 0
        assert session.scalar(select(func.count()).select_from(QuoteLine)) == 0


def test_customer_with_quotes_cannot_be_deleted(database: Database) -> None:
    with database.session() as session:
        make_quote(session)
    with pytest.raises(IntegrityError, match=r"FOREIGN KEY|foreign key constraint"), database.session() as session:
        session.delete(session.scalars(select(Customer)).one())


def test_one_production_order_per_quote_and_allocations_outlive_it(database: Database) -> None:
    with database.session() as session:
        quote_id, revision_id = make_quote(session)
        order = ProductionOrder(number="P-2026-00001", quote_id=quote_id, revision_id=revision_id)
        session.add(order)
        session.flush()
        session.add(
            EartagAllocation(
                holding_id="1234567",
                species="sheep",
                birth_year=2026,
                first_number=60001,
                count=50,
                production_order_id=order.id,
                allocated_at=datetime(2026, 1, 5, tzinfo=UTC),
            )
        )
    with pytest.raises(IntegrityError, match=r"UNIQUE|unique constraint"), database.session() as session:
        session.add(ProductionOrder(number="P-2026-00002", quote_id=quote_id, revision_id=revision_id))
    with database.session() as session:
        session.delete(session.scalars(select(ProductionOrder)).one())
    with database.session() as session:
        allocation = session.scalars(select(EartagAllocation)).one()
        assert allocation.production_order_id is None
        assert allocation.allocated_at == datetime(2026, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "changes",
    [{"holding_id": "123456"}, {"species": "horse"}, {"count": 0}, {"first_number": 99_990, "count": 11}],
)
def test_eartag_allocation_checks(database: Database, changes: dict[str, Any]) -> None:
    values: dict[str, Any] = {
        "holding_id": "1234567",
        "species": "goat",
        "birth_year": 2026,
        "first_number": 60001,
        "count": 10,
        **changes,
    }
    with pytest.raises(IntegrityError, match=r"CHECK|check constraint"), database.session() as session:
        session.add(EartagAllocation(**values))
