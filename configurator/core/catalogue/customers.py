"""Customer storage: add, get, update and search, returning :class:`CustomerRecord`.

Only storage: checking the data (organisation numbers, e-mail addresses) belongs to the caller.
Searching is Unicode-aware (Æ, Ø, Å) and results come in Norwegian alphabetical order.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.orm import Customer, Quote
from configurator.core.catalogue.records import Address, CustomerData, CustomerKind, CustomerRecord, Language
from configurator.core.catalogue.text import casefold, norwegian_order


def _customer_record(row: Customer) -> CustomerRecord:
    delivery = None
    if row.delivery_address is not None:
        delivery = Address(
            lines=tuple(row.delivery_address.splitlines()),
            postcode=row.delivery_postcode or "",
            city=row.delivery_city or "",
            country=row.delivery_country or "",
        )
    return CustomerRecord(
        id=row.id,
        kind=cast(CustomerKind, row.kind),
        name=row.name,
        org_number=row.org_number,
        email=row.email,
        phone=row.phone,
        contact_person=row.contact_person,
        billing=Address(
            lines=tuple(row.billing_address.splitlines()),
            postcode=row.billing_postcode,
            city=row.billing_city,
            country=row.billing_country,
        ),
        delivery=delivery,
        language=cast(Language, row.language),
        discount_basis_points=row.discount_basis_points,
        notes=row.notes,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _write_customer(row: Customer, data: CustomerData) -> None:
    row.kind = data.kind
    row.name = data.name
    row.org_number = data.org_number
    row.email = data.email
    row.phone = data.phone
    row.contact_person = data.contact_person
    row.billing_address = "\n".join(data.billing.lines)
    row.billing_postcode = data.billing.postcode
    row.billing_city = data.billing.city
    row.billing_country = data.billing.country
    delivery = data.delivery
    row.delivery_address = None if delivery is None else "\n".join(delivery.lines)
    row.delivery_postcode = None if delivery is None else delivery.postcode
    row.delivery_city = None if delivery is None else delivery.city
    row.delivery_country = None if delivery is None else delivery.country
    row.language = data.language
    row.discount_basis_points = data.discount_basis_points
    row.notes = data.notes


class CustomerRepository:
    """Customer storage. Checking the data (e.g. organisation numbers) is the caller's business."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, data: CustomerData) -> CustomerRecord:
        row = Customer()
        _write_customer(row, data)
        self._session.add(row)
        self._session.flush()
        return _customer_record(row)

    def get(self, customer_id: int) -> CustomerRecord | None:
        row = self._session.get(Customer, customer_id)
        return None if row is None else _customer_record(row)

    def update(self, customer_id: int, data: CustomerData) -> CustomerRecord:
        row = self._session.get(Customer, customer_id)
        if row is None:
            raise CatalogueError(f"there is no customer with id {customer_id}")
        _write_customer(row, data)
        self._session.flush()
        return _customer_record(row)

    def quote_count(self, customer_id: int) -> int:
        """How many quotes the customer has (a customer with quotes is never deleted, only merged)."""
        return int(self._session.scalar(select(func.count()).select_from(Quote)
                                        .where(Quote.customer_id == customer_id)) or 0)

    def move_quotes(self, from_id: int, to_id: int) -> int:
        """Give every quote of customer ``from_id`` to ``to_id``; returns how many moved."""
        result = self._session.execute(update(Quote).where(Quote.customer_id == from_id).values(customer_id=to_id))
        self._session.flush()
        return int(getattr(result, "rowcount", 0) or 0)

    def delete(self, customer_id: int) -> None:
        """Remove a customer (the caller has made sure no quote refers to it)."""
        row = self._session.get(Customer, customer_id)
        if row is None:
            raise CatalogueError(f"there is no customer with id {customer_id}")
        self._session.delete(row)
        self._session.flush()

    def search(self, text: str, *, limit: int = 50) -> list[CustomerRecord]:
        """Customers whose name, organisation number or city matches ``text``, in Norwegian name order.

        Every word must occur (case-insensitively, Æ/Ø/Å included) in the name or a city, so
        "hansen røros" finds Hansen in Røros; digits also match the organisation number, with or
        without spaces ("923 456 789"). An empty text lists the first ``limit`` customers.
        """
        query = select(Customer)
        condition = self._match(text)
        if condition is not None:
            query = query.where(condition)
        rows = self._session.scalars(query.order_by(norwegian_order(self._session, Customer.name), Customer.id)
                                     .limit(limit))
        return [_customer_record(row) for row in rows]

    def _match(self, text: str) -> ColumnElement[bool] | None:
        words = text.split()
        if not words:
            return None

        def fold(column: Any) -> Any:
            return casefold(self._session, column)

        per_word = [
            or_(
                fold(Customer.name).contains(word.casefold(), autoescape=True),
                fold(Customer.billing_city).contains(word.casefold(), autoescape=True),
                fold(Customer.delivery_city).contains(word.casefold(), autoescape=True),
                func.replace(Customer.org_number, " ", "").contains(word, autoescape=True),
            )
            for word in words
        ]
        condition: ColumnElement[bool] = and_(*per_word)
        digits = "".join(words)
        if digits.isdigit():
            org = func.replace(Customer.org_number, " ", "").contains(digits, autoescape=True)
            condition = or_(condition, org)
        return condition
