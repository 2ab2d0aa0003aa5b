"""Settings for the product model tests: the package on sys.path, a fresh copy of the base model to break."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
for _path in (ROOT, HERE):  # the package is not installed in every test environment
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from model_kit import BASE  # noqa: E402


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the base model at ``<tmp>/base``; the working folder is ``<tmp>`` so errors say
    ``base/base.yaml:LINE: ...``."""
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    monkeypatch.chdir(tmp_path)
    return folder
