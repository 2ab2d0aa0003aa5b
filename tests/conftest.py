"""Settings for the whole test suite.

Qt must never need a display in the tests: the offscreen platform is chosen here, at import time, before any test
module imports PySide6 (without it Qt aborts the run on a machine with no screen). Tests never touch the user's
own data folder or database: Skredder's data folder is a fresh temporary folder for each test session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# helper modules whose assertions should explain their failures; registered here, before any test folder's
# conftest imports them (the seed models' kit is shared by the seed, pricing and preview tests)
pytest.register_assert_rewrite("seed_kit", "quoting_kit")


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
