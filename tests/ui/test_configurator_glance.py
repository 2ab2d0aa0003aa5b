"""What the configurator says at a glance, without hovering: each value's status and short reason beside it, the
price effect of each option, what the big price is (excl. VAT, per unit and for the line)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from configurator.ui.config_dialog import ConfiguratorDialog
from configurator.ui.configurator_view import ConfiguratorView
from configurator.ui.context import AppContext
from tests.helpers.ui_drive import choose, go_to, hover_tip, looks_unavailable, open_view, tick

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "does not support raise")
NBSP = "\u00a0"
HEIGHT = "Høyde (utvendig karmmål)"


def settled(qtbot: QtBot, view: ConfiguratorView) -> None:
    """Wait until the marks, the price effects and the price are worked out (in the background)."""
    qtbot.waitUntil(lambda: view.marks.is_settled() and view.price.is_settled(), timeout=20_000)


def test_a_greyed_value_shows_its_short_reason_beside_it_and_the_whole_one_as_a_paragraph(
        qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    for attr_id, value in (("window_type", "top_hung"), ("width_mm", 1200), ("height_mm", 600)):
        choose(qtbot, view, attr_id, value)
    go_to(qtbot, view, "escape_window")
    settled(qtbot, view)
    escape = view.editors["escape_window"]
    assert looks_unavailable(escape.check)
    assert escape.reason_label.isVisible()  # seen without hovering
    assert escape.reason_label.text() == f"krever endring: {HEIGHT}"
    tip = hover_tip(escape.check)
    assert tip.startswith("<p>")  # rich text: Qt wraps it, no 1,000-pixel line
    assert "Rømningsvindu: fri åpning må være minst 600 mm høy" in tip
    assert f"På grunn av valgene dine: {HEIGHT} = 600 mm." in tip
    opening = view.editors["opening"]
    # implied, not chosen: checked, but italic and saying so
    assert opening.buttons["outward"].isChecked()
    assert opening.buttons["outward"].font().italic() and not opening.buttons["outward"].font().bold()
    assert opening.reasons["outward"].text() == "gitt av de andre valgene"
    assert opening.reasons["inward"].text() == "krever endring: Vindustype"
    assert looks_unavailable(opening.buttons["inward"])


def test_in_edit_line_a_value_that_needs_other_changes_is_marked_before_it_is_clicked(
        qtbot: QtBot, context: AppContext) -> None:
    choices = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}
    view = open_view(qtbot, context, "window", choices=choices)
    go_to(qtbot, view, "window_type")
    settled(qtbot, view)
    types = view.editors["window_type"]
    assert types.buttons["side_hung"].isChecked() and types.buttons["side_hung"].font().bold()
    assert types.reasons["side_hung"].text() == ""
    assert looks_unavailable(types.buttons["top_hung"])  # every attribute is chosen, yet it greys
    assert types.reasons["top_hung"].text() == f"krever endring: {HEIGHT}"
    assert not looks_unavailable(types.buttons["fixed"])
    assert types.reasons["fixed"].text() == ""
    tick(qtbot, types.buttons["top_hung"])
    qtbot.waitUntil(view.repair.isVisible, timeout=10_000)  # what the mark announced


def test_each_option_shows_its_price_effect_while_the_window_is_incomplete(qtbot: QtBot,
                                                                           context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    for attr_id, value in (("window_type", "side_hung"), ("width_mm", 1200), ("height_mm", 1400),
                           ("glazing", "triple")):
        choose(qtbot, view, attr_id, value)
    settled(qtbot, view)
    assert not view.is_complete()  # yet every option has its effect: differences of "from" prices
    glazing = view.editors["glazing"]
    assert glazing.effects["double"].text() == f"−kr{NBSP}1{NBSP}428"
    assert glazing.effects["triple_plus"].text() == f"+kr{NBSP}756"
    assert glazing.effects["triple"].text() == ""  # the chosen one
    go_to(qtbot, view, "escape_window")
    assert view.editors["escape_window"].effect.text() == f"+kr{NBSP}650"
    assert view.editors["escape_window"].effect.isVisible()
    assert view.price.terms_label.text() == "eks. mva."


def test_a_fabric_priced_in_percent_says_so_in_the_list(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "chair")
    choose(qtbot, view, "model", "sofi")
    go_to(qtbot, view, "fabric")
    settled(qtbot, view)
    fabric = view.editors["fabric"]
    rows = {o.id: fabric.items.item(fabric.row_of(o.id)).text() for o in fabric.attribute.options}
    assert rows["le01"].endswith(f"+18{NBSP}%")
    assert rows["fk12"].endswith(f"+kr{NBSP}500")
    assert rows["le01"].startswith("LE01 Skinn svart")


def test_the_big_price_says_excl_vat_and_what_one_costs_for_more_than_one(qtbot: QtBot,
                                                                          context: AppContext) -> None:
    choices = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}
    view = open_view(qtbot, context, "window", choices=choices)
    with qtbot.waitSignal(view.changed, timeout=10_000):
        view.complete_button.click()
    assert view.is_complete()
    unit = view.price.price.unit_price
    view.set_terms(quantity=2)
    assert view.price.terms_label.text() == f"eks. mva., for linjen · 2 × {context.money(unit)} per stk."
    view.set_terms(line_discount_bp=500)
    assert view.price.terms_label.text().endswith("per stk., minus rabatter")


def test_the_repair_panel_of_a_partial_window_shows_the_change_of_the_from_price(qtbot: QtBot,
                                                                                 context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    for attr_id, value in (("window_type", "top_hung"), ("width_mm", 1200), ("height_mm", 600)):
        choose(qtbot, view, attr_id, value)
    go_to(qtbot, view, "escape_window")
    tick(qtbot, view.editors["escape_window"].check)
    qtbot.waitUntil(view.repair.isVisible, timeout=10_000)
    qtbot.waitUntil(lambda: "fra-pris" in view.repair.labels[0].text(), timeout=20_000)
    assert view.repair.labels[0].text().startswith(f"Endre: {HEIGHT}: 600 mm → 730 mm (fra-pris +kr{NBSP}")


def test_the_summary_step_shows_every_value_and_the_price_before_the_line_is_added(qtbot: QtBot,
                                                                                   context: AppContext) -> None:
    stored = context.service.models.current("window", context.service.today)
    dialog = ConfiguratorDialog(context, stored, quantity=2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
    view = dialog.view
    for attr_id, value in (("window_type", "side_hung"), ("width_mm", 1200), ("height_mm", 1400),
                           ("glazing", "triple")):
        choose(qtbot, view, attr_id, value)
    with qtbot.waitSignal(view.changed, timeout=10_000):
        qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.in_summary() and dialog.summary.isVisible() and not view.isVisible()
    assert dialog.result() == 0  # not added yet
    summary = dialog.summary
    assert summary.values["glazing"].text() == "3-lags energiglass (Ug 0,5)"
    assert summary.values["width_mm"].text() == "1200 mm"
    for computed in ("u_window", "clear_width_mm", "clear_height_mm", "glass_unit_width_mm"):
        assert summary.values[computed].isVisible() and summary.values[computed].text()
    assert summary.values["clear_height_mm"].text().endswith(" mm")
    unit = view.price.price.unit_price
    assert summary.price_labels["unit"].text() == context.money(unit)
    assert summary.price_labels["quantity"].text() == "2"
    assert summary.price_labels["total"].text() == context.money(view.price.price.line_total)
    assert summary.price_box.title() == "Pris, eks. mva."
    assert dialog.ok_button.text() == "Legg i tilbudet"
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)  # back, and the choices are kept
    assert view.isVisible() and view.is_complete()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == 1


def places(view: ConfiguratorView) -> dict[str, QPoint]:
    """Where each control of the page on show is, in the view's coordinates."""
    editors = view.page_editors[view.steps.currentRow()]
    return {editor.id: editor.control.mapTo(view, QPoint(0, 0)) for editor in editors}


