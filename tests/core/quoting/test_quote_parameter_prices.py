"""Quote parameters reach prices: a surcharge reading ``quote.fleet_size`` is priced with it, changing the
parameter reprices the draft, and a line whose price is incomplete cannot be sent."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.pricing.price import price_line
from configurator.core.quoting.service import QuoteError, QuoteService
from tests.helpers.quoting_kit import TODAY, add_customer, edited_catalogue, make_settings, open_copy

FLEET = '''
quote_parameters:
  - id: fleet_size
    type: integer
    min: 1
    max: 1000
    label: {nb: Antall piper i borettslaget, en: Chimneys in the housing cooperative}

pricing:'''
SURCHARGE = '''  surcharges:
    - id: site-visit
      label: {nb: Befaring per pipe, en: Site visit per chimney}
      price: {formula: "100 * quote.fleet_size"}
'''


@pytest.fixture(scope="module")
def fleet_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return edited_catalogue(tmp_path_factory.mktemp("models"), "chimney_cap", ("\npricing:", FLEET),
                            ("  surcharges:\n", SURCHARGE))


@pytest.fixture
def fleet(fleet_catalogue: Path, tmp_path: Path) -> Iterator[tuple[QuoteService, Database]]:
    database = open_copy(fleet_catalogue, tmp_path)
    yield QuoteService(database, make_settings(), today=TODAY), database
    database.close()


def site_visit(service: QuoteService, number: str) -> Decimal | None:
    line = service.quote(number).current.lines[0]
    found = [item for item in line.price_breakdown["unit_lines"] if item["label"]["en"] == "Site visit per chimney"]
    return Decimal(found[0]["amount"]) if found else None


def test_a_price_reads_the_quote_parameters(fleet: tuple[QuoteService, Database]) -> None:
    service, _ = fleet
    stored = service.models.current("chimney_cap", TODAY)
    values = service.configure(stored, {}, complete=True).values
    with_fleet = price_line(stored.model, values, on_date=TODAY, quote={"fleet_size": 12})
    assert with_fleet.complete
    assert ("Site visit per chimney", Decimal("1200.00")) in [(i.label.en, i.amount) for i in with_fleet.unit_lines]
    assert not price_line(stored.model, values, on_date=TODAY).complete  # not given, no default: incomplete


def test_changing_a_parameter_reprices_and_an_incomplete_price_blocks_sending(
        fleet: tuple[QuoteService, Database]) -> None:
    service, database = fleet
    number = service.new_quote(add_customer(database), parameters={"fleet_size": "12"}).number
    service.add_line(number, "chimney_cap", {}, complete=True)
    assert site_visit(service, number) == Decimal("1200.00")
    before = service.quote(number).current.total_inc_vat_ore
    service.set_parameters(number, {"fleet_size": "20"})
    assert site_visit(service, number) == Decimal("2000.00")
    assert service.quote(number).current.total_inc_vat_ore == before + 800 * 125  # + kr 800 and its VAT

    unpriced = service.new_quote(add_customer(database, "Berg")).number
    service.add_line(unpriced, "chimney_cap", {}, complete=True)
    with pytest.raises(QuoteError) as error:
        service.send(unpriced)
    assert "price of line 1 is not complete" in error.value.render("en")
    assert service.quote(unpriced).current.status == "draft"
    service.set_parameters(unpriced, {"fleet_size": "3"})
    service.send(unpriced)
    assert service.quote(unpriced).current.status == "sent"
