"""A ratio of two quantities of one dimension is a plain number, whatever their units: 2400 mm / 2.4 m is 1
(the plinth boards a kitchen needs), not 1000."""

from __future__ import annotations

from decimal import Decimal

import pytest

from configurator.core.model.evaluate import Env, evaluate
from configurator.core.model.expr import Scope, Symbol, compile_expression
from configurator.core.model.nodes import Kind, Type
from configurator.core.model.units import parse_unit

SYMBOLS = {"length_mm": Symbol(Type(Kind.NUM, parse_unit("mm"))), "board_m": Symbol(Type(Kind.NUM, parse_unit("m"))),
           "area_m2": Symbol(Type(Kind.NUM, parse_unit("m2")))}
VALUES = {"length_mm": Decimal(3000), "board_m": Decimal("2.4"), "area_m2": Decimal("1.5")}


@pytest.mark.parametrize(("text", "expected"), [
    ("length_mm / 2.4 m", Decimal("1.25")),
    ("ceil(length_mm / 2.4 m)", Decimal(2)),
    ("length_mm / board_m", Decimal("1.25")),
    ("2.4 m / length_mm", Decimal("0.8")),
    ("length_mm / 1 mm", Decimal(3000)),
    ("area_m2 / (length_mm * 500 mm)", Decimal(1)),  # m2 / mm2: 1.5 m2 over 1.5 m2
    ("length_mm * board_m / area_m2", Decimal("4.8")),  # mm·m / m2: 3 m × 2.4 m / 1.5 m2
])
def test_a_ratio_of_one_dimension_is_a_plain_number(text: str, expected: Decimal) -> None:
    node = compile_expression(text, Scope(SYMBOLS, {}))
    assert node.type.unit is not None and not node.type.unit.dims
    assert evaluate(node, Env(VALUES)) == expected