def assert_not_moved(before: dict[str, QPoint], after: dict[str, QPoint]) -> None:
    for attr_id, place in before.items():
        moved = after[attr_id] - place
        assert abs(moved.x()) <= 1 and abs(moved.y()) <= 1, f"{attr_id} moved by {moved.x()}, {moved.y()}"


def test_nothing_moves_when_the_repair_panel_or_a_note_appears(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    for attr_id, value in (("window_type", "top_hung"), ("width_mm", 1200), ("height_mm", 600)):
        choose(qtbot, view, attr_id, value)
    width = view.editors["width_mm"]
    qtbot.waitUntil(lambda: not width.note.text(), timeout=10_000)  # the width's range is not known yet
    before = places(view)
    width.spin.setFocus()  # going to the width works out its range: the note appears
    qtbot.waitUntil(lambda: width.note.text().startswith("Tillatt nå"), timeout=10_000)
    assert_not_moved(before, places(view))
    go_to(qtbot, view, "escape_window")
    settled(qtbot, view)
    before = places(view)
    tick(qtbot, view.editors["escape_window"].check)
    qtbot.waitUntil(view.repair.isVisible, timeout=10_000)
    assert_not_moved(before, places(view))  # the panel floats over the bottom of the page
    assert view.repair.mapTo(view, QPoint(0, 0)).y() > max(p.y() for p in before.values())


def test_a_long_list_is_grouped_by_price_and_can_be_searched(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "chair")
    choose(qtbot, view, "model", "sofi")
    go_to(qtbot, view, "fabric")
    fabric = view.editors["fabric"]
    headings = [fabric.items.item(row).text() for row, o in enumerate(fabric.row_option) if o is None]
    assert f"Prisgruppe: +kr{NBSP}500" in headings and f"Prisgruppe: +18{NBSP}%" in headings
    assert fabric.search.isVisible()
    fabric.search.setFocus()
    qtbot.keyClicks(fabric.search, "skinn")
    listed = [o for row, o in enumerate(fabric.row_option) if o and not fabric.combo.view().isRowHidden(row)]
    assert listed == ["le01", "le03", "le05", "le07"]
    with qtbot.waitSignal(view.changed, timeout=10_000):
        qtbot.keyClick(fabric.search, Qt.Key.Key_Return)  # Enter takes the first match
    qtbot.waitUntil(lambda: fabric.combo.currentIndex() == fabric.row_of("le01"), timeout=10_000)


def test_an_option_buttons_tooltip_is_its_whole_reason_in_the_users_language(qtbot: QtBot,
                                                                            context: AppContext) -> None:
    # the tooltip is set with every state shown (not made on hover), so it follows the marks and the language
    choices = {"window_type": "side_hung", "width_mm": "1200", "height_mm": "1400", "glazing": "triple"}
    view = open_view(qtbot, context, "window", choices=choices)
    go_to(qtbot, view, "window_type")
    settled(qtbot, view)
    top_hung = view.editors["window_type"].buttons["top_hung"]
    assert HEIGHT in top_hung.toolTip()
    assert hover_tip(top_hung) == top_hung.toolTip()
    context.set_language("en")
    qtbot.waitUntil(lambda: "Height" in top_hung.toolTip(), timeout=10_000)
    assert HEIGHT not in top_hung.toolTip()
    context.set_language("nb")


def test_a_combos_items_carry_their_greyed_state_and_whole_reason_set_with_the_state_in_both_languages(
        qtbot: QtBot, context: AppContext) -> None:
    # the items are plain QStandardItems: Qt paints them without calling Python (no data() override), so the
    # greying and the tooltip are set on each item when a state or the marks arrive
    from PySide6.QtGui import QStandardItemModel

    from configurator.ui.config_marks import GREYED, full_reason
    from configurator.ui.config_widgets import UNAVAILABLE

    view = open_view(qtbot, context, "chair")
    fabric = view.editors["fabric"]
    assert type(fabric.items) is QStandardItemModel
    choose(qtbot, view, "model", "capisco_8106")
    go_to(qtbot, view, "fabric")
    settled(qtbot, view)
    qtbot.waitUntil(lambda: bool(view.marks.marks()), timeout=20_000)
    marks = view.marks.marks()["fabric"]
    greyed = [o.id for o in fabric.attribute.options if marks[o.id].status in GREYED]
    assert greyed and len(greyed) < len(fabric.attribute.options)  # some greyed, some not

    def item(option_id: str):  # type: ignore[no-untyped-def]
        return fabric.items.item(fabric.row_of(option_id))

    for option in fabric.attribute.options:
        shown = item(option.id)
        assert bool(shown.data(UNAVAILABLE)) == (option.id in greyed)
        assert (shown.data(Qt.ItemDataRole.ForegroundRole) is not None) == (option.id in greyed)
        assert shown.isEnabled()  # greyed, still selectable (choosing one offers repairs)
    fk01 = item("fk01")
    assert fk01.toolTip() == full_reason(view.model, marks["fk01"], "nb")
    assert "står ikke på fargekartet" in fk01.toolTip() and "Modell = HÅG Capisco 8106" in fk01.toolTip()
    context.set_language("en")
    qtbot.waitUntil(lambda: fk01.toolTip() == full_reason(view.model, marks["fk01"], "en"), timeout=10_000)
    assert "står ikke" not in fk01.toolTip() and "Model" in fk01.toolTip()
    context.set_language("nb")
    qtbot.waitUntil(lambda: "står ikke på fargekartet" in fk01.toolTip(), timeout=10_000)
    # a click changes the state: the greying follows it (a fabric on the colour chart of the SoFi)
    choose(qtbot, view, "model", "sofi")
    go_to(qtbot, view, "fabric")
    settled(qtbot, view)
    qtbot.waitUntil(lambda: bool(view.marks.marks()) and view.marks.is_settled(), timeout=20_000)
    marks = view.marks.marks()["fabric"]
    for option in fabric.attribute.options:
        assert bool(item(option.id).data(UNAVAILABLE)) == (marks[option.id].status in GREYED)
        if marks[option.id].status not in GREYED:
            description = option.description.get("nb") if option.description else ""
            assert item(option.id).toolTip() == (f"<p>{description}</p>" if description else "")
