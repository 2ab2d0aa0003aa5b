"""The command line end to end: ``configure``, ``count``, ``models check`` and the catalogue, on a small model."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from configurator.cli import main

HATCH_YAML = """\
skredder: 1
family: hatch
version: "1.0"
effective: 2020-01-01
name: {nb: Takluke, en: Roof hatch}
attributes:
  - id: hatch_type
    type: choice
    label: {nb: Luketype, en: Hatch type}
    options:
      - {id: fixed, label: {nb: Fast, en: Fixed}}
      - {id: side_hung, label: {nb: Sidehengslet, en: Side hung}}
      - {id: top_hung, label: {nb: Topphengslet, en: Top hung}}
  - id: glazing
    type: choice
    label: {nb: Glass, en: Glazing}
    default: triple
    options:
      - {id: double, label: {nb: 2-lags glass, en: Double glazing}, values: {u: 1.1}}
      - {id: triple, label: {nb: 3-lags glass, en: Triple glazing}, values: {u: 0.6}}
  - id: escape
    type: boolean
    label: {nb: Rømningsluke, en: Escape hatch}
    default: false
  - id: width_mm
    type: integer
    unit: mm
    min: 400
    max: 1200
    step: 100
    label: {nb: Bredde, en: Width}
  - id: height_mm
    type: integer
    unit: mm
    min: 400
    max: 1200
    step: 100
    default: 800
    label: {nb: Høyde, en: Height}
  - id: note
    type: text
    max_length: 10
    required: false
    label: {nb: Merknad, en: Note}
  - id: area_m2
    type: computed
    unit: m2
    decimals: 2
    expr: width_mm * height_mm / 1000000
    label: {nb: Areal, en: Area}
steps:
  - id: all
    label: {nb: Alt, en: Everything}
    attributes: [hatch_type, glazing, escape, width_mm, height_mm, note]
rules:
  - id: escape-size
    when: escape
    require: width_mm + height_mm >= 1800
    message: {nb: Rømningsluker må være store., en: Escape hatches must be large.}
  - id: fixed-no-escape
    when: hatch_type == fixed
    exclude: escape
    message: {nb: En fast luke kan ikke åpnes., en: A fixed hatch cannot open.}
  - id: top-hung-widths
    table: {file: top_hung.csv, mode: forbidden}
    message: {nb: Topphengslede luker er høyst 1000 mm brede., en: Top hung hatches are at most 1000 mm wide.}
pricing:
  base: 1000
