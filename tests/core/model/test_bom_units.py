"""A bill-of-materials quantity must be in the unit its line is counted in: millimetres on a line counted in
metres would order a thousand times too much, and is refused with the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.core.model.loader import load_model
from tests.core.model.test_broken_models import Y, apply_edits, load_errors

QUANTITY = "      quantity: 2 * (width_mm + height_mm) / 1000\n"


@pytest.mark.parametrize(("quantity", "unit", "found"), [
    ("width_mm + height_mm", "m", "mm"),
    ("width_mm", "pcs", "mm"),
    ("area_m2", "m", "m2"),
])
def test_a_quantity_in_another_unit_is_refused(model_dir: Path, quantity: str, unit: str, found: str) -> None:
    apply_edits(model_dir, [(QUANTITY, f"      quantity: {quantity}\n"), ("      unit: m\n", f"      unit: {unit}\n")])
    assert load_errors(model_dir) == [
        f"{Y}:167: production item 'frame-timber': the quantity is in {found} but the line is counted in {unit}: "
        "convert it (e.g. '/ 1000' from mm to m) or change 'unit'"]
    (error,) = load_errors(model_dir, "nb")
    assert error.startswith(f"{Y}:167: ") and "counted" not in error


@pytest.mark.parametrize(("quantity", "unit"), [
    ("2 * (width_mm + height_mm) / 1000", "m"),  # a conversion the author states
    ("2 * (width_mm + height_mm)", "mm"),
    ("(width_mm + height_mm) * 2 / 1 m", "pcs"),  # a ratio is a plain number
    ("area_m2", "m2"),
    ("3", "pcs"),
])
def test_a_quantity_in_its_unit_loads(model_dir: Path, quantity: str, unit: str) -> None:
    apply_edits(model_dir, [(QUANTITY, f"      quantity: {quantity}\n"), ("      unit: m\n", f"      unit: {unit}\n")])
    assert load_model(model_dir).model.production.bom[0].unit == unit
