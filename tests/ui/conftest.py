"""Fixtures of the app's tests: a real catalogue (the seed models) in each test's own SQLite file, settings in
the test's folder, QSettings in memory, and an AppContext over them. Qt runs offscreen (tests/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from configurator.core.catalogue.db import Database, open_database
from configurator.core.settings import CompanySettings, Settings, set_manager_pin
from configurator.ui.context import AppContext
from tests.helpers.ui_kit import PIN, add_customer

__all__ = ["PIN", "add_customer"]  # older tests import them from here



@pytest.fixture(scope="session")
def ui_catalogue_template(seed_catalogue: Path) -> Path:
    return seed_catalogue


@pytest.fixture
def database(ui_catalogue_template: Path, tmp_path: Path) -> Iterator[Database]:
    file = tmp_path / "catalogue.sqlite"
    shutil.copyfile(ui_catalogue_template, file)
    db = open_database(f"sqlite:///{file}")
    yield db
    db.close()


@pytest.fixture
def settings() -> Settings:
    return set_manager_pin(Settings(
        salesperson="Kari Nordmann", manager_name="Ola Leder",
        company=CompanySettings(name="Røros Dører og Vinduer AS", address_lines=("Kjerkgata 12", "7374 Røros"),
                                org_number="923609016")), PIN)


@pytest.fixture
def context(database: Database, settings: Settings, tmp_path: Path, qapp: object) -> Iterator[AppContext]:
    """The app's shared state over the test's database; QSettings in a file of the test's own."""
    qsettings = QSettings(str(tmp_path / "qsettings.ini"), QSettings.Format.IniFormat)
    # a fixed day: prices with early-order discounts stay the same
    yield AppContext(database, settings, settings_path=tmp_path / "settings.json", language="nb",
                     qsettings=qsettings, today=date(2026, 12, 1))
