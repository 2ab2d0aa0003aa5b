"""``skredder self-test`` and a start without a display, as an installed program is checked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from configurator.cli import DEFAULT_MODELS
from configurator.core.selftest import run_self_test

ROOT = Path(__file__).resolve().parents[1]


def test_the_self_test_configures_prices_and_prints_every_family(seed_catalogue: Path) -> None:
    checks = list(run_self_test(DEFAULT_MODELS, "nb", catalogue=seed_catalogue))
    names = [c.name.render("nb") for c in checks]
    assert names == ["oversettelser", "skrifter", "konfigurer og prissett hver produktfamilie", "tilbud som PDF"]
    assert all(c.ok for c in checks), [(c.name.render("en"), c.detail) for c in checks if not c.ok]
    priced = checks[2].detail
    assert all(family in priced for family in ("chair", "chimney_cap", "eartag", "window")) and "kr\xa0" in priced
    assert checks[3].detail.endswith("KiB")


def test_a_broken_catalogue_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "broken.yaml").write_text("skredder: 1\nfamily: [\n", encoding="utf-8")
    checks = list(run_self_test(tmp_path, "en"))
    assert [c.ok for c in checks] == [True, True, False]
    assert checks[2].name.render("en") == "bundled catalogue" and "broken.yaml" in checks[2].detail


def test_without_a_display_it_says_so_in_one_sentence_and_in_the_log(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["SKREDDER_DATA_DIR"] = str(tmp_path)
    env["SKREDDER_CONFIG_DIR"] = str(tmp_path / "config")
    done = subprocess.run([sys.executable, "-m", "configurator", "app", "--language", "en"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    if sys.platform != "linux":
        pytest.skip("only X11/Wayland systems can lack a display")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Skredder needs a desktop session to show its window")
    assert "Traceback" not in done.stderr and "qt.qpa" not in done.stderr
    assert "no display" in (tmp_path / "skredder.log").read_text(encoding="utf-8")


def test_an_installed_programs_first_start_builds_the_bundled_catalogue(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from configurator.cli import app as cli_app
    from configurator.core.catalogue.db import open_database
    from configurator.core.sync.service import CatalogueService

    monkeypatch.setattr("configurator.cli.DEFAULT_MODELS", ROOT / "tests" / "core" / "model" / "fixtures")
    database = tmp_path / "catalogue.sqlite"
    cli_app._first_start_catalogue(str(database), "en")
    assert "First start: building the bundled catalogue" in capsys.readouterr().err
    db = open_database(str(database))
    try:
        assert [f.id for f in CatalogueService(db).families()] == ["base"]
    finally:
        db.close()
    stamp = database.stat().st_mtime_ns
    cli_app._first_start_catalogue(str(database), "en")
    assert database.stat().st_mtime_ns == stamp and capsys.readouterr().err == ""  # never rebuilt behind one's back


@pytest.mark.parametrize(("language", "shown"), [("nb", "(2,5 s)"), ("en", "(2.5 s)")])
def test_the_printed_durations_are_written_the_readers_way(language: str, shown: str,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from configurator.cli import app as cli_app
    from configurator.core import selftest
    from configurator.core.i18n import msg

    monkeypatch.setattr(selftest, "run_self_test",
                        lambda models, lang: iter([selftest.Check(msg("fonts"), True, "DejaVuSans", 2.5)]))
    assert cli_app.self_test(language) == 0
    assert shown in capsys.readouterr().out
