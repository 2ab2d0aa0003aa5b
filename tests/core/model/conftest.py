"""Settings for the product model tests: a fresh copy of the base model to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.model_kit import BASE


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the base model at ``<tmp>/base``; the working folder is ``<tmp>`` so errors say
    ``base/base.yaml:LINE: ...``."""
    folder = tmp_path / "base"
    shutil.copytree(BASE, folder)
    monkeypatch.chdir(tmp_path)
    return folder
