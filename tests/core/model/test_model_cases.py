"""Test cases stored with a model (``tests:``): read with file:line errors, run by `skredder models test`/`check`."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.cli import main
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.quoting.model_tests import run_model_tests

SHELF = """\
skredder: 1
family: shelf
version: "1"
effective: 2026-01-01
name: {nb: Hylle, en: Shelf}
attributes:
  - id: wood
    type: choice
    label: {nb: Tre, en: Wood}
    options:
      - id: pine
        label: {nb: Furu, en: Pine}
        values: {code: 1}
      - id: oak
        label: {nb: Eik, en: Oak}
        price: 300
        values: {code: 2}
  - id: width_mm
    type: integer
    unit: mm
    min: 400
    max: 1000
    step: 200
    label: {nb: Bredde, en: Width}
  - id: lacquered
    type: boolean
    label: {nb: Lakkert, en: Lacquered}
    price: {percent: 10}
  - id: edge_mm
    type: computed
    unit: mm
    expr: width_mm * 2
    label: {nb: Kantlengde, en: Edge length}
steps:
  - id: all
    label: {nb: Alt, en: All}
    attributes: [wood, width_mm, lacquered]
presets:
  - id: oak_wide
    label: {nb: Bred eik, en: Wide oak}
    values: {wood: oak, width_mm: 1000}
rules:
  - id: oak-lacquered
    when: wood == oak
    require: lacquered
    message: {nb: Eik lakkeres., en: Oak is lacquered.}
pricing:
  base: 1000
  quantity_breaks:
    - {min_quantity: 10, percent: 5}
production:
  bom:
    - id: board
      item: BOARD
      label: {nb: Bord, en: Board}
      unit: pcs
      quantity: 2
    - id: lacquer
      item: LACQUER
      label: {nb: Lakk, en: Lacquer}
      unit: l
      quantity: edge_mm / 4000
      when: lacquered
tests:
"""

GOOD_CASES = """\
  - id: oak-wide
    preset: oak_wide
    expect:
      valid: true
      available: {lacquered: [true]}
      values: {lacquered: true, edge_mm: 2000}
      price: 1400
      bom: {BOARD: 2, LACQUER: 0.5}
  - id: ten-pine
    set: {wood: pine, width_mm: 400, lacquered: false}
    quantity: 10
    expect: {price: 1000, total: 9500, bom: {BOARD: 20}}
  - id: oak-unlacquered
    set: {wood: oak, lacquered: false}
    expect: {valid: false}
  - id: pine-open
    set: {wood: pine}
    expect: {count: 8, excluded: {}, available: {width_mm: [400, 600, 800, 1000]}}
"""


def write_shelf(tmp_path: Path, cases: str) -> Path:
    folder = tmp_path / "shelf"
    folder.mkdir()
    (folder / "shelf.yaml").write_text(SHELF + cases, encoding="utf-8")
    return folder


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_passing_cases_pass(in_tmp: Path) -> None:
    loaded = load_model(write_shelf(in_tmp, GOOD_CASES))
    results = run_model_tests(loaded.model)
    assert [(r.case.id, r.case.line, [f.render("en") for f in r.failures]) for r in results] == [
        ("oak-wide", 65, []), ("ten-pine", 73, []), ("oak-unlacquered", 77, []), ("pine-open", 80, [])]


WRONG_CASES = """\
  - id: wrong
    preset: oak_wide
    expect:
      valid: true
      available: {lacquered: [true, false]}
      excluded: {wood: [oak]}
      values: {edge_mm: 2100}
      price: 1430
      bom: {BOARD: 3, SCREW: 8}
  - id: refused
    set: {wood: oak, lacquered: true}
    expect: {valid: false}
  - id: allowed
    set: {wood: oak, lacquered: false}
    expect: {valid: true}
  - id: too-many
    set: {wood: pine}
    expect: {count: 9}
  - id: open
    set: {wood: pine}
    expect: {price: 1000}
