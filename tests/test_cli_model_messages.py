"""Messages about models seen from the command line: a family whose only version takes effect later."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.cli import main
from tests.test_cli import write_hatch


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_family_not_in_force_yet_says_when_it_takes_effect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    folder = write_hatch(tmp_path / "models")
    model = folder / "hatch.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("effective: 2020-01-01", "effective: 2999-01-01"),
                     encoding="utf-8")
    database = str(tmp_path / "catalogue.sqlite")
    assert run(capsys, "--database", database, "catalogue", "build", str(folder.parent))[0] == 0
    code, out, err = run(capsys, "--database", database, "configure", "hatch", "--language", "en")
    assert (code, out) == (1, "")
    assert err == ("The product 'hatch' is in the catalogue, but its first version (1.0) takes effect on "
                   "2999-01-01 ('effective' in the model); before that day it cannot be configured or quoted. Give "
                   "the model an earlier 'effective' date and run: skredder catalogue build\n")
    code, _, err = run(capsys, "--database", database, "configure", "hatch", "--language", "nb")
    assert code == 1
    assert err.startswith("Produktet 'hatch' finnes i katalogen, men den første versjonen (1.0) gjelder fra "
                          "2999-01-01")
    # a family that is not there at all keeps its message (and lists what is there)
    code, _, err = run(capsys, "--database", database, "configure", "bicycle", "--language", "en")
    assert code == 1
    assert err == "no model file or catalogue family called 'bicycle'\n"
    # the quoting side (the desktop app's configurator and quotes) says the same
    from datetime import date

    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.errors import CatalogueError
    from configurator.core.quoting.models import ModelStore

    db = open_database(database)
    try:
        with pytest.raises(CatalogueError) as info:
            ModelStore(db).current("hatch", date(2026, 12, 3))
        assert info.value.render("en").startswith("The product 'hatch' is in the catalogue, but its first version "
                                                  "(1.0) takes effect on 2999-01-01")
        with pytest.raises(CatalogueError) as info:
            ModelStore(db).current("bicycle", date(2026, 12, 3))
        assert info.value.render("en").startswith("There is no product 'bicycle' in the catalogue (known: hatch)")
    finally:
        db.close()
