"""The one way the app runs long work (a PDF of a large quote, a catalogue import) off the UI thread.

``run_in_background(parent, context, label, job, on_done)`` runs ``job(progress)`` on Qt's global thread pool
and calls ``on_done(result)`` — or shows the error in the user's language — back on the UI thread. A progress
dialog appears only when the work takes longer than ``SHOW_AFTER_MS``, so quick jobs do not flicker; it shows
the fractions the job reports through ``progress(fraction, text)``. The UI thread only starts the job and
receives its signals, so it never waits for the work.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from configurator.ui.context import AppContext

log = logging.getLogger("skredder.ui")
SHOW_AFTER_MS = 300
Progress = Callable[[float, str], None]


class _Signals(QObject):
    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, job: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.job = job
        self.signals = _Signals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.job(self._progressed)
        except Exception as error:  # reported to the user on the UI thread
            self.signals.failed.emit(error)
            return
        self.signals.finished.emit(result)

    def _progressed(self, fraction: float, text: str = "") -> None:
        self.signals.progressed.emit(float(fraction), text)


class BackgroundTask(QObject):
    """A running job; keeps itself (and its progress dialog) alive until the job ends."""

    done = Signal(object)
    failed = Signal(object)
    _running: set[BackgroundTask] = set()  # noqa: RUF012 - class-level registry, keeps tasks alive

    def __init__(self, parent: QWidget | None, context: AppContext, label: str, job: Callable[[Progress], Any], *,
                 on_done: Callable[[Any], None] | None, on_error: Callable[[BaseException], None] | None) -> None:
        super().__init__()
        self.context = context
        self.parent_widget = parent
        self.on_done = on_done
        self.on_error = on_error
        self.dialog = QProgressDialog(label, "", 0, 1000, parent)
        self.dialog.setWindowTitle(context.tr("Please wait"))
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        self._job = _Job(job)
        self._job.signals.progressed.connect(self._progressed)
        self._job.signals.finished.connect(self._finished)
        self._job.signals.failed.connect(self._failed)
        BackgroundTask._running.add(self)

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._job)

    @Slot(float, str)
    def _progressed(self, fraction: float, text: str) -> None:
        self.dialog.setValue(max(0, min(1000, round(fraction * 1000))))
        if text:
            self.dialog.setLabelText(text)

    def _close(self) -> None:
        self.dialog.hide()
        self.dialog.deleteLater()
        QTimer.singleShot(0, lambda: BackgroundTask._running.discard(self))

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self._close()
        try:
            if self.on_done is not None:
                self.on_done(result)
        except Exception as error:  # the callback's own failure is shown like the job's
            self._report(error)
            return
        self.done.emit(result)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self._close()
        self._report(error)

    def _report(self, error: BaseException) -> None:
        if self.on_error is not None:
            self.on_error(error)
        else:
            self.context.show_error(self.parent_widget, error)
        self.failed.emit(error)


def run_in_background(parent: QWidget | None, context: AppContext, label: str, job: Callable[[Progress], Any], *,
                      on_done: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> BackgroundTask:
    """Run ``job(progress)`` off the UI thread; ``on_done(result)`` runs on the UI thread when it succeeds."""
    task = BackgroundTask(parent, context, label, job, on_done=on_done, on_error=on_error)
    task.start()
    return task


# ---------------------------------------------------------------------------------------------------------------
# Lanes: the configurator's work, one job after the other, the newest result wins

class _Clicks:
    """How many jobs of the user's own clicks are waiting or running, in every lane of the process."""

    def __init__(self) -> None:
        self.count = 0
        self.guard = threading.Lock()
        self.idle = threading.Event()
        self.idle.set()

    def add(self, delta: int) -> None:
        with self.guard:
            self.count += delta
            if self.count > 0:
                self.idle.clear()
            else:
                self.idle.set()


_CLICKS = _Clicks()


class _Undelivered:
    """One interactive lane's jobs whose answer is not yet shown (their share of the process's clicks)."""

    def __init__(self) -> None:
        self.count = 0
        self.guard = threading.Lock()

    def add(self, delta: int) -> None:
        with self.guard:
            delta = max(delta, -self.count)
            self.count += delta
        _CLICKS.add(delta)

    def drop(self) -> None:
        """The lane is gone: its answers will never be shown."""
        with self.guard:
            count, self.count = self.count, 0
        _CLICKS.add(-count)


