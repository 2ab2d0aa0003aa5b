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


DESK = """\
skredder: 1
family: desk
version: "1"
effective: 2026-01-01
name: {nb: Pult, en: Desk}
attributes:
  - id: top
    type: choice
    label: {nb: Plate, en: Top}
    options:
      - {id: birch, label: {nb: Bjørk, en: Birch}}
      - {id: glass, label: {nb: Glass, en: Glass}}
  - id: width_mm
    type: integer
    unit: mm
    min: 1000
    max: 1600
    step: 200
    label: {nb: Bredde, en: Width}
  - id: drawers
    type: boolean
    label: {nb: Skuffer, en: Drawers}
steps:
  - id: all
    label: {nb: Alt, en: All}
    attributes: [top, width_mm, drawers]
presets:
  - id: glass_wide
    label: {nb: Bred glass, en: Wide glass}
    values: {top: glass, width_mm: 1600}
rules:
  - id: no-drawers-under-glass
    when: top == glass
    exclude: drawers
    message: {nb: Glassplater har ikke skuffer., en: Glass tops have no drawers.}
  - id: wide-gets-drawers
    when: width_mm >= 1400 and top == glass
    default: drawers
    message: {nb: Brede pulter får skuffer., en: Wide desks get drawers.}
  - id: narrow-default
    when: width_mm > 1600
    default: top == birch
    message: {nb: Smale får bjørk., en: Narrow ones get birch.}
  - id: birch-drawers
    when: top == birch
    default: drawers
    message: {nb: Bjørk får skuffer., en: Birch gets drawers.}
pricing:
  base: 3000
"""


def test_conditional_defaults_are_linted_with_their_when(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "desk.yaml").write_text(DESK, encoding="utf-8")
    code, out, err = run(capsys, "models", "check", "desk", "--language", "en")
    assert (code, out) == (0, "desk 1: OK (3 attributes, 4 rules, 1 presets)\n")
    assert err.splitlines() == [
        "desk/desk.yaml:36: warning: rule 'wide-gets-drawers': this default can never be followed where its 'when' "
        "(width_mm >= 1400 and top == glass) holds",
        "desk/desk.yaml:40: warning: rule 'narrow-default': the default's 'when' (width_mm > 1600) can never hold, "
        "so the default never applies",
    ]
    code, _, err = run(capsys, "models", "check", "desk", "--language", "nb")
    assert err.splitlines()[1] == ("desk/desk.yaml:40: advarsel: regelen 'narrow-default': standardverdiens 'when' "
                                   "(width_mm > 1600) kan aldri gjelde, så standardverdien brukes aldri")


def test_presets_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "desk.yaml").write_text(DESK, encoding="utf-8")
    assert run(capsys, "count", "desk") == (0, "12\n", "")  # 2 tops × 4 widths × drawers, none under glass
    assert run(capsys, "count", "desk", "--preset", "glass_wide") == (0, "1\n", "")  # glass forbids drawers
    code, out, err = run(capsys, "count", "desk", "--preset", "glas_wide", "--language", "en")
    assert (code, out, err) == (1, "", "unknown preset 'glas_wide' (known: glass_wide)\n")
    code, out, _ = run(capsys, "configure", "desk", "--preset", "glass_wide", "--language", "en")
    assert code == 0
    assert out.splitlines()[:3] == ["Desk 1: complete", "  Top: Glass (chosen)", "  Width: 1600 mm (chosen)"]
