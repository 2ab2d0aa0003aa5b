"""Driving the configurator as a user does: click a step, operate a widget, hover for a reason."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from configurator.ui.config_widgets import BooleanCheck, ChoiceCombo, ChoiceRadios, NumberSpin, TextLine
from configurator.ui.configurator_view import ConfiguratorView
from configurator.ui.context import AppContext


def go_to(qtbot: QtBot, view: ConfiguratorView, attr_id: str) -> None:
    """Click the step that holds ``attr_id`` in the step list."""
    row = next(i for i, editors in enumerate(view.page_editors) if any(e.id == attr_id for e in editors))
    rect = view.steps.visualItemRect(view.steps.item(row))
    qtbot.mouseClick(view.steps.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.steps.currentRow() == row
    QApplication.processEvents()  # the page is laid out (and painted) before the user clicks in it


def choose(qtbot: QtBot, view: ConfiguratorView, attr_id: str, value: Any, *, expect_change: bool = True) -> None:
    """Set ``attr_id`` to ``value`` through its widget; waits for ``changed`` unless ``expect_change`` is False."""
    go_to(qtbot, view, attr_id)
    editor = view.editors[attr_id]
    if expect_change:
        with qtbot.waitSignal(view.changed, timeout=10_000):
            operate(qtbot, editor, value)
    else:
        operate(qtbot, editor, value)
    settled(qtbot, view)


def settled(qtbot: QtBot, view: ConfiguratorView) -> None:
    """Wait until the view has shown the answer to the last click (worked out off the UI thread)."""
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=10_000)


def operate(qtbot: QtBot, editor: QWidget, value: Any) -> None:
    """What a user does with the widget of one attribute to give it ``value``."""
    if isinstance(editor, ChoiceRadios):
        tick(qtbot, editor.buttons[value])
    elif isinstance(editor, ChoiceCombo):
        row = editor.row_of(value)
        editor.combo.setFocus()
        editor.combo.setCurrentIndex(row)
        editor.combo.activated.emit(row)
    elif isinstance(editor, BooleanCheck):
        if (editor.state.value is True) != value:
            tick(qtbot, editor.check)
    elif isinstance(editor, NumberSpin):
        editor.spin.setFocus()
        editor.spin.lineEdit().selectAll()
        qtbot.keyClicks(editor.spin.lineEdit(), str(value).replace(".", ","))
        qtbot.keyClick(editor.spin.lineEdit(), Qt.Key.Key_Return)
    elif isinstance(editor, TextLine):
        editor.line.setFocus()
        editor.line.selectAll()
        qtbot.keyClicks(editor.line, value)
        qtbot.keyClick(editor.line, Qt.Key.Key_Return)


def tick(qtbot: QtBot, button: QWidget) -> None:
    """Click a radio button or checkbox on its indicator (where a user clicks)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def hover_tip(widget: QWidget) -> str:
    """The tooltip the user sees when hovering over ``widget``."""
    centre = widget.rect().center()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, widget.mapToGlobal(centre) or QPoint())
    QApplication.sendEvent(widget, event)
    return widget.toolTip()


def looks_unavailable(widget: QWidget) -> bool:
    """Greyed as unavailable, yet still clickable (choosing it offers the repairs)."""
    return bool(widget.property("unavailable")) and widget.isEnabled()


def wait_stored(editor: Any, timeout: float = 30.0) -> None:
    """Wait until the quote editor's last change is stored (quote changes run off the UI thread)."""
    end = time.monotonic() + timeout
    while editor.commands.is_busy():
        assert time.monotonic() < end, "the change was not stored in time"
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)


def open_view(qtbot: QtBot, context: AppContext, family: str, *, active: bool = False,
              **options: Any) -> ConfiguratorView:
    """The configurator of ``family``'s current version at 1280×800, once it has opened (``active``: also the
    active window, for tests that type into it)."""
    stored = context.service.models.current(family, context.service.today)
    view = ConfiguratorView(context, stored, **options)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitUntil(view.is_ready, timeout=20_000)
    if active:
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow)
    return view
