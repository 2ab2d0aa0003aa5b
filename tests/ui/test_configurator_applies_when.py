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


def test_a_value_that_makes_earlier_choices_not_apply_clears_them_without_the_repair_panel(
        qtbot: QtBot, context: AppContext) -> None:
    """A square flue's inner width does not apply to a round flue: "Round" is marked as clearing it, and choosing it
    clears it (hidden from then on) and says so, instead of opening the repair panel."""
    view = ui_drive.open_view(qtbot, context, "chimney_cap", active=True)
    choose(qtbot, view, "flue_shape", "square")
    choose(qtbot, view, "inner_width_mm", 200)  # a square flue's depth follows (not chosen)
    shape = view.editors["flue_shape"]
    go_to(qtbot, view, "flue_shape")
    qtbot.waitUntil(lambda: shape.value_marks.status("round") == "clears", timeout=10_000)  # type: ignore[attr-defined]
    reason = shape.reasons["round"]  # type: ignore[attr-defined]
    assert reason.text() == "fjerner: Innvendig bredde per røykløp"
    round_button = shape.buttons["round"]  # type: ignore[attr-defined]
    assert not ui_drive.looks_unavailable(round_button)
    assert "de gjelder ikke sammen med den" in ui_drive.hover_tip(round_button)
    view.grab().save("/tmp/clears_marked.png")
    choose(qtbot, view, "flue_shape", "round")
    assert not view.repair.isVisible()
    assert view.session.choices == {"flue_shape": "round"}
    assert shape.note.text() == "Fjernet fordi de ikke gjelder lenger: Innvendig bredde per røykløp"
    assert view.editors["inner_width_mm"].isHidden() and view.editors["diameter_mm"].isVisible()
    view.grab().save("/tmp/clears_done.png")
    with qtbot.waitSignal(view.changed, timeout=10_000):
        view.undo()  # one step back: the square flue with its width and depth
    assert view.session.choices == {"flue_shape": "square", "inner_width_mm": 200}
    assert shape.note.text() == ""