class _Turns:
    """Background jobs of low priority take turns: one runs at a time, the others wait without Python's GIL.

    Python runs one thread at a time anyway (the solver, too, holds the GIL while it solves), so running them
    in turn costs no throughput; but every thread that wants the GIL delays the UI thread's next turn at it (a
    paint, a click's answer): with the marks, the "from" price and the suggestions all running, the UI thread
    waited behind each of them in turn. A job hands its turn on at each of its checkpoints
    (:func:`yield_to_clicks`) to a waiting job of the same or a more urgent ``rank`` (the "from" price, shown
    big, before the values' marks), first come first served among equals."""

    def __init__(self) -> None:
        self.guard = threading.Condition(threading.Lock())
        self.owner: int | None = None
        self.rank = 0
        self.waiting: list[tuple[int, int, int]] = []  # (rank, arrival, thread), the next first
        self.arrivals = itertools.count()

    def enter(self, rank: int) -> None:
        me = threading.get_ident()
        with self.guard:
            entry = (rank, next(self.arrivals), me)
            heapq.heappush(self.waiting, entry)
            while self.owner is not None or self.waiting[0] != entry:
                self.guard.wait()
            heapq.heappop(self.waiting)
            self.owner, self.rank = me, rank

    def leave(self) -> int | None:
        """Give the turn up; the rank it was held at (None: this thread did not hold it)."""
        with self.guard:
            if self.owner != threading.get_ident():
                return None
            self.owner = None
            self.guard.notify_all()
            return self.rank

    def holds(self) -> bool:
        return self.owner == threading.get_ident()

    def pass_on(self) -> None:
        """Let a waiting job of the same or a more urgent rank run first (and wait for a turn again)."""
        waiting = self.waiting
        if waiting and self.holds() and waiting[0][0] <= self.rank:
            rank = self.leave()
            if rank is not None:
                self.enter(rank)


_TURNS = _Turns()


def yield_to_clicks(timeout: float = 5.0) -> None:
    """Called often by background work of low priority (a "from" price, the marks; cheap: call it in every
    loop's iteration): waits while a click is being answered, so the click has the processor (and Python's GIL)
    to itself, and hands the turn to another background job that waits for one (:class:`_Turns`)."""
    if _CLICKS.idle.is_set():
        _TURNS.pass_on()
        return
    rank = _TURNS.leave()  # the others wait for the click too, not for this job
    try:
        _CLICKS.idle.wait(timeout)
    finally:
        if rank is not None:
            _TURNS.enter(rank)


class _Collector:
    """Python's cyclic garbage collector, paused while a job builds many objects (see :func:`collector_paused`)."""

    def __init__(self) -> None:
        self.guard = threading.Lock()
        self.pausing = 0  # jobs that want it paused now
        self.was_enabled = False
        self.settled = False  # the start-up objects are frozen


