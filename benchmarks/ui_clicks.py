"""Click-to-update time of the configurator view at a salesperson's pace, through the real widgets (offscreen),
and the time to open each family's configurator (first and second time).

    python benchmarks/ui_clicks.py [--clicks 200] [--family window] [--seed 7] [--pace 0.4]

A scripted session on one seed model (default: the window, the largest for the engine): options chosen by
clicking radio buttons or picking from combo boxes, numbers typed into spin boxes, booleans toggled, undo and
redo, presets, "complete with defaults" and reset, **one click every 0.4 s** whether or not the previous answer
or the background "from" price has arrived (what a salesperson does). Only values the view shows as possible
are chosen. For each click it measures the time until the widgets show the new state (``changed``), until the
price is shown for it (a complete price comes with the state; a "from" price is worked out in the background
and may be overtaken by the next click: counted, not timed) and until the preview shows it. A watchdog timer on
the UI thread (every 5 ms) measures the longest time the UI thread was blocked (with ``SKREDDER_BENCH_BLAME=1``
it prints, for each block over 50 ms, the UI thread's own frames most often sampled during it; frames all in
this script mean Qt's own work, painting and layout, or waiting for Python's GIL; few samples in a long block
mean the sampling thread too waited for the GIL, held by background work). Everything runs
in a temporary folder: the user's QSettings and data folder are never touched. Prints Markdown tables, with the
machine's load average and the *processor* time of each click's job and of the UI thread showing its answer:
on a machine shared with other work the wall times grow with the load, the processor times do not; the longest
block is split (Linux) into the UI thread's own processor time, its wait for a processor and its wait for Python's
GIL, and the longest block less its wait for a processor is printed too (what the app itself is answerable for).
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
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

FOLDER = Path(tempfile.mkdtemp(prefix="skredder-bench-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["SKREDDER_DATA_DIR"] = str(FOLDER / "data")  # never the user's own
os.environ["SKREDDER_CONFIG_DIR"] = str(FOLDER / "config")
for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[variable] = str(FOLDER / variable.lower())
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_WIDGETS_MS = 50.0
TARGET_PRICE_MS = 300.0
TARGET_BLOCK_MS = 50.0
TARGET_SECOND_OPEN_MS = 150.0
WATCHDOG_MS = 5


class Sampler:
    """With ``SKREDDER_BENCH_BLAME=1``: a thread that records the UI thread's stack every millisecond, so that a
    long block is blamed on what the UI thread itself was doing (the frames most often seen during it)."""

    def __init__(self) -> None:
        import collections
        import threading

        self.samples: collections.deque[tuple[float, tuple[str, ...]]] = collections.deque(maxlen=5000)
        self.main = threading.main_thread().ident
        threading.Thread(target=self._run, name="bench-sampler", daemon=True).start()

    def _run(self) -> None:
        import traceback

        while True:
            frame = sys._current_frames().get(self.main or 0)
            if frame is not None:
                stack = tuple(f"{Path(f.filename).name}:{f.name}:{f.lineno}"
                              for f in traceback.extract_stack(frame)[-6:] if "ui_clicks" not in f.filename)
                self.samples.append((time.perf_counter(), stack))
            time.sleep(0.001)

    def blame(self, start: float, end: float, gap: float) -> None:
        import collections

        seen = collections.Counter(stack for when, stack in list(self.samples) if start <= when <= end)
        print(f"UI thread blocked {gap:.0f} ms:", file=sys.stderr)
        for stack, count in seen.most_common(3):
            print(f"  {count:4d} x " + " <- ".join(reversed(stack)), file=sys.stderr)


def sched_ms() -> tuple[float, float]:
    """The calling thread's processor time and its time waiting for a processor (run queue), in ms (Linux's
    schedstat; zeros elsewhere)."""
    try:
        with open("/proc/thread-self/schedstat") as stat:
            ran, waited, _ = stat.read().split()
    except (OSError, ValueError):
        return 0.0, 0.0
    return int(ran) / 1e6, int(waited) / 1e6


class Watchdog:
    """A timer on the UI thread: the longest gap between its ticks (minus its interval) is the longest block.
    Each block is split (Linux) into the UI thread's own processor time, its wait for a processor (the machine's
    load: other processes) and the rest: waiting for Python's GIL, held by a background thread of the app."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(WATCHDOG_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.last_sched = sched_ms()
        self.longest = 0.0
        self.longest_split = (0.0, 0.0)  # the longest block's own processor time and wait for a processor
        self.longest_unloaded = 0.0  # the longest block less its wait for a processor
        self.paused = False
        if os.environ.get("SKREDDER_BENCH_BLAME"):
            self.sampler = Sampler()
        self.timer.start()

    def _tick(self) -> None:
        now, sched = time.perf_counter(), sched_ms()
        if not self.paused:
            gap = (now - self.last) * 1000 - WATCHDOG_MS
            ran, queued = sched[0] - self.last_sched[0], sched[1] - self.last_sched[1]
            if gap > self.longest:
                self.longest, self.longest_split = gap, (ran, queued)
            self.longest_unloaded = max(self.longest_unloaded, gap - queued)
            if gap > 50 and self.sampler is not None:
                print(f"(UI thread ran {ran:.0f} ms, waited {queued:.0f} ms for a processor)", file=sys.stderr)
                self.sampler.blame(self.last, now, gap)
        self.last, self.last_sched = now, sched

    sampler: Sampler | None = None

    def reset(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.last_sched, self.longest_split, self.longest_unloaded = sched_ms(), (0.0, 0.0), 0.0

    def pause(self) -> None:
        """The script itself works (picks the next click): not counted."""
        self.paused = True

    def resume(self) -> None:
        self.paused = False
        self.last, self.last_sched = time.perf_counter(), sched_ms()


def make_context():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    from configurator.core.catalogue.db import open_database
    from configurator.core.settings import Settings
    from configurator.core.sync.build import build_catalogue
    from configurator.ui.context import AppContext

    QStandardPaths.setTestModeEnabled(True)
    app = QApplication.instance() or QApplication([])
    url = f"sqlite:///{FOLDER / 'catalogue.sqlite'}"
    assert not build_catalogue([ROOT / "product_models"], url).errors
    qsettings = QSettings(str(FOLDER / "q.ini"), QSettings.Format.IniFormat)
    context = AppContext(open_database(url), Settings(), settings_path=FOLDER / "settings.json",
                         language="nb", qsettings=qsettings, today=date(2026, 12, 1))
    # as the app does once its window is up: the quote service loaded, the texts read, the start-up objects frozen
    from configurator.ui.work import settle_after_start

    context.service  # noqa: B018
    context.tr("Skredder")
    settle_after_start()
    return app, context


def spin(app: object, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    from PySide6.QtCore import QEventLoop

    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("the view did not finish in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)  # type: ignore[attr-defined]


def open_families(app: object, context: object, watchdog: Watchdog) -> list[tuple[str, str, float, float, float]]:
    """Open each family's configurator twice: (family, which, window shown ms, usable ms, longest block ms)."""
    from configurator.ui.config_values import prepare_pictures
    from configurator.ui.configurator_view import ConfiguratorView

    service = context.service  # type: ignore[attr-defined]
    rows = []
    for family in FAMILIES:
        for which in ("first", "second"):
            spin(app, lambda: True)
            watchdog.reset()
            started = time.perf_counter()
            # as the app does it: the model version is read (and its pictures decoded) off the UI thread, then the
            # view is made
            def load(family: str = family) -> object:
                stored = service.models.current(family, service.today)
                prepare_pictures(stored)
                return stored

            with ThreadPoolExecutor(1) as pool:
                loading = pool.submit(load)
                spin(app, loading.done)
            stored = loading.result()
            view = ConfiguratorView(context, stored)  # type: ignore[arg-type]
            view.resize(1280, 800)
            view.show()
            shown = (time.perf_counter() - started) * 1000
            spin(app, view.is_ready)
            usable = (time.perf_counter() - started) * 1000
            spin(app, lambda v=view: not v.is_busy() and v.preview.is_drawn(), 30)
            rows.append((family, which, shown, usable, watchdog.longest))
            view.close()
            view.lane.wait(30)
            spin(app, lambda v=view: not v.is_busy())
            view.deleteLater()
    return rows


FAMILIES = ("chair", "chimney_cap", "eartag", "kitchen", "window")


class Session:
    """The view under test and the clock."""

    pace = 0.4  # seconds from one click to the next

    def __init__(self, app: object, context: object, family: str, seed: int, watchdog: Watchdog) -> None:
        from configurator.ui.configurator_view import ConfiguratorView

        self.app, self.watchdog = app, watchdog
        service = context.service  # type: ignore[attr-defined]
        stored = service.models.current(family, service.today)
        self.view = ConfiguratorView(context, stored)  # type: ignore[arg-type]
        self.view.resize(1280, 800)
        self.view.show()
        self.wait(self.view.is_ready)
        self.wait(lambda: not self.view.is_busy() and self.view.price.is_settled())
        self.random = random.Random(seed)
        self.times: dict[str, list[float]] = {}
        self.price_times: list[float] = []
        self.preview_times: list[float] = []
        self.overtaken = 0
        self.job_cpu: list[float] = []  # processor time of each click's job on the lane (ms)
        self.show_cpu: list[float] = []  # processor time of the UI thread showing each answer (ms)
        self._watch_lane()
        self.view.changed.connect(self._changed)
        self.view.priceChanged.connect(self._priced)
        self.view.preview.drawn.connect(self._drawn)
        self.view.repair.cancel.clicked.connect(lambda: None)
        self._clicked_at: float | None = None
        self._pending: dict[str, float] = {}

    def wait(self, condition: Callable[[], bool], timeout: float = 60.0) -> None:
        spin(self.app, condition, timeout)

    def _watch_lane(self) -> None:
        """Processor time (not wall time) of each click's work: on a machine shared with other processes the
        wall times grow with the load, these do not."""
        lane = self.view.lane
        submit = lane.submit

        def timed(job: Callable, on_done: Callable | None = None, on_error: Callable | None = None) -> int:
            def work(stale: Callable[[], bool]) -> object:
                started = time.thread_time()
                try:
                    return job(stale)
                finally:
                    self.job_cpu.append((time.thread_time() - started) * 1000)

            def done(result: object) -> None:
                started = time.thread_time()
                if on_done is not None:
                    on_done(result)
                self.show_cpu.append((time.thread_time() - started) * 1000)

            return submit(work, done, on_error)

        lane.submit = timed  # type: ignore[method-assign]

    def _changed(self) -> None:
        if "widgets" in self._pending:
            scenario, at = self._scenario, self._pending.pop("widgets")
            self.times.setdefault(scenario, []).append((time.perf_counter() - at) * 1000)
            if self.view.price.is_settled() and "price" in self._pending:
                self._priced()

    def _priced(self) -> None:
        if "price" in self._pending and "widgets" not in self._pending:
            self.price_times.append((time.perf_counter() - self._pending.pop("price")) * 1000)

    def _drawn(self) -> None:
        if "preview" in self._pending and "widgets" not in self._pending:
            self.preview_times.append((time.perf_counter() - self._pending.pop("preview")) * 1000)

    def click(self, scenario: str, action: Callable[[], None]) -> None:
        """One user event at the salesperson's pace: the next comes 0.4 s after this one, answered or not."""
        if "price" in self._pending:
            self.overtaken += 1
        now = time.perf_counter()
        self._scenario = scenario
        self._pending = {"widgets": now, "price": now, "preview": now}
        self.watchdog.resume()
        action()
        self.wait(lambda: time.perf_counter() - now >= self.pace)
        self.watchdog.pause()
        if self.view.repair.isVisible():  # a value shown possible was overtaken by the answer: cancel it
            self._pending.pop("widgets", None)
            self.view.repair.cancel.click()
        if "widgets" in self._pending:  # not answered within the pace: wait for it (and time it)
            self.watchdog.resume()
            self.wait(lambda: "widgets" not in self._pending, 30)
            self.watchdog.pause()


def step_to(session: Session, attr_id: str) -> None:
    view = session.view
    row = next(i for i, editors in enumerate(view.page_editors) if any(e.id == attr_id for e in editors))
    session.watchdog.resume()  # going to a step is a click too: its UI work counts
    view.steps.setCurrentRow(row)
    session.app.processEvents()  # the page is laid out before the user can click in it
    session.watchdog.pause()


def possible(session: Session, attr_id: str) -> list:
    """What the widgets show possible (the state shown; a chosen value's alternatives when known)."""
    view = session.view
    assert view.state is not None
    state = view.state.attributes[attr_id]
    values = view._alternatives_of(attr_id, False) if state.chosen is not None else state.available
    return [v for v in values or () if v != state.chosen]


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
    """Presets that fit the current choices are applied in one click (the script asks the session only while
    the view is idle; not timed)."""
    from configurator.core.engine.session import ConfigurationSession

    if view.is_busy():  # type: ignore[attr-defined]
        return False
    session: ConfigurationSession = view.session  # type: ignore[attr-defined]
    preset = next(p for p in session.model.presets if p.id == preset_id)
    others = {a: v for a, v in session.choices.items() if a not in preset.values}
    literals = [session.encoding.literal(a, v) for a, v in {**others, **preset.values}.items()
                if session.model.attribute(a).type != "text"]
    return session.oracle.solve([lit for lit in literals if lit is not None])


def percentile(ordered: list[float], fraction: float) -> float:
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def row(name: str, values: list[float], target: float | None) -> str:
    if not values:
        return f"| {name} | 0 | – | – | – | – | – |"
    ordered = sorted(values)
    p95 = percentile(ordered, 0.95)
    met = "–" if target is None else ("yes" if p95 <= target else "no")
    shown = "–" if target is None else f"{target:.0f}"
    return (f"| {name} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | {max(values):.1f} | "
            f"{shown} | {met} |")


def table(session: Session) -> str:
    rows = ["| measured from the click | clicks | median ms | p95 ms | max ms | target p95 ms | met |",
            "|---|---|---|---|---|---|---|"]
    everything = [t for values in session.times.values() for t in values]
    for name, values in sorted(session.times.items()):
        rows.append(row(f"widgets updated: {name}", values, None))
    rows.append(row("**widgets updated, all clicks**", everything, TARGET_WIDGETS_MS))
    rows.append(row("**price shown** (complete price or background \"from\" price)", session.price_times,
                    TARGET_PRICE_MS))
    rows.append(row("preview shown", session.preview_times, None))
    rows.append(row("processor time of a click's job on the lane", session.job_cpu, None))
    rows.append(row("processor time of the UI thread showing an answer", session.show_cpu, None))
    met = "yes" if session.watchdog.longest <= TARGET_BLOCK_MS else "no"
    watchdog = session.watchdog
    rows.append(f"| **longest UI-thread block** (watchdog) | – | – | – | {watchdog.longest:.1f} | "
                f"{TARGET_BLOCK_MS:.0f} (max) | {met} |")
    ran, queued = watchdog.longest_split
    rows.append(f"| … of which the UI thread ran / waited for a processor (machine load) / waited for the GIL | – | "
                f"– | – | {ran:.0f} / {queued:.0f} / {max(0.0, watchdog.longest - ran - queued):.0f} | – | – |")
    met = "yes" if watchdog.longest_unloaded <= TARGET_BLOCK_MS else "no"
    rows.append(f"| longest block less its wait for a processor (the app's own) | – | – | – | "
                f"{watchdog.longest_unloaded:.1f} | {TARGET_BLOCK_MS:.0f} (max) | {met} |")
    return "\n".join(rows)


def open_table(rows: list[tuple[str, str, float, float, float]]) -> str:
    lines = ["| family | opening | window shown ms | usable ms | target usable ms | met | longest UI block ms |",
             "|---|---|---|---|---|---|---|"]
    for family, which, shown, usable, block in rows:
        target = TARGET_SECOND_OPEN_MS if which == "second" else None
        met = "–" if target is None else ("yes" if usable <= target else "no")
        shown_target = "–" if target is None else f"{target:.0f}"
        lines.append(f"| {family} | {which} | {shown:.0f} | {usable:.0f} | {shown_target} | {met} | {block:.0f} |")
    return "\n".join(lines)


def machine_load() -> str:
    """The machine's load while measuring: wall times on a shared machine grow with it."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} processors"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clicks", type=int, default=200)
    parser.add_argument("--family", default="window")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pace", type=float, default=0.4, help="seconds between clicks")
    parser.add_argument("--no-open", action="store_true", help="skip opening every family")
    arguments = parser.parse_args()
    Session.pace = arguments.pace
    app, context = make_context()
    watchdog = Watchdog()
    if not arguments.no_open:
        rows = open_families(app, context, watchdog)
        print("Opening each family's configurator (constructing the view to the first state shown; the first "
              f"opening encodes the model; {machine_load()})\n")
        print(open_table(rows))
        print()
    session = Session(app, context, arguments.family, arguments.seed, watchdog)
    watchdog.reset()  # the clicks' table counts the clicks' blocks, not the opening's (reported above)
    watchdog.pause()
    while sum(len(v) for v in session.times.values()) < arguments.clicks:
        one_click(session)
    print(f"Configurator view, {arguments.family} model, {arguments.clicks} clicks, one every {Session.pace:.1f} s "
          f"(\"from\" prices overtaken by the next click before shown: {session.overtaken}; {machine_load()})\n")
    print(table(session))


if __name__ == "__main__":
    main()
