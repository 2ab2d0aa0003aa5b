"""The quote list: what it shows, its search and filters, the empty list, opening a quote in the editor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.db import Database
from configurator.ui.context import AppContext
from configurator.ui.quote_editor import QuoteEditor
from configurator.ui.quotes_view import QuotesView, revisions_text
from tests.helpers.ui_kit import add_customer, screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
WINDOW = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}


def make_view(context: AppContext, qtbot: QtBot) -> QuotesView:
    view = QuotesView(context)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view


def table(view: QuotesView) -> list[list[str]]:
    return [[view.table.item(row, column).text().replace("\xa0", " ") for column in range(view.table.columnCount())]
            for row in range(view.table.rowCount())]


@pytest.fixture
def quotes(context: AppContext, database: Database) -> dict[str, str]:
    """Hansen: a sent quote revised to B (draft); Ødegård: a sent quote; Røros Bygg: an empty draft."""
    service = context.service
    hansen, odegard = add_customer(database, "Hansen Gård"), add_customer(database, "Ødegård Gårdsbruk AS")
    revised = service.new_quote(hansen).number
    service.add_line(revised, "window", WINDOW, complete=True)
    service.send(revised)
    service.revise(revised)
    sent = service.new_quote(odegard).number
    service.add_line(sent, "window", WINDOW, quantity=2, complete=True)
    service.send(sent)
    empty = service.new_quote(add_customer(database, "Røros Bygg AS")).number
    return {"revised": revised, "sent": sent, "empty": empty}


def test_every_quote_with_its_revisions_status_validity_and_total(context: AppContext, qtbot: QtBot,
                                                                  quotes: dict[str, str]) -> None:
    view = make_view(context, qtbot)
    valid = context.date(context.service.quote(quotes["sent"]).current.valid_until)
    assert table(view) == [
        [quotes["empty"], "A", "Røros Bygg AS", "utkast", view.table.item(0, 4).text(), "kr 0,00"],
        [quotes["sent"], "A", "Ødegård Gårdsbruk AS", "sendt", valid, "kr 32 130,00"],
        [quotes["revised"], "B (A)", "Hansen Gård", "utkast", view.table.item(2, 4).text(), "kr 16 065,00"],
    ]
    assert view.count.text() == "3 tilbud"
    assert [view.table.horizontalHeaderItem(c).text() for c in range(6)] == [
        "Nummer", "Revisjon", "Kunde", "Status", "Gyldig til", "Totalt inkl. mva."]
    context.set_language("en")
    assert table(view)[1][3:] == ["sent", context.date(context.service.quote(quotes["sent"]).current.valid_until),
                                  "NOK 32,130.00"]
    assert view.status.itemText(0) == "All" and view.customer.itemText(0) == "All customers"


def test_revisions_text() -> None:
    assert [revisions_text(letter) for letter in ("A", "B", "D")] == ["A", "B (A)", "D (A, B, C)"]


def test_search_and_filters_by_status_customer_and_date(context: AppContext, qtbot: QtBot,
                                                        quotes: dict[str, str]) -> None:
    view = make_view(context, qtbot)
    view.status.setCurrentIndex(view.status.findText("sendt"))
    assert [row[0] for row in table(view)] == [quotes["sent"]]
    view.status.setCurrentIndex(view.status.findText("utkast"))
    assert [row[0] for row in table(view)] == [quotes["empty"], quotes["revised"]]
    view.customer.setCurrentIndex(view.customer.findText("Hansen Gård"))
    assert [row[0] for row in table(view)] == [quotes["revised"]]
    view.clear_filters()
    assert view.table.rowCount() == 3
    qtbot.keyClicks(view.search, "gårdsbruk")
    assert [row[0] for row in table(view)] == [quotes["sent"]]
    view.search.clear()
    qtbot.keyClicks(view.search, quotes["revised"][-5:])
    assert [row[0] for row in table(view)] == [quotes["revised"]]
    view.search.clear()
    view.since.setDate(QDate.currentDate().addDays(1))  # made today: nothing from tomorrow on
    assert view.table.rowCount() == 0 and view.stack.currentWidget() is view.empty
    assert view.empty.text().startswith("Ingen tilbud passer til søket og filtrene")
    view.since.setDate(QDate.currentDate())
    view.until.setDate(QDate.currentDate())
    assert view.table.rowCount() == 3


def test_the_empty_list_says_what_to_do_and_new_quote_asks_for_one(context: AppContext, qtbot: QtBot) -> None:
    view = make_view(context, qtbot)
    assert view.stack.currentWidget() is view.empty
    assert view.empty.text() == "Det er ingen tilbud ennå. Klikk «Nytt tilbud …» for å lage det første for en kunde."
    assert not view.open_button.isEnabled()
    with qtbot.waitSignal(view.newQuoteRequested):
        qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)


def test_overdue_quotes_are_marked_expired_when_the_list_loads(context: AppContext, qtbot: QtBot, tmp_path: Path,
                                                                quotes: dict[str, str]) -> None:
    later = AppContext(context.database, context.settings, settings_path=tmp_path / "settings.json", language="nb",
                       qsettings=QSettings(str(tmp_path / "later.ini"), QSettings.Format.IniFormat),
                       today=date(2027, 6, 1))
    view = make_view(later, qtbot)
    statuses = {row[0]: row[3] for row in table(view)}
    assert statuses == {quotes["sent"]: "utløpt", quotes["revised"]: "utkast", quotes["empty"]: "utkast"}
    view.status.setCurrentIndex(view.status.findText("utløpt"))
    assert [row[0] for row in table(view)] == [quotes["sent"]]


def test_enter_opens_the_selected_quote_in_the_editor(context: AppContext, qtbot: QtBot,
                                                       quotes: dict[str, str], tmp_path: Path) -> None:
    view = make_view(context, qtbot)
    opened: list[str] = []
    view.quoteOpened.connect(opened.append)
    view.table.selectRow(2)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    where = view.table.visualItemRect(view.table.item(1, 0)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert opened == [quotes["revised"], quotes["sent"]]
    editor = QuoteEditor(context, opened[0])
    qtbot.addWidget(editor)
    assert editor.title.text() == f"Tilbud {quotes['revised']}, revisjon B"
    screenshot(view, tmp_path / "quotes_list_nb.png")


def test_a_new_customer_appears_in_the_filter(context: AppContext, database: Database, qtbot: QtBot) -> None:
    view = make_view(context, qtbot)
    add_customer(database, "Aasen Sag")
    context.dataChanged.emit("customers")
    assert view.customer.findText("Aasen Sag") > 0