_COLLECTOR = _Collector()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a job that makes many objects, such as an engine encoding and its first state, with the garbage
    collector paused (process wide; nested and concurrent uses are counted).

    The collector runs a *full* collection whenever the objects it tracks grew by a quarter; a full collection walks
    every object of the app (about 0.13 s with a few configurators open) and holds Python's GIL all that time, so
    while a model is encoded in the background the window froze three times for 0.12-0.14 s (ear tags). With the
    collector paused, what the job leaves behind is mostly freed by reference counting; what survives is
    collected young once the collector runs again."""
    with _COLLECTOR.guard:
        if _COLLECTOR.pausing == 0:
            _COLLECTOR.was_enabled = gc.isenabled()
            gc.disable()
        _COLLECTOR.pausing += 1
    try:
        yield
    finally:
        with _COLLECTOR.guard:
            _COLLECTOR.pausing -= 1
            if _COLLECTOR.pausing == 0 and _COLLECTOR.was_enabled:
                gc.enable()


def settle_after_start() -> None:
    """Called once the app has started (its modules loaded, the catalogue open): the objects that exist now live
    as long as the app, so they are moved out of the garbage collector's way (``gc.freeze``).

    A full collection walks every object the collector tracks and holds Python's GIL meanwhile, on whichever
    thread it happens; some 120,000 of the app's objects come from importing its modules (Qt, SQLAlchemy, Babel,
    ReportLab, the engine), so a full collection took 0.12 s, a frozen window. Frozen, they are never walked
    again: a full collection walks only what came after. The young generations are collected first; cyclic
    garbage older than that (a few objects from the start) is never freed. Only the first call does anything."""
    with _COLLECTOR.guard:
        if _COLLECTOR.settled:
            return
        _COLLECTOR.settled = True
    gc.collect(1)
    gc.freeze()


Stale = Callable[[], bool]
LOW_PRIORITY_NICE = 10


class _LaneSignals(QObject):
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Worker:
    """A lane's thread and what it shares with the lane: the jobs, the newest job's number, whether it is idle.

    It holds no reference to the lane itself, nor to a job once it ran: the last reference to a lane's (or a view's)
    Python object must not be dropped on this thread while the UI thread destroys its Qt object (``destroyed``
    ends this thread): that crashed the app now and then (a segmentation fault in Qt's ~QObject, which looked up
    the freed Python object)."""

    def __init__(self, name: str, low_priority: bool, rank: int, signals: _LaneSignals) -> None:
        self.name, self.low_priority, self.rank, self.signals = name, low_priority, rank, signals
        self.jobs: queue.SimpleQueue[tuple[int, Callable[[Stale], Any]] | None] = queue.SimpleQueue()
        self.newest = 0  # the newest job's ticket: the others are stale
        self.idle = threading.Event()
        self.idle.set()
        self.undelivered = _Undelivered()

    def run(self) -> None:
        if self.low_priority and sys.platform == "linux":  # a thread's own nice value (Linux schedules threads)
            try:
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOW_PRIORITY_NICE)
            except OSError:
                log.info("could not lower the priority of the %s thread", self.name)
        while (item := self.jobs.get()) is not None:
            ticket, job = item
            del item  # nothing of a job is kept while waiting for the next one
            delivered = self._one(ticket, job)
            del job
            if not delivered:
                return

    def _one(self, ticket: int, job: Callable[[Stale], Any]) -> bool:
        """Run one job and send its outcome; False: the lane is gone."""
        if self.low_priority:
            _TURNS.enter(self.rank)  # one background job at a time (see _Turns)
        try:
            result = job(lambda: self.newest != ticket)
            outcome = (self.signals.finished, result)
        except Exception as error:  # shown on the UI thread (unless a newer job came)
            outcome = (self.signals.failed, error)
        finally:
            if self.low_priority:
                _TURNS.leave()
        if self.jobs.empty():
            self.idle.set()
        try:
            outcome[0].emit(ticket, outcome[1])
        except RuntimeError:  # the view was closed meanwhile
            self.undelivered.drop()
            return False
        return True


class Lane(QObject):
    """One thread of work for one view: jobs run one after the other, in the order given, off the UI thread.

    ``submit(job, on_done)`` runs ``job(stale)``; ``stale()`` tells the job that a newer one was submitted
    since (so it can skip work whose result nobody will see). ``on_done(result)`` runs on the UI thread only
    for the newest job: a result that is outdated when it arrives is dropped. An ``interactive`` lane (the
    user's clicks) makes background work of low priority wait (:func:`yield_to_clicks`) while it has work; a
    ``low_priority`` lane (a "from" price) runs at a lower operating-system priority, so on a busy machine the
    clicks' thread gets the processor first, and takes turns with the other low-priority lanes (one job of them
    runs at a time, :class:`_Turns`; a lower ``rank`` goes first). The thread is a daemon: closing the view or
    the app never waits for a job to end.
    """

    def __init__(self, context: AppContext, *, interactive: bool = False, low_priority: bool = False,
                 name: str = "lane", rank: int = 1, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context, self.interactive, self.name = context, interactive, name
        self.low_priority, self.rank = low_priority, rank
        self._signals = _LaneSignals()  # no parent: the thread may still emit after the view is gone
        self._signals.finished.connect(self._finished)
        self._signals.failed.connect(self._failed)
        self._pending = 0
        self._callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]] = {}
        # the thread's side (the jobs, the newest ticket, idle): an interactive lane's jobs count as clicks until
        # their answer is shown on the UI thread (the painting goes first too); what a deleted lane can no longer
        # deliver stops counting when it goes
        worker = self._worker = _Worker(name, low_priority, rank, self._signals)
        self._thread: threading.Thread | None = None

        def gone(*_: object) -> None:
            worker.jobs.put(None)
            worker.undelivered.drop()

        self.destroyed.connect(gone)

    def submit(self, job: Callable[[Stale], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> int:
        self._ticket += 1
        ticket = self._ticket
        self._pending += 1
        self._callbacks = {ticket: (on_done, on_error)}  # only the newest one is ever called
        self._worker.idle.clear()
        if self.interactive:
            self._worker.undelivered.add(+1)
        self._worker.jobs.put((ticket, job))
        if self._thread is None:
            self._thread = threading.Thread(target=self._worker.run, name=f"skredder-{self.name}", daemon=True)
            self._thread.start()
        return ticket

    @property
    def _ticket(self) -> int:
        return self._worker.newest

    @_ticket.setter
    def _ticket(self, value: int) -> None:
        self._worker.newest = value

    def is_busy(self) -> bool:
        """Whether a job is still running or waiting (its result not yet delivered)."""
        return self._pending > 0

    def cancel(self) -> None:
        """Make every job given so far stale (a running one sees ``stale()`` and may stop) and drop their
        results: the view they were for is closed."""
        self._ticket += 1
        self._callbacks = {}

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the jobs given so far have run (for tests and benchmarks; never while the user works)."""
        return self._worker.idle.wait(timeout)

    def _callback(self, ticket: int) -> tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]:
        self._pending -= 1
        return self._callbacks.pop(ticket, (None, None))

    @Slot(int, object)
    def _finished(self, ticket: int, result: Any) -> None:
        on_done, _on_error = self._callback(ticket)
        try:
            if on_done is not None:
                on_done(result)
        finally:
            if self.interactive:
                self._worker.undelivered.add(-1)

    @Slot(int, object)
    def _failed(self, ticket: int, error: BaseException) -> None:
        _on_done, on_error = self._callback(ticket)
        try:
            if on_error is None and ticket != self._ticket:
                log.info("an outdated background job failed", exc_info=(type(error), error, error.__traceback__))
                return
            if on_error is not None:
                on_error(error)
            else:
                self.context.show_error(None, error)
        finally:
            if self.interactive:
                self._worker.undelivered.add(-1)
