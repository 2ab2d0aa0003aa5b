"""Settings for the whole test suite.

Qt must never need a display in the tests: the offscreen platform is chosen here, at import time, before any test
module imports PySide6 (without it Qt aborts the run on a machine with no screen). Tests never touch the user's
own data folder or database: Skredder's data folder is a fresh temporary folder for each test session.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.helpers.seed_kit import Configure

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# the shared helpers (tests/helpers) explain their failing assertions; registered before any conftest imports them
pytest.register_assert_rewrite("tests.helpers")

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", action="append", choices=BACKENDS, dest="backends", default=None,
                     help="run the tests that take a `backend` (the catalogue, quoting and CLI suites) against this "
                          "database only (repeatable); default: both, SQLite and a throw-away PostgreSQL cluster")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends(*names): run this test only against these database backends "
                                       "(it needs, e.g., the SQLite file itself)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes ``backend`` (directly or through the ``database``/``db`` fixtures) runs once per selected
    backend; the PostgreSQL run carries the ``postgres`` marker (``-m "not postgres"`` leaves it out)."""
    if "backend" not in metafunc.fixturenames:
        return
    chosen = metafunc.config.getoption("backends") or list(BACKENDS)
    limit = metafunc.definition.get_closest_marker("backends")
    if limit is not None:
        chosen = [name for name in chosen if name in limit.args]
    metafunc.parametrize("backend", [
        pytest.param(name, id=name, marks=[pytest.mark.postgres] if name == "postgresql" else [])
        for name in chosen])


@pytest.fixture(scope="session", autouse=True)
def skredder_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """SKREDDER_DATA_DIR and SKREDDER_CONFIG_DIR point at a temporary folder; no SKREDDER_DATABASE leaks in."""
    data_dir = tmp_path_factory.mktemp("skredder-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKREDDER_DATA_DIR", str(data_dir))
        patch.setenv("SKREDDER_CONFIG_DIR", str(data_dir / "config"))  # never the user's own settings.json
        patch.delenv("SKREDDER_DATABASE", raising=False)
        yield data_dir


@pytest.fixture
def tmp_database_url(tmp_path: Path) -> str:
    """The SQLAlchemy URL of a SQLite catalogue file that does not exist yet, in this test's own folder."""
    return f"sqlite:///{tmp_path / 'catalogue.sqlite'}"


@pytest.fixture(scope="session")
def seed_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue database of the bundled product models, built once per test session; tests copy it."""
    from configurator.core.sync.build import build_catalogue

    file = tmp_path_factory.mktemp("seed-catalogue") / "catalogue.sqlite"
    result = build_catalogue([ROOT / "product_models"], f"sqlite:///{file}")
    assert not result.errors, result.errors
    return file


@pytest.fixture
def configure() -> Iterator[Configure]:
    """``configure(family, **choices)``: a fresh session over the family's (cached) encoding, closed afterwards."""
    from tests.helpers.seed_kit import SessionFactory

    factory = SessionFactory()
    try:
        yield factory.open
    finally:
        factory.close()


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[object]:
    """A throw-away PostgreSQL cluster on loopback for this session (tests/helpers/postgres.py); fails, never
    skips, when PostgreSQL is not installed."""
    from tests.helpers.postgres import remove_cluster, start_cluster

    try:
        cluster = start_cluster()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield cluster
    finally:
        remove_cluster(cluster)


@pytest.fixture(scope="session")
def office_template(postgres_cluster: object) -> str:
    """The name of a PostgreSQL database with the seed catalogue, built once; tests copy it (CREATE ... TEMPLATE)."""
    from configurator.core.sync.build import build_catalogue
    from tests.helpers.postgres import Cluster

    assert isinstance(postgres_cluster, Cluster)
    url = postgres_cluster.create_database("seed_template")
    result = build_catalogue([ROOT / "product_models"], url)
    assert not result.errors, result.errors
    return "seed_template"


@pytest.fixture
def office_url(postgres_cluster: object, office_template: str) -> str:
    """The URL of this test's own PostgreSQL database, a copy of the seed catalogue."""
    from tests.helpers.postgres import Cluster

    assert isinstance(postgres_cluster, Cluster)
    return postgres_cluster.create_database(f"office_{next(_OFFICE_NUMBERS)}", template=office_template)


@pytest.fixture
def empty_office_url(postgres_cluster: object) -> str:
    """The URL of a new, empty PostgreSQL database of this test's own (no tables yet)."""
    from tests.helpers.postgres import Cluster

    assert isinstance(postgres_cluster, Cluster)
    return postgres_cluster.create_database(f"empty_{next(_OFFICE_NUMBERS)}")


_OFFICE_NUMBERS = itertools.count(1)
