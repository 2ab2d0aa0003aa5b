"""Sessions over one encoding in two threads at once (the app's clicks and its background "from" price) give the
same valid values as one after the other, and one session used by two threads stays consistent."""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest

from configurator.core.engine.encode import Encoding, encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model

MODELS = Path(__file__).resolve().parents[3] / "product_models"
Trace = list[dict[str, tuple[Any, ...]]]


@pytest.fixture(scope="module", name="cap")
def model() -> tuple[s.ProductModel, Encoding]:
    model = load_model(MODELS / "chimney_cap").model
    return model, encode_model(model)


def replay(model: s.ProductModel, encoding: Encoding, seed: int, steps: int) -> Trace:
    """Choose random possible values (and now and then take one back); the valid values after each step."""
    pick = random.Random(seed)
    session = ConfigurationSession(model, encoding)
    trace: Trace = []
    try:
        for _ in range(steps):
            state = session.state()
            trace.append({a: state.available(a) for a in encoding.attributes})
            if session.choices and pick.random() < 0.25:
                session.unset(pick.choice(sorted(session.choices)))
                continue
            open_attrs = [a for a in encoding.attributes if a not in session.choices
                          and model.attribute(a).type != s.TEXT and len(state.available(a)) > 1]
            if not open_attrs:
                break
            attr_id = pick.choice(open_attrs)
            session.set(attr_id, pick.choice(state.available(attr_id)))
    finally:
        session.close()
    return trace


def test_sessions_in_two_threads_agree_with_one_after_the_other(cap: tuple[s.ProductModel, Encoding]) -> None:
    model, encoding = cap
    expected = {seed: replay(model, encoding, seed, 6) for seed in (1, 2)}
    found: dict[int, Trace] = {}
    errors: list[BaseException] = []

    def run(seed: int) -> None:
        try:
            found[seed] = replay(model, encoding, seed, 6)
        except BaseException as error:  # reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert found == expected


def test_one_session_shared_by_two_threads_stays_consistent(cap: tuple[s.ProductModel, Encoding]) -> None:
    """Solving and reading the model found are one step under the oracle's lock: two threads asking the same
    session (the view's worker and a question from the UI thread) never read each other's answers."""
    model, encoding = cap
    session = ConfigurationSession(model, encoding)
    attr_id = next(a for a in encoding.attributes if len(encoding.domains[a]) > 2)
    expected = session.alternatives(attr_id)
    results: list[tuple[Any, ...]] = []

    def ask() -> None:
        for _ in range(5):
            results.append(session.alternatives(attr_id))

    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.close()
    assert results == [expected] * 10
