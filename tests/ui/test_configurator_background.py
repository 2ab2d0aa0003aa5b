"""The configurator works off the UI thread: a click is answered before background work that was already running
(a "from" price), quick clicks in a row all count but only the newest state is shown, and the second opening of
a model starts from the state the first one left."""

from __future__ import annotations

import gc
import itertools
import threading
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from configurator.ui import config_marks, config_price, config_sessions, config_suggest
from configurator.ui.context import AppContext
from configurator.ui.work import collector_paused
from tests.helpers.ui_drive import choose, go_to, open_view, operate, settled

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "grabbing the keyboard", "does not support raise")


def test_a_click_while_a_from_price_is_worked_out_is_answered_first(qtbot: QtBot, context: AppContext,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The "from" price runs on its own solver and gives way to clicks: here it is made to take long (it keeps
    pricing for three seconds), and a click made meanwhile is shown before that price would be done."""
    events: list[str] = []
    started: dict[frozenset[tuple[str, Any]], float] = {}  # configuration priced -> when its pricing would end
    real = config_price.cheapest_values

    def slow(session: Any, cost: Callable[[Mapping[str, Any]], Decimal], **options: Any) -> dict[str, Any]:
        end = time.monotonic() + 3.0
        started[frozenset(session.choices.items())] = end
        while time.monotonic() < end:
            cost(session.choices)  # each price asked for gives way to a click being answered
            time.sleep(0.002)
        values = real(session, cost, **options)
        events.append("price")
        return values

    monkeypatch.setattr(config_price, "cheapest_values", slow)
    view = open_view(qtbot, context, "window")
    choose(qtbot, view, "window_type", "side_hung")
    shown = frozenset({"window_type": "side_hung"}.items())
    qtbot.waitUntil(lambda: shown in started, timeout=10_000)  # its from price is being worked out
    assert not view.price.is_settled()
    go_to(qtbot, view, "glazing")
    with qtbot.waitSignal(view.changed, timeout=10_000):
        operate(qtbot, view.editors["glazing"], "triple")
    events.append("click")
    assert events == ["click"]
    assert time.monotonic() < started[shown]  # answered while the price (started before the click) was still running
    assert view.session.choices == {"window_type": "side_hung", "glazing": "triple"}
    qtbot.waitUntil(view.price.is_settled, timeout=20_000)
    assert "price" in events


def test_quick_clicks_all_count_and_only_the_newest_state_is_shown(qtbot: QtBot, context: AppContext) -> None:
    view = open_view(qtbot, context, "window")
    shown: list[dict[str, Any]] = []
    view.changed.connect(lambda: shown.append(dict(view.state.choices) if view.state else {}))
    go_to(qtbot, view, "window_type")
    for value in ("fixed", "side_hung", "top_hung"):  # three clicks before the first answer
        operate(qtbot, view.editors["window_type"], value)
    settled(qtbot, view)
    assert view.session.choices == {"window_type": "top_hung"}
    assert shown[-1] == {"window_type": "top_hung"}
    assert len(shown) < 3  # the outdated answers were dropped (or never worked out)
    assert view.editors["window_type"].buttons["top_hung"].isChecked()
    assert view.undo_button.isEnabled()


def test_the_second_opening_starts_from_the_session_the_first_left(qtbot: QtBot, context: AppContext) -> None:
    first = open_view(qtbot, context, "chimney_cap")
    session = first.session
    first.close()
    first.lane.wait(20)
    second = open_view(qtbot, context, "chimney_cap")
    assert second.session is session  # warm: its solver and first state are kept
    assert second.session.choices == {}
    assert not second.undo_button.isEnabled()


def test_a_step_not_shown_is_painted_with_the_newest_state_when_the_user_goes_to_it(qtbot: QtBot,
                                                                                     context: AppContext) -> None:
    """Only the step shown is painted after a click (the UI thread's time goes to what the user sees): going to
    another step shows its values as the newest state and marks have them."""
    view = open_view(qtbot, context, "window")
    choose(qtbot, view, "window_type", "fixed")  # a fixed window opens neither way
    settled(qtbot, view)
    qtbot.waitUntil(view.marks.is_settled, timeout=20_000)
    opening = view.editors["opening"]
    go_to(qtbot, view, "opening")
    state = view.state.attributes["opening"]
    assert opening.state == state
    greyed = {o for o, button in opening.buttons.items() if button.property("unavailable")}
    assert greyed == {o.id for o in view.model.attribute("opening").options if o.id not in state.available}


def test_a_click_counts_until_its_answer_is_shown(qtbot: QtBot, context: AppContext) -> None:
    """Background work of low priority waits while a click is answered: until the widgets show the answer (the
    painting on the UI thread goes first too), not only until the lane has worked it out."""
    from configurator.ui import work

    lane = work.Lane(context, interactive=True, name="test-clicks")
    shown: list[int] = []
    lane.submit(lambda _stale: 7, shown.append)
    assert lane.wait(10)  # worked out ...
    assert not work._CLICKS.idle.is_set()  # ... but not shown yet: still a click being answered
    qtbot.waitUntil(lambda: shown == [7], timeout=5_000)
    assert work._CLICKS.idle.is_set()
    release = threading.Event()
    lane.submit(lambda _stale: release.wait(10) and 8, shown.append)
    assert not work._CLICKS.idle.is_set()
    with qtbot.waitSignal(lane.destroyed, timeout=5_000):
        lane.deleteLater()  # a lane gone before it could show its answer stops counting it
    assert work._CLICKS.idle.is_set()
    release.set()
    qtbot.wait(50)
    assert shown == [7]


def test_a_click_while_the_values_price_effects_are_worked_out_is_answered_first(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The values' price effects (another background lane, on a borrowed trial session) give way to clicks too:
    made to take three seconds, a click made meanwhile is shown before they would be done, and the user's
    session is not touched by them."""
    from configurator.ui import config_marks
    from configurator.ui.work import yield_to_clicks

    running: dict[frozenset[tuple[str, Any]], float] = {}  # configuration -> when its effects would be done
    real = config_marks.price_effects

    def slow(stored: Any, choices: Mapping[str, Any], marks: Any, **options: Any) -> Any:
        end = time.monotonic() + 3.0
        running[frozenset(choices.items())] = end
        while time.monotonic() < end:
            yield_to_clicks()
            time.sleep(0.002)
        return real(stored, choices, marks, **options)

    monkeypatch.setattr(config_marks, "price_effects", slow)
    view = open_view(qtbot, context, "window")
    choose(qtbot, view, "window_type", "side_hung")
    shown = frozenset({"window_type": "side_hung"}.items())
    qtbot.waitUntil(lambda: shown in running, timeout=10_000)
    go_to(qtbot, view, "glazing")
    with qtbot.waitSignal(view.changed, timeout=10_000):
        operate(qtbot, view.editors["glazing"], "triple")
    assert time.monotonic() < running[shown]  # answered while the effects (started before it) still ran
    assert view.session.choices == {"window_type": "side_hung", "glazing": "triple"}
    assert view.editors["glazing"].buttons["triple"].isChecked()


def test_a_closed_configurator_starts_no_more_background_work(qtbot: QtBot, context: AppContext) -> None:
    """Closing the view while its marks, price effects and suggestions are about to start (their short wait after
    a click) starts none of them: a closed view's work would slow the next configurator opened (it did: the
    kitchen's second opening took 550 ms instead of 55 while the closed one's price effects ran)."""
    view = open_view(qtbot, context, "window")
    with qtbot.waitSignal(view.changed, timeout=10_000):
        operate(qtbot, view.editors["window_type"], "side_hung")
    assert view.marks._timer.isActive()  # the new state's marks are due
    view.close()
    lanes = (view.marks.lane, view.suggestions.lane)
    given = [lane._ticket for lane in lanes]  # jobs given to each lane so far
    qtbot.wait(3 * max(config_marks.DEBOUNCE_MS, config_suggest.DEBOUNCE_MS))
    assert [lane._ticket for lane in lanes] == given  # nothing more was given them
    assert not view.marks._timer.isActive() and not view.suggestions._timer.isActive()


def test_low_priority_lanes_take_turns_and_hand_them_on_at_each_checkpoint(qtbot: QtBot, context: AppContext) -> None:
    """Background jobs of low priority run one at a time (each thread that wants Python's lock delays the UI
    thread's next turn at it), handing the turn on at every ``yield_to_clicks`` when another waits: both make
    progress, interleaved, and never run at once. A click's lane is not held up by them."""
    from configurator.ui.work import Lane, yield_to_clicks

    inside = 0
    most = 0
    seen: list[str] = []
    guard = threading.Lock()

    def job(name: str) -> Callable[[Any], str]:
        def run(_stale: Any) -> str:
            nonlocal inside, most
            for _ in range(20):
                with guard:
                    inside += 1
                    most = max(most, inside)
                    seen.append(name)
                time.sleep(0.002)  # work between two checkpoints
                with guard:
                    inside -= 1
                yield_to_clicks()
            return name

        return run

    first = Lane(context, low_priority=True, name="test-a")
    second = Lane(context, low_priority=True, name="test-b")
    clicks = Lane(context, interactive=True, name="test-clicks")
    done: list[str] = []
    first.submit(job("a"), done.append)
    second.submit(job("b"), done.append)
    answered = threading.Event()
    clicks.submit(lambda _stale: answered.set() or "click", done.append)
    assert answered.wait(1.0)  # the click's lane ran while the background jobs still had work
    qtbot.waitUntil(lambda: sorted(done) == ["a", "b", "click"], timeout=10_000)
    assert most == 1  # never two background jobs at once
    assert seen.count("a") == seen.count("b") == 20
    switches = sum(1 for x, y in itertools.pairwise(seen) if x != y)
    assert switches >= 10  # interleaved at the checkpoints, not one job after the other
    for lane in (first, second, clicks):
        lane.deleteLater()


def test_a_more_urgent_background_lane_takes_the_turn_at_the_next_checkpoint_and_keeps_it(
        qtbot: QtBot, context: AppContext) -> None:
    """The "from" price (rank 0) goes before the values' marks (rank 1): a marks job hands it the turn at its
    next checkpoint, and gets it back only when the price is done."""
    from configurator.ui.work import Lane, yield_to_clicks

    seen: list[str] = []
    started = threading.Event()

    def job(name: str, steps: int) -> Callable[[Any], str]:
        def run(_stale: Any) -> str:
            for _ in range(steps):
                seen.append(name)
                started.set()
                time.sleep(0.002)
                yield_to_clicks()
            return name

        return run

    marks = Lane(context, low_priority=True, name="test-marks")
    price = Lane(context, low_priority=True, rank=0, name="test-price")
    done: list[str] = []
    marks.submit(job("marks", 60), done.append)
    assert started.wait(5.0)
    price.submit(job("price", 10), done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=10_000)
    assert done == ["price", "marks"]
    first, last = seen.index("price"), len(seen) - 1 - seen[::-1].index("price")
    assert seen[first:last + 1] == ["price"] * 10  # never interrupted by the marks
    assert first > 0 and seen[0] == "marks"
    for lane in (marks, price):
        lane.deleteLater()


def test_the_garbage_collector_is_paused_while_a_configurator_opens_and_runs_again_after(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first opening encodes the model on the lane; a full collection meanwhile would hold Python's GIL (and
    freeze the window) for a tenth of a second: the collector is paused for the opening, and on again after."""
    seen: list[tuple[str, bool]] = []
    real = config_sessions.open_with

    def watched(stored: Any, choices: Mapping[str, Any]) -> Any:
        seen.append((threading.current_thread().name, gc.isenabled()))
        return real(stored, choices)

    monkeypatch.setattr(config_sessions, "open_with", watched)
    assert gc.isenabled()
    view = open_view(qtbot, context, "chair")
    assert seen == [(seen[0][0], False)] and seen[0][0] != threading.main_thread().name
    assert gc.isenabled()
    choose(qtbot, view, *next((a.id, a.options[-1].id) for a in view.model.chosen_attributes if a.options))
    assert gc.isenabled()  # a click's job does not pause it


def test_paused_collector_counts_nested_and_concurrent_pauses_and_keeps_a_disabled_one_off() -> None:
    entered, leave = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with collector_paused():
        thread.start()
        assert entered.wait(5)
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread still wants it paused
    leave.set()
    thread.join(5)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()


def test_no_engine_work_runs_on_the_ui_thread_not_even_a_reason_or_a_chosen_numbers_range(
        qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """Greyed values get their reasons from the marks, and a chosen number's range (asked for when the user goes
    to it) is worked out in the background too: the engine is never called on the UI thread."""
    from configurator.core.engine.session import ConfigurationSession

    on_ui_thread: list[str] = []
    for name in ("explain", "alternatives", "state", "set", "set_many", "repairs"):
        real = getattr(ConfigurationSession, name)

        def watched(self: Any, *args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                on_ui_thread.append(_name)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(ConfigurationSession, name, watched)
    view = open_view(qtbot, context, "window", active=True)  # the number's range is asked for when it has focus
    choose(qtbot, view, "width_mm", 1000)
    choose(qtbot, view, "opening", "outward")  # greys tilt-turn on the first step, before its mark is worked out
    go_to(qtbot, view, "window_type")
    tilt_turn = view.editors["window_type"].buttons["tilt_turn"]  # type: ignore[attr-defined]
    assert not tilt_turn.isEnabled() or view.editors["window_type"].value_marks.greyed("tilt_turn")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "Slagretning = Utadslående" in tilt_turn.toolTip(), timeout=10_000)  # from the marks
    width = view.editors["width_mm"]
    assert view._alternatives_of("width_mm", False) is None  # another choice came since: not known
    qtbot.mouseClick(width.spin.lineEdit(), Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: width.note.text().startswith("Tillatt nå: 400–"), timeout=10_000)
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=20_000)
    assert on_ui_thread == []