"""
TOP_HUNG_CSV = "hatch_type,width_mm\ntop_hung,1100\ntop_hung,1200\n"
ESCAPE_600 = ["--set", "escape=true", "--set", "width_mm=600"]


def write_hatch(root: Path, family: str = "hatch", extra_rules: str = "") -> Path:
    folder = root / family
    folder.mkdir(parents=True)
    text = HATCH_YAML.replace("family: hatch", f"family: {family}").replace("rules:\n", "rules:\n" + extra_rules, 1)
    (folder / f"{family}.yaml").write_text(text, encoding="utf-8")
    (folder / "top_hung.csv").write_text(TOP_HUNG_CSV, encoding="utf-8")
    return folder


@pytest.fixture
def hatch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # a family name is never mistaken for a folder of the developer's
    return write_hatch(tmp_path / "models")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- configure: text


def test_configure_text_in_english(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "configure", str(hatch), *ESCAPE_600, "--language", "en")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Roof hatch 1.0: not complete",
        "  Hatch type: Side hung, Top hung",
        "      ✗ Fixed: A fixed hatch cannot open. (because of your choices: Escape hatch = yes)",
        "  Glazing: Double glazing, Triple glazing",
        "  Escape hatch: yes (chosen)",
        "  Width: 600 mm (chosen)",
        "  Height: 1200 mm",
        # 400 and 500 are too small with any width; 600 - 1100 only with this width: two ranges
        "      ✗ 400 mm – 500 mm: Escape hatches must be large. (because of your choices: Escape hatch = yes)",
        "      ✗ 600 mm – 1100 mm: Escape hatches must be large. "
        "(because of your choices: Escape hatch = yes, Width = 600 mm)",
        "  Note: (text to fill in)",
        "  Area: 0.72 m²",
    ]


def test_configure_text_in_norwegian(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--language", "nb", "configure", str(hatch), *ESCAPE_600)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "Takluke 1.0: ikke komplett",
        "  Luketype: Sidehengslet, Topphengslet",
        "      ✗ Fast: En fast luke kan ikke åpnes. (på grunn av valgene dine: Rømningsluke = ja)",
    ]
    assert "  Bredde: 600 mm (valgt)" in lines
    assert ("      ✗ 600 mm – 1100 mm: Rømningsluker må være store. "
            "(på grunn av valgene dine: Rømningsluke = ja, Bredde = 600 mm)") in lines
    assert lines[-1] == "  Areal: 0,72 m²"  # decimal comma


def test_configure_text_with_two_rules_in_one_reason(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), "--set", "hatch_type=top_hung", "--set", "escape=yes",
                       "--language", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[lines.index("  Width: 600 mm, 700 mm, 800 mm, 900 mm, 1000 mm") + 2] == (
        "      ✗ 1100 mm – 1200 mm: Top hung hatches are at most 1000 mm wide. "
        "(because of your choices: Hatch type = Top hung)")
    assert ("      ✗ 600 mm – 700 mm: Escape hatches must be large. Top hung hatches are at most 1000 mm wide. "
            "(because of your choices: Hatch type = Top hung, Escape hatch = yes)") in lines
    assert "  Area: -" in lines


def test_configure_without_reasons(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--no-reasons", "--language", "en")
    assert code == 0
    assert "✗" not in out
    assert "  Height: 1200 mm" in out.splitlines()


# ---------------------------------------------------------------- configure: JSON


def check_json_shape(data: dict[str, Any], reasons: bool = True) -> None:
    assert list(data) == sorted(data) == ["attributes", "choices", "complete", "family", "format", "version"]
    for entry in data["attributes"]:
        keys = {"id", "type", "label", "unit", "chosen", "value"}
        if entry["type"] != "computed":
            keys |= {"available", "excluded"}
            for item in entry["excluded"]:
                assert set(item) == ({"value", "reason"} if reasons and entry["type"] != "text" else {"value"})
                if "reason" in item:
                    assert set(item["reason"]) == {"choices", "rules"}
                    assert all(set(c) == {"attribute", "value"} for c in item["reason"]["choices"])
                    assert all(set(r) == {"id", "message"} for r in item["reason"]["rules"])
        assert set(entry) == keys
        assert set(entry["label"]) == {"nb", "en"}


def test_configure_json(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "configure", str(hatch), *ESCAPE_600, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out, parse_float=Decimal)
    check_json_shape(data)
    assert (data["format"], data["family"], data["version"], data["complete"]) == (
        "skredder-state/1", "hatch", "1.0", False)
    assert data["choices"] == {"escape": True, "width_mm": 600}
    attributes = {a["id"]: a for a in data["attributes"]}
    assert [a["id"] for a in data["attributes"]] == [
        "hatch_type", "glazing", "escape", "width_mm", "height_mm", "note", "area_m2"]
    assert attributes["hatch_type"] == {
        "id": "hatch_type", "type": "choice", "label": {"nb": "Luketype", "en": "Hatch type"}, "unit": None,
        "chosen": None, "value": None, "available": ["side_hung", "top_hung"],
        "excluded": [{"value": "fixed", "reason": {
            "choices": [{"attribute": "escape", "value": True}],
            "rules": [{"id": "fixed-no-escape",
                       "message": {"nb": "En fast luke kan ikke åpnes.", "en": "A fixed hatch cannot open."}}]}}],
    }
    height = attributes["height_mm"]
    assert (height["unit"], height["chosen"], height["value"], height["available"]) == ("mm", None, 1200, [1200])
    assert [item["value"] for item in height["excluded"]] == list(range(400, 1200, 100))
    assert [c["attribute"] for c in height["excluded"][0]["reason"]["choices"]] == ["escape"]
    assert height["excluded"][2]["reason"]["choices"] == [{"attribute": "escape", "value": True},
                                                          {"attribute": "width_mm", "value": 600}]
    assert attributes["width_mm"]["chosen"] == attributes["width_mm"]["value"] == 600
    assert attributes["note"]["available"] == ["", "…"]
    assert attributes["area_m2"] == {"id": "area_m2", "type": "computed", "label": {"nb": "Areal", "en": "Area"},
                                     "unit": "m2", "chosen": None, "value": Decimal("0.72")}


def test_configure_json_without_reasons(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--json", "--no-reasons")
    assert code == 0
    data = json.loads(out)
    check_json_shape(data, reasons=False)
    height = next(a for a in data["attributes"] if a["id"] == "height_mm")
    assert height["excluded"][0] == {"value": 400}


def test_complete_makes_the_state_complete(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--complete", "--json")
    assert code == 0
    data = json.loads(out)
    check_json_shape(data)
    assert data["complete"] is True
    choices = data["choices"]
    assert {k: choices[k] for k in ("escape", "width_mm", "height_mm", "glazing")} == {
        "escape": True, "width_mm": 600, "height_mm": 1200, "glazing": "triple"}  # glazing: its default
    assert choices["hatch_type"] in ("side_hung", "top_hung")
    assert all(a["value"] is not None for a in data["attributes"] if a["type"] != "text")
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--complete", "--language", "en")
    assert out.splitlines()[0] == "Roof hatch 1.0: complete"


# ---------------------------------------------------------------- refused choices, explanations, repairs


def test_an_excluded_set_exits_1_with_the_explanation(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "configure", str(hatch), "--set", "escape=true", "--set", "width_mm=500",
                         "--set", "hatch_type=fixed", "--language", "en")
    assert (code, out) == (1, "")
    assert err.splitlines() == ["'500' cannot be chosen for 'width_mm'",
                                "Escape hatches must be large. (because of your choices: Escape hatch = yes)"]
    code, out, err = run(capsys, "configure", str(hatch), "--set", "hatch_type=fixed", "--set", "escape=ja",
                         "--language", "nb", "--json")
    assert (code, out) == (1, "")
    first, second = err.splitlines()
    assert first.endswith(" kan ikke velges for 'escape'")
    assert second == "En fast luke kan ikke åpnes. (på grunn av valgene dine: Luketype = Fast)"


@pytest.mark.parametrize(("argument", "message"), [
    ("width_mm=650", "'650' is not a value of 'width_mm'"),
    ("width_mm=wide", "'wide' is not a value of 'width_mm'"),
    ("wdth=600", "unknown attribute 'wdth'"),
    ("area_m2=1", "'area_m2' is computed and cannot be set"),
    ("width_mm", "'width_mm' must be written ATTRIBUTE=VALUE"),
])
def test_bad_set_exits_1(hatch: Path, capsys: pytest.CaptureFixture[str], argument: str, message: str) -> None:
    code, out, err = run(capsys, "configure", str(hatch), "--set", argument, "--language", "en")
    assert (code, out, err) == (1, "", message + "\n")


def test_unknown_family_exits_1(hatch: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "--database", str(tmp_path / "empty.sqlite"), "configure", "nope", "--language",
                         "en")
    assert (code, out, err) == (1, "", "no model file or catalogue family called 'nope'\n")


def test_a_broken_model_path_exits_1_with_the_file_and_line(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml_file = hatch / "hatch.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("require: width_mm +", "require: widht_mm +"),
                         encoding="utf-8")
    code, out, err = run(capsys, "configure", "models/hatch", "--language", "en")
    assert (code, out) == (1, "")
    assert re.fullmatch(r"models/hatch/hatch\.yaml:\d+: rule 'escape-size': unknown attribute 'widht_mm' "
                        r"\(did you mean 'width_mm'\?\)\n", err), err


@pytest.mark.parametrize(("argument", "message"), [
    ("width_mm=650", "'650' is not a value of 'width_mm'"),
    ("escape=maybe", "'maybe' is not a value of 'escape'"),
    ("wdth=1", "unknown attribute 'wdth'"),
])
def test_explain_of_a_non_value_exits_1(hatch: Path, capsys: pytest.CaptureFixture[str], argument: str,
                                        message: str) -> None:
    assert run(capsys, "configure", str(hatch), "--explain", argument, "--language", "en") == (1, "", message + "\n")


def test_explain(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--explain", "height_mm=900", "--language", "en")
    assert (code, out) == (0, "Escape hatches must be large. (because of your choices: Escape hatch = yes, "
                              "Width = 600 mm)\n")
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--explain", "height_mm=500", "--json")
    assert code == 0
    message = {"nb": "Rømningsluker må være store.", "en": "Escape hatches must be large."}
    assert json.loads(out) == {"choices": [{"attribute": "escape", "value": True}],
                               "rules": [{"id": "escape-size", "message": message}]}
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--explain", "height_mm=1200", "--language", "en")
    assert (code, out) == (0, "'1200' is available for 'height_mm'\n")
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--explain", "height_mm=1200", "--json")
    assert (code, json.loads(out)) == (0, None)


def test_repair_lists_the_nearest_number(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--repair", "height_mm=900", "--language", "en")
    # the width just large enough (600 -> 900, not 1000 or 1200), or no escape hatch
    assert (code, out.splitlines()) == (0, ["1. Width: 600 mm → 900 mm", "2. Escape hatch: yes → no"])
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--repair", "height_mm=900", "--language", "nb")
    assert out.splitlines() == ["1. Bredde: 600 mm → 900 mm", "2. Rømningsluke: ja → nei"]
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--repair", "height_mm=900", "--json")
    assert json.loads(out) == [
        {"changes": [{"attribute": "width_mm", "from": 600, "to": 900}],
         "choices": {"escape": True, "height_mm": 900, "width_mm": 900}},
        {"changes": [{"attribute": "escape", "from": True, "to": False}],
         "choices": {"escape": False, "height_mm": 900, "width_mm": 600}},
    ]


def test_repair_of_an_available_value_needs_no_changes(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "configure", str(hatch), *ESCAPE_600, "--repair", "glazing=double", "--language", "en")
    assert (code, out) == (0, "1. no other changes needed\n")


# ---------------------------------------------------------------- count


@pytest.mark.parametrize(("choices", "expected"), [
    # not escape: (9 + 9 + 7 widths) x 9 heights x 2 glazings = 450; escape: (28 + 15) x 2 = 86
    ([], 536),
    (["--set", "escape=true"], 86),
    (ESCAPE_600, 4),
    (["--set", "hatch_type=fixed", "--set", "note=Hello"], 162),  # the text does not multiply
])
def test_count(hatch: Path, capsys: pytest.CaptureFixture[str], choices: list[str], expected: int) -> None:
    assert run(capsys, "count", str(hatch), *choices) == (0, f"{expected}\n", "")


def test_count_with_an_excluded_choice_exits_1(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "count", str(hatch), "--set", "hatch_type=fixed", "--set", "escape=true",
                         "--language", "en")
    assert (code, out) == (1, "")
    assert err.splitlines()[1] == "A fixed hatch cannot open. (because of your choices: Hatch type = Fixed)"


# ---------------------------------------------------------------- models check with the lint

CONTRADICTION = """\
  - id: always-escape
    require: escape
    message: {nb: Alltid rømning., en: Always escape.}
  - id: only-small
    require: width_mm + height_mm < 1800
    message: {nb: Bare små., en: Only small ones.}
