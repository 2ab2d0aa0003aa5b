"""Choosing the product of a new line: a card per family with its picture and description, a search, and the
chair's guided start ("what is it for?") whose answer starts the configurator with its values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from configurator.ui.context import AppContext
from configurator.ui.product_chooser import ProductChoice, ProductChooser, product_cards
from configurator.ui.quote_dialogs import LineResult
from configurator.ui.quote_editor import QuoteEditor
from tests.helpers.ui_drive import wait_stored
from tests.helpers.ui_kit import add_customer, colours

FAMILIES = [("eartag", "Øremerker til husdyr"), ("chimney_cap", "Pipehatt"), ("chair", "HÅG kontorstol"),
            ("window", "Trevindu etter mål")]


def chooser(qtbot: QtBot, context: AppContext) -> ProductChooser:
    dialog = ProductChooser(context, product_cards(context.service, FAMILIES, context.language))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_every_family_has_a_card_with_its_picture_and_description(qtbot: QtBot, context: AppContext) -> None:
    dialog = chooser(qtbot, context)
    assert dialog.shown_families() == ["eartag", "chimney_cap", "chair", "window"]
    for row, card in enumerate(dialog.cards):
        face = dialog.list.itemWidget(dialog.list.item(row))
        assert face.name.text() == FAMILIES[row][1]  # type: ignore[attr-defined]
        assert face.description.isVisible() and len(face.description.text()) > 40  # type: ignore[attr-defined]
        picture = face.picture.pixmap().toImage()  # type: ignore[attr-defined]
        assert not picture.isNull() and len(colours(picture)) > 3, card.id  # a drawing, not a blank square
    window = dialog.list.itemWidget(dialog.list.item(3))
    assert "Røros Dører og Vinduer" in window.description.text()  # type: ignore[attr-defined]
    dialog.grab().save("/tmp/glance_chooser_nb.png")


def test_the_search_finds_by_name_maker_description_and_use(qtbot: QtBot, context: AppContext) -> None:
    dialog = chooser(qtbot, context)
    qtbot.keyClicks(dialog.search, "ståpult")  # a use the chair's guide names
    assert dialog.shown_families() == ["chair"] and dialog.list.currentItem().text() == ""
    assert dialog.list.currentRow() == 2 and dialog.next.isEnabled()
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "os id")  # the maker, two words
    assert dialog.shown_families() == ["eartag"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "Røroshetta")
    assert dialog.shown_families() == ["chimney_cap"]
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "xyz")
    assert dialog.shown_families() == [] and not dialog.next.isEnabled()
    assert dialog.nothing.isVisible() and dialog.nothing.text() == "Ingen produkter passer til «xyz»."
    dialog.search.clear()
    assert len(dialog.shown_families()) == 4 and not dialog.nothing.isVisible()


def test_a_family_without_a_guide_is_chosen_at_once(qtbot: QtBot, context: AppContext) -> None:
    dialog = chooser(qtbot, context)
    dialog.list.setCurrentRow(1)
    assert dialog.next.text() == "&Velg"
    dialog.next.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.choice == ProductChoice("chimney_cap")


def test_the_chairs_guided_start_asks_what_it_is_for(qtbot: QtBot, context: AppContext) -> None:
    context.set_language("en")
    families = [("chair", "HÅG office chair"), ("chimney_cap", "Chimney cap")]
    dialog = ProductChooser(context, product_cards(context.service, families, "en"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.setCurrentRow(1)
    assert dialog.next.text() == "&Choose"
    dialog.list.setCurrentRow(0)
    assert dialog.next.text() == "&Next"
    centre = dialog.list.visualItemRect(dialog.list.item(0)).center()
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # a double click: the
    qtbot.mouseDClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=centre)  # press, then the second
    assert dialog.pages.currentIndex() == 1 and dialog.question.text() == "What is the chair for?"
    assert [b.text() for b in dialog.answer_buttons.values()] == [
        "At a standing desk or a high table", "Active sitting at an ordinary desk", "Office work all day",
        "Meeting room and home office", "I know what I want"]
    assert dialog.windowTitle() == "Add line: HÅG office chair"
    dialog.grab().save("/tmp/glance_guide_en.png")
    dialog.back.click()  # back to the catalogue, nothing chosen
    assert dialog.pages.currentIndex() == 0 and dialog.choice is None
    dialog.choose_current()
    dialog.answer_buttons["standing_desk"].click()
    assert dialog.choice == ProductChoice("chair", {"model": "capisco_8106", "gas_lift": "lift_265",
                                                    "footring": True}, "standing_desk")


def test_the_answer_starts_the_configurator_of_the_new_line(qtbot: QtBot, context: AppContext) -> None:
    number = context.service.new_quote(add_customer(context.database)).number
    editor = QuoteEditor(context, number)
    qtbot.addWidget(editor)
    shown: list[list[str]] = []

    def ask_product(_parent: Any, cards: list[Any]) -> ProductChoice | None:
        dialog = ProductChooser(context, cards)
        qtbot.addWidget(dialog)
        shown.append(dialog.shown_families())
        dialog.list.setCurrentRow(next(i for i, card in enumerate(cards) if card.id == "chair"))
        dialog.choose_current()
        dialog.answer_buttons["office"].click()
        return dialog.choice

    asked: list[dict[str, Any]] = []

    def configure_line(_parent: Any, stored: Any, **options: Any) -> LineResult:
        from configurator.ui.configurator_view import ConfiguratorView

        asked.append(options["choices"])
        view = ConfiguratorView(context, stored, choices=options["choices"])  # the real configurator opens so
        qtbot.addWidget(view)
        qtbot.waitUntil(view.is_ready, timeout=20_000)
        assert view.configuration().choices["model"] == "sofi"
        assert view.configuration().values["elbow_rests"] is True
        return LineResult(dict(view.configuration().choices))

    editor.prompts.ask_product = ask_product  # type: ignore[method-assign]
    editor.prompts.configure_line = configure_line  # type: ignore[method-assign]
    editor.commands.actions["add"].trigger()
    qtbot.waitUntil(lambda: bool(asked), timeout=20_000)
    wait_stored(editor)
    # by name: HÅG, Kjøkkenskap, Pipehatt, Trevindu, Øremerker
    assert shown == [["chair", "kitchen", "chimney_cap", "window", "eartag"]]
    assert asked == [{"model": "sofi", "elbow_rests": True}]
    (line,) = context.service.quote(number).current.lines
    assert line.family_id == "chair" and line.configuration.values["model"] == "sofi"
