"""``skredder customer`` and ``skredder settings`` end to end, on a real SQLite file and a settings file in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator.cli import main
from configurator.core.settings import ENV_CONFIG_DIR, load_settings, verify_manager_pin

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's own settings: SKREDDER_CONFIG_DIR is this test's folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv(ENV_CONFIG_DIR, str(folder))
    return folder


@pytest.fixture
def db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An empty catalogue for --database: a new SQLite file, or a new PostgreSQL database (``backend``)."""
    if backend == "postgresql":
        return str(request.getfixturevalue("empty_office_url"))
    return str(tmp_path / "catalogue.sqlite")


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def add(capsys: Capture, db: str, *options: str) -> str:
    code, out, err = run(capsys, "customer", "add", "--database", db, "--language", "en", *options)
    assert (code, err) == (0, ""), err
    return out


@pytest.fixture
def customers(db: str, capsys: Capture) -> str:
    add(capsys, db, "--name", "Equinor ASA", "--org-number", "923 609 016", "--address", "Forusbeen 50",
        "--postcode", "4035", "--city", "Stavanger", "--discount", "5")
    add(capsys, db, "--name", "Brønnøysundregistrene", "--org-number", "974760673", "--city", "Brønnøysund",
        "--postcode", "8910", "--customer-language", "en", "--discount", "2,5")
    add(capsys, db, "--name", "Åse Ødegård", "--person", "--city", "Røros", "--postcode", "7374",
        "--email", "ase@example.no")
    return db


# ------------------------------------------------------------------ customer add


def test_add_prints_the_new_id_and_a_summary(db: str, capsys: Capture) -> None:
    out = add(capsys, db, "--name", "Equinor ASA", "--org-number", "923609016", "--city", "Stavanger")
    assert out == "Customer 1: Equinor ASA, org. no. 923 609 016, Stavanger\n"
    code, out, _ = run(capsys, "--language", "nb", "--database", db, "customer", "add", "--name", "Kari Nordmann",
                       "--person", "--city", "Røros")
    assert (code, out) == (0, "Kunde 2: Kari Nordmann, Røros\n")


def test_invalid_customer_prints_every_error_and_stores_nothing(db: str, capsys: Capture) -> None:
    code, out, err = run(capsys, "customer", "add", "--database", db, "--language", "en", "--name", " ",
                         "--org-number", "923609017", "--email", "kari@", "--postcode", "737", "--discount", "fem")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "The name is required.",
        "'923609017' is not a valid organisation number (9 digits with a correct check digit).",
        "'kari@' is not a valid e-mail address.",
        "'737' is not a Norwegian postcode (4 digits).",
        "'fem' is not a discount: write a percentage from 0 to 100, e.g. 5 or 2,5",
        "The customer was not stored.",
    ]
    code, _, err = run(capsys, "customer", "add", "--database", db, "--language", "nb", "--name", "Røros Bygg",
                       "--discount", "101")
    assert code == 1
    assert err.splitlines() == ["Et firma må ha organisasjonsnummer.",
                                "Rabatten må være mellom 0 og 100 % (fikk 101 %).",
                                "Kunden ble ikke lagret."]
    code, out, _ = run(capsys, "customer", "list", "--database", db, "--language", "en")
    assert (code, out) == (0, "No customers found.\n")


# ------------------------------------------------------------------ customer list, search, show


def table(out: str) -> list[list[str]]:
    return [line.split("  ") for line in out.splitlines()]


def test_list_shows_a_table(customers: str, capsys: Capture) -> None:
    code, out, _ = run(capsys, "customer", "list", "--database", customers, "--language", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "Name", "Org.", "no.", "City", "Language", "Discount"]
    assert [line.split()[1] for line in lines[1:]] == ["Brønnøysundregistrene", "Equinor", "Åse"]  # Norwegian order
    assert "974 760 673" in lines[1] and "2.5 %" in lines[1] and " en " in lines[1]
    assert "923 609 016" in lines[2] and "Stavanger" in lines[2] and "5 %" in lines[2]
    code, out, _ = run(capsys, "--language", "nb", "customer", "list", "--database", customers)
    assert out.splitlines()[0].split() == ["Nr.", "Navn", "Org.nr.", "Sted", "Språk", "Rabatt"]
    assert "2,5 %" in out


