"""Reuse across families: `{include: ../shared/FILE.yaml}` and shared tables and images, inside the catalogue only."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from configurator.cli import main
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model

COLOUR_CARD = """\
# the fabric card shared by the chair families
- id: blue
  label: {nb: Blå, en: Blue}
  colour: "#203080"
  image: ../shared/images/blue.png
- id: red
  label: {nb: Rød, en: Red}
  colour: "#a02020"
  price: 150
"""

CHAIR = """\
skredder: 1
family: FAMILY
version: "1"
effective: 2026-01-01
name: {nb: Stol, en: Chair}
attributes:
  - id: fabric
    type: choice
    label: {nb: Stoff, en: Fabric}
    options: {include: ../shared/colour_card.yaml}
  - id: armrests
    type: boolean
    label: {nb: Armlener, en: Armrests}
steps:
  - id: all
    label: {nb: Alt, en: All}
    attributes: [fabric, armrests]
rules:
  - id: fabric-armrests
    table: {file: ../shared/fabric_armrests.csv}
    message: {nb: Ikke levert., en: Not made.}
pricing:
  base: 2000
"""


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "models"
    (root / "shared" / "images").mkdir(parents=True)
    (root / "shared" / "colour_card.yaml").write_text(COLOUR_CARD, encoding="utf-8")
    (root / "shared" / "images" / "blue.png").write_bytes(png())
    (root / "shared" / "fabric_armrests.csv").write_text("fabric,armrests\nblue,*\nred,false\n", encoding="utf-8")
    for family in ("office_chair", "stool"):
        (root / family).mkdir()
        (root / family / f"{family}.yaml").write_text(CHAIR.replace("FAMILY", family), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


def test_two_families_share_one_colour_card_and_table(catalogue: Path) -> None:
    office, stool = load_model(catalogue / "office_chair"), load_model(catalogue / "stool")
    for loaded in (office, stool):
        fabric = loaded.model.attribute("fabric")
        assert [(o.id, o.colour, o.image) for o in fabric.options] == [
            ("blue", "#203080", "../shared/images/blue.png"), ("red", "#a02020", None)]
        assert fabric.option("red").price.amount == 150  # type: ignore[union-attr]
        assert loaded.images == {"../shared/images/blue.png": png()}
        assert loaded.model.rules[0].table.rows == (("blue", None), ("red", False))  # type: ignore[union-attr]
        # the catalogue stores the model as read: the shared list is in its document, not a reference to a file
        assert loaded.document["model"]["attributes"][0]["options"][1]["id"] == "red"
        assert "../shared/fabric_armrests.csv" in loaded.document["tables"]
    # a change to the shared card is a change to every family that includes it (a new version to store)
    before = office.source_hash
    card = catalogue / "shared" / "colour_card.yaml"
    card.write_text(COLOUR_CARD.replace("price: 150", "price: 175"), encoding="utf-8")
    assert load_model(catalogue / "office_chair").source_hash != before


def test_models_check_reads_the_families_not_the_shared_folder(catalogue: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "check", str(catalogue), "--language", "en"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "office_chair 1: OK (2 attributes, 1 rules, 0 presets)", "stool 1: OK (2 attributes, 1 rules, 0 presets)"]


@pytest.mark.parametrize(("old", "new", "files", "expected"), [
    pytest.param("../shared/colour_card.yaml}", "../../secret.yaml}", {"../secret.yaml": "- id: x\n"},
                 ["models/office_chair/office_chair.yaml:10: the included file '../../secret.yaml' is outside the "
                  "catalogue: a model includes only files in its own folder or in the catalogue's 'shared' folder"],
                 id="outside"),
    pytest.param("../shared/colour_card.yaml}", "/etc/hostname}", {},
                 ["models/office_chair/office_chair.yaml:10: the included file '/etc/hostname' is outside the "
                  "catalogue: a model includes only files in its own folder or in the catalogue's 'shared' folder"],
                 id="absolute"),
    pytest.param("../shared/colour_card.yaml}", "../stool/stool.yaml}", {},
                 ["models/office_chair/office_chair.yaml:10: the included file '../stool/stool.yaml' is outside the "
                  "catalogue: a model includes only files in its own folder or in the catalogue's 'shared' folder"],
                 id="another-family"),
    pytest.param("../shared/colour_card.yaml}", "../shared/colour_crad.yaml}", {},
                 ["models/office_chair/office_chair.yaml:10: the included file '../shared/colour_crad.yaml' was not "
                  "found"],
                 id="missing"),
    pytest.param("../shared/colour_card.yaml}", "../shared/loop.yaml}",
                 {"shared/loop.yaml": "{include: ../shared/loop.yaml}\n"},
                 ["models/shared/loop.yaml:1: '../shared/loop.yaml' includes itself (through: office_chair.yaml -> "
                  "loop.yaml -> loop.yaml)"], id="cycle"),
    pytest.param("../shared/colour_card.yaml}", "../shared/one.yaml}", {"shared/one.yaml": "blue\n"},
                 ["models/shared/one.yaml:1: an included file holds a list (such as options) or a mapping, not a "
                  "single value"], id="scalar"),
    pytest.param("../shared/colour_card.yaml}", "../shared/bad.yaml}",
                 {"shared/bad.yaml": "- id: blue\n  label: {nb: Blå, en: Blue\n"},
                 ["models/shared/bad.yaml:3: not valid YAML: a '{' is not closed with '}' before this line, or a ',' "
                  "is missing between its entries"], id="yaml-error-in-shared"),
    pytest.param("../shared/colour_card.yaml}", "../shared/nolabel.yaml}",
                 {"shared/nolabel.yaml": "- id: blue\n  colour: blue\n"},
                 ["models/shared/nolabel.yaml:2: option 'blue' of 'fabric': 'colour' must be a colour like #1a2b3c",
                  "models/shared/nolabel.yaml:1: option 'blue' of 'fabric': missing field 'label'",
                  "models/shared/fabric_armrests.csv:3: rule 'fabric-armrests': 'red' in column 'fabric' of "
                  "'../shared/fabric_armrests.csv' is not a value of 'fabric'"],
                 id="error-located-in-shared"),
    pytest.param("    attributes: [fabric, armrests]\n", "    attributes: [fabric, armrests]\n    include: x\n", {},
                 ["models/office_chair/office_chair.yaml:18: step 'all': unknown field 'include' (expected one of: "
                  "id, label, description, attributes)"],
                 id="include-beside-fields"),
])
def test_broken_includes(catalogue: Path, old: str, new: str, files: dict[str, str], expected: list[str]) -> None:
    model = catalogue / "office_chair" / "office_chair.yaml"
    assert model.read_text(encoding="utf-8").count(old) == 1
    model.write_text(model.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    for name, text in files.items():
        (catalogue / name).write_text(text, encoding="utf-8")
    with pytest.raises(ModelErrors) as info:
        load_model(catalogue / "office_chair")
    assert info.value.render("en").splitlines() == expected
