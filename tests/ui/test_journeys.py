"""Whole journeys through the app, as a salesperson makes them: a new customer, a quote with one product of each
seed family configured through the configurator (a conflict and its repair, a preset, a number's allowed range),
then revise, print to PDF, accept and create the production order — asserting what the user sees on the way."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from configurator.core.quoting.service import LineRequest
from configurator.ui.app import MainWindow
from configurator.ui.config_dialog import ConfiguratorDialog
from configurator.ui.context import AppContext
from configurator.ui.product_chooser import ProductChoice
from configurator.ui.quote_dialogs import LineResult
from configurator.ui.quote_editor import QuoteEditor
from tests.helpers.quoting_kit import EARTAG
from tests.helpers.ui_drive import choose, go_to, hover_tip, looks_unavailable, settled, tick, wait_stored
from tests.helpers.ui_kit import add_customer

pytestmark = pytest.mark.qt_log_ignore("grabbing the keyboard", "does not support raise")
NBSP = "\u00a0"
QUESTIONS: list[str] = []


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    for kind in ("information", "warning", "critical"):  # an unexpected message fails the journey
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a, **_k: pytest.fail(f"message: {text}"))
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *_a, **_k: QUESTIONS.append(text)
                        or QMessageBox.StandardButton.Yes)  # "send" and "accepted" ask first
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    opened: list[bool] = []
    main.open_start_page(opened.append)
    qtbot.waitUntil(lambda: opened == [True], timeout=20_000)
    return main


def create_customer(qtbot: QtBot, window: MainWindow) -> None:
    window.page_actions[0].trigger()  # Ctrl+1: Customers
    customers = window.page("customers")
    assert "Ingen kunder ennå" in customers.empty.text()  # type: ignore[attr-defined]
    qtbot.mouseClick(customers.new_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    dialog = customers.dialog  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.name, "Ødegård Gårdsbruk AS")
    qtbot.keyClicks(dialog.org_number, "923609017")  # a typo in the check digit
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.org_number.clear()
    qtbot.keyClicks(dialog.org_number, "923609016")
    qtbot.keyClicks(dialog.billing.postcode, "7374")
    qtbot.keyClicks(dialog.billing.city, "Røros")
    assert ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: customers.table.model().rowCount() == 1)  # type: ignore[attr-defined]


def start_quote(qtbot: QtBot, window: MainWindow) -> QuoteEditor:
    customers = window.page("customers")
    customers.table.selectRow(0)  # type: ignore[attr-defined]
    qtbot.mouseClick(customers.quote_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    editor = window.editor
    assert isinstance(editor, QuoteEditor) and window.stack.currentWidget() is editor
    return editor


def configure_window_with_a_repair(qtbot: QtBot, dialog: ConfiguratorDialog) -> None:
    view = dialog.view
    for attr_id, value in (("window_type", "top_hung"), ("width_mm", 1200), ("height_mm", 600)):
        choose(qtbot, view, attr_id, value)
    go_to(qtbot, view, "escape_window")
    escape = view.editors["escape_window"].check  # type: ignore[attr-defined]
    assert looks_unavailable(escape)
    qtbot.waitUntil(lambda: "minst 600 mm høy" in hover_tip(escape), timeout=10_000)  # the reason, with the marks
    tick(qtbot, escape)  # insist: the repair panel offers what to change
    settled(qtbot, view)
    assert view.repair.isVisible()
    assert view.repair.labels[0].text().startswith("Endre: Høyde (utvendig karmmål): 600 mm → 730 mm")
    with qtbot.waitSignal(view.changed):
        qtbot.mouseClick(view.repair.apply_buttons[0], Qt.MouseButton.LeftButton)
    assert view.session.choices["escape_window"] is True


def configure_chair_with_a_preset(qtbot: QtBot, dialog: ConfiguratorDialog) -> None:
    view = dialog.view
    menu = view.presets_menu  # what the Presets button opens
    action = next(a for a in menu.actions() if a.text().startswith("Designer's Choice 1"))
    with qtbot.waitSignal(view.changed):
        action.trigger()
    preset = view.session.model.presets[0]
    assert all(view.session.choices.get(k) == v for k, v in preset.values.items())


def configure_eartags_in_range(qtbot: QtBot, dialog: ConfiguratorDialog) -> None:
    view = dialog.view
    for attr_id, value in (("species", "sheep"), ("holding_id", "1234567"), ("tag_count", 40)):
        choose(qtbot, view, attr_id, value)
    go_to(qtbot, view, "series_number")
    spin = view.editors["series_number"]
    assert "1–9960" in spin.note.text()  # type: ignore[attr-defined]  # 40 tags must fit below 9999
    choose(qtbot, view, "series_number", 101)


def configure_cap(qtbot: QtBot, dialog: ConfiguratorDialog) -> None:
    choose(qtbot, dialog.view, "flue_shape", "round")


JOURNEY = {"window": configure_window_with_a_repair, "chair": configure_chair_with_a_preset,
           "eartag": configure_eartags_in_range, "chimney_cap": configure_cap}


def scripted_configurator(qtbot: QtBot, context: AppContext, family: list[str]) -> Any:
    """The editor's configurator question, answered by driving the real dialog's widgets."""

    def configure_line(parent: Any, stored: Any, *, title: str, choices: Any = None, quantity: int = 1,
                       line_discount_bp: int = 0, customer_discount_bp: int = 0, quote: Any = None,
                       numbers: Any = None) -> LineResult | None:
        dialog = ConfiguratorDialog(context, stored, choices=choices, quantity=quantity, title=title,
                                    line_discount_bp=line_discount_bp, customer_discount_bp=customer_discount_bp,
                                    quote=quote, numbers=numbers, parent=parent)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
        JOURNEY[family[0]](qtbot, dialog)
        with qtbot.waitSignal(dialog.view.changed, timeout=20_000):
            qtbot.mouseClick(dialog.view.complete_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert dialog.ok_button.isEnabled() and dialog.view.is_complete()
        result = LineResult(dict(dialog.view.configuration().choices), dialog.quantity(),
                            dialog.line_discount_bp())
        dialog.accept()
        return result

    return configure_line


def test_from_a_new_customer_to_a_production_order(qtbot: QtBot, window: MainWindow, context: AppContext,
                                                   tmp_path: Path) -> None:
    create_customer(qtbot, window)
    editor = start_quote(qtbot, window)
    family: list[str] = []
    editor.prompts.ask_product = lambda _parent, _cards: ProductChoice(family[0])  # type: ignore[method-assign]
    editor.prompts.configure_line = scripted_configurator(qtbot, context, family)  # type: ignore[method-assign]
    for name in ("window", "chair", "eartag", "chimney_cap"):
        family[:] = [name]
        editor.commands.actions["add"].trigger()
        wait_stored(editor)
    quote = context.service.quote(editor.number)
    assert [line.family_id for line in quote.current.lines] == ["window", "chair", "eartag", "chimney_cap"]
    window_line = quote.current.lines[0].configuration.values
    assert window_line["escape_window"] is True and window_line["height_mm"] == 730
    shown = editor.lines.model()
    assert shown.rowCount() == 4
    from PySide6.QtWidgets import QLabel

    from configurator.core.pricing.money import from_ore

    total = context.money(from_ore(quote.current.total_inc_vat_ore))
    assert any(total in label.text() for label in editor.totals_box.findChildren(QLabel))

    # only visual ear tags: the pairs rule holds Send back and says why, until the customer tops up one kind
    assert not editor.commands.actions["send"].isEnabled()
    context.service.set_parameters(editor.number, {"origin_pairs": False})
    context.dataChanged.emit("quotes")
    editor.commands.actions["send"].trigger()
    wait_stored(editor)
    assert "fryser" in QUESTIONS[-1]  # the seller is told that sending freezes the revision
    assert context.service.quote(editor.number).status == "sent"
    assert not editor.commands.actions["add"].isEnabled() and editor.commands.actions["revise"].isEnabled()
    editor.commands.actions["revise"].trigger()
    wait_stored(editor)
    assert context.service.quote(editor.number).current.letter == "B"

    printed = tmp_path / "printed.pdf"
    from PySide6.QtPrintSupport import QPrinter

    def to_file(_parent: Any, _title: str) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    editor.prompts.ask_printer = to_file  # type: ignore[method-assign]
    editor.commands.actions["send"].trigger()  # revision B goes out
    wait_stored(editor)
    editor.commands.actions["print"].trigger()
    def printed_pages() -> bool:  # the printer writes in the background: done once the PDF reads back
        info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=False)
        return info.returncode == 0 and "Pages:" in info.stdout

    qtbot.waitUntil(printed_pages, timeout=60_000)

    editor.commands.actions["accept"].trigger()
    wait_stored(editor)
    assert "akseptert" in QUESTIONS[-1] and "angres" in QUESTIONS[-1]
    assert editor.commands.actions["create_order"].isEnabled()
    editor.commands.actions["create_order"].trigger()
    wait_stored(editor)
    order = context.service.order_for_quote(editor.number)
    assert order is not None and len(order.lines) == 4
    assert order.lines[2].specification.series.start == 70101


def ordered_eartags(context: AppContext, customer: int, **choices: str) -> str:
    """A production order for ear tags of holding 1234567 (as a colleague makes one), its number."""
    values = {**EARTAG, **choices}
    quote = context.service.new_quote(customer, parameters={"origin_pairs": False},
                                      first_line=LineRequest("eartag", values, complete=True))
    context.service.send(quote.number)
    context.service.accept(quote.number)
    return context.service.create_order(quote.number).number


def test_ear_tag_numbers_given_out_are_found_while_configuring_and_again_at_sending(
        qtbot: QtBot, window: MainWindow, context: AppContext, database: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    customer = add_customer(database)
    earlier = ordered_eartags(context, customer, series_number="101", tag_count="50")  # 70101–70150 for 2027
    window.new_quote_for(customer)
    editor = window.editor
    assert isinstance(editor, QuoteEditor)
    context.service.set_parameters(editor.number, {"origin_pairs": False})
    context.dataChanged.emit("quotes")
    seen: dict[str, Any] = {}

    def configure_line(parent: Any, stored: Any, **shown: Any) -> LineResult | None:
        dialog = ConfiguratorDialog(context, stored, parent=parent, **shown)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(dialog.view.is_ready, timeout=20_000)
        view = dialog.view
        for attr_id, value in (("species", "sheep"), ("holding_id", "1234567"), ("birth_year", 2027),
                               ("tag_count", 40)):
            choose(qtbot, view, attr_id, value)
        go_to(qtbot, view, "series_number")
        spin = view.editors["series_number"]
        seen["range"] = spin.note.text()  # type: ignore[attr-defined]
        choose(qtbot, view, "series_number", 120)  # 70120–70159: reuses the earlier order's numbers
        seen["refused"] = spin.note.text()  # type: ignore[attr-defined]
        numbers_step = next(i for i, editors in enumerate(view.page_editors) if spin in editors)
        seen["step_done"] = view.steps.item(numbers_step).data(Qt.ItemDataRole.UserRole)
        with qtbot.waitSignal(view.changed, timeout=20_000):
            qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        seen["ok"] = dialog.ok_button.isEnabled()
        seen["ok_tip"] = dialog.ok_button.toolTip()
        choose(qtbot, view, "series_number", 151)  # the first free number after the earlier order
        qtbot.waitUntil(lambda: spin.note.text().startswith("Tillatt nå"), timeout=10_000)  # type: ignore[attr-defined]
        seen["after"] = spin.note.text()  # type: ignore[attr-defined]
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # to the summary step
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # add to the quote
        return LineResult(dict(view.configuration().choices), dialog.quantity(), dialog.line_discount_bp())

    editor.prompts.ask_product = lambda _parent, _cards: ProductChoice("eartag")  # type: ignore[method-assign]
    editor.prompts.configure_line = configure_line  # type: ignore[method-assign]
    editor.commands.actions["add"].trigger()
    wait_stored(editor)
    assert seen["range"].startswith("Tillatt nå: 1–61, 151–9960")  # 40 tags from 62 reach 70101
    assert f"70101–70150 er tildelt i produksjonsordre {earlier}" in seen["range"]
    assert f"allerede tildelt i produksjonsordre {earlier}" in seen["refused"] and "70120–70150" in seen["refused"]
    assert not seen["ok"] and earlier in seen["ok_tip"]  # the taken numbers cannot be added
    assert seen["step_done"] is False  # the step with the refused number is not marked done
    assert seen["after"].startswith("Tillatt nå") and "allerede" not in seen["after"]  # no refusal now
    (line,) = context.service.quote(editor.number).current.lines
    assert line.configuration.values["series_start"] == 70151

    # a colleague gives 70151–70190 out meanwhile: sending finds it and names that order
    later = ordered_eartags(context, add_customer(database, "Berg Gård"), series_number="151", tag_count="40")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a, **_k: warnings.append(text))
    editor.commands.actions["send"].trigger()
    wait_stored(editor)
    assert len(warnings) == 1 and later in warnings[0] and "70151–70190" in warnings[0]
    assert context.service.quote(editor.number).status == "draft"
