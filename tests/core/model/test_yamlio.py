"""The safe YAML reader: YAML 1.2 booleans, exact decimals, refused constructs, line numbers."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from configurator.core.model.yamlio import YamlError, YDict, YList, load_yaml


def load(text: str) -> Any:
    return load_yaml(text, "m.yaml")


def error_of(text: str) -> tuple[int | None, str]:
    with pytest.raises(YamlError) as info:
        load(text)
    return info.value.line, info.value.message.render("en")


# ------------------------------------------------------------------ scalars


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "NO", "No", "YES", "Yes", "ON", "Off", "y", "n", "Y", "N"])
def test_norway_problem_words_stay_text(word: str) -> None:
    assert load(f"country: {word}") == {"country": word}
    assert isinstance(load(f"country: {word}")["country"], str)


def test_only_true_and_false_are_booleans() -> None:
    doc = load("a: true\nb: false\nc: 'true'\nd: \"false\"\n")
    assert doc == {"a": True, "b": False, "c": "true", "d": "false"}
    assert doc["a"] is True and doc["b"] is False


def test_list_of_country_codes_keeps_norway() -> None:
    assert load("countries: [SE, NO, DK, FI]") == {"countries": ["SE", "NO", "DK", "FI"]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.10", Decimal("1.10")),
        ("1299.90", Decimal("1299.90")),
        ("0.1", Decimal("0.1")),
        ("-2.5", Decimal("-2.5")),
        ("+0.80", Decimal("0.80")),
        (".5", Decimal("0.5")),
        ("1e6", Decimal("1E+6")),
        ("2.5e-3", Decimal("0.0025")),
        ("1_000.000_1", Decimal("1000.0001")),
    ],
)
def test_numbers_with_a_fraction_are_exact_decimals(text: str, expected: Decimal) -> None:
    value = load(f"x: {text}")["x"]
    assert type(value) is Decimal
    assert value == expected
    assert str(value) == str(expected)  # the written precision is kept: 1.10 stays 1.10


def test_decimals_add_up_exactly() -> None:
    doc = load("a: 0.1\nb: 0.2")
    assert doc["a"] + doc["b"] == Decimal("0.3")


@pytest.mark.parametrize(("text", "expected"), [("0", 0), ("12", 12), ("-40", -40), ("+7", 7), ("1_000", 1000)])
def test_whole_numbers_are_ints(text: str, expected: int) -> None:
    value = load(f"x: {text}")["x"]
    assert type(value) is int
    assert value == expected


@pytest.mark.parametrize("text", ["007", "0x1F", "0o17", "0b101", "1.2.3", "12abc", "2026.2.1", "1,5"])
def test_number_like_text_stays_text(text: str) -> None:
    """No YAML 1.1 octal/hex/sexagesimal surprises: article numbers keep their leading zeros."""
    assert load(f"x: {text}") == {"x": text}


def test_quoted_numbers_stay_text() -> None:
    assert load("version: \"2026.10\"\nsku: '0042'") == {"version": "2026.10", "sku": "0042"}


def test_block_text_stays_text() -> None:
    assert load("a: |\n  1.10\nb: >\n  true\n") == {"a": "1.10\n", "b": "true\n"}


@pytest.mark.parametrize("text", ["~", "null", ""])
def test_nulls(text: str) -> None:
    assert load(f"x: {text}") == {"x": None}


def test_dates_stay_iso_text() -> None:
    assert load("effective: 2026-09-01") == {"effective": "2026-09-01"}


@pytest.mark.parametrize("text", [".inf", "-.inf", ".nan", ".NaN", ".Inf"])
def test_infinity_and_nan_are_refused(text: str) -> None:
    line, message = error_of(f"a: 1\nx: {text}\n")
    assert line == 2
    assert message == f"'{text}' is not a number a model can use"


@pytest.mark.parametrize("text", [".INF", "-.Inf", "+.inf", ".NAN", "-.INF"])
def test_other_spellings_of_infinity_never_become_floats(text: str) -> None:
    try:
        value = load(f"x: {text}")["x"]
    except YamlError:
        return
    assert isinstance(value, str)


def test_no_float_anywhere() -> None:
    doc = load("a: [1.5, {b: 2.25}, -0.0]\nc: 3.0e2")

    def walk(value: object) -> None:
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(doc)
    assert doc == {"a": [Decimal("1.5"), {"b": Decimal("2.25")}, Decimal("0")], "c": Decimal("300")}


def test_huge_integer_is_a_yaml_error() -> None:
    """A 5000-digit number must not escape as Python's int-conversion ValueError."""
    assert error_of("a: 1\nx: " + "9" * 5000) == (2, "'99999999999999999999...' is not a number a model can use")


def test_thirty_digits_are_still_a_number() -> None:
    assert load("x: " + "9" * 30) == {"x": int("9" * 30)}


