"""An attribute that does not apply (applies_when) in the configurator: hidden, not counted as open, back when it
applies. The kitchen's hinge side applies only to a cabinet with one door."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from configurator.ui.context import AppContext
from tests.helpers import ui_drive
from tests.helpers.ui_drive import choose, go_to

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "does not support raise")


def test_the_hinge_side_is_hidden_for_two_doors_and_shown_for_one(qtbot: QtBot, context: AppContext) -> None:
    view = ui_drive.open_view(qtbot, context, "kitchen", active=True)
    choose(qtbot, view, "cabinet_type", "base")
    choose(qtbot, view, "width_mm", 600)  # one door or two
    choose(qtbot, view, "door_count", 2)
    go_to(qtbot, view, "hinge_side")
    hinge = view.editors["hinge_side"]
    assert hinge.isHidden()
    assert view.editors["drawer_count"].isVisible()  # the other fields of the page stay
    open_before = view.open_count()
    view.grab().save("/tmp/lang_applies_two_doors.png")
    choose(qtbot, view, "door_count", 1)
    go_to(qtbot, view, "hinge_side")
    assert hinge.isVisible()
    assert view.open_count() == open_before + 1  # the hinge side is open again
    view.grab().save("/tmp/lang_applies_one_door.png")
