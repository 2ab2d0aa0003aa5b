"""Click-to-update time of the configurator view, through the real widgets (offscreen).

    python benchmarks/ui_clicks.py [--clicks 200] [--family window] [--seed 7]

A scripted session on one seed model (default: the window, the largest for the engine — its valid values take
the longest to compute): options chosen by clicking radio buttons or picking from combo boxes, numbers typed into
spin boxes, booleans toggled, undo and redo, presets, "complete with defaults" and reset. Only values the view
shows as possible are chosen (what a user following the greyed hints does). Each click is timed from the mouse
or key event to the view's ``changed`` signal, which comes once every editor, the step marks, the preview and
the price bar show the new state. A partial configuration's "from" price is worked out off the UI thread; the
time until it is shown is reported on its own line, and the script waits for it before the next click (a user's
pace), so background work never overlaps a measured click. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_P95_MS = 50.0


class Session:
    """The view under test and the clock."""

    def __init__(self, family: str, seed: int) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from configurator.core.catalogue.db import open_database
        from configurator.core.settings import Settings
        from configurator.core.sync.build import build_catalogue
        from configurator.ui.configurator_view import ConfiguratorView
        from configurator.ui.context import AppContext

        self.app = QApplication.instance() or QApplication([])
        folder = Path(tempfile.mkdtemp(prefix="skredder-bench-"))
        url = f"sqlite:///{folder / 'catalogue.sqlite'}"
        assert not build_catalogue([ROOT / "product_models"], url).errors
        qsettings = QSettings(str(folder / "q.ini"), QSettings.Format.IniFormat)
        self.context = AppContext(open_database(url), Settings(), settings_path=folder / "settings.json",
                                  language="nb", qsettings=qsettings, today=date(2026, 12, 1))
        stored = self.context.service.models.current(family, self.context.service.today)
        started = time.perf_counter()
        self.view = ConfiguratorView(self.context, stored)
        self.view.resize(1280, 800)
        self.view.show()
        self.wait(self.view.is_ready)
        self.open_ms = (time.perf_counter() - started) * 1000
        self.random = random.Random(seed)
        self.times: dict[str, list[float]] = {}
        self.engine: dict[str, list[float]] = {}  # of each click: the time spent inside the engine session
        self._engine_ms = 0.0
        self._time_engine()
        self.view.changed.connect(self._changed)
        self._clicked_at: float | None = None
        self._done_at: float | None = None

    def _time_engine(self) -> None:
        """Count the time the view spends in the engine session (to tell the engine's share from the UI's)."""
        session = self.view.session
        for name in ("set", "set_many", "unset", "undo", "redo", "state", "alternatives", "complete", "explain",
                     "apply_preset", "apply_repair"):
            method = getattr(session, name)

            def timed(*args: object, _method: Callable = method, **kwargs: object) -> object:
                started = time.perf_counter()
                try:
                    return _method(*args, **kwargs)
                finally:
                    self._engine_ms += (time.perf_counter() - started) * 1000

            setattr(session, name, timed)

    def wait(self, condition: Callable[[], bool], timeout: float = 30.0) -> None:
        from PySide6.QtCore import QEventLoop

        end = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > end:
                modal = self.app.activeModalWidget()
                raise TimeoutError(f"the view did not finish in time (repair panel shown: "
                                   f"{self.view.repair.isVisible()}, modal: {modal and modal.windowTitle()}, "
                                   f"choices: {self.view.session.choices})")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def _changed(self) -> None:
        if self._clicked_at is not None and self._done_at is None:
            self._done_at = time.perf_counter()

    def click(self, scenario: str, action: Callable[[], None]) -> None:
        """Time ``action`` (one user event) to ``changed``; then wait for a pending "from" price."""
        self._clicked_at, self._done_at = time.perf_counter(), None
        self._engine_ms = 0.0
        action()
        self.wait(lambda: self._done_at is not None)
        assert self._done_at is not None
        self.times.setdefault(scenario, []).append((self._done_at - self._clicked_at) * 1000)
        self.engine.setdefault(scenario, []).append(self._engine_ms)
        if not self.view.price.is_settled():
            self.wait(self.view.price.is_settled)
            self.times.setdefault('"from" price shown (background)', []).append(
                (time.perf_counter() - self._clicked_at) * 1000)
        self._clicked_at = None


def step_to(session: Session, attr_id: str) -> None:
    view = session.view
    row = next(i for i, editors in enumerate(view.page_editors) if any(e.id == attr_id for e in editors))
    view.steps.setCurrentRow(row)
    session.app.processEvents()  # the page is laid out before the user can click in it


def possible(session: Session, attr_id: str) -> list:
    view = session.view
    state = view.session.state().attributes[attr_id]
    values = view.session.alternatives(attr_id) if state.chosen is not None else state.available
    return [v for v in values if v != state.chosen]


def one_click(session: Session) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from configurator.ui.config_widgets import BooleanCheck, ChoiceCombo, ChoiceRadios, NumberSpin

    view, pick = session.view, session.random
    roll = pick.random()
    if roll < 0.07 and view.undo_button.isEnabled():
        session.click("undo (button)", lambda: QTest.mouseClick(view.undo_button, Qt.MouseButton.LeftButton))
        return
    if roll < 0.10 and view.redo_button.isEnabled():
        session.click("redo (Ctrl+Shift+Z)", lambda: QTest.keyClick(
            view.steps, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        return
    if roll < 0.12 and view.model.presets:
        action = pick.choice(view.presets_menu.actions())
        if _fits(view, action.data()):
            session.click("preset", action.trigger)
        return
    if roll < 0.14:
        session.click("complete with defaults",
                      lambda: QTest.mouseClick(view.complete_button, Qt.MouseButton.LeftButton))
        return
    if roll < 0.15:
        session.click("reset", lambda: QTest.mouseClick(view.reset_button, Qt.MouseButton.LeftButton))
        return
    editor = pick.choice([e for e in view.editors.values() if e.attribute.type != "text"])
    values = possible(session, editor.id)
    if not values:
        return
    value = pick.choice(values)
    step_to(session, editor.id)
    if isinstance(editor, ChoiceRadios):
        button = editor.buttons[value]
        session.click("choose option (radio)", lambda: QTest.mouseClick(
            button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2)))
    elif isinstance(editor, ChoiceCombo):
        row = [o.id for o in editor.attribute.options].index(value)
        session.click("choose option (combo)", lambda: editor.combo.activated.emit(row))
    elif isinstance(editor, BooleanCheck):
        if (editor.state is not None and editor.state.value is True) == value:
            return
        session.click("toggle boolean (checkbox)", lambda: QTest.mouseClick(
            editor.check, Qt.MouseButton.LeftButton, pos=QPoint(8, editor.check.height() // 2)))
    elif isinstance(editor, NumberSpin):
        editor.spin.lineEdit().setText(str(value).replace(".", ","))
        session.click("type a number (spin box)", lambda: QTest.keyClick(editor.spin.lineEdit(), Qt.Key.Key_Return))


def _fits(view: object, preset_id: str) -> bool:
    """Presets that fit the current choices are applied in one click; others would open the repair panel."""
    from configurator.core.engine.session import ConfigurationSession

    session: ConfigurationSession = view.session  # type: ignore[attr-defined]
    preset = next(p for p in session.model.presets if p.id == preset_id)
    others = {a: v for a, v in session.choices.items() if a not in preset.values}
    literals = [session.encoding.literal(a, v) for a, v in {**others, **preset.values}.items()
                if session.model.attribute(a).type != "text"]
    return session.oracle.solve([lit for lit in literals if lit is not None])


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def table(session: Session) -> str:
    rows = ["| scenario | clicks | median ms | p95 ms | max ms | target p95 ms | met | engine p95 ms | UI p95 ms |",
            "|---|---|---|---|---|---|---|---|---|"]
    everything = [t for name, values in session.times.items() if "background" not in name for t in values]
    engine = [t for name, values in session.engine.items() for t in values]
    groups = [*sorted(session.times.items()), ("all clicks (click → changed)", everything)]
    for name, values in groups:
        spent = engine if name.startswith("all clicks") else session.engine.get(name, [])
        ui = sorted(total - inside for total, inside in zip(values, spent, strict=True)) if spent else []
        ordered = sorted(values)
        p95 = percentile(ordered, 0.95)
        background = "background" in name
        target = "–" if background else f"{TARGET_P95_MS:.0f}"
        met = "–" if background else ("yes" if p95 <= TARGET_P95_MS else "no")
        extra = (f"{percentile(sorted(spent), 0.95):.1f} | {percentile(ui, 0.95):.1f}" if spent else "– | –")
        rows.append(f"| {name} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | {max(values):.1f} | "
                    f"{target} | {met} | {extra} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=200)
    parser.add_argument("--family", default="window")
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    session = Session(arguments.family, arguments.seed)
    while sum(len(v) for k, v in session.times.items() if "background" not in k) < arguments.clicks:
        one_click(session)
    print(f"Configurator view, {arguments.family} model, {arguments.clicks} clicks "
          f"(opening the view, first state off the UI thread: {session.open_ms:.0f} ms)\n")
    print(table(session))


if __name__ == "__main__":
    main()