"""
DEAD_OPTION = """\
  - id: no-fixed
    exclude: hatch_type == fixed
    message: {nb: Ingen faste., en: No fixed ones.}
"""


def test_models_check_ok(hatch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "models", "check", str(hatch), "--language", "en") == (
        0, "hatch 1.0: OK (7 attributes, 6 rules, 0 presets)\n", "")


def test_models_check_with_a_lint_warning_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_hatch(Path("models"), "dead", DEAD_OPTION)
    code, out, err = run(capsys, "models", "check", "models", "--language", "en")
    assert (code, out) == (0, "dead 1.0: OK (7 attributes, 7 rules, 0 presets)\n")
    assert err == "models/dead/dead.yaml:7: warning: attribute 'hatch_type': these values can never be chosen: fixed\n"


def test_models_check_with_a_lint_error_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_hatch(Path("models"))
    write_hatch(Path("models"), "bad", CONTRADICTION)
    code, out, err = run(capsys, "models", "check", "models", "--language", "en")
    assert code == 1
    assert "hatch 1.0: OK (7 attributes, 6 rules, 0 presets)" in out.splitlines()
    assert err.splitlines() == [
        "models/bad/bad.yaml:2: error: model 'bad': the model has no valid configuration: these rules contradict "
        "each other: always-escape, only-small, escape-size",
        "1 problem found",
    ]
    code, _, err = run(capsys, "models", "check", "models/bad", "--language", "nb")
    assert code == 1
    assert err.splitlines()[0] == (
        "models/bad/bad.yaml:2: feil: produktmodellen 'bad': produktmodellen har ingen gyldig konfigurasjon: "
        "disse reglene motsier hverandre: always-escape, only-small, escape-size")


def test_models_check_does_not_call_a_model_with_a_lint_error_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A model with an error is not "OK", whether the loader or the lint found the error."""
    monkeypatch.chdir(tmp_path)
    write_hatch(Path("models"), "bad", CONTRADICTION)
    code, out, _ = run(capsys, "models", "check", "models", "--language", "en")
    assert code == 1
    assert "bad 1.0: OK" not in out


