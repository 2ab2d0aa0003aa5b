"""Settings for the pricing tests: the package and the seed models' ``seed_kit`` on sys.path, fresh sessions."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
for path in (ROOT, ROOT / "tests" / "product_models", Path(__file__).resolve().parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from seed_kit import Configure, SessionFactory  # noqa: E402


@pytest.fixture
def configure() -> Iterator[Configure]:
    """``configure(family, **choices)``: a fresh session over the family's cached encoding, closed afterwards."""
    factory = SessionFactory()
    try:
        yield factory.open
    finally:
        factory.close()
