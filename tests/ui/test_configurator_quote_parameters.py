"""The configurator prices with the quote's parameters: the live price of a complete line, the "from" price of a
partial one and the price effects beside the values read ``quote.NAME`` as the stored line will (a chimney cap
with a site visit per chimney of the housing cooperative, ``quote.fleet_size``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.db import open_database
from configurator.core.settings import Settings
from configurator.core.sync.build import build_catalogue
from configurator.ui.context import AppContext
from tests.helpers.model_kit import edit_file
from tests.helpers.ui_drive import open_view

ROOT = Path(__file__).resolve().parents[2]
FLEET = '''
quote_parameters:
  - id: fleet_size
    type: integer
    min: 1
    max: 1000
    label: {nb: Antall piper i borettslaget, en: Chimneys in the housing cooperative}

pricing:'''
SURCHARGES = '''  surcharges:
    - id: site-visit
      label: {nb: Befaring per pipe, en: Site visit per chimney}
      price: {formula: "100 * quote.fleet_size"}
    - id: copper-crew
      label: {nb: Kobberslager per pipe, en: Coppersmith per chimney}
      when: material == copper
      price: {formula: "50 * quote.fleet_size"}
'''


@pytest.fixture(scope="module")
def fleet_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("models") / "chimney_cap"
    shutil.copytree(ROOT / "product_models" / "chimney_cap", folder)
    edit_file(folder / "chimney_cap.yaml", "\npricing:", FLEET)
    edit_file(folder / "chimney_cap.yaml", "  surcharges:\n", SURCHARGES)
    file = folder.parent / "catalogue.sqlite"
    result = build_catalogue([folder], f"sqlite:///{file}")
    assert not getattr(result, "errors", None)
    return file


@pytest.fixture
def fleet_context(fleet_catalogue: Path, tmp_path: Path, qapp: object) -> Iterator[AppContext]:
    file = tmp_path / "catalogue.sqlite"
    shutil.copyfile(fleet_catalogue, file)
    database = open_database(f"sqlite:///{file}")
    qsettings = QSettings(str(tmp_path / "qsettings.ini"), QSettings.Format.IniFormat)
    yield AppContext(database, Settings(), settings_path=tmp_path / "settings.json", language="en",
                     qsettings=qsettings, today=date(2026, 12, 1))
    database.close()


def site_visit(lines: list[str]) -> list[str]:
    return [line for line in lines if "Site visit per chimney" in line]


def test_the_live_price_reads_the_quote_parameters(qtbot: QtBot, fleet_context: AppContext) -> None:
    service = fleet_context.service
    stored = service.models.current("chimney_cap", service.today)
    choices = dict(service.configure(stored, {"material": "galvanised"}, complete=True).choices)
    priced = {}
    for fleet in (12, 20):
        view = open_view(qtbot, fleet_context, "chimney_cap", choices=choices, quote={"fleet_size": fleet})
        qtbot.waitUntil(view.price.is_settled, timeout=20_000)
        price = view.price.price
        assert price is not None and price.complete  # the parameter is known: nothing missing
        assert site_visit(price.describe("en")) and ("Site visit per chimney", Decimal(100 * fleet)) in [
            (line.label.en, line.amount) for line in price.unit_lines]
        priced[fleet] = price.unit_price
        view.release()
    assert priced[20] - priced[12] == Decimal(800)
    # what the quote stores is what the configurator showed
    number = service.new_quote(_customer(fleet_context), parameters={"fleet_size": "12"}).number
    service.add_line(number, "chimney_cap", choices, complete=True)
    assert Decimal(service.quote(number).current.lines[0].unit_price_ore) / 100 == priced[12]


def test_from_prices_and_price_effects_read_the_quote_parameters(qtbot: QtBot, fleet_context: AppContext) -> None:
    found = {}
    for fleet in (12, 20):
        view = open_view(qtbot, fleet_context, "chimney_cap", quote={"fleet_size": fleet})
        qtbot.waitUntil(view.price.is_settled, timeout=30_000)
        qtbot.waitUntil(view.marks.is_settled, timeout=30_000)
        price = view.price.price
        assert price is not None and not price.complete  # a "from" price
        assert ("Site visit per chimney", Decimal(100 * fleet)) in [(line.label.en, line.amount)
                                                                    for line in price.unit_lines]
        effects = view.marks.effects()
        assert effects is not None
        found[fleet] = (price.unit_price, effects["material"]["copper"] - effects["material"]["galvanised"])
        view.release()
    assert found[20][0] - found[12][0] == Decimal(800)  # the from price: 8 more site visits
    assert found[20][1] - found[12][1] == Decimal(400)  # copper's effect: 8 more coppersmith visits


def _customer(context: AppContext) -> int:
    from tests.helpers.ui_kit import add_customer

    return add_customer(context.database)
