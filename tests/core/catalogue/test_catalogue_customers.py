"""Customer storage and search (Norwegian letters, organisation numbers, cities)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.catalogue.errors import CatalogueError
from configurator.core.catalogue.records import Address, CustomerData
from configurator.core.catalogue.repositories import CustomerRepository

CUSTOMERS = [
    CustomerData(
        kind="company",
        name="Røros Bygg AS",
        org_number="923 456 789",
        billing=Address(lines=("Kjerkgata 1",), postcode="7374", city="Røros"),
        delivery=Address(lines=("Byggeplass Sleggveien",), postcode="7374", city="Røros"),
        discount_basis_points=500,
    ),
    CustomerData(
        kind="person",
        name="Åse Ødegård",
        billing=Address(lines=("Gamle Kongevei 3",), postcode="7340", city="Oppdal"),
        language="en",
    ),
    CustomerData(
        kind="company",
        name="Aune Sau og Geit",
        org_number="987654321",
        billing=Address(postcode="2550", city="Os i Østerdalen"),
    ),
    CustomerData(kind="person", name="Zaaseas Hansen", billing=Address(city="Trondheim")),
    CustomerData(kind="person", name="Ærlig Eriksen", billing=Address(city="Tynset")),
]


@pytest.fixture
def customers(database: Database) -> Database:
    with database.session() as session:
        repository = CustomerRepository(session)
        for data in CUSTOMERS:
            repository.add(data)
    return database


def names(database: Database, text: str) -> list[str]:
    with database.session() as session:
        return [c.name for c in CustomerRepository(session).search(text)]


def test_add_and_get_round_trip(database: Database) -> None:
    with database.session() as session:
        stored = CustomerRepository(session).add(CUSTOMERS[0])
    with database.session() as session:
        fetched = CustomerRepository(session).get(stored.id)
    assert fetched == stored
    assert fetched.billing == CUSTOMERS[0].billing
    assert fetched.delivery_address.lines == ("Byggeplass Sleggveien",)
    assert fetched.discount_basis_points == 500
    assert fetched.created_at.tzinfo is not None


def test_customer_without_delivery_address_delivers_to_billing(database: Database) -> None:
    with database.session() as session:
        stored = CustomerRepository(session).add(CUSTOMERS[1])
    assert stored.delivery is None
    assert stored.delivery_address == stored.billing
    assert stored.language == "en"


def test_update_takes_a_changed_record(customers: Database) -> None:
    with customers.session() as session:
        repository = CustomerRepository(session)
        [ase] = repository.search("Ødegård")
        updated = repository.update(ase.id, replace(ase, email="ase@example.no", delivery=None))
    assert updated.email == "ase@example.no"
    assert updated.updated_at >= ase.updated_at
    with customers.session() as session:
        assert CustomerRepository(session).get(ase.id) == updated
        with pytest.raises(CatalogueError, match="no customer"):
            CustomerRepository(session).update(999, CUSTOMERS[0])


def test_empty_search_lists_everyone_in_norwegian_order(customers: Database) -> None:
    assert names(customers, "  ") == [
        "Aune Sau og Geit",
        "Røros Bygg AS",
        "Zaaseas Hansen",
        "Ærlig Eriksen",
        "Åse Ødegård",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("røros", ["Røros Bygg AS"]),
        ("RØROS", ["Røros Bygg AS"]),  # SQLite's own lower() would miss this
        ("ødegård", ["Åse Ødegård"]),
        ("oppdal", ["Åse Ødegård"]),  # billing city
        ("hansen trondheim", ["Zaaseas Hansen"]),  # every word must match somewhere
        ("hansen røros", []),
        ("923456789", ["Røros Bygg AS"]),  # org number without its spaces
        ("923 456 789", ["Røros Bygg AS"]),
        ("987 654", ["Aune Sau og Geit"]),
        ("østerdalen", ["Aune Sau og Geit"]),
        ("100%", []),  # wildcards are taken literally
        ("_", []),
    ],
)
def test_search_by_name_org_number_or_city(customers: Database, text: str, expected: list[str]) -> None:
    assert names(customers, text) == expected


def test_search_limit(customers: Database) -> None:
    with customers.session() as session:
        assert len(CustomerRepository(session).search("", limit=2)) == 2
