"""The quote editor shows what a quote needs once for its lines (a model's quote_items) in its totals, so the
subtotal adds up with what the lines show."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.db import Database
from configurator.core.settings import Settings
from configurator.ui.context import AppContext
from tests.core.quoting.test_quote_items import ITEMS
from tests.helpers.quoting_kit import edited_catalogue, open_copy
from tests.helpers.ui_kit import add_customer
from tests.ui.test_quote_editor import WINDOW, open_editor, plain, totals

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def items_context(tmp_path: Path, settings: Settings, qapp: object) -> Iterator[tuple[AppContext, Database]]:
    (tmp_path / "models").mkdir()
    database = open_copy(edited_catalogue(tmp_path / "models", "window", ("\nquote_rules:", ITEMS)), tmp_path)
    qsettings = QSettings(str(tmp_path / "qsettings.ini"), QSettings.Format.IniFormat)
    yield AppContext(database, settings, settings_path=tmp_path / "settings.json", language="nb",
                     qsettings=qsettings, today=date(2026, 12, 1)), database
    database.close()


def test_the_totals_show_the_quote_items(items_context: tuple[AppContext, Database], qtbot: QtBot) -> None:
    context, database = items_context
    number = context.service.new_quote(add_customer(database)).number
    context.service.add_line(number, "window", WINDOW, quantity=5, complete=True)
    editor = open_editor(context, qtbot, number)
    shown = totals(editor)
    # 5 windows: two rolls of sealing tape (kr 378) and measuring on site (kr 950); the screws are for the factory
    assert shown["items"] == "kr 1 328,00"
    assert plain(editor.total_labels["items"][0].text()) == "For hele tilbudet:"
    line = context.service.quote(number).current.lines[0].line_total_ore / 100
    assert shown["subtotal"] == plain(context.money(line + 1328))
    tooltip = plain(editor.total_labels["items"][1].toolTip())
    assert "Fugebånd, rull à 25 m: 2 stk × kr 189,00 = kr 378,00" in tooltip
    assert "Karmskruer" not in tooltip

