"""Helpers shared by the app's tests (the fixtures are in conftest.py)."""

from __future__ import annotations

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.records import Address, CustomerData

PIN = "4321"  # the manager PIN of the test settings


def add_customer(database: Database, name: str = "Hansen Gård", language: str = "nb") -> int:
    with database.session() as session:
        return CustomerRepository(session).add(CustomerData(
            kind="person", name=name, billing=Address(("Gardsveien 1",), "7374", "Røros"),
            language=language)).id  # type: ignore[arg-type]
