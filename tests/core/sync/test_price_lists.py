"""Price-list updates from real .xlsx and .csv files against a real SQLite catalogue: read, checked against the
installed catalogue (errors with their rows, in nb and en, nothing changed), new model versions, the quotes
re-checked, rollback; and the command line."""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from configurator.cli import main
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.unit import reading
from configurator.core.quoting.service import QuoteService
from configurator.core.sync.errors import PackageError
from configurator.core.sync.importer import apply_import, prepare_import, roll_back
from configurator.core.sync.keys import parse_public
from configurator.core.sync.pricelist import apply_price_list, prepare_price_list, write_price_list_template
from configurator.core.sync.recheck import recheck_quotes
from configurator.core.sync.service import PackageService
from tests.helpers.kill_kit import dump
from tests.helpers.package_kit import make_key, make_package, models_copy
from tests.helpers.quoting_kit import TODAY, WINDOW, add_customer

DAY = date(2026, 12, 1)
PRICES = [
    ("window", "base", 7100, DAY),  # {rate: 6800, per: area_m2}: the rate
    ("window", "glazing=triple", "900,00", DAY),  # {rate: 850, per: area_m2}
    ("window", "large-window-handling", 950, DAY),  # a surcharge
    ("window", "minimum", "4 100", DAY),
    ("chair", "seat_variant.puls_plus", 1250.5, "01.12.2026"),
    ("chair", "footring", 1390, DAY.isoformat()),  # a boolean's price
]


def _in_force(database: Database, family: str, day: date = TODAY) -> tuple[str, dict]:
    with reading(database) as unit:
        version = unit.models.latest_version(family, day)
        assert version is not None
        return version.version, version.document["model"]


def test_an_xlsx_price_list_becomes_new_model_versions(tmp_path: Path, database: Database,
                                                       service: QuoteService) -> None:
    quote = service.new_quote(add_customer(database)).number
    service.add_line(quote, "window", WINDOW, complete=True)
    service.send(quote)
    old_unit = service.quote(quote).current.lines[0].unit_price_ore
    prices = tmp_path / "prices.xlsx"
    write_price_list_template(prices, PRICES)

    plan = prepare_price_list(database, prices)
    assert [v.version for v in plan.versions] == ["2026.1+20261201", "2026.1+20261201"]
    shown = [c.render("en").replace("\xa0", " ") for c in plan.changes]
    assert "chair: price of seat_variant = puls_plus: NOK 1,100.00 → NOK 1,250.50 (+13.7 %)" in shown
    assert "window: price of surcharge large-window-handling: NOK 900.00 → NOK 950.00 (+5.6 %)" in shown
    assert "window: model version 2026.1 → 2026.1+20261201" in shown
    assert any(c.render("nb").startswith("window: pris på minimum") for c in plan.changes)
    assert any(s.startswith("window: the model's test case 'roros-heritage-1200x1400' no longer holds with the new "
                            "prices: the unit price is ") for s in shown)  # the publisher is told to update it
    assert _in_force(database, "window")[0] == "2026.1"  # preparing wrote nothing

    stored, snapshot = apply_price_list(database, plan, user="kari")
    assert stored == 2 and snapshot is not None and snapshot.exists()
    version, model = _in_force(database, "window")
    assert version == "2026.1+20261201" and model["effective"] == "2026-12-01"
    assert model["pricing"]["base"] == {"rate": 7100, "per": "area_m2"}
    assert model["pricing"]["minimum"] == 4100
    glazing = next(a for a in model["attributes"] if a["id"] == "glazing")
    assert next(o for o in glazing["options"] if o["id"] == "triple")["price"]["rate"] == 900
    chair = _in_force(database, "chair")[1]
    assert next(a for a in chair["attributes"] if a["id"] == "footring")["price"] == 1390
    seat = next(a for a in chair["attributes"] if a["id"] == "seat_variant")
    assert next(o for o in seat["options"] if o["id"] == "puls_plus")["price"] == Decimal("1250.50")
    assert _in_force(database, "window", date(2026, 11, 30))[0] == "2026.1"  # the old prices before the date

    check = next(c for c in recheck_quotes(database, TODAY) if c.number == quote)
    assert check.status == "price" and check.new_unit is not None and check.new_unit > check.old_unit
    assert service.quote(quote).current.lines[0].unit_price_ore == old_unit  # quotes stay pinned
    with reading(database) as unit:
        history = unit.imports.list(limit=1)[0]
    assert history.source == "prices.xlsx" and history.summary["kind"] == "prices"
    assert history.summary["families"] == ["chair", "window"]

    again = prepare_price_list(database, prices)  # the same prices again: nothing to do
    assert again.no_op and again.same_file
    assert roll_back(database, user="kari") == (0, 0)
    assert _in_force(database, "window")[0] == "2026.1"
    assert next(c for c in recheck_quotes(database, TODAY) if c.number == quote).status == "unchanged"