"""


def test_failing_cases_say_what_differs(in_tmp: Path) -> None:
    loaded = load_model(write_shelf(in_tmp, WRONG_CASES))
    failures = {r.case.id: [f.render("en") for f in r.failures] for r in run_model_tests(loaded.model)}
    assert failures == {
        "wrong": [
            "'lacquered': available true, expected true, false",
            "'wood': oak should be excluded but can be chosen",
            "'edge_mm' is 2000, expected 2100",
            "the unit price is 1400.00 kr, expected 1430 kr",
            "the bill of materials has 2 of 'BOARD', expected 3",
            "the bill of materials has no line 'SCREW' (it has: BOARD, LACQUER)",
            "the bill of materials has lines the case does not expect: LACQUER",
        ],
        "refused": ["the configuration is allowed, but the case expects the rules to refuse it"],
        "allowed": ["the configuration is not allowed by the rules, but the case expects it to be"],
        "too-many": ["8 complete configurations, expected 9"],
        "open": ["the configuration is not complete (open: width_mm, lacquered), so it has no price or bill of "
                 "materials; set them in 'set'"],
    }


def test_models_test_command_reports_file_line_and_fails(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_shelf(in_tmp, WRONG_CASES.partition("  - id: allowed")[0])
    assert main(["models", "test", "shelf", "--language", "en"]) == 1
    out, err = capsys.readouterr()
    assert "shelf/shelf.yaml:65: test 'wrong': the unit price is 1400.00 kr, expected 1430 kr" in err.splitlines()
    assert ("shelf/shelf.yaml:74: test 'refused': the configuration is allowed, but the case expects the rules to "
            "refuse it") in err.splitlines()
    assert out.splitlines() == ["shelf 1: 0 of 2 tests passed"]
    assert err.splitlines()[-1] == "2 problems found"
    assert main(["models", "test", "shelf", "--language", "nb"]) == 1
    out, err = capsys.readouterr()
    assert ("shelf/shelf.yaml:65: test 'wrong': enhetsprisen er 1400.00 kr, forventet 1430 kr"
            in err.splitlines())
    assert out.splitlines() == ["shelf 1: 0 av 2 tester besto"]


def test_models_check_runs_the_cases(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_shelf(in_tmp, GOOD_CASES)
    assert main(["models", "check", "shelf", "--language", "en"]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines() == ["shelf 1: OK (4 attributes, 1 rules, 1 presets, 4 tests passed)"]
    assert main(["models", "test", "shelf", "--language", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == ["shelf 1: 4 of 4 tests passed"]
    (in_tmp / "shelf" / "shelf.yaml").write_text(SHELF + WRONG_CASES, encoding="utf-8")
    assert main(["models", "check", "shelf", "--language", "en"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "shelf/shelf.yaml:80: test 'too-many': 8 complete configurations, expected 9" in err.splitlines()


@pytest.mark.parametrize(("cases", "expected"), [
    pytest.param("  - id: x\n    set: {wod: pine}\n    expect: {valid: true}\n",
                 ["shelf/shelf.yaml:66: test 'x': unknown attribute 'wod' (did you mean 'wood'?)"], id="unknown-attr"),
    pytest.param("  - id: x\n    set: {wood: teak}\n    expect: {valid: true}\n",
                 ["shelf/shelf.yaml:66: test 'x': 'teak' is not a value of 'wood'"], id="bad-value"),
    pytest.param("  - id: x\n    set: {edge_mm: 2}\n    expect: {valid: true}\n",
                 ["shelf/shelf.yaml:66: test 'x': 'edge_mm' is computed and cannot be set"], id="computed-set"),
    pytest.param("  - id: x\n    preset: oak\n    expect: {valid: true}\n",
                 ["shelf/shelf.yaml:66: test 'x': unknown preset 'oak' (known: oak_wide)"], id="unknown-preset"),
    pytest.param("  - id: x\n    set: {wood: oak}\n    expect: {prise: 10}\n",
                 ["shelf/shelf.yaml:67: test 'x': unknown field 'prise' (did you mean 'price'?)"], id="expect-typo"),
    pytest.param("  - id: x\n    set: {wood: oak}\n",
                 ["shelf/shelf.yaml:65: test 'x': missing field 'expect'"], id="no-expect"),
    pytest.param("  - id: x\n    set: {wood: oak}\n    expect: {}\n",
                 ["shelf/shelf.yaml:67: test 'x': 'expect' is empty: say what the case must give"], id="empty"),
    pytest.param("  - id: x\n    expect:\n      available: {width_mm: [400, 500]}\n",
                 ["shelf/shelf.yaml:67: test 'x': '500' is not a value of 'width_mm'"], id="bad-available"),
    pytest.param("  - id: x\n    expect:\n      values: {edge_mm: pine}\n",
                 ["shelf/shelf.yaml:67: test 'x': 'pine' is not a value of 'edge_mm'"], id="bad-computed"),
    pytest.param("  - id: x\n    expect: {count: -1}\n",
                 ["shelf/shelf.yaml:66: test 'x': 'count' must be at least 0"], id="bad-count"),
    pytest.param("  - id: x\n    expect: {valid: true}\n  - id: x\n    expect: {valid: true}\n",
                 ["shelf/shelf.yaml:67: test 'x': 'x' is defined twice"], id="twice"),
])
def test_broken_cases(in_tmp: Path, cases: str, expected: list[str]) -> None:
    write_shelf(in_tmp, cases)
    with pytest.raises(ModelErrors) as info:
        load_model(in_tmp / "shelf")
    assert info.value.render("en").splitlines() == expected


def test_seed_models_cases_pass() -> None:
    from configurator.cli import DEFAULT_MODELS

    for folder in sorted(p for p in DEFAULT_MODELS.iterdir() if p.is_dir()):
        loaded = load_model(folder)
        failures = [(r.case.id, [f.render("en") for f in r.failures]) for r in run_model_tests(loaded.model)]
        assert [f for f in failures if f[1]] == [], folder.name
