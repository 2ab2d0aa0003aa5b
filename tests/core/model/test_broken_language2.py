"""Broken models for the second edition of the model language (issue 15): each construct's exact file:line message.

Like ``test_broken_models``: a copy of ``fixtures/base`` gets a small textual edit and is loaded; files are shown
as ``base/...``. A new attribute is inserted before ``steps:`` at line 90 (its first line); an attribute in no
step also gets "is in no step", so each case names the one message it is about.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from configurator.core.model.errors import ModelErrors
from configurator.core.model.expr import Env, evaluate
from configurator.core.model.loader import load_model
from tests.helpers.model_kit import apply_edits, new_attribute, write_file

Y = "base/base.yaml"
LABEL = "label: {nb: X, en: X}"


def errors_of(folder: Path, language: str = "en") -> list[str]:
    with pytest.raises(ModelErrors) as info:
        load_model(folder)
    return info.value.render(language).splitlines()


def case(case_id: str, edits: Any, expected: str) -> Any:
    return pytest.param(edits if isinstance(edits, list) else [edits], expected, id=case_id)


CSV = "base/prices.csv"
PRICES = "window_type,width_mm,price\nfixed,400-1200,1000\nfixed,1210-2400,1500\nside_hung,*,2000\n"


def table(keys: str = "[window_type, width_mm]", value: str = "price", file: str = "prices.csv",
          csv: str = PRICES, extra: str = "") -> list[Any]:
    """Edits adding a lookup table ``prices`` (lines 9-14 of base.yaml; everything after moves down 6 lines)."""
    block = (f"tables:\n  - id: prices\n    file: {file}\n    keys: {keys}\n    value: {value}\n    unit: kr\n"
             f"{extra}attributes:\n")
    return [("attributes:\n", block), write_file("prices.csv", csv)]


CASES = [
    # ---------------------------------------------------------------- limits that depend on choices
    case("limits-max-below-min", new_attribute("id: extra", "type: integer", "unit: mm", "min: 10",
                                               "max: 20 if escape_window else 5", LABEL),
         f"{Y}:94: attribute 'extra': with escape_window = false: 'max' (5) is less than 'min' (10)"),
    case("limits-unreachable", new_attribute("id: extra", "type: integer", "unit: mm", "min: 0",
                                             "max: 100 if glazing == triple else 95", "step: 10", LABEL),
         f"{Y}:94: attribute 'extra': with glazing = double: 'max' must be reachable from 'min' in whole steps "
         "of 10"),
    case("limits-reads-a-text", new_attribute("id: extra", "type: integer", "min: 0",
                                              "max: 10 if inside_text == '' else 20", LABEL),
         f"{Y}:93: attribute 'extra': a limit can read choices, booleans and numbers with fixed limits, not "
         "'inside_text'"),
    case("limits-wrong-dimension", new_attribute("id: extra", "type: integer", "unit: mm", "min: 0",
                                                 "max: 2 kg if escape_window else 1 kg", LABEL),
         f"{Y}:94: attribute 'extra': the expression gives kg, which cannot be expressed in mm"),
    case("limits-not-whole", new_attribute("id: extra", "type: integer", "unit: mm", "min: 0",
                                           "max: 15.5 mm if escape_window else 2 cm", LABEL),
         f"{Y}:94: attribute 'extra': with escape_window = true: 'max' must be a whole number"),
    case("limits-unknown-name", new_attribute("id: extra", "type: integer", "min: 0", "max: 10 if escpe else 5",
                                              LABEL),
         f"{Y}:93: attribute 'extra': 'max' must be a number or an expression that gives one (got '10 if escpe "
         "else 5': unknown attribute 'escpe')"),
    # ---------------------------------------------------------------- attributes that do not apply
    case("applies-when-unknown-name", new_attribute("id: extra", "type: boolean", "applies_when: escape_windw",
                                                    LABEL),
         f"{Y}:92: attribute 'extra': unknown attribute 'escape_windw' (did you mean 'escape_window'?)"),
    case("applies-when-not-a-condition", new_attribute("id: extra", "type: boolean", "applies_when: width_mm + 1",
                                                       LABEL),
         f"{Y}:92: attribute 'extra': expected a condition (true/false), got a number in mm"),
    case("applies-when-reads-itself", new_attribute("id: extra", "type: boolean", "applies_when: not extra", LABEL),
         f"{Y}:92: attribute 'extra': 'applies_when' cannot read the attribute itself"),
    case("applies-when-on-computed", new_attribute("id: extra", "type: computed", "expr: width_mm * 2",
                                                   "applies_when: escape_window", LABEL),
         f"{Y}:93: attribute 'extra': unknown field 'applies_when' (expected one of: id, type, label, description, "
         "help, default, key, unit, expr, decimals, options)"),
    # ---------------------------------------------------------------- unit literals
    case("unit-literal-wrong-dimension", ("require: width_mm >= 500 and", "require: width_mm >= 5 kg and"),
         f"{Y}:105: rule 'escape-clear-opening': units do not match: mm >= kg"),
    # ---------------------------------------------------------------- units on option values and constants
    case("option-value-unknown-unit", ("values: {u_glass: 1.10}", "values: {u_glass: 1.10, pane: 4 inch}"),
         f"{Y}:30: option 'double' of 'glazing': unknown unit 'inch' (known: 1, mm, cm, m, mm2, cm2, m2, m3, l, kg, "
         "g, W/m2K, NOK, kr, pcs, year, day, week, %)"),
    case("option-value-not-a-quantity", ("values: {u_glass: 1.10}", "values: {u_glass: about four}"),
         f"{Y}:30: option 'double' of 'glazing': 'u_glass' must be a number, optionally with a unit (28 mm); got "
         "'about four'"),
    case("option-value-other-dimension", [("values: {u_glass: 1.10}", "values: {u_glass: 1.10, pane: 4 mm}"),
                                          ("values: {u_glass: 0.60}", "values: {u_glass: 0.60, pane: 4 kg}")],
         f"{Y}:34: option 'triple' of 'glazing': every option of 'glazing' needs its named values in the same "
         "units (pane: mm)"),
    case("option-value-length-compared-with-weight",
         [("values: {u_glass: 1.10}", "values: {u_glass: 1.10, pane: 4 mm}"),
          ("values: {u_glass: 0.60}", "values: {u_glass: 0.60, pane: 0.6 cm}"),
          ("require: width_mm >= 500 and", "require: glazing.pane < 1 kg and")],
         f"{Y}:105: rule 'escape-clear-opening': units do not match: mm < kg"),
    case("constant-clashes-with-attribute", ("attributes:\n", "constants: {width_mm: 2400 mm}\nattributes:\n"),
         f"{Y}:9: constants: 'width_mm' is both a constant and an attribute; rename one of them"),
    case("constant-bad-unit", ("attributes:\n", "constants: {board: 2400 mmm}\nattributes:\n"),
         f"{Y}:9: constants: unknown unit 'mmm' (known: 1, mm, cm, m, mm2, cm2, m2, m3, l, kg, g, W/m2K, NOK, kr, "
         "pcs, year, day, week, %)"),
    case("constant-wrong-dimension", [("attributes:\n", "constants: {board: 2.4 kg}\nattributes:\n"),
                                      ("require: width_mm >= 500 and", "require: width_mm <= board and")],
         f"{Y}:106: rule 'escape-clear-opening': units do not match: mm <= kg"),
    # ---------------------------------------------------------------- lookup tables
    case("table-header-typo", table(csv=PRICES.replace("width_mm,price", "widht_mm,price")),
         f"{CSV}:1: table 'prices': the header of 'prices.csv' has no column 'width_mm' (did you mean 'widht_mm'?); "
         "its columns are: window_type, widht_mm, price"),
    case("table-bad-key-cell", table(csv=PRICES.replace("1210-2400", "12l0-2400")),
         f"{CSV}:3: table 'prices': '12l0-2400' in column 'width_mm' of 'prices.csv' is not a value of 'width_mm' "
         "(nor a range like 300-400, nor *)"),
    case("table-overlapping-rows", table(csv=PRICES.replace("1210-2400", "1200-2400")),
         f"{CSV}:3: table 'prices': this row and the row at line 2 both fit window_type = fixed, width_mm = 1200 in "
         "'prices.csv'; rows may not overlap"),
    case("table-value-not-a-number", table(csv=PRICES.replace(",2000", ",lots")),
         f"{CSV}:4: table 'prices': 'lots' in column 'price' of 'prices.csv' is not a number"),
    case("table-unknown-key", table(keys="[window_tpye, width_mm]"),
         f"{Y}:12: table 'prices': unknown attribute 'window_tpye' (did you mean 'window_type'?)"),
    case("table-text-key", table(keys="[inside_text]"),
         f"{Y}:12: table 'prices': 'inside_text' cannot be a table key: only choices, booleans and numbers can"),
    case("table-missing-file", table(file="prizes.csv"),
         f"{Y}:11: table 'prices': the table file 'prizes.csv' was not found"),
    case("lookup-unknown-table", [*table(), ("require: width_mm >= 500 and", "require: lookup(prises) > 0 and")],
         f"{Y}:111: rule 'escape-clear-opening': unknown table 'prises' (did you mean 'prices'?)"),
    case("lookup-in-wrong-unit", [*table(), ("require: width_mm >= 500 and", "require: lookup(prices) > 5 mm and")],
         f"{Y}:111: rule 'escape-clear-opening': units do not match: kr > mm"),
    case("lookup-not-a-table-name", [*table(), ("require: width_mm >= 500 and",
                                                "require: lookup('prices') > 0 and")],
         f"{Y}:111: rule 'escape-clear-opening': lookup takes the name of a table: lookup(base_prices)"),
    case("computed-choice-value-not-an-option",
         [*table(csv="width_mm,size\n400-1200,small\n1210-2400,huge\n", keys="[width_mm]", value="size"),
          ("    unit: kr\n", ""),
          new_attribute("id: size", "type: computed", "expr: lookup(prices)", LABEL, "options:",
                        "  - {id: small, label: {nb: Liten, en: Small}}",
                        "  - {id: large, label: {nb: Stor, en: Large}}")],
         f"{Y}:97: attribute 'size': the expression can give 'huge', which is not an option of 'size' (options: "
         "large, small)"),
    case("unit-literal-area-for-length", ("require: width_mm >= 500 and", "require: width_mm >= 0.5 m2 and"),
         f"{Y}:105: rule 'escape-clear-opening': units do not match: mm >= m2"),
]


@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_broken_model(model_dir: Path, edits: list[Any], expected: str) -> None:
    apply_edits(model_dir, edits)
    assert expected in errors_of(model_dir)


def test_messages_are_in_norwegian_too(model_dir: Path) -> None:
    apply_edits(model_dir, [new_attribute("id: extra", "type: integer", "unit: mm", "min: 10",
                                          "max: 20 if escape_window else 5", LABEL)])
    assert f"{Y}:94: egenskapen 'extra': med escape_window = false: 'max' (5) er mindre enn 'min' (10)" in \
        errors_of(model_dir, "nb")


def test_a_limit_in_metres_loads_and_a_length_in_metres_compares(model_dir: Path) -> None:
    apply_edits(model_dir, [("require: width_mm >= 500 and", "require: width_mm >= 0.5 m and")])
    model = load_model(model_dir).model
    assert model.rules[0].expr is not None
    assert model.rules[0].expr.source == "width_mm >= 0.5 m and height_mm >= 600"


def test_option_values_with_units_and_constants_load_converted(model_dir: Path) -> None:
    apply_edits(model_dir, [("values: {u_glass: 1.10}", "values: {u_glass: 1.10, pane: 4 mm}"),
                            ("values: {u_glass: 0.60}", "values: {u_glass: 0.60, pane: 0.6 cm}"),
                            ("attributes:\n", "constants: {board: 2.4 m, clearance: 20}\nattributes:\n"),
                            ("require: width_mm >= 500 and", "require: width_mm + glazing.pane <= board and")])
    model = load_model(model_dir).model
    triple = model.attribute("glazing").option("triple")
    assert triple is not None
    assert triple.values["pane"] == 6 and triple.units == {"pane": "mm"}  # 0.6 cm in the first option's unit
    assert model.constants == {"board": (Decimal("2.4"), "m"), "clearance": (Decimal(20), "1")}
    rule = next(r for r in model.rules if r.id == "escape-clear-opening")
    assert rule.expr is not None
    env = Env({"width_mm": Decimal(2394), "glazing": "triple", "height_mm": Decimal(700)}, model.option_values())
    assert evaluate(rule.expr.node, env) is True  # 2394 + 6 <= 2400 mm
    env = Env({"width_mm": Decimal(2395), "glazing": "triple", "height_mm": Decimal(700)}, model.option_values())
    assert evaluate(rule.expr.node, env) is False


def test_a_price_table_loads_with_its_rows_and_lines(model_dir: Path) -> None:
    apply_edits(model_dir, table())
    model = load_model(model_dir).model
    prices = model.tables["prices"]
    assert prices.keys == ("window_type", "width_mm") and prices.lines == (2, 3, 4)
    assert prices.find(("fixed", Decimal(1210))) == 1500
    assert prices.find(("side_hung", Decimal(400))) == 2000
    assert prices.find(("fixed", Decimal(1205))) is None  # between the ranges: not a value of width_mm anyway
    assert "table-prices" in [r.id for r in model.rules]
