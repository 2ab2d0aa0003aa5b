"""Many sessions over one encoding (the app caches one per model version): the encoding never grows, and a
session's solver does not pile up retired activation clauses."""

from __future__ import annotations

import random
from pathlib import Path

from configurator.core.engine import solver
from configurator.core.engine.encode import encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model

MODELS = Path(__file__).resolve().parents[3] / "product_models"


def _random_session(session: ConfigurationSession, pick: random.Random, steps: int) -> list[dict[str, tuple]]:
    trace = []
    for _ in range(steps):
        state = session.state()
        trace.append({a: state.available(a) for a in session.encoding.attributes})
        if session.choices and pick.random() < 0.3:
            session.unset(pick.choice(sorted(session.choices)))
            continue
        open_attrs = [a for a in session.encoding.attributes if a not in session.choices
                      and session.model.attribute(a).type != s.TEXT and len(state.available(a)) > 1]
        if not open_attrs:
            break
        attr_id = pick.choice(open_attrs)
        session.set(attr_id, pick.choice(state.available(attr_id)))
    return trace


def test_sessions_do_not_grow_the_shared_encoding() -> None:
    model = load_model(MODELS / "chimney_cap").model
    encoding = encode_model(model)
    top, clauses = encoding.top, len(encoding.clauses)
    first = None
    for number in range(6):
        session = ConfigurationSession(model, encoding)
        trace = _random_session(session, random.Random(7), 10)  # the same session every time
        assert session.oracle.calls > 0
        session.close()
        first = first or trace
        assert trace == first  # the sixth session sees what the first saw
        assert (encoding.top, len(encoding.clauses)) == (top, clauses), number


def test_retired_activations_rebuild_the_solver(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(solver, "MAX_RETIRED", 3)
    model = load_model(MODELS / "chimney_cap").model
    encoding = encode_model(model)
    reference = ConfigurationSession(model, encoding)
    monkeypatch.setattr(solver, "MAX_RETIRED", 10**9)
    expected = _random_session(reference, random.Random(3), 10)
    monkeypatch.setattr(solver, "MAX_RETIRED", 3)
    session = ConfigurationSession(model, encoding)
    session.oracle.recent.clear()
    assert _random_session(session, random.Random(3), 10) == expected
    assert session.oracle.rebuilds > 0 and session.oracle.retired < 3


def test_a_new_session_over_a_shared_encoding_opens_without_the_solver() -> None:
    model = load_model(MODELS / "chimney_cap").model
    encoding = encode_model(model)
    first = ConfigurationSession(model, encoding)
    opened = first.state()
    assert first.oracle.calls > 0
    second = ConfigurationSession(model, encoding)
    again = second.state()
    assert second.oracle.calls == 0  # the empty state is the encoding's, worked out once
    assert again.attributes == opened.attributes
    fresh = ConfigurationSession(model, encode_model(model))  # another encoding shares nothing
    assert fresh.state().attributes == opened.attributes and fresh.oracle.calls > 0
    # the shared entry only seeds later states: they stay exact (same as a session that never shared)
    assert _random_session(second, random.Random(3), 12) == _random_session(
        ConfigurationSession(model, encode_model(model)), random.Random(3), 12)


def test_a_closed_sessions_solver_is_taken_over_and_states_stay_exact() -> None:
    """A closed session's solver (what it learned, its retired activations) serves the next session over the same
    encoding: no new solver is built, scratch variables go on above the old ones, and the states are those of a
    session that shares nothing."""
    model = load_model(MODELS / "window").model
    encoding = encode_model(model)
    first = ConfigurationSession(model, encoding)
    _random_session(first, random.Random(5), 12)
    kept, top = first.oracle.solver, first.oracle._top
    assert top > encoding.top  # it made scratch variables
    first.close()
    first.close()  # closing twice gives nothing back twice
    second = ConfigurationSession(model, encoding)
    assert second.oracle.solver is kept and second.oracle._top == top
    third = ConfigurationSession(model, encoding)
    assert third.oracle.solver is not kept  # one session at a time per solver
    alone = ConfigurationSession(model, encode_model(model))
    assert _random_session(second, random.Random(9), 15) == _random_session(alone, random.Random(9), 15)
    for session in (second, third, alone):
        session.close()


def test_a_solver_with_many_retired_activations_is_not_taken_over(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(solver, "REUSE_RETIRED", 1)
    model = load_model(MODELS / "window").model
    encoding = encode_model(model)
    first = ConfigurationSession(model, encoding)
    _random_session(first, random.Random(5), 12)
    assert first.oracle.retired > 1
    kept = first.oracle.solver
    first.close()
    second = ConfigurationSession(model, encoding)
    assert second.oracle.solver is not kept and second.oracle._top == encoding.top
    second.close()
