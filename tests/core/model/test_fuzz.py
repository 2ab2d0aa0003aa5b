"""Fuzzing the model reader: whatever the input, the only failure is ModelErrors (or ExprError for expressions).

Deterministic (derandomize=True) and small enough to stay within a few seconds.
"""

from __future__ import annotations

import copy
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.core.model.errors import ModelErrors
from configurator.core.model.expr import Env, ExprError, Kind, Scope, Symbol, Type, compile_expression, evaluate
from configurator.core.model.loader import dump_document, load_document, load_model, model_from_document
from configurator.core.model.units import UNITS
from tests.helpers.model_kit import BASE

FUZZ = settings(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)

BASE_TEXT = (BASE / "base.yaml").read_text(encoding="utf-8")
BASE_LINES = BASE_TEXT.splitlines(keepends=True)
BASE_CSV = (BASE / "glazing_sizes.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the base model, rewritten by every example (hypothesis runs examples one at a time)."""
    target = tmp_path_factory.mktemp("fuzz") / "base"
    shutil.copytree(BASE, target)
    return target


def load_or_model_errors(folder: Path, model_text: bytes, csv_text: bytes | None = None) -> None:
    (folder / "base.yaml").write_bytes(model_text)
    (folder / "glazing_sizes.csv").write_bytes(BASE_CSV.encode() if csv_text is None else csv_text)
    try:
        load_model(folder)
    except ModelErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.render("en") and error.render("nb")


# ------------------------------------------------------------------ mutations of the model text


@st.composite
def mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    lines = list(lines)
    if not lines:
        return [draw(st.text(max_size=40))]
    index = draw(st.integers(0, len(lines) - 1))
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "unicode", "bytes", "truncate",
                                 "replace-token", "join"]))
    line = lines[index]
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(draw(st.integers(0, len(lines))), line)
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], line
    elif kind == "indent":
        lines[index] = " " * draw(st.integers(1, 4)) + line
    elif kind == "dedent":
        lines[index] = line[draw(st.integers(1, 4)):] if line.startswith(" ") else line
    elif kind == "unicode":
        at = draw(st.integers(0, len(line)))
        lines[index] = line[:at] + draw(st.text(min_size=1, max_size=6)) + line[at:]
    elif kind == "bytes":  # ASCII noise the YAML scanner treats specially
        at = draw(st.integers(0, len(line)))
        noise = draw(st.text(alphabet="&*!|>%@`{}[],:#?-'\"\t\\~.0123456789eE+", min_size=1, max_size=4))
        lines[index] = line[:at] + noise + line[at:]
    elif kind == "truncate":
        lines = [*lines[:index], line[: draw(st.integers(0, len(line)))]]
    elif kind == "replace-token":
        words = line.rstrip("\n").split(" ")
        spot = draw(st.integers(0, len(words) - 1))
        words[spot] = draw(st.sampled_from(["", "0", "-1", "1e9", "true", "no", "~", "[]", "{}", "'x'", "1.005",
                                            "quote", "glazing", "area_m2", "width_mm", "triple", "*", "99999999999",
                                            "2026-02-30", "images/nope.png", "../x.csv", ".inf"]))
        lines[index] = " ".join(words) + ("\n" if line.endswith("\n") else "")
    elif index + 1 < len(lines):  # join with the next line
        lines[index : index + 2] = [line.rstrip("\n") + " " + lines[index + 1]]
    return lines


@st.composite
def mutated_model(draw: st.DrawFn) -> bytes:
    lines = BASE_LINES
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(mutation(lines))
    text = "".join(lines)
    if draw(st.booleans()) and draw(st.booleans()):  # sometimes raw bytes: invalid UTF-8, NUL, BOM
        data = text.encode()
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return text.encode()


@fuzz(80)
@given(data=mutated_model())
def test_mutated_model_text_gives_only_model_errors(folder: Path, data: bytes) -> None:
    load_or_model_errors(folder, data)


# ------------------------------------------------------------------ CSV tables

CELL = st.one_of(
    st.sampled_from(["fixed", "side_hung", "double", "triple", "true", "false", "*", "1200", "800", "805", "",
                     " * ", "nan", "1e3", "-0", "1200.0", "TRUE", "glazing"]),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=6),
)


@st.composite
def csv_table(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 4)) == 0:  # free text with CSV's special characters
        return draw(st.text(alphabet=',"\n\r *abc01\\\t\x00é', max_size=80)).encode()
    header = ["window_type", "glazing", "escape_window", "width_mm"]
    if draw(st.booleans()):
        header = draw(st.lists(st.sampled_from([*header, "height_mm", "inside_text", "x", ""]), max_size=5))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=5), max_size=8))

    def line(cells: list[str]) -> str:
        quoted = draw(st.booleans())
        return ",".join('"' + c.replace('"', '""') + '"' if quoted else c for c in cells)

    ending = draw(st.sampled_from(["\n", "\r\n"]))
    return (ending.join(line(r) for r in [header, *rows]) + ending).encode()


