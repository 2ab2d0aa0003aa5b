"""Production of the second edition: `when` on fields, a 2-D cut list with thickness and edge banding, and item
numbers and material texts built from values; checked at load with file:line, read back from a real order PDF."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest

from configurator.core.catalogue.quote_records import CutLine
from configurator.core.documents.order_pdf import render_order_pdf
from configurator.core.documents.snapshot import CutRow
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model
from configurator.core.quoting.production import specification
from tests.helpers.documents_kit import eartag_order, pdf_text

CABINET = """\
skredder: 1
family: cabinet
version: "1"
effective: 2026-01-01
name: {nb: Skap, en: Cabinet}
attributes:
  - id: carcass
    type: choice
    label: {nb: Korpus, en: Carcass}
    options:
      - id: white
        label: {nb: Hvit, en: White}
        values: {code: 10, thickness: 18}
      - id: oak
        label: {nb: Eik, en: Oak}
        values: {code: 22, thickness: 19}
  - id: height_mm
    type: integer
    unit: mm
    min: 400
    max: 900
    step: 100
    label: {nb: Høyde, en: Height}
  - id: glass_door
    type: boolean
    label: {nb: Glassdør, en: Glass door}
steps:
  - id: all
    label: {nb: Alt, en: All}
    attributes: [carcass, height_mm, glass_door]
pricing:
  base: 1000
production:
  fields:
    - id: glass-note
      type: text
      label: {nb: Glass, en: Glass}
      value: "'herdet glass'"
      when: glass_door
    - id: height
      type: integer
      label: {nb: Høyde, en: Height}
      value: height_mm
  bom:
    - id: carcass-board
      item: "PLATE-{carcass.code}-{carcass.thickness}"
      label: {nb: Korpusplate, en: Carcass board}
      unit: pcs
      quantity: 2
    - id: hinges
      item: "HENG-{carcass}"
      label: {nb: Hengsler, en: Hinges}
      quantity: 2 if height_mm <= 600 else 3
  cut_list:
    - id: side
      label: {nb: Side, en: Side}
      material: "{carcass} {carcass.thickness} mm"
      length: height_mm
      width: 560
      thickness: carcass.thickness
      count: 2
      edge_banding: {long: 1, short: 0, material: "ABS-{carcass}"}
    - id: rail
      label: {nb: Skinne, en: Rail}
      material: ALU-20
      length: 564
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "cabinet"
    folder.mkdir(exist_ok=True)
    (folder / "cabinet.yaml").write_text(text, encoding="utf-8")
    return folder


def test_specification_builds_items_from_values_and_cuts_panels(tmp_path: Path) -> None:
    model = load_model(write(tmp_path, CABINET)).model
    spec = specification(model, {"carcass": "oak", "height_mm": 700, "glass_door": False}, 3)
    assert [(f.id, f.value) for f in spec.fields] == [("height", 700)]  # the glass note does not apply
    assert [(b.item, b.quantity) for b in spec.bom] == [("PLATE-22-19", D(6)), ("HENG-oak", D(9))]
    side, rail = spec.cut_list
    assert side == CutLine("side", "oak 19 mm", D(700), 6, width_mm=D(560), thickness_mm=D(19), edge_long=1,
                           edge_short=0, edge_material="ABS-oak")
    assert side.edge_length_mm == D(4200)
    assert rail == CutLine("rail", "ALU-20", D(564), 3)
    # stored with the order and read back the same; a cut by length only is stored as before
    assert CutLine.from_json(side.to_json()) == side
    assert rail.to_json() == {"id": "rail", "material": "ALU-20", "length_mm": D(564), "count": 3}
    with_glass = specification(model, {"carcass": "white", "height_mm": 500, "glass_door": True}, 1)
    assert [(f.id, f.value) for f in with_glass.fields] == [("glass-note", "herdet glass"), ("height", 500)]
    assert [b.item for b in with_glass.bom] == ["PLATE-10-18", "HENG-white"]


def test_the_order_pdf_shows_the_panel_cut_list(tmp_path: Path) -> None:
    order = eartag_order(tags=2, windows=1)
    window = order.lines[1]
    panels = (CutRow("Side", "oak 19 mm", D(700), 6, "side", D(560), D(19), 1, 0, "ABS-oak"),
              CutRow("Skinne", "ALU-20", D(564), 3, "rail"))
    order = replace(order, lines=(order.lines[0], replace(window, cut_list=panels)))
    pdf = tmp_path / "order.pdf"
    pdf.write_bytes(render_order_pdf(order))
    text = " ".join(pdf_text(pdf).split())
    assert "Lengde × bredde (mm) Tykkelse (mm) Antall Kantlist" in text
    assert "Side oak 19 mm 700 × 560 19 6 1 lang + 0 kort: ABS-oak" in text
    assert "Skinne ALU-20 564 3 –" in text


@pytest.mark.parametrize(("old", "new", "expected"), [
    pytest.param('"PLATE-{carcass.code}-{carcass.thickness}"', '"PLATE-{carcass.kode}"',
                 "cabinet/cabinet.yaml:46: production item 'carcass-board': in the placeholder '{carcass.kode}': the "
                 "options of 'carcass' have no value 'kode' (they have: code, thickness)", id="unknown-value"),
    pytest.param('"PLATE-{carcass.code}-{carcass.thickness}"', '"PLATE-{carcass.code"',
                 "cabinet/cabinet.yaml:46: production item 'carcass-board': a '{' without its '}' in "
                 "'PLATE-{carcass.code' (write '{{' for a brace)", id="unclosed"),
    pytest.param('"HENG-{carcass}"', '"HENG-{}"',
                 "cabinet/cabinet.yaml:51: production item 'hinges': an empty placeholder '{}' in 'HENG-{}'",
                 id="empty-placeholder"),
    pytest.param("      when: glass_door\n", "      when: glass_dor\n",
                 "cabinet/cabinet.yaml:39: production item 'glass-note': unknown attribute 'glass_dor' (did you mean "
                 "'glass_door'?)", id="field-when-unknown"),
    pytest.param("      when: glass_door\n", "      when: height_mm\n",
                 "cabinet/cabinet.yaml:39: production item 'glass-note': expected a condition (true/false), got a "
                 "number in mm",
                 id="field-when-number"),
    pytest.param("      width: 560\n", "      width: 560\n      depth: 20\n",
                 "cabinet/cabinet.yaml:60: production item 'side': unknown field 'depth' (did you mean 'width'?)",
                 id="cut-unknown-field"),
    pytest.param("      width: 560\n", "",
                 "cabinet/cabinet.yaml:61: production item 'side': edge banding needs the panel's 'width' (a 2-D cut)",
                 id="banding-without-width"),
    pytest.param("{long: 1, short: 0, material:", "{lang: 1, short: 0, material:",
                 "cabinet/cabinet.yaml:62: production item 'side': unknown field 'lang' (did you mean 'long'?)",
                 id="banding-typo"),
    pytest.param("      thickness: carcass.thickness\n", "      thickness: glass_door\n",
                 "cabinet/cabinet.yaml:60: production item 'side': expected a number, got true/false",
                 id="thickness-not-a-number"),
])
def test_broken_production(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str,
                           expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    assert CABINET.count(old) == 1
    write(tmp_path, CABINET.replace(old, new))
    with pytest.raises(ModelErrors) as info:
        load_model(tmp_path / "cabinet")
    assert info.value.render("en").splitlines() == [expected]
