"""The settings form: what is saved to settings.json, what is refused, the manager PIN and the language."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from configurator.core.settings import load_settings, verify_manager_pin
from configurator.ui.context import AppContext
from configurator.ui.customer_dialog import ERROR_COLOUR
from configurator.ui.settings_view import SettingsView
from tests.helpers.ui_kit import PIN, has_colour, screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def view(context: AppContext, qtbot: QtBot) -> SettingsView:
    widget = SettingsView(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_the_form_shows_the_settings_in_use(view: SettingsView) -> None:
    assert view.fields["salesperson"].text() == "Kari Nordmann"
    assert view.fields["company.org_number"].text() == "923 609 016"
    assert view.fields["company.address_lines"].toPlainText() == "Kjerkgata 12\n7374 Røros"
    assert view.fields["vat_percent"].text() == "25"
    assert view.pin_state.text() == "En PIN er satt."


def test_the_pin_is_not_changed_without_the_current_one(view: SettingsView, context: AppContext, qtbot: QtBot,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(context, "show_error", lambda _parent, error: shown.append(context.error_text(error)))
    before = context.settings.manager_pin_hash
    qtbot.mouseClick(view.pin_button, Qt.MouseButton.LeftButton)
    dialog = view.pin_dialog
    qtbot.keyClicks(dialog.old, "0000")
    qtbot.keyClicks(dialog.pin, "918273")
    qtbot.keyClicks(dialog.again, "918273")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    assert shown == ["PIN-koden ble ikke endret: Feil leder-PIN."]
    assert dialog.isVisible() and context.settings.manager_pin_hash == before


def test_change_salesperson_and_vat_and_save(view: SettingsView, context: AppContext, qtbot: QtBot) -> None:
    retype(qtbot, view.fields["salesperson"], "Per Selger")
    retype(qtbot, view.fields["vat_percent"], "12,5")
    qtbot.keyClick(view.fields["vat_percent"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S
    assert view.status.text() == "Innstillingene er lagret."
    assert context.settings_path is not None
    stored = json.loads(context.settings_path.read_text(encoding="utf-8"))
    assert stored["salesperson"] == "Per Selger"
    assert stored["vat_percent"] == 12.5
    assert load_settings(context.settings_path).vat_percent == Decimal("12.5")
    assert context.settings.salesperson == "Per Selger"
    assert view.fields["vat_percent"].text() == "12,5"


@pytest.mark.parametrize("vat", ["abc", "120"])
def test_an_invalid_vat_is_refused_with_a_message(view: SettingsView, context: AppContext, qtbot: QtBot,
                                                  vat: str) -> None:
    retype(qtbot, view.fields["salesperson"], "Per Selger")
    retype(qtbot, view.fields["vat_percent"], vat)
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    error = view.errors["vat_percent"]
    assert error.isVisible()
    assert error.text().startswith("må være et tall fra 0 til 100")
    assert view.status.text() == "Ingenting ble lagret: rett feltene som er merket med rødt."
    assert context.settings_path is not None and not context.settings_path.exists()
    assert context.settings.salesperson == "Kari Nordmann"
    context.set_language("en")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert error.text().startswith("must be a number from 0 to 100")
    assert view.status.text() == "Nothing was saved: correct the fields marked in red."


def test_an_invalid_org_number_and_logo_are_refused(view: SettingsView, qtbot: QtBot, tmp_path: Path) -> None:
    retype(qtbot, view.fields["company.org_number"], "923609017")
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("no picture", encoding="utf-8")
    retype(qtbot, view.fields["company.logo_path"], str(not_an_image))
    assert not view.save()
    assert "923609017" in view.errors["company.org_number"].text()
    assert view.errors["company.logo_path"].isVisible()


def test_a_logo_is_previewed_and_saved(view: SettingsView, context: AppContext, qtbot: QtBot,
                                       tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 100), "darkred").save(logo)
    assert view.logo_preview.text() == "Ingen logo"
    retype(qtbot, view.fields["company.logo_path"], str(logo))
    assert not view.logo_preview.pixmap().isNull()
    assert view.save()
    assert context.settings.company.logo_path == logo


def test_set_the_manager_pin(view: SettingsView, context: AppContext, qtbot: QtBot) -> None:
    qtbot.mouseClick(view.pin_button, Qt.MouseButton.LeftButton)
    dialog = view.pin_dialog
    assert dialog.isVisible()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.old, PIN)  # a PIN is set: the current one is asked for
    qtbot.keyClicks(dialog.pin, "12a")
    assert dialog.pin.text() == "12a"
    assert dialog.hint.text() == "PIN-koden må være 4 til 8 sifre."
    dialog.pin.clear()
    qtbot.keyClicks(dialog.pin, "918273")
    qtbot.keyClicks(dialog.again, "918274")
    assert dialog.hint.text() == "De to PIN-kodene er ikke like."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.again, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.again, "3")
    assert dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert context.settings_path is not None
    text = context.settings_path.read_text(encoding="utf-8")
    assert "918273" not in text
    stored = load_settings(context.settings_path)
    assert stored.manager_pin_hash.startswith("scrypt$")
    assert verify_manager_pin(stored, "918273")
    assert not verify_manager_pin(stored, "4321")  # the fixture's old PIN
    assert view.pin_state.text() == "En PIN er satt."


def test_language_switch_relabels_the_views_at_once(view: SettingsView, context: AppContext) -> None:
    assert view.save_button.text() == "&Lagre"
    assert view.groups["quotes"].title() == "Tilbud"
    view.language.setCurrentIndex(view.language.findData("en"))
    assert context.language == "en"
    assert view.save_button.text() == "&Save"
    assert view.groups["quotes"].title() == "Quotes"
    assert view.pin_button.text() == "Set manager PIN…"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_screenshots(view: SettingsView, context: AppContext, qtbot: QtBot, language: str, tmp_path: Path) -> None:
    context.set_language(language)
    view.save()
    red = QColor(ERROR_COLOUR)
    assert not has_colour(screenshot(view, tmp_path / f"views_settings_{language}.png"), red)
    view.fields["vat_percent"].setText("abc")
    view.fields["company.org_number"].setText("923609017")
    view.save()
    assert has_colour(screenshot(view, tmp_path / f"views_settings_errors_{language}.png"), red)  # the errors


def test_the_price_build_up_on_the_quote_is_a_checkbox(view: SettingsView, context: AppContext, qtbot: QtBot) -> None:
    assert not view.show_breakdown.isChecked()
    assert "prisoppbygging" in view.show_breakdown.text()
    qtbot.mouseClick(view.show_breakdown, Qt.MouseButton.LeftButton)
    assert view.save()
    assert context.settings_path is not None
    assert json.loads(context.settings_path.read_text(encoding="utf-8"))["quote"] == {"show_breakdown": True}
    assert context.settings.quote.show_breakdown


def test_the_office_database_is_checked_tested_and_saved(view: SettingsView, context: AppContext, qtbot: QtBot,
                                                         tmp_path: Path, seed_catalogue: Path) -> None:
    """Issue 11e: the database URL field refuses what cannot work (nothing saved), "Test connection" reads the
    database off the UI thread and says what it found, Save stores it for the next start."""
    import shutil

    field = view.fields["database_url"]
    assert field.text() == "" and "egen fil" in field.placeholderText()
    assert view.database_in_use.text().startswith("I bruk nå: ") and "neste gang Skredder starter" in \
        view.database_in_use.text()
    retype(qtbot, field, "postgresql+psycopg://kari:hemmelig@kontor-server/skredder")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.errors["database_url"].isVisible() and "~/.pgpass" in view.errors["database_url"].text()
    assert context.settings_path is not None and not context.settings_path.exists()
    qtbot.mouseClick(view.test_button, Qt.MouseButton.LeftButton)  # refused before any connection is tried
    assert view.connection.text() == "" and "~/.pgpass" in view.errors["database_url"].text()

    office = tmp_path / "kontor.sqlite"
    shutil.copyfile(seed_catalogue, office)
    retype(qtbot, field, str(office))
    qtbot.mouseClick(view.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.test_button.isEnabled() and view.connection.text() != "Kobler til …",
                    timeout=30_000)
    families = len([p for p in (Path(__file__).resolve().parents[2] / "product_models").iterdir() if p.is_dir()])
    assert view.connection.text().startswith("Tilkoblet SQLite")
    assert f"{families} produktfamilier" in view.connection.text()
    assert not view.errors["database_url"].isVisible()
    screenshot(view, Path("/tmp/office_settings_database_nb.png"))

    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 200)
    context.set_language("en")
    retype(qtbot, field, str(junk))
    qtbot.mouseClick(view.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.test_button.isEnabled() and view.connection.text() != "Connecting…",
                    timeout=30_000)
    assert "cannot be used" in view.connection.text() and "nothing was changed" in view.connection.text()
    screenshot(view, Path("/tmp/office_settings_database_en.png"))

    retype(qtbot, field, str(office))
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    assert view.status.text() == "The settings are saved. Skredder uses the new database when it starts again."
    assert load_settings(context.settings_path).database_url == str(office)
    assert json.loads(context.settings_path.read_text(encoding="utf-8"))["database_url"] == str(office)
