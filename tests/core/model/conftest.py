"""Shared helpers for the product model tests: a copy of the small valid base model to break."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # the package is not installed in every test environment
    sys.path.insert(0, str(ROOT))

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"


def edit_file(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` (which must occur exactly ``count`` times) by ``new`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    found = text.count(old)
    assert found == count, f"{old!r} occurs {found} times in {path.name}, expected {count}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the base model at ``<tmp>/base``; the working folder is ``<tmp>`` so errors say
    ``base/base.yaml:LINE: ...``."""
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture
def edit(model_dir: Path) -> Callable[..., None]:
    """``edit(old, new, file="base.yaml", count=1)`` on the copied model."""

    def apply(old: str, new: str, file: str = "base.yaml", count: int = 1) -> None:
        edit_file(model_dir / file, old, new, count)

    return apply
