"""``kill -9`` of ``skredder catalogue import`` at random moments, 20 times, while it applies a package (the seed
chair with a new model version and its images, the window; the other two families withdrawn): afterwards
``PRAGMA integrity_check`` is ok and the catalogue is entirely the old or the new one (kill_kit forks the command)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from configurator.core.catalogue.db import open_database
from configurator.core.sync.keys import parse_public
from configurator.core.sync.service import PackageService
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import make_key, make_package, models_copy

RUNS = 20
KIT = Path(__file__).resolve().parents[2] / "helpers" / "kill_kit.py"

pytestmark = [pytest.mark.kills, pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")]


def run_kit(spec: dict[str, Any], work: Path) -> Any:
    spec_file, result_file = work / "kill-spec.json", work / "kill-result.json"
    spec_file.write_text(json.dumps(spec))
    done = subprocess.run([sys.executable, str(KIT), "kill", str(spec_file), str(result_file)],
                          capture_output=True, text=True, timeout=600, check=False, cwd=KIT.parent)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(result_file.read_text())


def test_killed_import_leaves_the_old_or_the_new_catalogue(catalogue_template: Path, tmp_path: Path) -> None:
    base = tmp_path / "base.sqlite"
    shutil.copyfile(catalogue_template, base)
    key, _key_id, public = make_key(tmp_path)
    with open_database(f"sqlite:///{base}") as database:
        PackageService(database).trust_key(parse_public(public))
    models = models_copy(tmp_path, ("chair", "window"))  # the others withdrawn: more to write, less to lint
    edit_file(models / "chair" / "chair.yaml", 'version: "2026.1"', 'version: "2026.9"')
    package = make_package(models, key, tmp_path / "big.skcat", version=1)
    results = run_kit({"base": str(base), "work": str(tmp_path), "seed": 10, "runs": RUNS,
                               "commands": {"import": ["catalogue", "import", str(package), "--yes"]}}, tmp_path)
    counts = results["import"]
    assert counts["bad"] == [], counts["bad"]
    assert counts["old"] + counts["new"] == RUNS
