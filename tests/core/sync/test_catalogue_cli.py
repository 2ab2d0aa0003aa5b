"""The command line end to end: keygen, pack, keys trust/list/revoke, import (asks; --yes), recheck with its CSV,
move-quote, rollback, installs; a refused package exits 1 with its located message."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from configurator.cli import main
from configurator.core.quoting.service import QuoteService
from tests.helpers.model_kit import edit_file
from tests.helpers.package_kit import models_copy
from tests.helpers.quoting_kit import add_customer

CHAIR = {"model": "capisco_8106", "gas_lift": "lift_200", "footring": "true", "floor": "carpet", "castors": "hard"}


def test_publish_and_import_from_the_command_line(tmp_path: Path, database_file: Path, service: QuoteService,
                                                  capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = ["--database", str(database_file), "--language", "en"]
    assert main(["catalogue", "keygen", "-o", str(tmp_path / "hq.key"), *db]) == 0
    public = next(line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines()
                  if line.startswith("Public key"))
    assert main(["catalogue", "keys", "trust", public, "--name", "HQ", *db]) == 0
    models = models_copy(tmp_path, ("chair", "window"))
    edit_file(models / "chair" / "chair.yaml", 'version: "2026.1"', 'version: "2026.2"')
    edit_file(models / "chair" / "chair.yaml", "exclude: footring and gas_lift == lift_150",
              "exclude: footring and gas_lift in [lift_150, lift_200]")
    package = tmp_path / "v1.skcat"
    assert main(["catalogue", "pack", str(models), "--key", str(tmp_path / "hq.key"), "--version", "1",
                 "-o", str(package), *db]) == 0
    quote = service.new_quote(add_customer(service.database)).number
    service.add_line(quote, "chair", CHAIR, complete=True)
    service.send(quote)
    capsys.readouterr()

    monkeypatch.setattr("builtins.input", lambda _prompt: "n")
    assert main(["catalogue", "import", str(package), *db]) == 1
    assert "Nothing was changed." in capsys.readouterr().out
    assert main(["catalogue", "import", str(package), "--yes", *db]) == 0
    out = capsys.readouterr().out
    assert "rule changed: footring-needs-lift" in out and "Catalogue version 0 → 1" in out
    assert quote in out and "no longer valid" in out
    report = tmp_path / "report.csv"
    assert main(["catalogue", "recheck", "--csv", str(report), "--language", "nb", "--database",
                 str(database_file)]) == 0
    rows = list(csv.reader(report.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:4] == ["Tilbud", "Linje", "Familie", "Resultat"] and rows[1][3] == "ikke lenger gyldig"
    assert main(["catalogue", "move-quote", quote, *db]) == 0
    assert "revision B" in capsys.readouterr().out
    assert service.quote(quote).current.letter == "B" and service.quote(quote).revisions[0].status == "superseded"

    assert main(["catalogue", "import", str(package), "--yes", *db]) == 0
    assert "installed already; nothing to do" in capsys.readouterr().out
    assert main(["catalogue", "rollback", *db]) == 0
    assert main(["catalogue", "installs", *db]) == 0
    assert "rolled_back" in capsys.readouterr().out
    assert main(["catalogue", "keys", "list", *db]) == 0
    key_id = capsys.readouterr().out.splitlines()[1].split()[0]
    assert main(["catalogue", "keys", "revoke", key_id, *db]) == 0
    capsys.readouterr()
    assert main(["catalogue", "import", str(package), "--yes", "--language", "nb", "--database",
                 str(database_file)]) == 1
    assert "v1.skcat:manifest.sig: signert med nøkkel" in capsys.readouterr().err