@pytest.mark.parametrize(("search", "found"), [
    ("equinor", ["Equinor ASA"]),
    ("ØDEGÅRD", ["Åse Ødegård"]),
    ("røros", ["Åse Ødegård"]),
    ("brønnøysund", ["Brønnøysundregistrene"]),
    ("923609016", ["Equinor ASA"]),
    ("974 760 673", ["Brønnøysundregistrene"]),
    ("609", ["Equinor ASA"]),
    ("stavanger equinor", ["Equinor ASA"]),
])
def test_search_by_name_number_and_place(customers: str, capsys: Capture, search: str, found: list[str]) -> None:
    code, out, _ = run(capsys, "customer", "list", search, "--database", customers, "--language", "en")
    assert code == 0
    rows = out.splitlines()[1:]
    assert len(rows) == len(found)
    assert all(name in row for name, row in zip(found, rows, strict=True))


def test_search_without_hits(customers: str, capsys: Capture) -> None:
    code, out, _ = run(capsys, "customer", "list", "Tromsø", "--database", customers, "--language", "nb")
    assert (code, out) == (0, "Fant ingen kunder.\n")


def test_show_one_customer(customers: str, capsys: Capture) -> None:
    code, out, _ = run(capsys, "customer", "show", "1", "--database", customers, "--language", "en")
    assert code == 0
    assert out.splitlines() == [
        "Customer 1",
        "  Kind: company",
        "  Name: Equinor ASA",
        "  Org. no.: 923 609 016",
        "  Contact person:",
        "  E-mail:",
        "  Phone:",
        "  Billing address: Forusbeen 50, 4035 Stavanger",
        "  Delivery address: (same as the billing address)",
        "  Language: nb",
        "  Discount: 5 %",
        "  Notes:",
    ]
    code, out, _ = run(capsys, "customer", "show", "3", "--database", customers, "--language", "nb")
    assert "  Type: privatperson" in out.splitlines()
    assert "  E-post: ase@example.no" in out.splitlines()


def test_show_and_edit_an_unknown_customer(customers: str, capsys: Capture) -> None:
    assert run(capsys, "customer", "show", "99", "--database", customers, "--language", "en") == (
        1, "", "There is no customer with number 99.\n")
    assert run(capsys, "customer", "edit", "99", "--city", "Oslo", "--database", customers, "--language", "nb") == (
        1, "", "Det finnes ingen kunde med nummer 99.\n")


# ------------------------------------------------------------------ customer edit


def test_edit_changes_only_the_options_given(customers: str, capsys: Capture) -> None:
    code, out, _ = run(capsys, "customer", "edit", "1", "--city", "Oslo", "--postcode", "0185", "--discount", "7,5",
                       "--database", customers, "--language", "en")
    assert (code, out) == (0, "Customer 1: Equinor ASA, org. no. 923 609 016, Oslo\n")
    _, out, _ = run(capsys, "customer", "show", "1", "--database", customers, "--language", "en")
    assert "  Billing address: Forusbeen 50, 0185 Oslo" in out.splitlines()
    assert "  Discount: 7.5 %" in out.splitlines()


def test_edit_refuses_invalid_data_and_keeps_the_old(customers: str, capsys: Capture) -> None:
    code, out, err = run(capsys, "customer", "edit", "3", "--org-number", "923609010", "--database", customers,
                         "--language", "en")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "'923609010' is not a valid organisation number (9 digits with a correct check digit).",
        "The customer was not stored."]
    _, out, _ = run(capsys, "customer", "show", "3", "--database", customers, "--language", "en")
    assert "  Kind: private person" in out.splitlines()


def test_edit_a_person_into_a_company_and_back(customers: str, capsys: Capture) -> None:
    code, _, _ = run(capsys, "customer", "edit", "3", "--org-number", "987654309", "--name", "Ødegård Snekkeri AS",
                     "--database", customers, "--language", "en")
    assert code == 0
    code, out, _ = run(capsys, "customer", "edit", "3", "--person", "--name", "Åse Ødegård", "--database", customers,
                       "--language", "en")
    assert (code, out) == (0, "Customer 3: Åse Ødegård, Røros\n")


