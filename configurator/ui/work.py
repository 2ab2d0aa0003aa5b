"""The one way the app runs long work (a PDF of a large quote, a catalogue import) off the UI thread.

``run_in_background(parent, context, label, job, on_done)`` runs ``job(progress)`` on Qt's global thread pool
and calls ``on_done(result)`` — or shows the error in the user's language — back on the UI thread. A progress
dialog appears only when the work takes longer than ``SHOW_AFTER_MS``, so quick jobs do not flicker; it shows
the fractions the job reports through ``progress(fraction, text)``. The UI thread only starts the job and
receives its signals, so it never waits for the work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
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
