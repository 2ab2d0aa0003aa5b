"""Local repair of pooled solutions (``engine/local_repair.py``): a pooled solution with the new choice swapped in
is a witness only when every rule that reads the choice still holds; states stay exactly those the solver gives.

BR4CP medium is real Renault data whose every rule is a combination table, the case local repair is for.
"""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from benchmarks import renault_data
from configurator.core.engine import local_repair, solver
from configurator.core.engine.encode import encode_model
from configurator.core.engine.session import ConfigurationSession
from configurator.core.engine.solution import Solution
from configurator.core.model.loader import load_model
from tests.helpers.engine_kit import make_model, options

needs_data = pytest.mark.skipif(not (renault_data.data_dir() / "br4cp").is_dir(),
                                reason="the Renault data (../shared/bench/renault) is not here")


def _sold_car_steps(cars: int, seed: int) -> list[list[tuple[str, str]]]:
    header, sold = renault_data.read_sales("medium")
    rng = random.Random(seed)
    sessions = []
    for car in rng.sample(sold, cars):
        order = list(zip(header, car, strict=True))
        rng.shuffle(order)
        sessions.append(order)
    return sessions


@needs_data
def test_repaired_witnesses_are_valid_configurations_and_states_are_unchanged(tmp_path, monkeypatch):
    model = load_model(renault_data.export(renault_data.read_problem("medium"), tmp_path)).model
    repaired: list[Solution] = []
    real = local_repair.LocalRepair.repaired

    def recording(self, *args):  # type: ignore[no-untyped-def]
        found = real(self, *args)
        repaired.extend(found)
        return found

    monkeypatch.setattr(local_repair.LocalRepair, "repaired", recording)
    # two encodings: the pool of solutions is shared per encoding, and the one without repair must not see the
    # witnesses of the other
    with_repair, without = encode_model(model), encode_model(model)
    checker = solver.Oracle(encode_model(model))
    calls = {True: 0, False: 0}
    try:
        for order in _sold_car_steps(4, seed=5):
            fast, slow = ConfigurationSession(model, with_repair), ConfigurationSession(model, without)
            slow.oracle.repair_locally = False
            for attr_id, raw in order:
                fast.set(attr_id, fast.parse(attr_id, raw))
                slow.set(attr_id, slow.parse(attr_id, raw))
                assert fast.state().attributes == slow.state().attributes
            calls[True] += fast.oracle.calls
            calls[False] += slow.oracle.calls
            fast.close()
            slow.close()
        assert repaired, "no witness came from local repair"
        for solution in repaired[::7]:  # each is a complete configuration the rules allow
            assert checker.solve(list(solution))
        assert calls[True] < calls[False]
    finally:
        checker.close()


@pytest.mark.parametrize("mode", ["allowed", "forbidden"])
def test_a_swap_is_accepted_exactly_where_the_table_allows_the_combination(mode):
    rows = [["x", "p", "1"], ["y", "*", "2"], ["*", "q", "3"], ["z", "p", "*"]]
    model = make_model(
        [{"id": "a", "type": "choice", "options": options("x", "y", "z")},
         {"id": "b", "type": "choice", "options": options("p", "q")},
         {"id": "n", "type": "integer", "min": 1, "max": 3, "step": 1}],
        [{"id": "t", "table": {"file": "t.csv", "mode": mode}}],
        {"t.csv": {"header": ["a", "b", "n"], "rows": rows}})
    checks = local_repair.LocalRepair(encode_model(model))
    for a, b, n in itertools.product(("x", "y", "z"), ("p", "q"), (1, 2, 3)):
        listed = any(ra in ("*", a) and rb in ("*", b) and rn in ("*", str(n)) for ra, rb, rn in rows)
        assert checks.holds({"a": a, "b": b, "n": Decimal(n)}, ["a"]) == (listed if mode == "allowed" else not listed)
    assert checks.holds({"a": "x", "b": "q", "n": Decimal(1)}, []) is True  # only rules that read a change count


@needs_data
def test_a_new_configurations_first_choices_find_witnesses_in_the_early_pool(tmp_path):
    """Solutions found under few choices are kept apart from the recent ones (which crowd around the last
    configuration): a new configuration's first choice needs fewer solver calls with them, and they are valid."""
    model = load_model(renault_data.export(renault_data.read_problem("medium"), tmp_path)).model
    first, second = _sold_car_steps(2, seed=11)
    calls = {}
    for keep_early in (True, False):
        encoding = encode_model(model)
        session = ConfigurationSession(model, encoding)
        for attr_id, raw in first:
            session.set(attr_id, session.parse(attr_id, raw))
            session.state()
        early = list(session.oracle.early)
        assert early
        assert all(session.oracle.solve(list(solution)) for solution in early)
        session.close()
        session = ConfigurationSession(model, encoding)
        session.oracle.recent.clear()  # as when later configurations' deep solutions have crowded it
        session._known.clear()  # and the empty state is worked out again
        if not keep_early:
            session.oracle.early.clear()
        before = session.oracle.calls
        for attr_id, raw in second[:2]:
            session.set(attr_id, session.parse(attr_id, raw))
            session.state()
        calls[keep_early] = session.oracle.calls - before
        session.close()
    assert calls[True] < calls[False]
