"""Real sold cars of the Renault benchmark (BR4CP medium and big), replayed choice by choice.

Every car that was really sold is a valid configuration, so the session must accept each of its choices in
turn, and after every choice the values the car goes on to choose must still be offered (no valid value is
ever greyed out). The data lives beside the project (``../shared/bench/renault``, see
``benchmarks/renault_data.py``); the tests are skipped when it is not there.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks import renault_data
from configurator.core.engine.session import ConfigurationSession, SessionError
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model

BIG_CARS = 20  # sold cars of BR4CP big replayed with the full state after every choice

pytestmark = pytest.mark.skipif(not (renault_data.data_dir() / "br4cp").is_dir(),
                                reason=f"the Renault data is not at {renault_data.data_dir()}")


def converted(name: str, folder: Path) -> s.ProductModel:
    return load_model(renault_data.export(renault_data.read_problem(name), folder)).model


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> s.ProductModel:
    return converted("medium", tmp_path_factory.mktemp("renault"))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> s.ProductModel:
    return converted("big", tmp_path_factory.mktemp("renault"))


@pytest.fixture
def medium_session(medium: s.ProductModel) -> Iterator[ConfigurationSession]:
    session = ConfigurationSession(medium)
    yield session
    session.close()


def start_over(session: ConfigurationSession) -> None:
    session.choices.clear()
    session._state = None


def test_the_sales_data_matches_the_models(medium: s.ProductModel, big: s.ProductModel) -> None:
    for name, model in (("medium", medium), ("big", big)):
        header, rows = renault_data.read_sales(name)
        assert set(header) <= {a.id for a in model.attributes}
        assert all(len(row) == len(header) for row in rows)
    assert len(renault_data.read_sales("medium")[1]) == 8252  # the file's 8,253 lines less its header


def test_every_sold_medium_car_is_accepted_choice_by_choice(medium_session: ConfigurationSession) -> None:
    """All 8,252 sold cars of BR4CP medium, each value in the file's order, in one session.

    About 30-35 s on the development machine (2 cores), so every car is replayed (no sampling).
    """
    session = medium_session
    header, rows = renault_data.read_sales("medium")
    for number, row in enumerate(rows):
        start_over(session)
        for attr, raw in zip(header, row, strict=True):
            try:
                session.set(attr, session.parse(attr, raw))
            except SessionError as exc:
                pytest.fail(f"sold car {number} (line {number + 2}): {attr} = {raw} refused: {exc}")
        assert session.choices == {a: Decimal(v) for a, v in zip(header, row, strict=True)}


def test_sold_big_cars_keep_their_later_values_available(big: s.ProductModel) -> None:
    """A deterministic sample of BR4CP big (every k-th sold car): after each choice, the car's later values
    are still available."""
    header, rows = renault_data.read_sales("big")
    sample = rows[:: len(rows) // BIG_CARS][:BIG_CARS]
    session = ConfigurationSession(big)
    try:
        for row in sample:
            start_over(session)
            values = [Decimal(v) for v in row]
            for position, (attr, raw) in enumerate(zip(header, row, strict=True)):
                session.set(attr, session.parse(attr, raw))
                state = session.state()
                missing = [(later, value) for later, value in zip(header[position + 1:], values[position + 1:],
                                                                  strict=True)
                           if value not in state.available(later)]
                assert missing == [], f"after {attr} = {raw} these values of the car were excluded"
            assert session.state().choices == dict(zip(header, values, strict=True))
    finally:
        session.close()
