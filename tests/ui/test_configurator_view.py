"""The configurator view driven as a user drives it: click a step, then the radio button, checkbox, combo box,
spin box or line edit of an attribute, wait until the view shows the result (``changed``), and check what the
user sees: texts, greyed values and their tooltips, the repair panel, the price, the step marks."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from configurator.ui import config_values, config_widgets
from configurator.ui.config_dialog import ConfiguratorDialog
from configurator.ui.configurator_view import ConfiguratorView
from configurator.ui.context import AppContext
from tests.helpers import ui_drive
from tests.helpers.ui_drive import choose, go_to, hover_tip, looks_unavailable, settled, tick


def open_view(qtbot: QtBot, context: AppContext, family: str, **options: Any) -> ConfiguratorView:
    return ui_drive.open_view(qtbot, context, family, active=True, **options)  # these tests type into it


def settle(qtbot: QtBot, view: ConfiguratorView) -> None:
    """Wait until the price shown is final (a "from" price is worked out in the background)."""
    qtbot.waitUntil(view.price.is_settled, timeout=20_000)


# the offscreen platform cannot raise a tooltip, grab the keyboard for a menu or pass size hints on
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "does not support raise")
NBSP = "\u00a0"
WINDOW_PRICE = f"kr{NBSP}12{NBSP}852,00"


def window_1200_1400(qtbot: QtBot, view: ConfiguratorView) -> None:
    for attr_id, value in (("window_type", "side_hung"), ("width_mm", 1200), ("height_mm", 1400),
                           ("glazing", "triple")):
        choose(qtbot, view, attr_id, value)


def complete_with_defaults(qtbot: QtBot, view: ConfiguratorView) -> None:
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)


def escape_conflict(qtbot: QtBot, view: ConfiguratorView) -> None:
    """Top-hung 1200 × 600: its clear opening is too low for an escape window."""
    for attr_id, value in (("window_type", "top_hung"), ("width_mm", 1200), ("height_mm", 600)):
        choose(qtbot, view, attr_id, value)
    go_to(qtbot, view, "escape_window")


ESCAPE_REASON = "Rømningsvindu: fri åpning må være minst 600 mm høy"

# family -> what the user chooses through the widgets before "Complete with defaults"
JOURNEYS = {
    "window": [("window_type", "side_hung"), ("width_mm", 1200), ("height_mm", 1400), ("glazing", "triple"),
               ("position_ref", "Stue sør 1")],
    "chair": [("model", "sofi"), ("fabric", "ru12"), ("elbow_rests", True), ("user_height_m", "1.85")],
    "eartag": [("species", "sheep"), ("purpose", "origin"), ("holding_id", "1234567"), ("tag_count", 40)],
    "chimney_cap": [("chimney_type", "masonry"), ("cabin_use", True), ("flue_shape", "square"),
                    ("material", "galvanised")],
}


@pytest.mark.parametrize("family", sorted(JOURNEYS))
def test_each_family_is_configured_to_complete_through_the_widgets(qtbot: QtBot, context: AppContext,
                                                                  family: str) -> None:
    view = open_view(qtbot, context, family)
    assert not view.is_complete()
    assert "valg igjen" in view.price.status.text()
    for attr_id, value in JOURNEYS[family]:
        choose(qtbot, view, attr_id, value)
    complete_with_defaults(qtbot, view)
    assert view.is_complete()
    assert view.price.status.text() == "Ferdig"
    assert view.price.amount.text().startswith(f"kr{NBSP}")
    assert all(view.steps.item(row).toolTip() == "Ferdig" for row in range(view.steps.count()))
    configuration = view.configuration()
    expected = context.service.configure(view.stored, configuration.choices)
    assert configuration == expected
    for attr_id, value in JOURNEYS[family]:
        assert str(configuration.choices[attr_id]) == str(value)


def test_a_complete_window_shows_its_exact_price_with_non_breaking_spaces(qtbot: QtBot,
                                                                          context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    window_1200_1400(qtbot, view)
    complete_with_defaults(qtbot, view)
    assert view.price.amount.text() == WINDOW_PRICE
    assert not view.price.breakdown.isVisible()
    qtbot.mouseClick(view.price.details, Qt.MouseButton.LeftButton)
    assert view.price.breakdown.isVisible()
    assert f"Linjesum: {WINDOW_PRICE}" in view.price.breakdown.text()
    assert "3-lags energiglass" in view.price.breakdown.text()


def test_a_partial_window_shows_a_from_price_worked_out_in_the_background(qtbot: QtBot,
                                                                          context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    window_1200_1400(qtbot, view)
    settle(qtbot, view)
    assert view.price.amount.text().startswith(f"fra kr{NBSP}")
    assert view.price.status.text() == "8 valg igjen"
    assert view.steps.item(0).toolTip() == "Ferdig"
    assert view.steps.item(1).toolTip() == "Valg gjenstår"


def test_an_impossible_value_is_greyed_not_hidden_with_the_models_reason(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    escape_conflict(qtbot, view)
    check = view.editors["escape_window"].check
    assert check.isVisible()
    assert looks_unavailable(check)
    qtbot.waitUntil(lambda: ESCAPE_REASON in hover_tip(check), timeout=10_000)  # the reason comes with the marks
    assert "Høyde (utvendig karmmål) = 600 mm" in hover_tip(check)
    assert not looks_unavailable(view.editors["opening"].buttons["outward"])


def test_choosing_the_impossible_value_offers_repairs_and_applying_one_makes_it_chosen(qtbot: QtBot,
                                                                                      context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    escape_conflict(qtbot, view)
    tick(qtbot, view.editors["escape_window"].check)
    settled(qtbot, view)
    panel = view.repair
    assert panel.isVisible()
    assert "Rømningsvindu" in panel.heading.text()
    assert "Behold dette valget" in panel.heading.text()
    assert ESCAPE_REASON in panel.reason.text()
    assert panel.labels[0].text().startswith("Endre: Høyde (utvendig karmmål): 600 mm → 730 mm")
    assert view.editors["escape_window"].check.checkState() == Qt.CheckState.Unchecked  # nothing changed yet
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(panel.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert not panel.isVisible()
    assert view.editors["escape_window"].check.checkState() == Qt.CheckState.Checked
    go_to(qtbot, view, "height_mm")
    assert view.editors["height_mm"].spin.text() == "730 mm"
    assert view.session.choices["escape_window"] is True


def test_cancelling_a_repair_changes_nothing(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    escape_conflict(qtbot, view)
    before = dict(view.session.choices)
    tick(qtbot, view.editors["escape_window"].check)
    settled(qtbot, view)
    qtbot.mouseClick(view.repair.cancel, Qt.MouseButton.LeftButton)
    assert not view.repair.isVisible()
    assert view.session.choices == before
    assert view.editors["escape_window"].check.checkState() == Qt.CheckState.Unchecked
    assert looks_unavailable(view.editors["escape_window"].check)


def test_a_repair_of_a_complete_configuration_shows_the_price_difference(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    window_1200_1400(qtbot, view)
    complete_with_defaults(qtbot, view)
    choose(qtbot, view, "window_type", "tilt_turn", expect_change=False)  # tilt-turn opens inward
    assert view.repair.isVisible()
    text = view.repair.labels[0].text()
    assert "Slagretning: Utadslående → Innadslående" in text
    assert f"(pris +kr{NBSP}1{NBSP}713,60)" in text


def test_a_designers_choice_preset_completes_the_chair(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "chair")
    menu = view.presets_menu  # what the Presets button opens (opening it offscreen would wait for a click)
    assert view.presets.menu() is menu
    action = next(a for a in menu.actions() if a.text().startswith("Designer's Choice 1"))
    with qtbot.waitSignal(view.changed):
        action.trigger()
    menu.close()
    assert view.is_complete()
    go_to(qtbot, view, "model")
    assert view.editors["model"].buttons["sofi"].isChecked()
    go_to(qtbot, view, "fabric")
    assert view.editors["fabric"].combo.currentText() == view.model.attribute("fabric").option("ru12").label.nb


def test_a_preset_that_conflicts_shows_the_repair_panel(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    choose(qtbot, view, "width_mm", 1500)
    action = next(a for a in view.presets_menu.actions() if a.data() == "roros_heritage")
    action.trigger()
    settled(qtbot, view)
    assert view.repair.isVisible()
    assert "Verneverdig Røros-vindu" in view.repair.heading.text()
    assert view.repair.labels[0].text() == "Endre: Bredde (utvendig karmmål): 1500 mm → 1200 mm"
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.repair.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert view.session.choices["heritage"] is True
    assert view.session.choices["width_mm"] == 1200


def test_a_number_shows_the_range_allowed_now_and_refuses_a_value_outside_with_the_reason(
        qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    editor = view.editors["width_mm"]
    go_to(qtbot, view, "width_mm")
    assert editor.note.text() == "Tillatt nå: 400–2400 mm"
    choose(qtbot, view, "window_type", "side_hung")
    assert editor.note.text() == "Tillatt nå: 400–1200 mm"
    choose(qtbot, view, "width_mm", 1500, expect_change=False)
    assert view.repair.isVisible()
    assert "høyst 1200 mm bred" in view.repair.reason.text()
    assert editor.spin.text() == "– velg –"
    assert "width_mm" not in view.session.choices
    choose(qtbot, view, "width_mm", 1205, expect_change=False)
    assert editor.note.text() == "1205 mm er ikke mulig: verdien går i steg på 10 mm."
    assert "width_mm" not in view.session.choices


def test_undo_and_redo_by_keyboard_and_buttons(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    assert not view.undo_button.isEnabled()
    choose(qtbot, view, "window_type", "fixed")
    choose(qtbot, view, "width_mm", 2000)
    assert view.undo_button.isEnabled()
    view.steps.setFocus()
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.steps, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "width_mm" not in view.session.choices
    assert view.redo_button.isEnabled()
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.steps, Qt.Key.Key_Z,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert view.session.choices["width_mm"] == 2000
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.undo_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.steps, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert view.session.choices["width_mm"] == 2000
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.reset_button, Qt.MouseButton.LeftButton)
    assert view.session.choices == {}
    assert view.undo_button.isEnabled()


def test_an_unavailable_combo_option_has_its_reason_as_tooltip(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "chair")
    choose(qtbot, view, "model", "capisco_8106")
    editor = view.editors["fabric"]
    go_to(qtbot, view, "fabric")
    row = editor.row_of("fk01")
    index = editor.items.index(row, 0)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed, still listed
    # the whole reason comes with the marks (worked out in the background), set on the item
    qtbot.waitUntil(lambda: "fargekartet" in (index.data(Qt.ItemDataRole.ToolTipRole) or ""), timeout=20_000)
    assert "står ikke på fargekartet" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Modell = HÅG Capisco 8106" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_switching_the_language_relabels_everything(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    window_1200_1400(qtbot, view)
    complete_with_defaults(qtbot, view)
    assert view.undo_button.text() == "&Angre"
    assert view.steps.item(0).text() == "Type og mål"
    context.set_language("en")
    assert view.undo_button.text() == "&Undo"
    assert view.complete_button.text() == "&Complete with defaults"
    assert view.steps.item(0).text() == "Type and size"
    assert view.step_title.text() == view.model.steps[view.steps.currentRow()].label.en
    assert view.price.amount.text() == f"NOK{NBSP}12,852.00"
    assert view.price.status.text() == "Complete"
    assert view.editors["window_type"].buttons["side_hung"].text() == "Side-hung"
    go_to(qtbot, view, "width_mm")
    width = view.editors["width_mm"]
    assert width.note.text() == ""  # a chosen number's range is worked out when the user goes to it
    qtbot.mouseClick(width.spin.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: width.note.text() == "Allowed now: 400–1200 mm", timeout=10_000)  # in the background


def test_the_dialog_adds_a_line_only_when_complete(qtbot: QtBot, context: AppContext) -> None:
    stored = context.service.models.current("chimney_cap", context.service.today)
    dialog = ConfiguratorDialog(context, stored, quantity=2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Se over linjen …"  # the summary step comes before the line is added
    assert not ok.isEnabled()
    complete_with_defaults(qtbot, dialog.view)
    assert ok.isEnabled()
    dialog.discount_box.setValue(12.5)
    assert dialog.line_discount_bp() == 1250
    assert dialog.quantity() == 2
    assert "Linjerabatt" in dialog.view.price.breakdown.text()


def test_the_line_terms_are_typed_the_norwegian_way(qtbot: QtBot, context: AppContext) -> None:
    """Typing 5,5 into "Linjerabatt" gives 5.5 % (Qt's C locale made it 55 %); the quantity reads nb too."""
    stored = context.service.models.current("chimney_cap", context.service.today)
    dialog = ConfiguratorDialog(context, stored, quantity=2)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
    dialog.discount_box.lineEdit().selectAll()
    qtbot.keyClicks(dialog.discount_box, "5,5")
    dialog.discount_box.interpretText()
    assert dialog.line_discount_bp() == 550
    assert dialog.discount_box.text() == "5,50 %"
    dialog.quantity_box.lineEdit().selectAll()
    qtbot.keyClicks(dialog.quantity_box, "1 200")
    dialog.quantity_box.interpretText()
    assert dialog.quantity() == 1200
    dialog.quantity_box.lineEdit().selectAll()
    qtbot.keyClicks(dialog.quantity_box, "12 000")
    dialog.quantity_box.interpretText()
    assert dialog.quantity() == 12000
    context.set_language("en")
    assert dialog.discount_box.text() == "5.50 %"


def test_enter_never_accepts_the_configurator(qtbot: QtBot, context: AppContext) -> None:
    stored = context.service.models.current("chimney_cap", context.service.today)
    dialog = ConfiguratorDialog(context, stored)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
    complete_with_defaults(qtbot, dialog.view)
    for _ in range(2):  # once would reach the summary, twice add the line unseen
        qtbot.keyClick(dialog.quantity_box, Qt.Key.Key_Return)
        qtbot.keyClick(dialog, Qt.Key.Key_Enter)
    assert dialog.isVisible() and not dialog.in_summary() and dialog.result() == 0
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # the explicit button still works
    assert dialog.in_summary()


def test_editing_a_line_opens_it_with_its_choices(qtbot: QtBot, context: AppContext) -> None:
    stored = context.service.models.current("window", context.service.today)
    choices = context.service.configure(stored, {"window_type": "side_hung", "width_mm": "1200",
                                                 "height_mm": "1400", "glazing": "triple"}, complete=True).choices
    dialog = ConfiguratorDialog(context, stored, choices=choices)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.text() == "Se over linjen …"
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.in_summary() and ok.text() == "Lagre linjen"
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.view.price.amount.text() == WINDOW_PRICE
    assert not dialog.view.undo_button.isEnabled()


def test_the_chimney_caps_preview_says_which_dimension_is_inner_and_which_outer(qtbot: QtBot,
                                                                                context: AppContext) -> None:
    view = open_view(qtbot, context, "chimney_cap")
    caption = view.preview_caption
    assert caption.isVisibleTo(view)
    assert caption.text().startswith("Innvendig mål (pipeløp): ")
    assert "Utvendig mål (hatten): " in caption.text()
    assert caption.geometry().top() >= view.preview.geometry().bottom()  # under the picture
    context.set_language("en")
    assert caption.text().startswith("Inner dimension (flue): ")
    assert "Outer dimension (cap): " in caption.text()
    choose(qtbot, view, "chimney_type", "masonry")
    view.resize(1280, 800)
    qtbot.waitUntil(view.preview.is_drawn, timeout=20_000)
    settle(qtbot, view)
    view.grab().save("/tmp/glance_caption_en.png")
    window = open_view(qtbot, context, "window")  # the window's drawing has one kind of size only
    assert not window.preview_caption.isVisibleTo(window)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_no_page_is_wider_than_the_configurator_at_1280_by_800(qtbot: QtBot, context: AppContext,
                                                               language: str) -> None:
    """The page never scrolls sideways, so a page wider than its place would cut off the right column's prices
    and reasons: with the price effects shown, every step of the window fits (long picture labels stand in one
    column)."""
    context.set_language(language)
    view = open_view(qtbot, context, "window")
    view.resize(1280, 800)
    for attr_id, value in (("glazing", "triple"), ("paint", "ncs_s7502b")):
        choose(qtbot, view, attr_id, value)
    settle(qtbot, view)
    qtbot.waitUntil(view.marks.is_settled, timeout=30_000)  # the price effects beside the values are shown
    for row in range(view.steps.count()):
        view.steps.setCurrentRow(row)
        qtbot.wait(20)
        page = view.page_scroll.widget()
        page.layout().activate()
        assert page.minimumSizeHint().width() <= view.page_scroll.viewport().width(), view.steps.item(row).text()


def test_option_pictures_are_decoded_off_the_ui_thread_before_the_configurator_is_built(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads a model version and decodes its option pictures in the background (``prepare_pictures``);
    building the configurator on the UI thread then only takes them (the chair's 36 pictures cost 13 ms there)."""
    stored = context.service.models.current("chair", context.service.today)
    real = config_values.decoded_picture
    on_ui_thread: list[bool] = []  # per picture asked for on the UI thread: whether it had been decoded already

    def watched(image: bytes) -> Any:
        if threading.current_thread() is threading.main_thread():
            on_ui_thread.append(image in config_values._DECODED)
        return real(image)

    monkeypatch.setattr(config_values, "decoded_picture", watched)
    monkeypatch.setattr(config_values, "_DECODED", {})
    worker = threading.Thread(target=config_values.prepare_pictures, args=(stored,))
    worker.start()
    worker.join(30)
    pictured = [o for a in stored.model.chosen_attributes for o in a.options if o.image]
    assert len(config_values._DECODED) == len({stored.image(o.image) for o in pictured if o.image}) > 10
    view = ConfiguratorView(context, stored)
    qtbot.addWidget(view)
    assert on_ui_thread and all(on_ui_thread)  # every picture the view showed was decoded already
    radios = next(e for e in view.editors.values() if isinstance(e, config_widgets.ChoiceRadios)
                  and any(o.image for o in e.attribute.options))
    option = next(o for o in radios.attribute.options if o.image)
    icon = radios.buttons[option.id].icon()
    assert not icon.isNull() and max(icon.availableSizes()[0].width(), icon.availableSizes()[0].height()) == 40