@fuzz(40)
@given(csv_data=csv_table(), columns=st.booleans())
def test_random_csv_gives_only_model_errors(folder: Path, csv_data: bytes, columns: bool) -> None:
    text = BASE_TEXT
    if not columns:
        text = text.replace("      columns: [window_type, glazing, escape_window, width_mm]\n", "")
    load_or_model_errors(folder, text.encode(), csv_data)


# ------------------------------------------------------------------ expressions

SCOPE_ATTRIBUTES = {
    "width_mm": Symbol(Type(Kind.NUM, UNITS["mm"])),
    "area_m2": Symbol(Type(Kind.NUM, UNITS["m2"])),
    "count": Symbol(Type(Kind.NUM, UNITS["1"])),
    "glazing": Symbol(Type(Kind.CHOICE, attr="glazing"), frozenset({"double", "triple"}), frozenset({"u_glass"})),
    "kind": Symbol(Type(Kind.CHOICE, attr="kind"), frozenset({"fixed", "open"})),
    "escape": Symbol(Type(Kind.BOOL)),
    "text1": Symbol(Type(Kind.TEXT)),
}
QUOTE_PARAMETERS = {"level": Symbol(Type(Kind.BOOL)),
                    "tier": Symbol(Type(Kind.CHOICE, attr="tier"), frozenset({"low", "high"}))}
SCOPES = [
    Scope(SCOPE_ATTRIBUTES, QUOTE_PARAMETERS),
    Scope(SCOPE_ATTRIBUTES, QUOTE_PARAMETERS, allow_quote=True, allow_aggregates=True),
]
OPTION_VALUES: dict[str, dict[str, dict[str, Decimal]]] = {
    "glazing": {"double": {"u_glass": Decimal("1.10")}, "triple": {"u_glass": Decimal("0.60")}},
    "kind": {"fixed": {}, "open": {}},
}

TOKENS = [
    "width_mm", "area_m2", "count", "glazing", "kind", "escape", "text1", "double", "triple", "fixed", "open",
    "glazing.u_glass", "quote.level", "quote.tier", "low", "high", "1", "0", "0.1", "1e6", "1e16", "0x1F", "-", "+",
    "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">=", "in", "not in", "and", "or", "not", "if", "else",
    "(", ")", "[", "]", ",", "min(", "max(", "abs(", "floor(", "ceil(", "round(", "avg(", "sum(", "count()",
    "min_of(", "max_of(", "weight=", "'x'", "''", "true", "false", "None", "lambda", ":", ".", "x.y", "[0]",
    "__import__", "{", "}", ":=", "*", "@", "~", "f'", "is", "yield",
]


@st.composite
def token_expression(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14)))


@st.composite
def typed_expression(draw: st.DrawFn, depth: int = 0) -> str:
    """Mostly well-formed expressions, so the type checker and the evaluator are reached."""
    leaves = ["width_mm", "area_m2", "count", "glazing.u_glass", "1", "0", "2.5", "0.001", "escape", "true",
              "glazing == triple", "kind != fixed", "text1 == ''", "glazing in [double, triple]", "quote.level",
              "quote.tier == high", "count()", "sum(count)", "avg(count, weight=width_mm)", "min_of(area_m2)"]
    if depth >= 3 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(leaves))
    form = draw(st.integers(0, 6))
    a = draw(typed_expression(depth + 1))
    b = draw(typed_expression(depth + 1))
    if form == 0:
        return f"({a}) {draw(st.sampled_from(['+', '-', '*', '/', '//', '%']))} ({b})"
    if form == 1:
        return f"({a}) {draw(st.sampled_from(['==', '!=', '<', '<=', '>', '>=']))} ({b})"
    if form == 2:
        return f"({a}) {draw(st.sampled_from(['and', 'or']))} ({b})"
    if form == 3:
        return f"not ({a})"
    if form == 4:
        return f"({a}) if ({draw(typed_expression(depth + 1))}) else ({b})"
    if form == 5:
        return f"{draw(st.sampled_from(['min', 'max']))}({a}, {b})"
    return f"{draw(st.sampled_from(['abs', 'floor', 'ceil', 'round']))}({a})"


ENV_VALUES = st.fixed_dictionaries({}, optional={
    "width_mm": st.integers(0, 5000).map(Decimal),
    "area_m2": st.decimals(min_value=0, max_value=100, places=3),
    "count": st.integers(-5, 200).map(Decimal),
    "glazing": st.sampled_from(["double", "triple"]),
    "kind": st.sampled_from(["fixed", "open"]),
    "escape": st.booleans(),
    "text1": st.sampled_from(["", "ABC"]),
})


