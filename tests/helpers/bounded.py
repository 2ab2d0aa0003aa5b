"""A hostile input must be answered in bounded time: a case that takes longer fails instead of hanging the run."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

SECONDS_PER_CASE = 10


@contextlib.contextmanager
def bounded(name: str = "", seconds: int = SECONDS_PER_CASE) -> Iterator[None]:
    """Raise :class:`TimeoutError` in the block once ``seconds`` have passed (SIGALRM: main thread, POSIX)."""

    def stop(_signal: int, _frame: object) -> None:
        raise TimeoutError(f"{name + ': ' if name else ''}no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