# ------------------------------------------------------------------ settings


def test_settings_show_defaults(capsys: Capture, config_folder: Path) -> None:
    code, out, _ = run(capsys, "settings", "show", "--language", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Settings file: {config_folder / 'settings.json'} (not created yet; these are the defaults)"
    assert "vat_percent: 25" in lines
    assert "discount_limit_percent: 15" in lines
    assert "quote_validity_days: 30" in lines
    assert "manager_pin: (not set)" in lines
    assert not (config_folder / "settings.json").exists()


def test_settings_set_and_show(capsys: Capture, config_folder: Path) -> None:
    file = config_folder / "settings.json"
    assert run(capsys, "settings", "set", "company.name", "Røros Dører og Vinduer AS", "--language", "en") == (
        0, f"Saved in {file}: company.name = Røros Dører og Vinduer AS\n", "")
    assert run(capsys, "--language", "nb", "settings", "set", "discount_limit_percent", "12,5") == (
        0, f"Lagret i {file}: discount_limit_percent = 12,5\n", "")
    for key, value in (("vat_percent", "25"), ("salesperson", "Kari Nordmann"),
                       ("company.org_number", "923 609 016")):
        assert run(capsys, "settings", "set", key, value)[0] == 0
    assert run(capsys, "settings", "set", "company.address_lines", "Kjerkgata 1", "7374 Røros")[0] == 0
    code, out, _ = run(capsys, "settings", "show", "--language", "nb")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Innstillingsfil: {file}"
    for expected in ("salesperson: Kari Nordmann", "company.name: Røros Dører og Vinduer AS",
                     "company.address_lines: Kjerkgata 1 / 7374 Røros", "company.org_number: 923 609 016",
                     "discount_limit_percent: 12,5", "vat_percent: 25"):
        assert expected in lines
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["company"]["org_number"] == "923609016"
    assert load_settings().salesperson == "Kari Nordmann"


def test_settings_set_refuses_bad_values(capsys: Capture, config_folder: Path) -> None:
    assert run(capsys, "settings", "set", "vat_percent", "mye", "--language", "en") == (
        1, "", "vat_percent: must be a number from 0 to 100\n")
    assert run(capsys, "settings", "set", "salesperson", "Kari", "Nordmann", "--language", "en") == (
        1, "", "'salesperson' takes one value; put a value with spaces in quotes\n")
    code, _, err = run(capsys, "settings", "set", "vat", "25", "--language", "nb")
    assert code == 1 and err.startswith("'vat' er ikke en innstilling Skredder kjenner (kjente: salesperson, ")
    assert not (config_folder / "settings.json").exists()


def test_settings_set_pin(capsys: Capture, config_folder: Path) -> None:
    file = config_folder / "settings.json"
    assert run(capsys, "settings", "set-pin", "12", "--language", "nb") == (1, "", "Leder-PIN må være 4 til 8 sifre.\n")
    assert run(capsys, "settings", "set-pin", "2468", "--language", "en") == (
        0, f"The manager PIN is set (only its hash is kept, in {file}).\n", "")
    assert "2468" not in file.read_text(encoding="utf-8")
    assert verify_manager_pin(load_settings(), "2468")
    _, out, _ = run(capsys, "settings", "show", "--language", "en")
    assert "manager_pin: (set)" in out.splitlines()
    # a PIN is set: changing it needs the old one (a salesperson cannot set their own and approve)
    assert run(capsys, "settings", "set-pin", "1111", "--old-pin", "9999", "--language", "nb") == (
        1, "", "PIN-koden ble ikke endret: Feil leder-PIN.\n")
    assert verify_manager_pin(load_settings(), "2468")
    assert run(capsys, "settings", "set-pin", "1111", "--old-pin", "2468", "--language", "en")[0] == 0
    assert verify_manager_pin(load_settings(), "1111")


def test_a_broken_settings_file_is_reported(capsys: Capture, config_folder: Path) -> None:
    config_folder.mkdir()
    file = config_folder / "settings.json"
    file.write_text('{\n  "vat_percent": 25,\n  "language" "nb"\n}\n', encoding="utf-8")
    code, out, err = run(capsys, "settings", "show", "--language", "nb")
    assert (code, out) == (1, "")
    assert err == f"{file}, linje 3, kolonne 14: dette er ikke gyldig JSON (Expecting ':' delimiter)\n"
    assert run(capsys, "settings", "set", "vat_percent", "25", "--language", "en")[0] == 1


def test_settings_set_the_quotes_price_build_up(capsys: Capture, config_folder: Path) -> None:
    file = config_folder / "settings.json"
    assert "quote.show_breakdown: false" in run(capsys, "settings", "show")[1].splitlines()
    assert run(capsys, "settings", "set", "quote.show_breakdown", "ja", "--language", "nb") == (
        0, f"Lagret i {file}: quote.show_breakdown = true\n", "")
    assert load_settings().quote.show_breakdown
    assert run(capsys, "settings", "set", "quote.show_breakdown", "kanskje", "--language", "en") == (
        1, "", "quote.show_breakdown: must be true or false\n")


# ------------------------------------------------------------------ duplicates, delete and merge


def test_a_second_customer_with_the_same_organisation_number_is_refused_unless_allowed(customers: str,
                                                                                      capsys: Capture) -> None:
    code, out, err = run(capsys, "customer", "add", "--database", customers, "--language", "en", "--name",
                         "Equinor Energy", "--org-number", "923609016")
    assert (code, out) == (1, "")
    assert "Another customer has organisation number 923 609 016: Equinor ASA (1)" in err
    code, _, err = run(capsys, "customer", "edit", "2", "--database", customers, "--language", "nb",
                       "--org-number", "923609016")
    assert code == 1 and "En annen kunde har organisasjonsnummer 923 609 016: Equinor ASA (1)" in err
    code, out, _ = run(capsys, "customer", "list", "--database", customers, "--language", "en")
    assert "Equinor Energy" not in out and out.count("923 609 016") == 1  # nothing was stored
    add(capsys, customers, "--name", "Equinor Energy", "--org-number", "923609016", "--allow-duplicate")
    code, out, _ = run(capsys, "customer", "edit", "1", "--database", customers, "--language", "en",
                       "--city", "Oslo")  # its own number is no duplicate of itself... but customer 4 has it now
    assert code == 1 and "Equinor Energy (4)" in _


def test_delete_and_merge_from_the_command_line(customers: str, capsys: Capture) -> None:
    from configurator.core.catalogue.db import open_database
    from configurator.core.quoting.service import QuoteService
    from configurator.core.settings import Settings

    with open_database(customers) as database:
        service = QuoteService(database, Settings())
        moved = [service.new_quote(2).number, service.new_quote(2).number]
    code, _, err = run(capsys, "customer", "delete", "2", "--database", customers, "--language", "en")
    assert code == 1 and "Brønnøysundregistrene has 2 quotes and cannot be deleted" in err
    code, out, err = run(capsys, "customer", "merge", "1", "2", "--database", customers, "--language", "en")
    assert (code, err) == (0, "")
    assert out == ("Merged customer 2 (Brønnøysundregistrene) into 1 (Equinor ASA): 2 quotes moved; "
                   "Brønnøysundregistrene is deleted.\n")
    with open_database(customers) as database:
        service = QuoteService(database, Settings())
        assert {service.quote(number).customer_id for number in moved} == {1}
    code, _, err = run(capsys, "customer", "show", "2", "--database", customers, "--language", "en")
    assert code == 1
    code, out, _ = run(capsys, "customer", "delete", "3", "--database", customers, "--language", "nb")
    assert (code, out) == (0, "Slettet kunde 3: Åse Ødegård.\n")
    code, _, err = run(capsys, "customer", "merge", "1", "1", "--database", customers, "--language", "en")
    assert code == 1 and "cannot be merged into itself" in err