def test_prices_with_two_dates_make_two_versions(tmp_path: Path, database: Database) -> None:
    prices = tmp_path / "prices.csv"
    write_price_list_template(prices, [("window", "base", 7100, "2026-12-01"),
                                       ("window", "base", 7300, "2027-03-01"),
                                       ("window", "minimum", 4000, "2026-12-01")])
    plan = prepare_price_list(database, prices)
    assert [(v.version, v.effective) for v in plan.versions] == [
        ("2026.1+20261201", date(2026, 12, 1)), ("2026.1+20270301", date(2027, 3, 1))]
    apply_price_list(database, plan)
    assert _in_force(database, "window", date(2027, 2, 28))[1]["pricing"]["base"]["rate"] == 7100
    later = _in_force(database, "window", date(2027, 3, 1))[1]["pricing"]
    assert later["base"]["rate"] == 7300 and later["minimum"] == 4000  # the later version keeps the earlier row


def test_a_csv_from_a_norwegian_excel(tmp_path: Path, database: Database) -> None:
    """Semicolons, bokmål headers, decimal commas and Windows-1252 text, as Excel writes it in Norway."""
    prices = tmp_path / "priser.csv"
    prices.write_bytes("Familie;Alternativ eller prisledd;Ny pris;Gyldig fra;Merknad\r\n"
                       "window;glazing=triple;875,50;01.12.2026;økt glasspris\r\n".encode("cp1252"))
    plan = prepare_price_list(database, prices)
    assert len(plan.versions) == 1 and len(plan.rows) == 1
    assert any("875" in c.render("nb") for c in plan.changes if c.kind == "price")


def test_errors_name_their_rows_in_both_languages_and_change_nothing(tmp_path: Path, database: Database,
                                                                     database_file: Path) -> None:
    before = dump(database_file)
    prices = tmp_path / "prices.xlsx"
    write_price_list_template(prices, [
        ("window", "base", 7100, DAY),
        ("windw", "base", 7100, DAY),  # row 3
        ("window", "glazing=tripel", 900, DAY),  # row 4
        ("window", "base", "mange penger", DAY),  # row 5
        ("window", "minimum", 4000, "i morgen"),  # row 6
        ("chair", "base", 9000, DAY),  # row 7: a formula
        ("window", "base", 7200, DAY),  # row 8: base listed twice
        ("window", "glazing", 100, DAY),  # row 9: a choice without its option
        ("window", "base", 12.345, DAY),  # row 10
        ("window", "frobnicate", 1, DAY),  # row 11
        ("window", None, 1, DAY),  # row 12
    ])
    with pytest.raises(PackageError) as caught:
        prepare_price_list(database, prices)
    en, nb = caught.value.render("en"), caught.value.render("nb")
    assert en.startswith("prices.xlsx: 10 problems in the price list; nothing was imported")
    for expected in ("prices.xlsx, row 3: column 'family': unknown product family 'windw' (did you mean 'window'?)",
                     "row 4: column 'option or price item': 'glazing' has no option 'tripel' (did you mean "
                     "'triple'?)",
                     "row 5: column 'new price': 'mange penger' is not an amount",
                     "row 6: column 'valid from': 'i morgen' is not a date",
                     "row 7: column 'new price': this price is a formula in the model",
                     "row 8: column 'option or price item': base of window from 2026-12-01 is listed twice (rows 2 "
                     "and 8)",
                     "row 9: column 'option or price item': 'glazing' is a choice: write the option as glazing=",
                     "row 10: column 'new price': '12.345' has more than two decimals",
                     "row 11: column 'option or price item': unknown price item 'frobnicate'",
                     "row 12: column 'option or price item': empty"):
        assert expected in en, en
    assert "prices.xlsx, rad 3: kolonne" in nb and "ukjent produktfamilie 'windw'" in nb
    assert dump(database_file) == before


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("truncated.xlsx", b"PK\x03\x04 this is not the rest of a workbook", "not an Excel workbook"),
    ("text.xlsx", b"family;item\n", "not an Excel workbook"),
    ("empty.csv", b"", "the price list is empty"),
    ("header.csv", b"family;item;new price;valid from\n", "a header row but no prices"),
    ("columns.csv", b"family;price\nwindow;7100\n", "lacks the columns 'item', 'valid from'"),
    ("nul.csv", b"family\0;item\n", "not a CSV text file"),
    ("quote.csv", b'family;item;new price;valid from\n"window;base;1;2026-12-01\n', "CSV file cannot be read"),
])
def test_broken_files_are_refused_with_a_clear_error(tmp_path: Path, database: Database, database_file: Path, *,
                                                     name: str, content: bytes, expected: str) -> None:
    before = dump(database_file)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(PackageError) as caught:
        prepare_price_list(database, path)
    assert expected in caught.value.render("en") and caught.value.render("nb") != caught.value.render("en")
    assert caught.value.render("en").startswith(name)
    assert dump(database_file) == before


