"""The guided start of a model (``guide:``): read from the chair model, and every mistake in it named with its
file, line and field in both languages; an answer the rules forbid is a lint error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from configurator.core.engine.lint import lint_model
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model

CHAIR = Path(__file__).resolve().parents[3] / "product_models" / "chair"


def test_the_chair_model_asks_what_the_chair_is_for() -> None:
    guide = load_model(CHAIR / "chair.yaml").model.guide
    assert guide is not None
    assert guide.question.get("nb") == "Hva skal stolen brukes til?"
    assert guide.question.get("en") == "What is the chair for?"
    assert [a.id for a in guide.answers] == ["standing_desk", "active_sitting", "office", "meeting_room"]
    standing = guide.answers[0]
    assert standing.values == {"model": "capisco_8106", "gas_lift": "lift_265", "footring": True}
    assert standing.label.get("en") == "At a standing desk or a high table"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "chair"
    shutil.copytree(CHAIR, folder)
    path = folder / "chair.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize(("old", "new", "nb", "en"), [
    ("values: {model: futu}", "values: {model: futon}", "«futon»", "'futon' is not a value of 'model'"),
    ("values: {model: futu}", "values: {modell: futu}", "modell", "unknown attribute 'modell'"),
    ("values: {model: futu}", "values: {model: futu}\n      colour: red", "colour", "unknown field 'colour'"),
])
def test_a_wrong_answer_is_named_with_its_line(tmp_path: Path, old: str, new: str, nb: str, en: str) -> None:
    path = edited(tmp_path, old, new)
    with pytest.raises(ModelErrors) as raised:
        load_model(path)
    (error,) = raised.value.errors
    assert error.file.endswith("chair.yaml") and error.line == line_of(path, new.splitlines()[-1].strip())
    assert "guide answer 'meeting_room'" in error.render("en") and en in error.render("en")
    assert "veiviser-svar 'meeting_room'" in error.render("nb") and nb.strip("«»") in error.render("nb")


def test_a_guide_needs_two_answers(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    text = (CHAIR / "chair.yaml").read_text(encoding="utf-8")
    start = text.index("    - id: active_sitting")
    end = text.index("\nrules:\n")
    shutil.copytree(CHAIR, tmp_path / "chair")
    path = tmp_path / "chair" / "chair.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ModelErrors) as raised:
        load_model(path)
    (error,) = raised.value.errors
    assert error.line == line_of(path, "answers:")
    assert "a guide needs at least two answers" in error.render("en")
    assert "en veiviser trenger minst to svar" in error.render("nb")


def test_an_answer_the_rules_forbid_is_a_lint_error(tmp_path: Path) -> None:
    # the footring is excluded on SoFi and Futu (rule footring-saddle-chairs-only)
    path = edited(tmp_path, "values: {model: futu}", "values: {model: futu, footring: true}")
    issues = lint_model(load_model(path).model)
    (issue,) = [i for i in issues if i.severity == "error"]
    assert "meeting_room" in issue.where.render("en")
    assert "footring-saddle-chairs-only" in issue.message.render("en")
    assert "kan ikke velges sammen" in issue.message.render("nb")
