"""The expression language: compiling with type and unit checks, evaluating with three-valued logic."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from configurator.core.model.expr import (
    Env,
    ExprError,
    Kind,
    Scope,
    Symbol,
    Type,
    attributes_used,
    compile_expression,
    evaluate,
    source_text,
)
from configurator.core.model.units import UNITS

D = Decimal


def num(unit: str) -> Symbol:
    return Symbol(Type(Kind.NUM, UNITS[unit]))


ATTRIBUTES = {
    "width_mm": num("mm"),
    "height_mm": num("mm"),
    "depth_cm": num("cm"),
    "area_m2": num("m2"),
    "weight_kg": num("kg"),
    "u_window": num("W/m2K"),
    "count": num("1"),
    "pieces": num("pcs"),
    "glazing": Symbol(Type(Kind.CHOICE, attr="glazing"), frozenset({"double", "triple"}), frozenset({"u_glass"})),
    "window_type": Symbol(Type(Kind.CHOICE, attr="window_type"), frozenset({"fixed", "side_hung"})),
    "escape": Symbol(Type(Kind.BOOL)),
    "heritage": Symbol(Type(Kind.BOOL)),
    "text1": Symbol(Type(Kind.TEXT)),
}
QUOTE = {"energy_level": Symbol(Type(Kind.BOOL)), "discount": num("%")}
OPTION_VALUES: dict[str, dict[str, dict[str, Decimal]]] = {
    "glazing": {"double": {"u_glass": D("1.10")}, "triple": {"u_glass": D("0.60")}},
    "window_type": {"fixed": {}, "side_hung": {}},
}

SCOPE = Scope(ATTRIBUTES, QUOTE)
QUOTE_SCOPE = Scope(ATTRIBUTES, QUOTE, allow_quote=True, allow_aggregates=True)


def ev(text: str, scope: Scope = SCOPE, quote: dict[str, Any] | None = None, lines: list[Env] | None = None,
       **values: Any) -> Any:
    node = compile_expression(text, scope)
    values = {k: D(v) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
    return evaluate(node, Env(values, OPTION_VALUES, quote or {}, lines or []))


def error(text: str, scope: Scope = SCOPE, expect: Kind | None = None) -> str:
    with pytest.raises(ExprError) as info:
        compile_expression(text, scope, expect)
    return info.value.message.render("en")


# ------------------------------------------------------------------ evaluating


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("width_mm + 10", {"width_mm": 1200}, D(1210)),
        ("width_mm - height_mm", {"width_mm": 1200, "height_mm": 1500}, D(-300)),
        ("width_mm * height_mm / 1000000", {"width_mm": 1000, "height_mm": 1500}, D("1.5")),
        ("2 * (width_mm + height_mm) / 1000", {"width_mm": D(1000), "height_mm": D(1500)}, D(5)),
        ("-width_mm", {"width_mm": 1200}, D(-1200)),
        ("+width_mm", {"width_mm": D(7)}, D(7)),
        ("count // 2", {"count": D(7)}, D(3)),
        ("-count // 2", {"count": D(7)}, D(-4)),
        ("count % 3", {"count": D(7)}, D(1)),
        ("count % 3", {"count": D(-7)}, D(2)),
        ("count / 4", {"count": D(1)}, D("0.25")),
        ("0.1 + 0.2", {}, D("0.3")),
        ("1.10 * 3", {}, D("3.30")),
        ("1e6", {}, D("1E+6")),
        ("1_000 + 1", {}, D(1001)),
        ("1e15 + 1", {}, D("1000000000000001")),
        ("0x10 + count", {"count": D(1)}, D(17)),
        ("count * 0.1 + 0.2", {"count": D(1)}, D("0.3")),
    ],
)
def test_arithmetic_is_exact(text: str, values: dict[str, Any], expected: Decimal) -> None:
    result = ev(text, **values)
    assert type(result) is Decimal
    assert result == expected


def test_point_one_plus_point_two_is_exactly_point_three() -> None:
    assert ev("count + 0.2", count=D("0.1")) == D("0.3")
    assert str(ev("0.1 + 0.2")) == "0.3"


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("width_mm >= 500", {"width_mm": 500}, True),
        ("width_mm > 500", {"width_mm": 500}, False),
        ("width_mm < 500", {"width_mm": 499}, True),
        ("width_mm <= 499", {"width_mm": 500}, False),
        ("width_mm == 500", {"width_mm": D("500.0")}, True),
        ("width_mm != 500", {"width_mm": 500}, False),
        ("500 <= width_mm <= 2400", {"width_mm": 2400}, True),
        ("500 <= width_mm <= 2400", {"width_mm": 2410}, False),
        ("500 <= width_mm <= 2400", {"width_mm": 490}, False),
        ("width_mm < height_mm < 2000", {"width_mm": 1000, "height_mm": 1500}, True),
        ("width_mm < height_mm < 2000", {"width_mm": 1000, "height_mm": 900}, False),
        ("glazing == triple", {"glazing": "triple"}, True),
        ("glazing == triple", {"glazing": "double"}, False),
        ("triple == glazing", {"glazing": "triple"}, True),
        ("glazing != 'double'", {"glazing": "triple"}, True),
        ("glazing == 'double'", {"glazing": "triple"}, False),
        ("escape == true", {"escape": True}, True),
        ("escape != false", {"escape": False}, False),
        ("text1 != ''", {"text1": ""}, False),
        ("text1 == 'ABC'", {"text1": "ABC"}, True),
        ("glazing in [double, triple]", {"glazing": "triple"}, True),
        ("glazing in ['double']", {"glazing": "triple"}, False),
        ("window_type not in [fixed]", {"window_type": "side_hung"}, True),
        ("window_type not in [fixed]", {"window_type": "fixed"}, False),
        ("count in [1, 2, 3]", {"count": D(2)}, True),
        ("count not in (1, 2, 3)", {"count": D(2)}, False),
        ("text1 in ['a', 'b']", {"text1": "b"}, True),
        ("true", {}, True),
        ("false", {}, False),
        ("True", {}, True),
    ],
)
def test_comparisons(text: str, values: dict[str, Any], expected: bool) -> None:
    assert ev(text, **values) is expected


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("escape and heritage", {"escape": True, "heritage": True}, True),
        ("escape and heritage", {"escape": True, "heritage": False}, False),
        ("escape and heritage", {"escape": False}, False),  # false whatever heritage is
        ("escape and heritage", {"escape": True}, None),
        ("escape and heritage", {}, None),
        ("heritage and escape", {"escape": False}, False),
        ("escape or heritage", {"escape": True}, True),  # true whatever heritage is
        ("heritage or escape", {"escape": True}, True),
        ("escape or heritage", {"escape": False}, None),
        ("escape or heritage", {"escape": False, "heritage": False}, False),
        ("not escape", {}, None),
        ("not escape", {"escape": True}, False),
        ("width_mm > 500", {}, None),
        ("500 <= width_mm <= 2400", {}, None),
        ("500 <= width_mm <= 400", {}, None),
        ("glazing == triple", {}, None),
        ("glazing in [double]", {}, None),
        ("width_mm > 500 or escape", {"escape": True}, True),
        ("width_mm > 500 and escape", {"escape": False}, False),
        ("escape and width_mm > 500 and heritage", {"escape": True, "width_mm": 400}, False),
    ],
)
def test_three_valued_logic(text: str, values: dict[str, Any], expected: bool | None) -> None:
    assert ev(text, **values) is expected


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("0.9 if heritage else 1.0", {"heritage": True}, D("0.9")),
        ("0.9 if heritage else 1.0", {"heritage": False}, D("1.0")),
        ("0.9 if heritage else 1.0", {}, None),
        ("width_mm if escape else height_mm", {"escape": True, "width_mm": 1, "height_mm": 2}, D(1)),
        ("2 if window_type == side_hung else 1", {"window_type": "fixed"}, D(1)),
        ("escape if heritage else true", {"heritage": False}, True),
    ],
)
def test_if_else(text: str, values: dict[str, Any], expected: Any) -> None:
    assert ev(text, **values) == expected
    if expected is None:
        assert ev(text, **values) is None


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("min(width_mm, height_mm, 900)", {"width_mm": 1000, "height_mm": 950}, D(900)),
        ("max(width_mm, height_mm)", {"width_mm": 1000, "height_mm": 950}, D(1000)),
        ("min(count)", {"count": D(3)}, D(3)),
        ("abs(count - 10)", {"count": D(3)}, D(7)),
        ("floor(count / 2)", {"count": D(5)}, D(2)),
        ("floor(-count / 2)", {"count": D(5)}, D(-3)),
        ("ceil(count / 2)", {"count": D(5)}, D(3)),
        ("ceil(count / 50)", {"count": D(51)}, D(2)),
        ("round(2.5)", {}, D(3)),
        ("round(-2.5)", {}, D(-3)),
        ("round(count)", {"count": D("2.4999")}, D(2)),
        ("round(count, 2)", {"count": D("2.345")}, D("2.35")),
        ("round(count, 1)", {"count": D("0.05")}, D("0.1")),
        ("round(count, 10)", {"count": D("0.123456789012")}, D("0.1234567890")),
        ("round(count, 0)", {"count": D("0.5")}, D(1)),
        ("min(width_mm, height_mm)", {"width_mm": 1000}, None),
        ("abs(count)", {}, None),
    ],
)
def test_functions(text: str, values: dict[str, Any], expected: Decimal | None) -> None:
    result = ev(text, **values)
    assert result == expected
    if expected is None:
        assert result is None
    else:
        assert type(result) is Decimal


def test_round_keeps_the_decimals() -> None:
    assert str(ev("round(count, 2)", count=D("2.3"))) == "2.30"


def test_division_by_zero_is_undecided_not_an_error() -> None:
    assert ev("width_mm / (height_mm - height_mm)", width_mm=1, height_mm=5) is None
    assert ev("count // (count - count)", count=D(3)) is None
    assert ev("count % (count - count)", count=D(3)) is None


def test_option_values() -> None:
    assert ev("glazing.u_glass", glazing="triple") == D("0.60")
    assert ev("glazing.u_glass + 0.2", glazing="double") == D("1.30")
    assert ev("glazing.u_glass", glazing=None) is None
    assert ev("glazing.u_glass <= 0.8", glazing="double") is False


def test_quote_parameters() -> None:
    assert ev("quote.energy_level", QUOTE_SCOPE, quote={"energy_level": True}) is True
    assert ev("quote.energy_level and escape", QUOTE_SCOPE, quote={}, escape=True) is None
    assert ev("100 * quote.discount", QUOTE_SCOPE, quote={"discount": D("12.5")}) == D("1250.0")


def test_choice_quote_parameter_can_be_compared_with_its_options() -> None:
    """The validator gives choice quote parameters a CHOICE symbol; comparing one must work (not KeyError)."""
    quote = {"level": Symbol(Type(Kind.CHOICE, attr="level"), frozenset({"basic", "passive"}))}
    scope = Scope(ATTRIBUTES, quote, allow_quote=True)
    node = compile_expression("quote.level == passive", scope, Kind.BOOL)
    assert evaluate(node, Env({}, quote={"level": "passive"})) is True
    assert evaluate(node, Env({}, quote={"level": "basic"})) is False


def line(**values: Any) -> Env:
    return Env(values, OPTION_VALUES)


LINES = [
    line(u_window=D("0.80"), area_m2=D("1.5"), width_mm=D(1000)),
    line(u_window=D("0.60"), area_m2=D("0.5"), width_mm=D(500)),
]


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        ("avg(u_window, weight=area_m2)", LINES, D("0.75")),
        ("avg(u_window)", LINES, D("0.70")),
        ("sum(area_m2)", LINES, D("2.0")),
        ("count()", LINES, D(2)),
        ("min_of(u_window)", LINES, D("0.60")),
        ("max_of(width_mm)", LINES, D(1000)),
        ("avg(u_window, weight=area_m2) <= 0.80", LINES, True),
        ("sum(area_m2)", [], D(0)),
        ("count()", [], D(0)),
        ("avg(u_window)", [], None),
        ("max_of(u_window)", [], None),
        ("avg(u_window)", [*LINES, line(area_m2=D(1))], None),
        ("avg(u_window, weight=area_m2)", [line(u_window=D(1), area_m2=D(0))], None),
        ("count() >= 2 and quote.energy_level", LINES, True),
    ],
)
def test_aggregates(text: str, lines: list[Env], expected: Any) -> None:
    result = ev(text, QUOTE_SCOPE, quote={"energy_level": True}, lines=lines)
    assert result == expected
    if expected is None or isinstance(expected, bool):
        assert result is expected


# ------------------------------------------------------------------ types and units


def test_types_and_units_of_results() -> None:
    area = compile_expression("width_mm * height_mm", SCOPE)
    assert area.type.kind is Kind.NUM
    assert area.type.unit is not None
    assert area.type.unit.dims == UNITS["m2"].dims
    assert area.type.unit.scale == Fraction(1, 1000000)
    converted = compile_expression("width_mm * height_mm / 1000000", SCOPE)
    assert converted.type.unit is not None
    assert converted.type.unit.dims == UNITS["m2"].dims
    assert converted.type.unit.scale is None  # the author states the unit
    assert compile_expression("width_mm + 10", SCOPE).type.unit == UNITS["mm"]
    assert compile_expression("10 + 10", SCOPE).type.unit is None
    assert compile_expression("width_mm > 1", SCOPE).type.kind is Kind.BOOL
    ratio = compile_expression("area_m2 / width_mm", SCOPE).type.unit
    assert ratio is not None and ratio.dims == UNITS["m"].dims
    assert compile_expression("glazing.u_glass", SCOPE).type.kind is Kind.NUM


@pytest.mark.parametrize(
    "text",
    [
        "width_mm + 500",
        "width_mm >= 500",
        "1500 <= width_mm + height_mm",
        "min(width_mm, 900)",
        "width_mm if escape else 0",
        "width_mm % 7",
        "area_m2 * 6200",
        "u_window + glazing.u_glass",
        "pieces + count",
    ],
)
def test_plain_numbers_and_dimensionless_values_adapt(text: str) -> None:
    compile_expression(text, SCOPE)


def test_attributes_used() -> None:
    node = compile_expression("glazing.u_glass + width_mm > 1 and escape or window_type == fixed", SCOPE)
    assert attributes_used(node) == {"glazing", "width_mm", "escape", "window_type"}
    assert attributes_used(compile_expression("1 + 2 > 2", SCOPE)) == set()


def test_source_text() -> None:
    assert source_text(True) == "true"
    assert source_text(False) == "false"
    assert source_text(1200) == "1200"
    assert source_text(D("1.10")) == "1.10"
    assert source_text("a == b") == "a == b"


def test_expected_kind() -> None:
    assert compile_expression("escape", SCOPE, Kind.BOOL).type.kind is Kind.BOOL
    assert compile_expression("width_mm", SCOPE, Kind.NUM).type.kind is Kind.NUM
    assert error("width_mm", expect=Kind.BOOL) == "expected a condition (true/false), got a number in mm"
    assert error("escape", expect=Kind.NUM) == "expected a number, got true/false"
    assert error("glazing", expect=Kind.BOOL) == "expected a condition (true/false), got choice 'glazing'"
    assert error("text1", expect=Kind.NUM) == "expected a number, got text"
    assert error("3", expect=Kind.BOOL) == "expected a condition (true/false), got a number"


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # names and options
        ("widht_mm > 500", "unknown attribute 'widht_mm' (did you mean 'width_mm'?)"),
        ("zzz", "unknown attribute 'zzz'"),
        ("zzz and escape", "unknown attribute 'zzz'"),
        ("triple", "'triple' is an option of 'glazing'; compare it: glazing == triple"),
        ("escape and triple", "'triple' is an option of 'glazing'; compare it: glazing == triple"),
        ("glazing == fixed", "'fixed' is not an option of 'glazing' (it is an option of 'window_type')"),
        ("glazing in [double, fixed]", "'fixed' is not an option of 'glazing' (it is an option of 'window_type')"),
        ("glazing == tripel", "'tripel' is not an option of 'glazing' (did you mean 'triple'?)"),
        ("glazing == 'qqq'", "'qqq' is not an option of 'glazing'"),
        ("width_mm == qqq", "unknown attribute 'qqq'"),
        ("width_mm.x", "only a choice has option values: 'width_mm' is not a choice"),
        ("escape.u_glass", "only a choice has option values: 'escape' is not a choice"),
        ("glazing.colour", "the options of 'glazing' have no value 'colour' (they have: u_glass)"),
        ("window_type.u_glass", "the options of 'window_type' have no value 'u_glass' (they have: -)"),
        ("glazng.u_glass", "unknown attribute 'glazng' (did you mean 'glazing'?)"),
        # quote parameters and aggregates outside quote rules
        ("quote.energy_level", "quote parameters can only be used in quote rules and prices"),
        ("quote", "'quote' must be followed by a quote parameter: quote.NAME"),
        ("avg(u_window) < 1", "'avg' sums over the lines of a quote and can only be used in quote rules"),
        ("count() > 1", "'count' sums over the lines of a quote and can only be used in quote rules"),
        # units
        ("width_mm + area_m2", "units do not match: mm + m2"),
        ("width_mm > area_m2", "units do not match: mm > m2"),
        ("500 <= width_mm <= weight_kg", "units do not match: mm <= kg"),
        ("width_mm <= 2 kg", "units do not match: mm <= kg"),
        ("width_mm + 5 m2", "units do not match: mm + m2"),
        ("width_mm % weight_kg", "units do not match: mm % kg"),
        ("width_mm * height_mm + width_mm", "units do not match: mm*mm + mm"),
        ("min(width_mm, area_m2)", "units do not match: mm min m2"),
        ("max(1, width_mm, weight_kg)", "units do not match: mm max kg"),
        ("width_mm if escape else area_m2", "units do not match: mm if/else m2"),
        ("u_window <= width_mm", "units do not match: W/m2K <= mm"),
        ("count in [width_mm]", "units do not match: 1 == mm"),
        # types
        ("escape and width_mm", "'and' needs true/false values, got a number in mm"),
        ("1 or escape", "'or' needs true/false values, got a number"),
        ("glazing and escape", "'and' needs true/false values, got choice 'glazing'"),
        ("not width_mm", "'not' needs true/false values, got a number in mm"),
        ("1 if width_mm else 2", "'if' needs true/false values, got a number in mm"),
        ("escape + 1", "'+' needs numbers, got true/false"),
        ("glazing * 2", "'*' needs numbers, got choice 'glazing'"),
        ("text1 + 'a'", "'+' needs numbers, got text"),
        ("-escape", "'-' needs numbers, got true/false"),
        ("abs(escape)", "'abs' needs numbers, got true/false"),
        ("sum(escape)", "'sum' sums over the lines of a quote and can only be used in quote rules"),
        ("glazing < triple", "a choice can only be compared with == or !=, not <"),
        ("triple >= glazing", "a choice can only be compared with == or !=, not <="),
        ("text1 < 'a'", "text can only be compared with == or !=, not <"),
        ("escape > false", "true/false can only be compared with == or !=, not >"),
        ("text1 == 1", "cannot compare text with a number"),
        ("glazing == 1", "cannot compare choice 'glazing' with a number"),
        ("glazing == escape", "cannot compare choice 'glazing' with true/false"),
        ("escape == width_mm", "cannot compare true/false with a number in mm"),
        ("1 if escape else escape", "both branches of 'if ... else' must have the same type: a number and "
                                    "true/false"),
        # functions
        ("foo(1)", "unknown function 'foo' (known: min, max, abs, floor, ceil, round, lookup)"),
        ("__import__('os')", "unknown function '__import__' (known: min, max, abs, floor, ceil, round, lookup)"),
        ("eval('1')", "unknown function 'eval' (known: min, max, abs, floor, ceil, round, lookup)"),
        ("min()", "'min' needs at least one argument"),
        ("abs(1, 2)", "'abs' takes exactly one argument"),
        ("floor()", "'floor' takes exactly one argument"),
        ("round(1, width_mm)", "round takes a number and optionally a whole number of decimals from 0 to 10"),
        ("round(1, 2, 3)", "round takes a number and optionally a whole number of decimals from 0 to 10"),
        ("round(count, 11)", "round takes a number and optionally a whole number of decimals from 0 to 10"),
        ("round(count, -1)", "round takes a number and optionally a whole number of decimals from 0 to 10"),
        ("round(count, 1.5)", "round takes a number and optionally a whole number of decimals from 0 to 10"),
        # numbers beyond what money, sizes and counts need
        ("width_mm > 1e16", "'1e16' is not a number a model can use"),
        ("count * 1e-16", "'1e-16' is not a number a model can use"),
        ("count < 12345678901234567890123", "'12345678901234567890' is not a number a model can use"),
        ("min(1, key=2)", "'min' takes no named arguments"),
        # lists
        ("width_mm in width_mm", "'in' needs a list in brackets: x in [a, b]"),
        ("width_mm in []", "'in' needs at least one value in the list"),
        ("[1, 2]", "a list can only follow 'in': x in [a, b]"),
        ("(1, 2)", "a list can only follow 'in': x in [a, b]"),
        # length
        ("", "the expression is empty"),
        ("   \n ", "the expression is empty"),
        ("1" * 4001, "the expression is longer than 4000 characters"),
        ("-" * 3990 + "width_mm", "the expression is too deeply nested"),
        ("not " * 990 + "escape", "the expression is too deeply nested"),
        ("(" * 300 + "1" + ")" * 300, "not a valid expression: too many nested parentheses"),
    ],
)
def test_errors(text: str, message: str) -> None:
    assert error(text) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("quote.energy_levle", "unknown quote parameter 'energy_levle' (did you mean 'energy_level'?)"),
        ("quote.zzz", "unknown quote parameter 'zzz'"),
        ("quote.energy_level.x", "'quote.energy_level.x' is not allowed in an expression"),
        ("count(1) > 1", "count() takes no arguments"),
        ("count(x=1) > 1", "count() takes no arguments"),
        ("avg() < 1", "'avg' takes exactly one argument"),
        ("avg(u_window, area_m2) < 1", "'avg' takes exactly one argument"),
        ("sum(u_window, weight=area_m2) < 1", "only avg takes a named argument, weight="),
        ("avg(u_window, by=area_m2) < 1", "only avg takes a named argument, weight="),
        ("avg(u_window, weight=escape) < 1", "'weight' needs numbers, got true/false"),
        ("avg(glazing) < 1", "'avg' needs numbers, got choice 'glazing'"),
        ("avg(u_window) < width_mm", "units do not match: W/m2K < mm"),
        ("bogus()", "unknown function 'bogus' (known: min, max, abs, floor, ceil, round, lookup, avg, sum, min_of, "
                    "max_of, count, all_equal, count_distinct)"),
    ],
)
def test_errors_in_quote_rules(text: str, message: str) -> None:
    assert error(text, QUOTE_SCOPE) == message


@pytest.mark.parametrize(
    ("text", "construct"),
    [
        ("lambda: 1", "lambda: 1"),
        ("[x for x in width_mm]", "[x for x in width_mm]"),
        ("(x for x in width_mm)", "(x for x in width_mm)"),
        ("{x: 1 for x in width_mm}", "{x: 1 for x in width_mm}"),
        ("width_mm[0]", "width_mm[0]"),
        ("width_mm[1:2]", "width_mm[1:2]"),
        ("f'{width_mm}'", "f'{width_mm}'"),
        ("(y := 1)", "y := 1"),
        ("min(*width_mm)", "*width_mm"),
        ("{1: 2}", "{1: 2}"),
        ("{1, 2}", "{1, 2}"),
        ("width_mm ** 2", "width_mm ** 2"),
        ("width_mm << 1", "width_mm << 1"),
        ("width_mm | 1", "width_mm | 1"),
        ("width_mm @ width_mm", "width_mm @ width_mm"),
        ("~width_mm", "~width_mm"),
        ("width_mm is None", "width_mm is None"),
        ("None", "None"),
        ("...", "..."),
        ("b'x'", "b'x'"),
        ("1j", "1j"),
        ("().__class__", "().__class__"),
        ("glazing.u_glass.real", "glazing.u_glass.real"),
        ("(lambda: 0)()", "(lambda: 0)()"),
        ("width_mm.bit_length()", "width_mm.bit_length()"),
        ("__builtins__.open('x')", "__builtins__.open('x')"),
        ("await width_mm", "await width_mm"),
    ],
)
def test_forbidden_constructs(text: str, construct: str) -> None:
    assert error(text) == f"'{construct}' is not allowed in an expression"


@pytest.mark.parametrize(
    "text",
    [
        "1 +",
        "width_mm >",
        "if escape",
        "width_mm = 1",
        "import os",
        "*width_mm",
        "width_mm;width_mm",
        "'unterminated",
        "width_mm\x00",
        "yield",
        "1 if escape",
        ")",
    ],
)
def test_syntax_errors(text: str) -> None:
    message = error(text)
    assert message.startswith("not a valid expression: ") or message == "the expression is too deeply nested"


@pytest.mark.parametrize(
    "text",
    [
        "-" * 3990 + "width_mm",
        "not " * 990 + "escape",
        "(" * 300 + "1" + ")" * 300,
        "[" * 1000,
        "1" + " + 1" * 999,
        "width_mm > 1 and " * 230 + "escape",
        "min(" * 790 + "1" + ")" * 790,
        "1 if escape else " * 230 + "1",
        "glazing.u_glass" + " * glazing.u_glass" * 200,
    ],
)
def test_long_and_deeply_nested_input_is_an_expr_error_or_compiles(text: str) -> None:
    assert len(text) <= 4000
    try:
        compile_expression(text, SCOPE)
    except ExprError as exc:
        assert exc.message.render("en")


@pytest.mark.parametrize(
    "text",
    [
        "0x1F",
        "width_mm > 0x10",
        "0o17 + width_mm",
        "0b101",
        "1e999999 * 10",
        "1e999999 + 1e999999",
        "1e999999 // 1e-999999",
        "-1e999999 - 1e999999",
        "1e-999999 / 1e999999",
    ],
)
def test_odd_number_literals_are_expr_errors_or_compile(text: str) -> None:
    """Number literals Python accepts but a Decimal cannot hold must not escape as decimal exceptions."""
    with contextlib.suppress(ExprError):
        compile_expression(text, SCOPE)


def test_evaluation_of_rounding_to_many_places_does_not_crash() -> None:
    """``round(x, 1000)`` compiles (the places are a constant); evaluating it must not raise."""
    try:
        node = compile_expression("round(count, 1000)", SCOPE)
    except ExprError:
        return
    result = evaluate(node, Env({"count": D("1.5")}))
    assert result is None or result == D("1.5")


# ------------------------------------------------------------------ unit literals and conversion


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("count * 160 mm <= height_mm", {"count": 4, "height_mm": 640}, True),
        ("count * 160 mm <= height_mm", {"count": 5, "height_mm": 640}, False),
        ("width_mm <= 2.4 m", {"width_mm": 2400}, True),
        ("width_mm <= 2.4m", {"width_mm": 2401}, False),
        ("width_mm + depth_cm", {"width_mm": 600, "depth_cm": 56}, D(1160)),  # in the finer unit: mm
        ("depth_cm - width_mm", {"width_mm": 600, "depth_cm": 56}, D(-40)),
        ("min(depth_cm, width_mm, 0.5 m)", {"width_mm": 600, "depth_cm": 56}, D(500)),
        ("width_mm if escape else 1 m", {"width_mm": 600, "escape": False}, D(1000)),
        ("-160 mm + width_mm", {"width_mm": 600}, D(440)),
        ("area_m2 >= 1500 cm2", {"area_m2": D("0.15")}, True),
        ("weight_kg < 500 g", {"weight_kg": D("0.4")}, True),
        ("2 * 160 mm == 32 cm", {}, True),
        ("'160 mm' == text1", {"text1": "160 mm"}, True),  # inside quotes it is text
    ],
)
def test_unit_literals_and_conversions(text: str, values: dict[str, Any], expected: Any) -> None:
    assert ev(text, **values) == expected


def test_a_unit_literal_has_its_unit() -> None:
    node = compile_expression("160 mm", SCOPE)
    assert node.type.unit == UNITS["mm"]
    assert compile_expression("count * 160 mm", SCOPE).type.unit == UNITS["mm"]
    assert compile_expression("width_mm + 2 m", SCOPE).type.unit == UNITS["mm"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("width_mm <= 2 kg", "units do not match: mm <= kg"),
        ("height_mm + 1 m2", "units do not match: mm + m2"),
        ("160 mm and escape", "'and' needs true/false values, got a number in mm"),
        ("escape == 2 m", "cannot compare true/false with a number in m"),
    ],
)
def test_unit_literals_that_make_no_sense_are_refused(text: str, message: str) -> None:
    assert error(text) == message
