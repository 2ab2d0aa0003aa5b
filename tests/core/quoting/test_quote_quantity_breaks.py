"""Quantity breaks over the whole quote (``quantity_breaks_by: quote``): three lines of 4 chairs are 12 chairs,
every line of the family gets the break, and changing one line prices its siblings again; the default still
counts each line on its own."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.core.catalogue.db import Database
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.quoting.service import QuoteService
from tests.helpers.model_kit import edit_file
from tests.helpers.quoting_kit import TODAY, add_customer, edited_catalogue, make_settings, open_copy

ROOT = Path(__file__).resolve().parents[3]
BY_QUOTE = "  quantity_breaks_by: quote\n  quantity_breaks:\n"


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    return {flag: edited_catalogue(tmp_path_factory.mktemp(f"by_quote_{flag}"), "chair",
                                   *([("  quantity_breaks:\n", BY_QUOTE)] if flag else []))
            for flag in (True, False)}


def open_service(catalogues: dict[bool, Path], tmp_path: Path, *, by_quote: bool) -> tuple[QuoteService, Database]:
    database = open_copy(catalogues[by_quote], tmp_path)
    return QuoteService(database, make_settings(), today=TODAY), database


@pytest.fixture
def by_quote(catalogues: dict[bool, Path], tmp_path: Path) -> Iterator[tuple[QuoteService, Database]]:
    service, database = open_service(catalogues, tmp_path, by_quote=True)
    yield service, database
    database.close()


def breaks(service: QuoteService, number: str) -> list[tuple[str, Decimal]]:
    """Each line's quantity discount as (label, percent), or ("", 0) without one."""
    found = []
    for line in service.quote(number).current.lines:
        items = [i for i in line.price_breakdown["discount_lines"] if i["kind"] == "quantity_break"]
        found.append((items[0]["label"]["en"], Decimal(items[0]["detail"]["params"]["percent"]))
                     if items else ("", Decimal(0)))
    return found


ON_QUOTE = "Quantity discount ({n} or more on the quote)"


def test_lines_of_one_family_count_together(by_quote: tuple[QuoteService, Database]) -> None:
    service, database = by_quote
    number = service.new_quote(add_customer(database)).number
    first = service.add_line(number, "chair", {}, quantity=4, complete=True)
    assert breaks(service, number) == [("", 0)]  # 4 chairs: below the first break (5)
    service.add_line(number, "chair", {}, quantity=4, complete=True)
    assert breaks(service, number) == [(ON_QUOTE.format(n=5), 3)] * 2  # 8 chairs: 3 % on both lines
    service.copy_line(number, first)
    assert breaks(service, number) == [(ON_QUOTE.format(n=10), 5)] * 3  # 12 chairs: 5 % on every line
    service.edit_line(number, first, quantity=17)
    assert breaks(service, number) == [(ON_QUOTE.format(n=25), 8)] * 3  # 25 chairs
    service.remove_line(number, 3)
    assert breaks(service, number) == [(ON_QUOTE.format(n=10), 5)] * 2  # 21 chairs


def test_the_totals_follow_the_repriced_siblings(by_quote: tuple[QuoteService, Database]) -> None:
    service, database = by_quote
    number = service.new_quote(add_customer(database)).number
    service.add_line(number, "chair", {}, quantity=4, complete=True)
    alone = service.quote(number).current.lines[0].line_total_ore
    service.add_line(number, "chair", {}, quantity=4, complete=True)
    revision = service.quote(number).current
    assert [line.line_total_ore for line in revision.lines] == [round(alone * Decimal("0.97"))] * 2
    assert revision.total_ex_vat_ore == sum(line.line_total_ore for line in revision.lines)


def test_by_default_each_line_counts_alone(catalogues: dict[bool, Path], tmp_path: Path) -> None:
    service, database = open_service(catalogues, tmp_path, by_quote=False)
    try:
        number = service.new_quote(add_customer(database)).number
        service.add_line(number, "chair", {}, quantity=4, complete=True)
        service.add_line(number, "chair", {}, quantity=4, complete=True)
        assert breaks(service, number) == [("", 0)] * 2
        service.add_line(number, "chair", {}, quantity=5, complete=True)
        assert breaks(service, number)[2] == ("Quantity discount (5 or more)", 3)
    finally:
        database.close()


def test_quantity_breaks_by_is_line_or_quote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "product_models" / "chair", tmp_path / "chair")
    edit_file(tmp_path / "chair" / "chair.yaml", "  quantity_breaks:\n", "  quantity_breaks_by: order\n"
              "  quantity_breaks:\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelErrors) as info:
        load_model(tmp_path / "chair")
    (error,) = info.value.render("en").splitlines()
    text = (tmp_path / "chair" / "chair.yaml").read_text(encoding="utf-8").splitlines()
    line = text.index("  quantity_breaks_by: order") + 1
    assert error.startswith(f"chair/chair.yaml:{line}: pricing: ")  # the line of the wrong value
    assert error.endswith("'quantity_breaks_by' must be 'line' or 'quote' (got 'order')")
