"""Price effects of the second edition: a percent of the unit subtotal, and a rate per any number."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest

from configurator.core.engine.session import ConfigurationSession
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.pricing.calculate import price_line
from configurator.core.pricing.cheapest import from_price, price_terms

DAY = date(2026, 6, 1)
CABINET = """\
skredder: 1
family: cabinet
version: "1"
effective: 2026-01-01
name: {nb: Skap, en: Cabinet}
attributes:
  - id: wood
    type: choice
    label: {nb: Tre, en: Wood}
    options:
      - id: pine
        label: {nb: Furu, en: Pine}
        values: {boards: 3}
      - id: oak
        label: {nb: Eik, en: Oak}
        price: 300
        values: {boards: 4}
  - id: shelves
    type: integer
    min: 0
    max: 4
    label: {nb: Hyller, en: Shelves}
  - id: lacquered
    type: boolean
    label: {nb: Lakkert, en: Lacquered}
    price: {percent: 10, of: subtotal}
steps:
  - id: all
    label: {nb: Alt, en: All}
    attributes: [wood, shelves, lacquered]
pricing:
  base: 1000
  surcharges:
    - id: boards
      label: {nb: Bord, en: Boards}
      price: {rate: 20, per: wood.boards + shelves}
    - id: assembly
      label: {nb: Montering, en: Assembly}
      price: {percent: 5}
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "cabinet"
    folder.mkdir(exist_ok=True)
    (folder / "cabinet.yaml").write_text(text, encoding="utf-8")
    return folder


def test_percent_of_the_subtotal_and_a_rate_per_an_expression(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, CABINET)).model
    price = price_line(model, {"wood": "oak", "shelves": 2, "lacquered": True}, on_date=DAY)
    # base 1000, oak 300, boards (4 + 2) × 20 = 120, assembly 5 % of the base = 50: subtotal 1470; lacquer 10 % = 147
    assert [(line.kind, line.label.en, line.amount) for line in price.unit_lines] == [
        ("base", "Base price", D("1000.00")),
        ("option", "Oak", D("300.00")),
        ("boolean", "Lacquered", D("147.00")),
        ("surcharge", "Boards", D("120.00")),
        ("surcharge", "Assembly", D("50.00")),
    ]
    assert price.unit_price == D("1617.00")
    described = [line.describe("nb").replace("\xa0", " ") for line in price.unit_lines]
    assert described[2] == "Lakkert: 10 % av kr 1 470,00 = kr 147,00"
    assert described[3] == "Bord: 6 × kr 20,00 = kr 120,00"
    unlacquered = price_line(model, {"wood": "pine", "shelves": 0, "lacquered": False}, on_date=DAY)
    assert unlacquered.unit_price == D("1110.00")  # 1000 + 3 × 20 + 50


def test_the_from_price_with_a_percent_of_the_subtotal_is_still_the_least(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, CABINET)).model
    assert price_terms(model) is None  # not a sum of separate terms: the search is a local one
    session = ConfigurationSession(model)
    try:
        session.set("lacquered", True)
        found = from_price(session, on_date=DAY)
        # the cheapest lacquered cabinet: pine, no shelves: (1000 + 60 + 50) × 1.1 = 1221
        assert (found.unit_price, found.complete) == (D("1221.00"), False)
    finally:
        session.close()


@pytest.mark.parametrize(("old", "new", "expected"), [
    pytest.param("{percent: 10, of: subtotal}", "{percent: 10, of: total}",
                 "cabinet/cabinet.yaml:26: attribute 'lacquered': 'of' must be 'base' or 'subtotal' (got 'total')",
                 id="percent-of-unknown"),
    pytest.param("{rate: 20, per: wood.boards + shelves}", "{rate: 20, per: wood}",
                 "cabinet/cabinet.yaml:36: surcharge 'boards': 'per' must be a number: an attribute or an expression "
                 "that gives one (got 'wood')", id="per-a-choice"),
    pytest.param("{rate: 20, per: wood.boards + shelves}", "{rate: 20, per: wood.bords + shelves}",
                 "cabinet/cabinet.yaml:36: surcharge 'boards': the options of 'wood' have no value 'bords' (they have: "
                 "boards)",
                 id="per-unknown-value"),
    pytest.param("{rate: 20, per: wood.boards + shelves}", "{rate: 20, per: lacquered and shelves > 1}",
                 "cabinet/cabinet.yaml:36: surcharge 'boards': expected a number, got true/false",
                 id="per-a-condition"),
    pytest.param("{rate: 20, per: wood.boards + shelves}", "{rate: 20, per: 100 kr}",
                 "cabinet/cabinet.yaml:36: surcharge 'boards': 'per' gives kroner; a rate is per a quantity (use "
                 "'formula' for a price computed from another price)", id="per-kroner"),
])
def test_broken_price_effects(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str,
                              expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert CABINET.count(old) == 1
    write(tmp_path, CABINET.replace(old, new))
    with pytest.raises(ModelErrors) as info:
        load_model(tmp_path / "cabinet")
    assert info.value.render("en").splitlines() == [expected]
