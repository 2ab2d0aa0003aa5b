"""The manager PIN: changing it needs the old one; wrong tries in a row make the next one wait longer."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.core import settings as settings_module
from configurator.core.settings import (
    ENV_CONFIG_DIR,
    Settings,
    SettingsError,
    change_manager_pin,
    check_manager_pin,
    pin_delay_seconds,
    set_manager_pin,
    verify_manager_pin,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Clock:
    monkeypatch.setenv(ENV_CONFIG_DIR, str(tmp_path / "config"))
    fake = Clock()
    monkeypatch.setattr(settings_module, "_clock", fake)
    return fake


def render(problem: object) -> tuple[str, str]:
    assert problem is not None
    return problem.render("nb"), problem.render("en")  # type: ignore[attr-defined]


def test_changing_the_pin_needs_the_old_one(clock: Clock) -> None:
    settings = set_manager_pin(Settings(), "4711")
    with pytest.raises(SettingsError) as refused:
        change_manager_pin(settings, "9999", None)
    assert refused.value.render("en") == "The PIN was not changed: Wrong manager PIN."
    assert refused.value.render("nb") == "PIN-koden ble ikke endret: Feil leder-PIN."
    with pytest.raises(SettingsError):
        change_manager_pin(settings, "9999", "4712")
    changed = change_manager_pin(settings, "9999", "4711")
    assert verify_manager_pin(changed, "9999") and not verify_manager_pin(changed, "4711")
    assert verify_manager_pin(change_manager_pin(Settings(), "1234", None), "1234")  # the first PIN: none to give


def test_wrong_pins_in_a_row_make_the_next_try_wait_longer(clock: Clock) -> None:
    settings = set_manager_pin(Settings(), "4711")
    assert check_manager_pin(settings, "4711") is None
    assert render(check_manager_pin(settings, "0000")) == ("Feil leder-PIN.", "Wrong manager PIN.")
    check_manager_pin(settings, "0001")
    assert render(check_manager_pin(settings, "0002"))[1] == (
        "Wrong manager PIN. The next try is possible in 30 seconds.")
    # during the wait even the right PIN is not looked at
    assert render(check_manager_pin(settings, "4711")) == (
        "For mange feil leder-PIN-er; prøv igjen om 30 sekunder.",
        "Too many wrong manager PINs; try again in 30 seconds.")
    clock.now += 31
    assert render(check_manager_pin(settings, "0003"))[1].endswith("in 60 seconds.")  # doubled
    clock.now += 59
    assert check_manager_pin(settings, "4711") is not None
    clock.now += 2
    assert check_manager_pin(settings, "4711") is None  # right: the count starts again
    assert render(check_manager_pin(settings, "0000"))[1] == "Wrong manager PIN."
    assert [pin_delay_seconds(n) for n in (0, 2, 3, 4, 5, 10, 99)] == [0, 0, 30, 60, 120, 3600, 3600]


def test_a_broken_attempts_file_never_stops_the_check(clock: Clock, tmp_path: Path) -> None:
    settings = set_manager_pin(Settings(), "4711")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "pin-attempts.json").write_text("[" * 100_000, encoding="utf-8")
    assert check_manager_pin(settings, "4711") is None
    assert render(check_manager_pin(Settings(), "4711"))[1].startswith("No manager PIN is set")


# ------------------------------------------------------------------ hostile settings files


CANNOT_HOLD = "is not a number a setting can hold"


@pytest.mark.parametrize(("text", "expected"), [
    ('{\n"quote_validity_days": 1' + "0" * 5000 + "}", f"line 2: 10000000000000000000... {CANNOT_HOLD}"),
    ('{\n\n"vat_percent": 1e999999999999999999999}', f"line 3: 1e999999999999999999... {CANNOT_HOLD}"),
    ('{"salesperson": "\\ud800"}', "line 1: the text has an escape that is no character (\\ud800)"),
    ('{"company": {\n"name": "a\\udfffb"}}', "line 2: the text has an escape that is no character (\\udfff)"),
])
def test_numbers_and_texts_no_setting_can_hold_are_located(clock: Clock, tmp_path: Path, text: str,
                                                          expected: str) -> None:
    from configurator.core.settings import load_settings, settings_path

    file = settings_path()
    file.parent.mkdir(parents=True)
    file.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert refused.value.render("en") == f"{file}, {expected}"
    assert refused.value.render("nb").startswith(f"{file}, linje ")


def test_a_fifo_as_settings_file_or_logo_never_hangs(clock: Clock, tmp_path: Path) -> None:
    import os

    from configurator.core.settings import load_settings, logo_problem, set_value, settings_path

    file = settings_path()
    file.parent.mkdir(parents=True)
    os.mkfifo(file)  # nobody writes into it: a blocking read would wait for ever
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert refused.value.render("en") == (f"Cannot read the settings file {file}: this is not a regular file "
                                          "(a folder, a device or a pipe)")
    fifo = tmp_path / "logo.png"
    os.mkfifo(fifo)
    with pytest.raises(SettingsError, match="is not an image Skredder can read"):
        set_value(Settings(), "company.logo_path", str(fifo))
    from dataclasses import replace

    from configurator.core.settings import CompanySettings

    problem = logo_problem(replace(Settings(), company=CompanySettings(logo_path=fifo)))
    assert problem is not None and "not a regular file" in problem.render("en")
    from configurator.core.quoting.frozen import company_block

    block = company_block({"logo_path": str(fifo), "name": "A", "address_lines": [], "org_number": "",
                           "phone": "", "email": "", "web": ""})
    assert block.logo_png is None


@pytest.mark.parametrize("text", ["\\u001b[2JRed", "bell\\u0007", "abc\\u202edef"])
def test_control_characters_in_settings_texts_are_refused_with_their_line(clock: Clock, text: str) -> None:
    from configurator.core.settings import load_settings, settings_path

    file = settings_path()
    file.parent.mkdir(parents=True)
    file.write_text('{\n  "company": {\n    "name": "' + text + '"\n  }\n}\n', encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert refused.value.render("en").startswith(f"{file}, line 3: company.name: contains the control character U+")