def check_expression(text: str, scope: Scope, values: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    try:
        node = compile_expression(text, scope)
    except ExprError as exc:
        assert exc.message.render("en")
        return
    env = Env(values, OPTION_VALUES, {"level": True, "tier": "low"},
              [Env(line, OPTION_VALUES) for line in lines])
    result = evaluate(node, env)
    expected = {Kind.BOOL: bool, Kind.NUM: Decimal, Kind.TEXT: str, Kind.CHOICE: str}[node.type.kind]
    assert result is None or isinstance(result, expected), (text, result)


@fuzz(300)
@given(text=st.one_of(st.text(max_size=60), token_expression()), quote=st.booleans())
def test_random_expression_text_gives_only_expr_errors(text: str, quote: bool) -> None:
    check_expression(text, SCOPES[quote], {}, [])


@fuzz(200)
@given(text=typed_expression(), quote=st.booleans(), values=ENV_VALUES,
       lines=st.lists(ENV_VALUES, max_size=3))
def test_typed_expressions_compile_or_fail_cleanly_and_evaluate(text: str, quote: bool, values: dict[str, Any],
                                                                 lines: list[dict[str, Any]]) -> None:
    check_expression(text, SCOPES[quote], values, lines)


def test_typed_expressions_reach_the_evaluator() -> None:
    """Guard for the fuzzer above: a good share of its expressions must compile."""
    compiled = 0
    for text in ["(width_mm) + (1)", "not (escape)", "min(count, 2.5)", "(glazing == triple) and (quote.level)",
                 "round(glazing.u_glass)", "(1) if (escape) else (0)"]:
        try:
            compile_expression(text, SCOPES[1])
            compiled += 1
        except ExprError:
            pass
    assert compiled == 6


# ------------------------------------------------------------------ stored documents

FIELD_NAMES = ["skredder", "family", "version", "effective", "name", "nb", "en", "attributes", "steps", "id", "type",
               "label", "options", "values", "min", "max", "step", "unit", "expr", "rules", "require", "when",
               "table", "file", "columns", "pricing", "base", "percent", "rate", "per", "formula", "preview",
               "kind", "layers", "image", "production", "fields", "bom", "cut_list", "quote_parameters",
               "quote_rules", "presets", "default", "price", "message", "header", "rows"]
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.integers(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.text(max_size=12), st.sampled_from(["choice", "integer", "computed", "base", "width_mm", "2026-09-01",
                                           "a == b", "layers", "images/fixed.png", "glazing_sizes.csv"]),
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), children, max_size=5),
    ),
    max_leaves=25,
)

BASE_DOCUMENT = load_document(dump_document(load_model(BASE).document))


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths_of(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths_of(item, (*prefix, index))
    return found


MODEL_PATHS = [p for p in paths_of(BASE_DOCUMENT) if len(p) > 1 and p[0] == "model"]
TABLE_PATHS = [p for p in paths_of(BASE_DOCUMENT) if len(p) > 1 and p[0] == "tables"]


@st.composite
def mutated_document(draw: st.DrawFn, paths: list[tuple[Any, ...]]) -> dict[str, Any]:
    document = copy.deepcopy(BASE_DOCUMENT)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths))
        parent: Any = document
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.integers(0, 3)) == 0 and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(JSON)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation changed the shape
    return document


def model_from_or_model_errors(document: dict[str, Any], images: dict[str, bytes] | None = None) -> None:
    try:
        model_from_document(document, images)
    except ModelErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.render("en") and error.render("nb")


@fuzz(100)
@given(document=mutated_document(MODEL_PATHS), with_images=st.booleans())
def test_mutated_documents_give_only_model_errors(document: dict[str, Any], with_images: bool) -> None:
    model_from_or_model_errors(document, {"images/fixed.png": b"png"} if with_images else None)


@fuzz(40)
@given(document=mutated_document(TABLE_PATHS))
def test_mutated_stored_tables_give_only_model_errors(document: dict[str, Any]) -> None:
    """Damaged cells, rows or headers of a stored table are model errors, not AttributeError/TypeError."""
    model_from_or_model_errors(document)


@fuzz(80)
@given(model=JSON)
def test_random_documents_give_only_model_errors(model: Any) -> None:
    model_from_or_model_errors({"model": model, "tables": {}})


@fuzz(40)
@given(tables=JSON)
def test_random_stored_tables_give_only_model_errors(tables: Any) -> None:
    """A stored document whose tables are damaged is reported as model errors, not as a TypeError."""
    model_from_or_model_errors({"model": copy.deepcopy(BASE_DOCUMENT["model"]), "tables": tables})