def test_explicit_str_tag_is_honoured_or_refused() -> None:
    """``!!str 123`` asks for text: it must be text, or refused like other tags (never the number 123)."""
    try:
        value = load("sku: !!str 123")["sku"]
    except YamlError:
        return
    assert value == "123"


# ------------------------------------------------------------------ refused constructs


def test_duplicate_key_names_both_lines() -> None:
    line, message = error_of("a: 1\nb: 2\na: 3\n")
    assert line == 3
    assert message == "duplicate key 'a' (first at line 1)"


def test_duplicate_key_in_nested_mapping() -> None:
    text = "attributes:\n  - id: width\n    type: integer\n    label: x\n    id: height\n"
    line, message = error_of(text)
    assert (line, message) == (5, "duplicate key 'id' (first at line 2)")


def test_duplicate_key_in_flow_mapping() -> None:
    assert error_of("x: 1\nlabel: {nb: a, en: b, nb: c}\n") == (2, "duplicate key 'nb' (first at line 2)")


def test_same_key_in_different_mappings_is_fine() -> None:
    assert load("a: {id: 1}\nb: {id: 2}") == {"a": {"id": 1}, "b": {"id": 2}}


def test_anchor_is_refused() -> None:
    assert error_of("a: 1\nb: &x [1, 2]\nc: *x\n") == (2, "YAML anchors and aliases ('&name') are not allowed")


def test_alias_is_refused() -> None:
    assert error_of("a: 1\nc: *x\n") == (2, "YAML anchors and aliases ('*name') are not allowed")


def test_merge_key_is_refused() -> None:
    assert error_of("a: 1\nb:\n  <<: {c: 1}\n") == (3, "YAML merge keys ('<<') are not allowed")


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("x: !!python/object:os.system {}", "tag:yaml.org,2002:python/object:os.system"),
        ("x: !!python/object/apply:os.system ['echo hi']", "tag:yaml.org,2002:python/object/apply:os.system"),
        ("x: !!python/name:os.system ''", "tag:yaml.org,2002:python/name:os.system"),
        ("x: !!binary aGVsbG8=", "tag:yaml.org,2002:binary"),
        ("x: !!set {a: null}", "tag:yaml.org,2002:set"),
        ("x: !!omap [a: 1]", "tag:yaml.org,2002:omap"),
        ("x: !custom 12", "!custom"),
        ("x: !custom [1]", "!custom"),
        ("x: !custom 'quoted'", "!custom"),
        ("x: !!binary |\n  aGVsbG8=", "tag:yaml.org,2002:binary"),
    ],
)
def test_tags_are_refused(text: str, tag: str) -> None:
    assert error_of("a: 1\n" + text) == (2, f"custom YAML tags such as '{tag}' are not allowed")


def test_python_object_tag_executes_nothing(tmp_path: object) -> None:
    with pytest.raises(YamlError):
        load("x: !!python/object/apply:builtins.exit [3]")


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "{[a]: 1}", "? {a: 1}\n: 2\n"])
def test_complex_keys_are_refused(text: str) -> None:
    assert error_of(text)[1] == "a key must be a plain name"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n, (prev, name) in enumerate(zip("abcdefgh", "bcdefghi", strict=True), start=2):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
        assert n
    start = time.perf_counter()
    line, message = error_of("\n".join(lines))
    assert time.perf_counter() - start < 0.5
    assert line == 1
    assert "anchors and aliases" in message


@pytest.mark.parametrize("text", ["x: " + "[" * 800 + "]" * 800, "x: " + "{a: " * 800 + "1" + "}" * 800,
                                  "".join("  " * i + "- \n" for i in range(800))])
def test_deep_nesting_is_a_yaml_error(text: str) -> None:
    """A deeply nested document is refused at the line where it gets too deep (no RecursionError)."""
    line, message = error_of(text)
    assert line is not None and line == (1 if text.startswith("x:") else 65)
    assert message == "the YAML is nested more than 64 levels deep"


def test_a_nul_or_a_control_character_has_its_line() -> None:
    assert error_of("a: 1\nb: 2\nc: x\x00y\n") == (3, "not valid YAML: the character U+0000 is not allowed")
    # escapes in quoted text: BEL, ESC, a right-to-left override, a lone surrogate
    for escape, code in (("\\a", "0007"), ("\\e", "001B"), ("\\u202e", "202E"), ("\\ud800", "D800")):
        line, message = error_of(f'a: 1\nb: "x{escape}y"\n')
        assert line == 2
        assert message.startswith(f"the text contains the control character U+{code} ")


# ------------------------------------------------------------------ syntax errors


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\ufffe"])
def test_control_characters_are_a_yaml_error(char: str) -> None:
    """PyYAML refuses non-printable characters while reading; that must be a YamlError too."""
    with pytest.raises(YamlError) as info:
        load("a: 1\nb: x" + char + "y\n")
    assert info.value.message.render("en").startswith("not valid YAML: ")