# ---------------------------------------------------------------- the catalogue database


def catalogue_state(database: Path) -> tuple[list[tuple[str, str, str]], int]:
    from configurator.core.catalogue.db import open_database
    from configurator.core.catalogue.repositories import ImportHistoryRepository, ModelRepository

    db = open_database(str(database))
    try:
        with db.session() as session:
            models = ModelRepository(session)
            versions = [(v.family_id, v.version, v.source_hash) for f in models.families()
                        for v in models.versions(f.id)]
            return versions, len(ImportHistoryRepository(session).list())
    finally:
        db.close()


def test_catalogue_build_then_configure_a_family(hatch: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "catalogue.sqlite"
    models = str(hatch.parent)
    assert run(capsys, "--database", str(database), "catalogue", "build", models, "--language", "en") == (
        0, "hatch 1.0: new version stored\n", "")
    assert run(capsys, "catalogue", "build", models, "--database", str(database), "--language", "en") == (
        0, "hatch 1.0: unchanged\n", "")
    code, out, _ = run(capsys, "catalogue", "list", "--database", str(database), "--language", "en")
    assert code == 0
    assert out.splitlines()[1].split()[:4] == ["hatch", "Roof", "hatch", "1.0"]
    # the family name is looked up in the catalogue (there is no folder called 'hatch' here)
    assert not Path("hatch").exists()
    code, out, err = run(capsys, "configure", "hatch", "--database", str(database), *ESCAPE_600, "--language", "en")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "Roof hatch 1.0: not complete"
    assert "  Height: 1200 mm" in out.splitlines()
    code, out, _ = run(capsys, "--database", str(database), "configure", "hatch", "--json")
    assert (code, json.loads(out)["family"]) == (0, "hatch")
    assert run(capsys, "--database", str(database), "count", "hatch") == (0, "536\n", "")


def test_a_changed_model_with_the_same_version_is_refused(hatch: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "catalogue.sqlite"
    models = str(hatch.parent)
    assert run(capsys, "--database", str(database), "catalogue", "build", models)[0] == 0
    before = catalogue_state(database)
    yaml_file = hatch / "hatch.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace(
        "Escape hatches must be large.", "Escape hatches must be larger."), encoding="utf-8")
    code, out, err = run(capsys, "--database", str(database), "catalogue", "build", models, "--language", "en")
    assert (code, out) == (1, "")
    assert err == ("Error: Version 1.0 of product family 'hatch' is already stored with different content; bump the "
                   "model's version number before importing the changed model.\n")
    assert catalogue_state(database) == before
    # the stored model is still the old one
    code, out, _ = run(capsys, "--database", str(database), "configure", "hatch", *ESCAPE_600, "--language", "en")
    assert code == 0
    assert "Escape hatches must be large." in out and "larger" not in out


