"""Settings for the seed model tests: the package and ``seed_kit`` on sys.path, and fresh sessions that close."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
for path in (ROOT, HERE):  # the package is not installed in every test environment
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from seed_kit import Configure, SessionFactory  # noqa: E402


@pytest.fixture
def configure() -> Iterator[Configure]:
    """``configure(family, **choices)``: a fresh session over the family's (cached) encoding, closed afterwards."""
    factory = SessionFactory()
    try:
        yield factory.open
    finally:
        factory.close()
