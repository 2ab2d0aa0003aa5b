"""A catalogue built once from the bundled product models, copied into each test's own SQLite file."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database, open_database
from configurator.core.catalogue.records import Address, CustomerData
from configurator.core.quoting.service import QuoteService
from configurator.core.settings import CompanySettings, Settings, set_manager_pin

TODAY = date(2026, 12, 1)  # before the ear tags' 2027-01-20 early-order date: 20 % off
PIN = "4321"


@pytest.fixture(scope="session")
def catalogue_template(seed_catalogue: Path) -> Path:
    """A catalogue database with the four seed families (built once per test session)."""
    return seed_catalogue


@pytest.fixture
def database_file(catalogue_template: Path, tmp_path: Path) -> Path:
    file = tmp_path / "catalogue.sqlite"
    shutil.copyfile(catalogue_template, file)
    return file


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> str:
    """The seed catalogue for this test: a copy in its own SQLite file, or its own PostgreSQL database (the
    ``backend`` parameter, see tests/conftest.py: both by default, ``--backend`` chooses)."""
    if backend == "postgresql":
        return str(request.getfixturevalue("office_url"))
    return f"sqlite:///{request.getfixturevalue('database_file')}"


@pytest.fixture
def sqlite_database_url(database_file: Path) -> str:
    """The seed catalogue in this test's own SQLite file only (for suites that stay on SQLite)."""
    return f"sqlite:///{database_file}"


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = open_database(database_url)
    yield db
    db.close()


def make_settings(**changes: object) -> Settings:
    settings = Settings(salesperson="Kari Nordmann", discount_limit_percent=replace(Settings()).discount_limit_percent,
                        company=CompanySettings(name="Røros Dører og Vinduer AS", address_lines=("Kjerkgata 1",
                                                "7374 Røros"), org_number="923609016", phone="72 41 00 00"),
                        manager_name="Ola Leder")
    return replace(set_manager_pin(settings, PIN), **changes)  # type: ignore[arg-type]


@pytest.fixture
def service(database: Database) -> QuoteService:
    return QuoteService(database, make_settings(), today=TODAY)


def add_customer(database: Database, name: str = "Hansen Gård", *, language: str = "nb",
                 discount_bp: int = 0) -> int:
    """A private customer in Røros, stored directly (the register's checks are tested elsewhere)."""
    with database.session() as session:
        record = CustomerRepository(session).add(CustomerData(
            kind="person", name=name, billing=Address(("Gardsveien 1",), "7374", "Røros"), language=language,
            discount_basis_points=discount_bp))  # type: ignore[arg-type]
        return record.id


WINDOW = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}
EARTAG = {"species": "sheep", "purpose": "origin", "tag_type": "visual", "holding_id": "1234567",
          "birth_year": "2027", "series_number": "1", "tag_count": "100"}


def edited_catalogue(folder: Path, family: str, *edits: tuple[str, str]) -> Path:
    """A catalogue database in ``folder`` of one seed family whose model file got ``edits`` (old, new) first."""
    from configurator.core.sync.build import build_catalogue
    from tests.helpers.model_kit import edit_file

    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "product_models" / family, folder / family)
    for old, new in edits:
        edit_file(folder / family / f"{family}.yaml", old, new)
    file = folder / "catalogue.sqlite"
    result = build_catalogue([folder / family], f"sqlite:///{file}")
    assert not getattr(result, "errors", None)
    return file


def open_copy(template: Path, folder: Path) -> Database:
    """The catalogue ``template`` copied into ``folder`` and opened."""
    file = folder / template.name
    shutil.copyfile(template, file)
    return open_database(f"sqlite:///{file}")
