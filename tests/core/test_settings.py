"""Local settings: defaults, round trip, every kind of broken file with its line, the manager PIN, approvals."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from configurator.core.i18n import Text
from configurator.core.settings import (
    ENV_CONFIG_DIR,
    CompanySettings,
    Settings,
    SettingsError,
    config_dir,
    load_settings,
    logo_problem,
    needs_approval,
    save_settings,
    set_manager_pin,
    set_value,
    settings_path,
    verify_manager_pin,
)


@pytest.fixture(autouse=True)
def config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never the user's own config folder: SKREDDER_CONFIG_DIR is this test's folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv(ENV_CONFIG_DIR, str(folder))
    return folder


def write(text: str) -> Path:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(language: str) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings()
    return caught.value.render(language).splitlines()


FULL = Settings(
    salesperson="Kari Nordmann",
    company=CompanySettings(name="Røros Dører og Vinduer AS", address_lines=("Kjerkgata 1", "7374 Røros"),
                            org_number="923609016", phone="+47 72 41 00 00", email="post@rorosdorer.no",
                            web="https://rorosdorer.no"),
    vat_percent=Decimal("12.50"),
    discount_limit_percent=Decimal(10),
    quote_validity_days=14,
    terms=Text(nb="Betaling 10 dager netto.", en="Payment 10 days net."),
    language="en",
    manager_name="Ola Nordmann",
)


# ------------------------------------------------------------------ where and what


def test_the_config_folder_follows_the_environment(config_folder: Path) -> None:
    assert config_dir() == config_folder
    assert settings_path() == config_folder / "settings.json"


def test_missing_file_gives_the_defaults() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.vat_percent == Decimal(25)
    assert settings.discount_limit_percent == Decimal(15)
    assert settings.quote_validity_days == 30
    assert "14 dager netto" in settings.terms.nb and "NOK" in settings.terms.nb
    assert "14 days net" in settings.terms.en and "NOK" in settings.terms.en
    assert not settings.has_manager_pin


def test_round_trip_keeps_every_value_exactly(config_folder: Path) -> None:
    written = save_settings(FULL)
    assert written == config_folder / "settings.json"
    assert load_settings() == FULL
    assert '"vat_percent": 12.50' in written.read_text(encoding="utf-8")
    assert load_settings().vat_percent == Decimal("12.50")


def test_save_is_atomic_and_private(config_folder: Path) -> None:
    save_settings(Settings())
    save_settings(FULL)
    assert sorted(p.name for p in config_folder.iterdir()) == ["settings.json"]  # no temporary file left behind
    if os.name == "posix":
        assert (config_folder / "settings.json").stat().st_mode & 0o077 == 0


def test_an_explicit_path_is_used(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere" / "mine.json"
    save_settings(FULL, path)
    assert load_settings(path) == FULL
    assert not settings_path().exists()


def test_a_partial_file_keeps_the_other_defaults() -> None:
    write('{"company": {"name": "Røros Dører og Vinduer AS"}, "vat_percent": 25}')
    settings = load_settings()
    assert settings.company.name == "Røros Dører og Vinduer AS"
    assert settings.quote_validity_days == 30


# ------------------------------------------------------------------ broken and hostile files


def test_broken_json_names_file_line_and_column() -> None:
    path = write('{\n  "salesperson": "Kari",\n  "vat_percent": 25\n  "language": "nb"\n}\n')
    assert problems("en") == [f"{path}, line 4, column 3: this is not valid JSON (Expecting ',' delimiter)"]
    assert problems("nb") == [f"{path}, linje 4, kolonne 3: dette er ikke gyldig JSON (Expecting ',' delimiter)"]


def test_wrong_types_name_the_line_and_field_of_each() -> None:
    path = write(json.dumps({
        "salesperson": 7,
        "company": {"name": "AS", "address_lines": "Kjerkgata 1", "org_number": "923609017", "email": "x@"},
        "vat_percent": "25",
        "discount_limit_percent": 100.001,
        "quote_validity_days": 30.5,
        "terms": {"nb": ["Betaling"], "en": "ok"},
        "language": "de",
        "manager_pin_hash": "1234",
    }, indent=2))
    assert problems("en") == [
        f"{path}, line 2: salesperson: must be text (in double quotes)",
        f"{path}, line 5: company.address_lines: must be a list of texts, e.g. [\"Kjerkgata 1\", \"7374 Røros\"]",
        f"{path}, line 6: company.org_number: '923609017' is not a valid organisation number "
        "(9 digits with a correct check digit)",
        f"{path}, line 7: company.email: 'x@' is not a valid e-mail address",
        f"{path}, line 9: vat_percent: must be a number from 0 to 100",
        f"{path}, line 10: discount_limit_percent: must be a number from 0 to 100 with at most two decimals, "
        "not 100.001",
        f"{path}, line 11: quote_validity_days: must be a whole number of days from 1 to 365",
        f"{path}, line 13: terms.nb: must be text (in double quotes)",
        f"{path}, line 18: language: must be \"nb\" or \"en\"",
        f"{path}, line 19: manager_pin_hash: is not a PIN hash made by Skredder; set the PIN again with: "
        "skredder settings set-pin",
    ]
    assert problems("nb")[0] == f"{path}, linje 2: salesperson: må være tekst (i doble anførselstegn)"
    assert problems("nb")[4] == f"{path}, linje 9: vat_percent: må være et tall fra 0 til 100"


@pytest.mark.parametrize(("value", "problem"), [
    ("true", "must be a whole number of days from 1 to 365"),
    ("0", "must be a whole number of days from 1 to 365"),
    ("null", "must be a whole number of days from 1 to 365"),
])
def test_days_must_be_a_whole_number(value: str, problem: str) -> None:
    path = write('{"quote_validity_days": ' + value + "}")
    assert problems("en") == [f"{path}, line 1: quote_validity_days: {problem}"]


def test_unknown_keys_are_reported_with_their_lines() -> None:
    path = write('{\n  "salesperson": "Kari",\n  "vat": 25,\n  "company": {\n    "nmae": "AS"\n  }\n}')
    found = problems("en")
    assert [line.split(" (known:")[0] for line in found] == [
        f"{path}, line 3: vat: is not a setting Skredder knows",
        f"{path}, line 5: company.nmae: is not a setting Skredder knows",
    ]
    assert "company.name, company.address_lines" in found[0]
    assert problems("nb")[0].startswith(f"{path}, linje 3: vat: er ikke en innstilling Skredder kjenner (kjente: ")


def test_groups_must_be_objects_and_the_file_an_object() -> None:
    path = write('{"company": "Røros Dører", "terms": null}')
    assert problems("en") == [f"{path}, line 1: company: must be a group of settings in {{ ... }}",
                              f"{path}, line 1: terms: must be a group of settings in {{ ... }}"]
    write("[1, 2]")
    assert problems("nb") == [f"{path}: innstillingene må være et JSON-objekt ({{ ... }})"]


def test_hostile_files_are_refused_without_running_anything(tmp_path: Path) -> None:
    path = write('{"vat_percent": NaN}')
    assert problems("en") == [f"{path}: NaN is not a number JSON allows"]
    write('{"salesperson": "a", "salesperson": "b"}')
    assert problems("en") == [f"{path}: salesperson: appears twice"]
    write("[" * 100_000 + "]" * 100_000)
    assert problems("en") in ([f"{path}: the settings file is nested too deeply"],
                              [f"{path}: the settings file is larger than 262144 bytes"])
    write('{"salesperson": "' + "x" * 300_000 + '"}')
    assert problems("nb") == [f"{path}: innstillingsfilen er større enn 262144 byte"]
    path.write_bytes(b'{"salesperson": "\xff"}')
    assert problems("en") == [f"{path}: the settings file is not UTF-8 text"]
    write('{"__class__": "os.system", "salesperson": "$(rm -rf ~)"}')
    assert problems("en")[0].startswith(f"{path}, line 1: __class__: is not a setting Skredder knows")


def test_an_unreadable_file_is_a_settings_error(config_folder: Path) -> None:
    settings_path().mkdir(parents=True)  # a folder where the file should be
    message = problems("en")[0]
    assert message.startswith(f"Cannot read the settings file {settings_path()}: ")


# ------------------------------------------------------------------ changing one setting


def test_set_value_parses_what_people_type() -> None:
    settings = set_value(Settings(), "company.name", "Røros Dører og Vinduer AS")
    settings = set_value(settings, "vat_percent", "25")
    settings = set_value(settings, "discount_limit_percent", "12,5")
    settings = set_value(settings, "quote_validity_days", "45")
    settings = set_value(settings, "company.address_lines", "Kjerkgata 1\n7374 Røros")
    settings = set_value(settings, "company.org_number", "974 760 673")
    settings = set_value(settings, "terms.en", "Payment 30 days net.")
    assert settings.company.name == "Røros Dører og Vinduer AS"
    assert settings.vat_percent == Decimal(25)
    assert settings.discount_limit_percent == Decimal("12.5")
    assert settings.quote_validity_days == 45
    assert settings.company.address_lines == ("Kjerkgata 1", "7374 Røros")
    assert settings.company.org_number == "974760673"
    assert settings.terms == Text(nb=Settings().terms.nb, en="Payment 30 days net.")


@pytest.mark.parametrize(("key", "text", "en", "nb"), [
    ("vat_percent", "mye", "vat_percent: must be a number from 0 to 100",
     "vat_percent: må være et tall fra 0 til 100"),
    ("quote_validity_days", "30.5", "quote_validity_days: must be a whole number of days from 1 to 365",
     "quote_validity_days: må være et helt antall dager fra 1 til 365"),
    ("language", "se", 'language: must be "nb" or "en"', 'language: må være "nb" eller "en"'),
    ("manager_pin_hash", "x", "The manager PIN is set with: skredder settings set-pin PIN",
     "Leder-PIN settes med: skredder settings set-pin PIN"),
])
def test_set_value_refuses_wrong_values(key: str, text: str, en: str, nb: str) -> None:
    with pytest.raises(SettingsError) as caught:
        set_value(Settings(), key, text)
    assert caught.value.render("en") == en
    assert caught.value.render("nb") == nb


def test_set_value_refuses_unknown_keys() -> None:
    with pytest.raises(SettingsError) as caught:
        set_value(Settings(), "company.logo", "x.png")
    assert caught.value.render("en").startswith("'company.logo' is not a setting Skredder knows (known: salesperson")
    assert "manager_pin_hash" not in caught.value.render("en")


def test_logo_must_be_a_png_or_jpeg(tmp_path: Path) -> None:
    png, gif, text = tmp_path / "logo.png", tmp_path / "logo.gif", tmp_path / "logo.jpg"
    Image.new("RGB", (40, 20), "darkred").save(png)
    Image.new("RGB", (40, 20), "darkred").save(gif)
    text.write_text("not an image", encoding="utf-8")
    settings = set_value(Settings(), "company.logo_path", str(png))
    assert settings.company.logo_path == png
    assert logo_problem(settings) is None
    with pytest.raises(SettingsError) as caught:
        set_value(Settings(), "company.logo_path", str(gif))
    assert caught.value.render("en") == f"company.logo_path: the logo must be a PNG or JPEG file; {gif} is GIF"
    with pytest.raises(SettingsError) as caught:
        set_value(Settings(), "company.logo_path", str(text))
    assert caught.value.render("nb").startswith(f"company.logo_path: {text} er ikke et bilde Skredder kan lese (")
    assert set_value(settings, "company.logo_path", "").company.logo_path is None
    png.unlink()
    problem = logo_problem(settings)
    assert problem is not None and problem.render("nb") == f"company.logo_path: filen {png} finnes ikke"


# ------------------------------------------------------------------ the manager PIN and approvals


def test_pin_is_kept_only_as_a_salted_scrypt_hash() -> None:
    settings = set_manager_pin(Settings(), "4711")
    assert settings.has_manager_pin
    kind, n, r, p, salt, digest = settings.manager_pin_hash.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 32
    assert verify_manager_pin(settings, "4711")
    assert not verify_manager_pin(settings, "4712")
    assert not verify_manager_pin(settings, "")
    assert set_manager_pin(Settings(), "4711").manager_pin_hash != settings.manager_pin_hash  # a new salt
    assert "4711" not in repr(settings)


def test_the_file_never_contains_the_pin() -> None:
    path = save_settings(set_manager_pin(FULL, "90817263"))
    text = path.read_text(encoding="utf-8")
    assert "90817263" not in text
    loaded = load_settings()
    assert verify_manager_pin(loaded, "90817263")
    assert not verify_manager_pin(loaded, "9081726")


@pytest.mark.parametrize("pin", ["123", "123456789", "12a4", "", "１２３４", "1234 "])
def test_pin_must_be_four_to_eight_digits(pin: str) -> None:
    with pytest.raises(SettingsError) as caught:
        set_manager_pin(Settings(), pin)
    assert caught.value.render("en") == "The manager PIN must be 4 to 8 digits."
    assert caught.value.render("nb") == "Leder-PIN må være 4 til 8 sifre."


def test_no_pin_or_a_costly_hash_never_verifies() -> None:
    assert not verify_manager_pin(Settings(), "1234")
    good = set_manager_pin(Settings(), "1234").manager_pin_hash
    costly = good.replace("scrypt$16384$", "scrypt$67108864$")
    assert not verify_manager_pin(replace(Settings(), manager_pin_hash=costly), "1234")
    path = write(json.dumps({"manager_pin_hash": costly}))
    assert problems("en") == [f"{path}, line 1: manager_pin_hash: is not a PIN hash made by Skredder; "
                              "set the PIN again with: skredder settings set-pin"]


@pytest.mark.parametrize(("discount_bp", "limit", "needed"), [
    (1500, "15", False), (1501, "15", True), (0, "0", False), (1, "0", True), (1250, "12.5", False),
    (1251, "12.5", True), (10_000, "100", False),
])
def test_needs_approval_above_the_limit(discount_bp: int, limit: str, needed: bool) -> None:
    assert needs_approval(discount_bp, replace(Settings(), discount_limit_percent=Decimal(limit))) is needed


def test_the_quote_shows_its_price_breakdown_only_when_set() -> None:
    assert Settings().quote.show_breakdown is False
    for typed, expected in (("true", True), ("ja", True), ("no", False), ("False", False)):
        assert set_value(Settings(), "quote.show_breakdown", typed).quote.show_breakdown is expected
    with pytest.raises(SettingsError) as caught:
        set_value(Settings(), "quote.show_breakdown", "kanskje")
    assert "quote.show_breakdown" in caught.value.render("en")
    saved = set_value(Settings(), "quote.show_breakdown", "true")
    save_settings(saved)
    assert '"show_breakdown": true' in settings_path().read_text(encoding="utf-8")
    assert load_settings() == saved
    write('{"quote": {"show_breakdown": "yes"}}\n')
    assert problems("en") == [f"{settings_path()}, line 1: quote.show_breakdown: must be true or false"]