def test_syntax_error_has_a_line() -> None:
    line, message = error_of("a: 1\nb: [1, 2\nc: 3\n")
    assert line is not None and line >= 2
    assert message.startswith("not valid YAML: ")


def test_bad_indentation_has_its_line() -> None:
    line, message = error_of("a:\n  b: 1\n   c: 2\n")
    assert line == 3
    assert message == ("not valid YAML: a ':' where none may be: a text that contains ': ' must be in quotes, or this "
                       "line is indented more than the one above it")


def test_tab_indentation_is_an_error() -> None:
    line, message = error_of("a:\n\tb: 1\n")
    assert line == 2
    assert message.startswith("not valid YAML: ")


def test_two_documents_are_an_error() -> None:
    line, message = error_of("a: 1\n---\nb: 2\n")
    assert line == 2
    assert message == "not valid YAML: the file holds more than one YAML document ('---'); a model file holds one"


def test_empty_document_is_none() -> None:
    assert load("") is None
    assert load("# only a comment\n") is None


def test_top_level_scalar_and_list() -> None:
    assert load("42") == 42
    assert load("- a\n- b") == ["a", "b"]


# ------------------------------------------------------------------ positions


TEXT = """\
skredder: 1
family: window
attributes:
  - id: width_mm
    type: integer

  - id: glazing
    options: [double,
      triple]
    label:
      nb: Glass
      en: Glazing
empty: {}
"""


def test_positions_of_keys_and_items() -> None:
    doc = load(TEXT)
    assert isinstance(doc, YDict)
    assert doc.file == "m.yaml"
    assert doc.line == 1
    assert doc.key_lines == {"skredder": 1, "family": 2, "attributes": 3, "empty": 13}
    assert doc.line_of("family") == 2
    assert doc.line_of("missing") == 1  # a missing key points at its mapping

    attributes = doc["attributes"]
    assert isinstance(attributes, YList)
    assert attributes.file == "m.yaml"
    assert attributes.line == 4
    assert attributes.item_lines == [4, 7]
    assert attributes.line_of(1) == 7
    assert attributes.line_of(5) == 4  # out of range: the list itself

    glazing = attributes[1]
    assert isinstance(glazing, YDict)
    assert glazing.line == 7
    assert glazing.line_of("options") == 8
    assert glazing.line_of("label") == 10
    options = glazing["options"]
    assert isinstance(options, YList)
    assert options.item_lines == [8, 9]
    label = glazing["label"]
    assert isinstance(label, YDict)
    assert label.line_of("en") == 12
    assert label.file == "m.yaml"

    empty = doc["empty"]
    assert isinstance(empty, YDict) and empty == {}
    assert empty.line_of("x") == 13


def test_containers_are_plain_dicts_and_lists() -> None:
    doc = load(TEXT)
    assert isinstance(doc, dict)
    assert isinstance(doc["attributes"], list)
    assert doc["attributes"][0] == {"id": "width_mm", "type": "integer"}


def test_keys_are_always_text() -> None:
    doc = load("1: a\ntrue: b\n1.5: c\nnull: d\n")
    assert list(doc) == ["1", "true", "1.5", "null"]


@pytest.mark.parametrize(("text", "line", "expected"), [
    pytest.param("a:\n  b: 1\n c: 2\n", 3, "this line is indented differently from the lines above it: entries of "
                 "one mapping start in the same column", id="block-end"),
    pytest.param("a: 1\n- b\n", 2, "this list item ('-') is not in line with what is above it: check its indentation",
                 id="list-item"),
    pytest.param("a: 1\nb: \"abc\nc: 2\n", 2, "a quote (\" or ') is opened here but never closed", id="open-quote"),
    pytest.param("a: {b: 1\nc: 2\n", 2, "a '{' is not closed with '}' before this line, or a ',' is missing between "
                 "its entries", id="open-brace"),
    pytest.param("a: [1, 2\nb: 3\n", 2, "a '[' is not closed with ']' before this line, or a ',' is missing between "
                 "its items", id="open-bracket"),
    pytest.param("a: 1\nb\nc: 2\n", 2, "a line without 'name: value' inside a mapping: add the ':' or check the "
                 "indentation of the line above", id="no-colon"),
    pytest.param("a:\n\tb: 1\n", 2, "a tab character: indent with spaces only", id="tab"),
    pytest.param("a: @x\n", 1, "a value cannot start with '@': put the value in quotes", id="at-sign"),
    pytest.param('a: "\\q"\n', 1, "an unknown escape with '\\' in a double-quoted text: write '\\\\' or use single "
                 "quotes", id="escape"),
])
def test_yaml_jargon_is_said_in_plain_words(text: str, line: int, expected: str) -> None:
    assert error_of(text) == (line, "not valid YAML: " + expected)
    with pytest.raises(YamlError) as info:
        load(text)
    nb = info.value.message.render("nb")
    assert nb.startswith("ikke gyldig YAML: ") and "expected" not in nb and "<block" not in nb