def test_a_workbook_bomb_and_entities_are_refused(tmp_path: Path, database: Database) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(PackageError, match="zip bomb"):
        prepare_price_list(database, bomb)
    good = tmp_path / "good.xlsx"
    write_price_list_template(good, [("window", "base", 7100, DAY)])
    evil = tmp_path / "entities.xlsx"  # a billion-laughs entity in the shared strings: defusedxml refuses it
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
                        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + data)
            target.writestr(info, data)
    with pytest.raises(PackageError, match=r"declares entities or a DTD \(EntitiesForbidden"):
        prepare_price_list(database, evil)


def test_a_price_list_over_a_signed_package_and_the_next_package(tmp_path: Path, database: Database) -> None:
    key, _key_id, public = make_key(tmp_path)
    PackageService(database).trust_key(parse_public(public))
    models = models_copy(tmp_path, ("chair", "window"))
    apply_import(database, prepare_import(database, make_package(models, key, tmp_path / "v1.skcat", version=1),
                                          today=TODAY))
    prices = tmp_path / "prices.xlsx"
    write_price_list_template(prices, [("window", "base", 7100, DAY)])
    with pytest.raises(PackageError, match="unknown product family 'eartag'"):  # withdrawn by the package
        bad = tmp_path / "bad.csv"
        write_price_list_template(bad, [("eartag", "base", 1, DAY)])
        prepare_price_list(database, bad)
    apply_price_list(database, prepare_price_list(database, prices))
    assert _in_force(database, "window")[0] == "2026.1+20261201"
    installs = PackageService(database).installs()
    assert [(i.version, i.state) for i in installs][-1] == (1, "active")
    plan = prepare_import(database, make_package(models, key, tmp_path / "v2.skcat", version=2), today=TODAY)
    assert any("7,100.00 → " in c.render("en").replace("\xa0", " ") or "rate: 7100" in c.render("en")
               for c in plan.changes)
    apply_import(database, plan)
    assert _in_force(database, "window")[0] == "2026.1"  # the package's own model is in force again
    assert roll_back(database) == (2, 1)
    assert _in_force(database, "window")[0] == "2026.1+20261201"


def test_the_command_line_imports_a_price_list(tmp_path: Path, database_file: Path, service: QuoteService,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = ["--database", str(database_file), "--language", "en"]
    quote = service.new_quote(add_customer(service.database)).number
    service.add_line(quote, "window", WINDOW, complete=True)
    prices = tmp_path / "prices.xlsx"
    workbook = openpyxl.Workbook()  # as a person makes it in Excel: a title-cased header, a date cell
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Family", "Option or price item", "New price", "Valid from", "Old price"])
    sheet.append(["window", "glazing=triple", 900, DAY, 850])
    workbook.save(prices)
    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert main(["catalogue", "import", str(prices), *db]) == 1
    out = capsys.readouterr().out
    assert "prices.xlsx: price list, 1 prices, new model versions of window" in out
    assert "Nothing was changed." in out
    assert main(["catalogue", "import", str(prices), "--yes", *db]) == 0
    out = capsys.readouterr().out
    assert "1 model versions stored with the new prices" in out and quote in out and "price only" in out
    assert main(["catalogue", "import", str(prices), "--yes", *db]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert main(["catalogue", "installs", *db]) == 0
    assert "price list" in capsys.readouterr().out
    assert main(["catalogue", "rollback", "--database", str(database_file), "--language", "nb"]) == 0
    assert "Prislisten prices.xlsx er rullet tilbake" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("family;item;new price;valid from\nwindow;glazing=quad;900;2026-12-01\n", encoding="utf-8")
    assert main(["catalogue", "import", str(bad), "--yes", "--database", str(database_file), "--language",
                 "nb"]) == 1
    err = capsys.readouterr().err
    assert "bad.csv, rad 2: kolonne" in err and "'quad'" in err
