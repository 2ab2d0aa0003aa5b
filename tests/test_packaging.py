"""The installed package: its entry points run, the core stays free of Qt, the install files are well formed."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def skredder_script() -> str:
    """The `skredder` console script installed beside this Python (or, failing that, on PATH)."""
    found = shutil.which("skredder", path=sysconfig.get_path("scripts")) or shutil.which("skredder")
    if found is None:
        pytest.fail("the `skredder` console script is not installed; run `pip install -e .` (bootstrap.sh does)")
    return found


@pytest.mark.parametrize("entry_point", ["python -m configurator", "skredder"])
def test_entry_point_prints_help(entry_point: str) -> None:
    command = [sys.executable, "-m", "configurator"] if entry_point != "skredder" else [skredder_script()]
    result = run([*command, "--help"])
    assert result.returncode == 0, result.stderr
    assert "usage: skredder" in result.stdout
    assert result.stderr == ""


# Walks configurator.core in a fresh interpreter and imports every module, so modules added later are covered too.
# Alembic migration scripts are not importable modules (env.py needs Alembic's running context) and are skipped.
IMPORT_WHOLE_CORE = """
import importlib, json, pkgutil, sys
import configurator.core as core
imported, errors = ["configurator.core"], []
def on_error(name):
    errors.append(f"{name}: {sys.exc_info()[1]!r}")
for info in pkgutil.walk_packages(core.__path__, "configurator.core.", onerror=on_error):
    if ".migrations" in info.name:
        continue
    try:
        importlib.import_module(info.name)
    except Exception as error:
        errors.append(f"{info.name}: {error!r}")
    else:
        imported.append(info.name)
qt = sorted(name for name in sys.modules if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"))
ui = sorted(name for name in sys.modules if name == "configurator.ui" or name.startswith("configurator.ui."))
print(json.dumps({"imported": imported, "errors": errors, "qt": qt, "ui": ui}))
"""


def test_core_never_imports_qt() -> None:
    result = run([sys.executable, "-c", IMPORT_WHOLE_CORE])
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errors"] == []
    subpackages = {f"configurator.core.{name}" for name in ("model", "engine", "pricing", "catalogue", "documents",
                                                            "sync")}
    assert subpackages <= set(report["imported"])
    assert report["qt"] == [], "the core imported Qt"
    assert report["ui"] == [], "the core imported configurator.ui"


@pytest.mark.parametrize("script", ["installer/bootstrap.sh", ".ci/run"])
def test_shell_script_parses(script: str) -> None:
    result = run(["bash", "-n", str(REPO_ROOT / script)])
    assert result.returncode == 0, result.stderr


class DesktopEntryParser(configparser.ConfigParser):
    def optionxform(self, optionstr: str) -> str:
        return optionstr  # desktop entry keys are case-sensitive


def test_desktop_entry_is_well_formed() -> None:
    entry = DesktopEntryParser(interpolation=None, strict=True)
    entry.read(REPO_ROOT / "installer" / "skredder.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Skredder"
    assert desktop["Exec"].split()[0] == "skredder"
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
