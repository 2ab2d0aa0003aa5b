"""A number series names what it is allocated by and printed with; the core knows no model's attribute names.

Renaming an attribute of the ear-tag model that its series uses is a load error that names the series, not
tags allocated under an empty holding."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.quoting.production import specification, tags
from tests.helpers.model_kit import edit_file
from tests.helpers.pricing_kit import TAGS

ROOT = Path(__file__).resolve().parents[3]
SERIES = "production item 'number-series'"


@pytest.fixture
def eartag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "eartag"
    shutil.copytree(ROOT / "product_models" / "eartag", folder)
    monkeypatch.chdir(tmp_path)
    return folder / "eartag.yaml"


def errors_of(path: Path) -> list[str]:
    with pytest.raises(ModelErrors) as raised:
        load_model(path)
    return [e.render("en") for e in raised.value.errors]


def test_the_seed_series_declares_its_holding_species_year_kind_and_printed_fields(eartag: Path) -> None:
    params = next(f for f in load_model(eartag).model.production.fields if f.type == "number_series").params
    assert {k: params[k] for k in ("holding", "species", "year", "kind", "eid_country", "prefix", "letter")} == {
        "holding": "holding_id", "species": "species", "year": "birth_year", "kind": "tag_type",
        "eid_country": "eid-country-code", "prefix": "print-prefix", "letter": "replacement-letter"}
    assert params["inside"] == ("inside-line-1", "inside-line-2")
    assert params["allocate"].source == "purpose != replacement"


def test_renaming_the_holding_attribute_without_the_series_is_a_load_error(eartag: Path) -> None:
    text = eartag.read_text(encoding="utf-8")
    eartag.write_text(text.replace("holding_id", "holding_no").replace("holding: holding_no", "holding: holding_id"),
                      encoding="utf-8")
    found = errors_of(eartag)
    assert any(SERIES in e and "'holding' must name an attribute of type text or choice (got 'holding_id')" in e
               for e in found), found


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("species: species\n", "species: birth_year\n",
     "'species' must name an attribute of type choice (got 'birth_year')"),
    ("kind: tag_type ", "kind: tag_kind ", "'kind' must name an attribute of type choice (got 'tag_kind')"),
    ("year: birth_year\n      kind", "year: species\n      kind",
     "'year' must name an integer or computed number (got 'species')"),
    ("prefix: print-prefix", "prefix: eid-country-code",
     "'prefix' must name a production field of type text (got 'eid-country-code')"),
    ("eid_country: eid-country-code", "eid_country: country-code",
     "'eid_country' must name a production field of type integer (got 'country-code')"),
    ("inside: [inside-line-1, inside-line-2]", "inside: [inside-line-1, inside-line-3]",
     "'inside' must name a production field of type text (got 'inside-line-3')"),
    ("allocate: purpose != replacement", "allocate: purpose",
     "expected a condition (true/false), got choice 'purpose'"),
    ("      year: birth_year\n      kind", "      kind", "a number series allocated by 'holding' needs 'year' too"),
])
def test_a_series_parameter_that_names_the_wrong_thing_is_located(eartag: Path, old: str, new: str,
                                                                  expected: str) -> None:
    edit_file(eartag, old, new)
    found = errors_of(eartag)
    assert any(e.startswith("eartag/eartag.yaml:") and SERIES in e and expected in e for e in found), found


def test_a_delivery_week_names_an_integer_year(eartag: Path) -> None:
    edit_file(eartag, "type: delivery_week          # the order is delivered by the Monday of this week of the "
                      "year of birth\n      year: birth_year", "type: delivery_week\n      year: colour")
    found = errors_of(eartag)
    assert any("production item 'delivery-week'" in e and "'year' must name an integer" in e for e in found), found


def test_the_specification_follows_the_declared_parameters(eartag: Path) -> None:
    model = load_model(eartag).model
    values = {**TAGS, "tag_type": "e24", "holding_id": "7654321", "series_number": 101, "tag_count": 40,
              "expected_birth_week": 12}
    from configurator.core.model.computed import with_computed

    spec = specification(model, with_computed(values, model), 1)
    series = spec.series
    assert series is not None
    assert (series.holding_id, series.species, series.kind, series.allocate) == (
        "7654321", "sheep", "e24", True)
    assert series.eid_country == 578 and series.count == 40
    first = tags(series)[0]
    assert first.eid.startswith("5787654321") and first.printed.startswith("MT NO 7654321 ")
    delivery = next(f for f in spec.fields if f.type == "delivery_week")
    assert (delivery.value, delivery.year) == (9, series.birth_year)
    replacement = specification(model, with_computed({**values, "purpose": "replacement"}, model), 1)
    assert replacement.series is not None and replacement.series.allocate is False
    assert delivery.year is not None
    assert date.fromisocalendar(delivery.year, delivery.value, 1).isoweekday() == 1
