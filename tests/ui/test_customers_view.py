"""The customer list and dialog, driven as a user would: typing, clicking, reading what is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from configurator.core.catalogue.customers import CustomerRepository
from configurator.core.catalogue.db import Database
from configurator.core.catalogue.records import Address, CustomerData
from configurator.ui.context import AppContext
from configurator.ui.customer_dialog import ERROR_COLOUR, CustomerDialog
from configurator.ui.customers_view import SEARCH_DELAY_MS, CustomersView
from tests.helpers.ui_kit import add_customer, has_colour, screenshot

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def cells(view: CustomersView, column: int = 0) -> list[str]:
    model = view.table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def row_of(view: CustomersView, name: str) -> list[str]:
    model = view.table.model()
    row = cells(view).index(name)
    return [model.index(row, column).data() for column in range(model.columnCount())]


@pytest.fixture
def view(context: AppContext, qtbot: QtBot) -> CustomersView:
    widget = CustomersView(context)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def type_search(qtbot: QtBot, view: CustomersView, text: str) -> None:
    view.search.clear()
    with qtbot.waitSignal(view.search_timer.timeout, timeout=10 * SEARCH_DELAY_MS):  # the search, once typing stops
        qtbot.keyClicks(view.search, text)


def fill_company(qtbot: QtBot, dialog: CustomerDialog, org_number: str) -> None:
    qtbot.keyClicks(dialog.name, "Ødegård Gårdsbruk AS")
    qtbot.keyClicks(dialog.org_number, org_number)
    qtbot.keyClicks(dialog.contact, "Per Ødegård")
    qtbot.keyClicks(dialog.email, "post@odegard.no")
    qtbot.keyClicks(dialog.billing.lines, "Gardsveien 3")
    qtbot.keyClicks(dialog.billing.postcode, "7374")
    qtbot.keyClicks(dialog.billing.city, "Røros")


def test_empty_list_says_what_to_do(view: CustomersView, context: AppContext) -> None:
    assert not view.table.isVisible()
    assert view.empty.isVisible()
    assert view.empty.text() == "Ingen kunder ennå. Legg til den første med Ny kunde."
    assert not view.edit_button.isEnabled()
    assert not view.quote_button.isEnabled()
    context.set_language("en")
    assert view.empty.text() == "No customers yet. Add the first one with New customer."


def test_create_customer_through_the_dialog(view: CustomersView, qtbot: QtBot, database: Database) -> None:
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Ny kunde"
    fill_company(qtbot, dialog, "923609016")
    assert dialog.ok_button.isEnabled()
    assert not dialog.errors["org_number"].isVisible()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter = OK
    assert view.dialog is None
    assert cells(view) == ["Ødegård Gårdsbruk AS"]
    assert row_of(view, "Ødegård Gårdsbruk AS")[:4] == ["Ødegård Gårdsbruk AS", "923 609 016", "Røros", "Norsk"]
    assert view.table.isVisible() and not view.empty.isVisible()
    assert view.edit_button.isEnabled()  # the new customer is selected
    with database.session() as session:
        stored = CustomerRepository(session).search("")
    assert [(c.name, c.org_number, c.billing.postcode) for c in stored] == [
        ("Ødegård Gårdsbruk AS", "923609016", "7374")]


def test_a_second_customer_with_the_same_org_number_is_warned(view: CustomersView, qtbot: QtBot,
                                                               database: Database,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a, **_k: asked.append(text) or answer[0])
    for _ in range(2):
        qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
        dialog = view.dialog
        assert dialog is not None
        fill_company(qtbot, dialog, "923609016")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "Ødegård Gårdsbruk AS har allerede organisasjonsnummeret 923 609 016" in asked[0]
    assert view.dialog is not None and view.dialog.isVisible()  # "No": nothing stored, the dialog stays
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(view.dialog.ok_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        assert len(CustomerRepository(session).search("")) == 2


def test_invalid_org_number_shows_the_hint_and_keeps_ok_disabled(context: AppContext, qtbot: QtBot) -> None:
    dialog = CustomerDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_company(qtbot, dialog, "923609017")
    hint = dialog.errors["org_number"]
    assert hint.isVisible()
    assert hint.text() == "Organisasjonsnummeret er ugyldig (kontrollsifferet stemmer ikke)"
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Enter does nothing while the number is wrong
    qtbot.keyClick(dialog.org_number, Qt.Key.Key_Backspace)
    assert hint.text() == "Et organisasjonsnummer har 9 sifre"
    qtbot.keyClicks(dialog.org_number, "6")
    assert not hint.isVisible()
    assert dialog.ok_button.isEnabled()


def test_every_problem_is_shown_next_to_its_field_and_nothing_is_stored(
        context: AppContext, qtbot: QtBot, database: Database) -> None:
    dialog = CustomerDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.person, Qt.MouseButton.LeftButton)
    assert not dialog.org_number.isEnabled()
    qtbot.keyClicks(dialog.email, "post@")
    qtbot.keyClicks(dialog.billing.postcode, "73")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["name"].text() == "Navn må fylles ut."
    assert dialog.errors["email"].isVisible()
    assert dialog.billing.errors["postcode"].isVisible()
    with database.session() as session:
        assert CustomerRepository(session).search("") == []


def test_search_by_name_place_and_number(view: CustomersView, qtbot: QtBot, database: Database) -> None:
    add_customer(database, "Hansen Gård")
    with database.session() as session:
        repository = CustomerRepository(session)
        repository.add(CustomerData(kind="company", name="Trondheim Tak AS", org_number="923609016",
                                    billing=Address(("Kongens gate 1",), "7011", "Trondheim")))
    view.reload()
    assert cells(view) == ["Hansen Gård", "Trondheim Tak AS"]
    type_search(qtbot, view, "hansen")
    assert cells(view) == ["Hansen Gård"]
    type_search(qtbot, view, "Røros")
    assert cells(view) == ["Hansen Gård"]
    type_search(qtbot, view, "923 609")
    assert cells(view) == ["Trondheim Tak AS"]
    type_search(qtbot, view, "Bergen")
    assert not view.table.isVisible()
    assert view.empty.text() == "Ingen kunde passer til «Bergen»."


def test_edit_a_customer(view: CustomersView, qtbot: QtBot, database: Database) -> None:
    customer_id = add_customer(database, "Hansen Gård")
    view.reload()
    chosen: list[int] = []
    view.customerChosen.connect(chosen.append)
    view.table.selectRow(0)
    assert chosen == [customer_id]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter edits
    dialog = view.dialog
    assert dialog is not None
    assert dialog.windowTitle() == "Endre kunde Hansen Gård"
    assert dialog.person.isChecked() and dialog.billing.city.text() == "Røros"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Hansen og Sønn Gård")
    dialog.discount.setValue(7.5)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert row_of(view, "Hansen og Sønn Gård")[4] == "7,5 %"
    with database.session() as session:
        stored = CustomerRepository(session).get(customer_id)
    assert stored is not None and stored.name == "Hansen og Sønn Gård" and stored.discount_basis_points == 750


def test_new_quote_for_the_selected_customer(view: CustomersView, qtbot: QtBot, database: Database) -> None:
    customer_id = add_customer(database, "Hansen Gård")
    view.reload()
    view.table.selectRow(0)
    with qtbot.waitSignal(view.newQuoteRequested) as signal:
        qtbot.mouseClick(view.quote_button, Qt.MouseButton.LeftButton)
    assert signal.args == [customer_id]


def test_delete_an_unused_customer_and_refuse_one_with_quotes(view: CustomersView, qtbot: QtBot,
                                                               context: AppContext, database: Database,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    unused, used = add_customer(database, "Aasen Gård"), add_customer(database, "Berg Gård")
    context.service.new_quote(used)
    view.reload()
    asked: list[str] = []
    view.confirm = lambda _title, text: asked.append(text) or True  # type: ignore[method-assign]
    view.select_customer(unused)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cells(view) == ["Berg Gård"], timeout=10_000)
    assert asked == ["Slette Aasen Gård? Dette kan ikke angres."]
    assert view.status.text() == "Slettet Aasen Gård."
    assert context.customers.get(unused) is None
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a, **_k: warnings.append(text))
    view.select_customer(used)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(warnings) == 1, timeout=10_000)
    assert "Berg Gård har 1 tilbud og kan ikke slettes" in warnings[0] and "Slå Berg Gård sammen" in warnings[0]
    assert cells(view) == ["Berg Gård"] and context.customers.get(used) is not None


def test_merge_a_duplicate_moves_its_quotes_to_the_customer_kept(view: CustomersView, qtbot: QtBot,
                                                                context: AppContext, database: Database) -> None:
    keep, duplicate = add_customer(database, "Hansen Gård"), add_customer(database, "Hansen gård (dublett)")
    quotes = [context.service.new_quote(duplicate).number for _ in range(2)]
    view.reload()
    offered: list[str] = []
    asked: list[str] = []

    def ask_keep(removed: object) -> int:
        from configurator.ui.choose_customer import ChooseCustomerDialog

        dialog = ChooseCustomerDialog(context, view, besides=duplicate)  # what the real question offers
        offered.extend(dialog.list.item(i).text() for i in range(dialog.list.count()))
        dialog.deleteLater()
        return keep

    view.ask_keep = ask_keep  # type: ignore[method-assign,assignment]
    view.confirm = lambda _title, text: asked.append(text) or True  # type: ignore[method-assign]
    view.select_customer(duplicate)
    assert view.merge_button.isEnabled()
    qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cells(view) == ["Hansen Gård"], timeout=10_000)
    assert offered == ["Hansen Gård – Røros"]  # never the duplicate itself
    assert asked[0].startswith("Slå sammen Hansen gård (dublett) med Hansen Gård? 2 tilbud flyttes til Hansen Gård")
    assert view.status.text() == "Slo sammen Hansen gård (dublett) med Hansen Gård: 2 tilbud flyttet."
    assert view.selected_customer_id() == keep
    assert {context.service.quote(number).customer_id for number in quotes} == {keep}


def test_language_switch_relabels_the_list(view: CustomersView, context: AppContext, database: Database) -> None:
    add_customer(database, "Hansen Gård")
    view.reload()
    header = view.table.model().headerData
    assert header(1, Qt.Orientation.Horizontal) == "Org.nr."
    assert view.new_button.text() == "&Ny kunde"
    context.set_language("en")
    assert header(1, Qt.Orientation.Horizontal) == "Org. number"
    assert view.new_button.text() == "&New customer"
    assert row_of(view, "Hansen Gård")[3] == "Norwegian"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_screenshots(view: CustomersView, context: AppContext, qtbot: QtBot, language: str, tmp_path: Path) -> None:
    database = context.database
    for name in ("Hansen Gård", "Aas Snekkeri"):
        add_customer(database, name)
    with database.session() as session:
        CustomerRepository(session).add(CustomerData(
            kind="company", name="Ødegård Gårdsbruk AS", org_number="923609016", contact_person="Per Ødegård",
            phone="72 41 00 00", email="post@odegard.no", billing=Address(("Gardsveien 3",), "7374", "Røros"),
            language="en", discount_basis_points=250))
    context.set_language(language)
    view.reload()
    view.table.selectRow(1)
    image = screenshot(view, tmp_path / f"views_customers_{language}.png")
    assert has_colour(image, view.palette().color(QPalette.ColorRole.Highlight))  # the selected row
    dialog = CustomerDialog(context, view.model.row(2), view)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.org_number.clear()
    qtbot.keyClicks(dialog.org_number, "923609017")
    image = screenshot(dialog, tmp_path / f"views_customer_dialog_{language}.png")
    assert has_colour(image, QColor(ERROR_COLOUR))  # the check digit's message is shown in red


def test_keyboard_ctrl_n_opens_the_dialog_and_esc_cancels(view: CustomersView, qtbot: QtBot,
                                                          database: Database) -> None:
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "Avbrutt AS")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert view.dialog is None
    assert view.empty.isVisible()
    with database.session() as session:
        assert CustomerRepository(session).search("") == []