def test_the_readme_example_on_the_seed_window(capsys: pytest.CaptureFixture[str]) -> None:
    """The README shows these two commands and their output on the bundled window model."""
    from configurator.cli import DEFAULT_MODELS, main

    window = str(DEFAULT_MODELS / "window")
    chosen = ["--set", "window_type=top_hung", "--set", "width_mm=1200", "--set", "height_mm=600", "--language", "en"]
    assert main(["configure", window, *chosen, "--explain", "escape_window=true"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Escape window: the clear opening must be at least 600 mm high (a top-hung 1200 × 600 gives only about "
        "472 mm). (because of your choices: Height (outside frame) = 600 mm)")
    assert main(["configure", window, *chosen, "--repair", "escape_window=true"]) == 0
    assert capsys.readouterr().out.strip() == "1. Height (outside frame): 600 mm → 730 mm"


# ---------------------------------------------------------------- configure: price


def test_configure_price_of_a_complete_window_and_a_from_price(capsys: pytest.CaptureFixture[str]) -> None:
    window = str(Path(__file__).resolve().parents[1] / "product_models" / "window")
    choices = ["--set", "window_type=side_hung", "--set", "width_mm=1200", "--set", "height_mm=1400",
               "--set", "glazing=triple", "--no-reasons", "--language", "en"]
    code, out, _ = run(capsys, "configure", window, *choices, "--complete", "--price", "--quantity", "5")
    assert code == 0
    price = out.split("\n\n")[-1]
    # 1.68 m² × 6 800 + 1.68 m² × 850 = 12 852.00; 5 × = 64 260.00, 3 % quantity break = 1 927.80
    assert "Window per m²: 1.68 m² × NOK\u00a06,800.00 = NOK\u00a011,424.00" in price
    assert "Quantity discount (5 or more): 3% of NOK\u00a064,260.00 = NOK\u00a0−1,927.80" in price
    assert "Line total: NOK\u00a062,332.20" in price
    code, out, _ = run(capsys, "configure", window, "--set", "width_mm=1200", "--set", "height_mm=1400",
                       "--no-reasons", "--price", "--language", "en")
    assert code == 0 and "from" in out.split("\n\n")[-1].splitlines()[-1]


def test_explain_shows_the_smallest_repair_when_it_changes_more_than_the_explanation_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # two choices each exclude a fixed hatch on their own: the explanation names one, freeing it takes both
    monkeypatch.chdir(tmp_path)
    folder = write_hatch(tmp_path / "models", extra_rules=(
        "  - id: triple-not-fixed\n    when: glazing == triple\n    exclude: hatch_type == fixed\n"
        "    message: {nb: Ikke fast med 3-lags glass., en: Not fixed with triple glazing.}\n"))
    code, out, _ = run(capsys, "configure", str(folder), "--set", "escape=true", "--set", "glazing=triple",
                       "--explain", "hatch_type=fixed", "--json")
    assert code == 0
    found = json.loads(out)
    assert len(found["choices"]) == 1  # a minimal reason: one choice and its rule
    changed = {c["attribute"] for c in found["repair"]["changes"]}
    assert changed == {"escape", "glazing"}
    assert found["repair"]["choices"]["hatch_type"] == "fixed"


def test_configure_says_an_attribute_does_not_apply(capsys: pytest.CaptureFixture[str]) -> None:
    kitchen = Path(__file__).resolve().parents[1] / "product_models" / "kitchen"
    choices = ["--set", "cabinet_type=base", "--set", "width_mm=800", "--set", "door_count=2"]
    code, out, err = run(capsys, "configure", str(kitchen), *choices, "--no-reasons", "--language", "en")
    assert (code, err) == (0, "")
    assert "  Hinged on: (does not apply)" in out.splitlines()
    code, out, err = run(capsys, "--language", "nb", "configure", str(kitchen), *choices, "--no-reasons")
    assert "  Hengslet på: (gjelder ikke)" in out.splitlines()
    code, out, err = run(capsys, "configure", str(kitchen), *choices, "--no-reasons", "--json")
    attributes = {a["id"]: a for a in json.loads(out)["attributes"]}
    assert (attributes["hinge_side"]["applies"], attributes["hinge_side"]["available"]) == (False, [])
    assert "applies" not in attributes["door_count"]  # only attributes with applies_when say it
