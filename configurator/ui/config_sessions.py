"""Engine sessions kept warm per model version, so the second opening of a configurator costs (almost) nothing.

A session's solver learns as it works: it keeps the solutions it found (a solution pool) and the state it
computed. Making a new session for every opening would start that from nothing (half a second for the window
model's first state). So a closed configurator hands its session back (``give_back``), which clears the choices
and works out the empty configuration's state in the background; the next opening of the same model version
(``take``, off the UI thread) starts from it. The first opening of a model pays once for its encoding (cached
per model version by the model store) and its first state.

Background work (the "from" price) borrows warm *trial* sessions the same way (``borrow``/``lend_back``): the
search for the cheapest completion on a warm solver is several times faster than on a new one.

Everything here runs off the UI thread, on the views' lanes; the registry itself is guarded by a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.quoting.models import StoredModel

KEEP_PER_MODEL = 4  # two configurators of one model open at once, and the trials of their marks and prices

_idle: dict[str, list[ConfigurationSession]] = {}
_trials: dict[str, list[ConfigurationSession]] = {}
_guard = threading.Lock()


def _key(stored: StoredModel) -> str:
    return stored.version.source_hash


def take(stored: StoredModel) -> ConfigurationSession:
    """A session of the model version with no choices: a warm one when a closed configurator left one."""
    with _guard:
        idle = _idle.get(_key(stored), [])
        session = idle.pop() if idle else None
    return session if session is not None else stored.session()


def open_with(stored: StoredModel, choices: Mapping[str, Any]) -> ConfigurationSession:
    """A session with the line's choices (typed texts parsed) and its state worked out; no step to undo."""
    session = take(stored)
    parsed = {a: session.parse(a, v) if isinstance(v, str) else v for a, v in choices.items()}
    if parsed:
        try:
            session.set_many(parsed, replace=True)
        except Exception:
            give_back(stored, session)
            raise
    session.forget_history()
    session.state()
    return session




def give_back(stored: StoredModel, session: ConfigurationSession) -> None:
    """Clear the session's choices, work out the empty state (for the next opening) and keep it."""
    session.set_many({}, replace=True)
    session.forget_history()
    session.state()
    with _guard:
        idle = _idle.setdefault(_key(stored), [])
        if len(idle) < KEEP_PER_MODEL:
            idle.append(session)
            return
    session.close()


def borrow(stored: StoredModel) -> ConfigurationSession:
    """A trial session for background work (its choices are whatever the last user left: set them)."""
    with _guard:
        idle = _trials.get(_key(stored), [])
        trial = idle.pop() if idle else None
    return trial if trial is not None else stored.session()


def lend_back(stored: StoredModel, trial: ConfigurationSession) -> None:
    trial.forget_history()
    with _guard:
        idle = _trials.setdefault(_key(stored), [])
        if len(idle) < KEEP_PER_MODEL:
            idle.append(trial)
            return
    trial.close()


@contextmanager
def trial_with(stored: StoredModel, choices: Mapping[str, Any]) -> Iterator[ConfigurationSession]:
    """A session with ``choices`` for background work: a warm trial session, borrowed and handed back (a new
    solver for every job would spend most of its time loading the encoding, holding Python's lock the clicks
    need)."""
    trial = borrow(stored)
    try:
        trial.set_many(dict(choices), replace=True)
    except SessionError:  # choices that do not fit together: a session of their own shows that
        lend_back(stored, trial)
        trial = ConfigurationSession(stored.model, stored.encoding)
        trial.choices = dict(choices)
        try:
            yield trial
        finally:
            trial.close()
        return
    try:
        yield trial
    finally:
        lend_back(stored, trial)
