"""Broken product models: every kind of error, with its exact message, file and line.

Each case copies the valid base model (``fixtures/base``) to a temporary folder, makes a small textual
edit and loads it. The working folder is the temporary folder, so files are shown as ``base/...``.
A case's expected value is either one message that must be among the errors, or the complete list.

New attributes are inserted just before ``steps:`` (line 90): a broken attribute nobody uses gives
exactly one error.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PIL import Image

from configurator.core.i18n import CATALOGUE_DIR
from configurator.core.model.errors import ModelErrors
from configurator.core.model.loader import load_model

Edit = tuple[str, str] | tuple[str, str, str] | Callable[[Path], None]

NEW_ATTRIBUTE_LINE = 90
TOP_LEVEL_KNOWN = ("skredder, family, version, effective, name, description, manufacturer, illustrative, attributes, "
                   "steps, presets, guide, rules, quote_parameters, quote_rules, quote_items, pricing, production, "
                   "preview, constants, tests, tables")
UNITS_KNOWN = "1, mm, cm, m, mm2, cm2, m2, m3, l, kg, g, W/m2K, NOK, kr, pcs, year, day, week, %"
IDENT = "must be an identifier: a letter, then letters, digits or _"
PRICE_FORMS = ("must be an amount in kroner, {percent: P}, {rate: R, per: NUMBER} or "
               "{formula: EXPRESSION}")


def new_attribute(*lines: str) -> tuple[str, str]:
    """Insert an attribute (lines without the list indentation) before ``steps:`` at line 90."""
    block = "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))
    return ("steps:\n", block + "steps:\n")


def write(name: str, data: bytes | str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)

    return apply


def remove(name: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / name).unlink()

    return apply


def replace_tail(marker: str, text: str) -> Callable[[Path], None]:
    """Replace everything from the line starting with ``marker`` to the end of base.yaml."""

    def apply(folder: Path) -> None:
        path = folder / "base.yaml"
        content = path.read_text(encoding="utf-8")
        index = content.index("\n" + marker) + 1
        path.write_text(content[:index] + text, encoding="utf-8")

    return apply


def png(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (enough for Pillow to read the size)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0\0\0\0")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (2, 2)).save(out, format="GIF")
    return out.getvalue()


def apply_edits(folder: Path, edits: list[Edit]) -> None:
    for edit in edits:
        if callable(edit):
            edit(folder)
            continue
        file, old, new = ("base.yaml", *edit) if len(edit) == 2 else edit
        path = folder / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
        path.write_text(text.replace(old, new), encoding="utf-8")


def load_errors(folder: Path, language: str = "en") -> list[str]:
    with pytest.raises(ModelErrors) as info:
        load_model(folder)
    assert info.value.errors, "ModelErrors without errors"
    return info.value.render(language).splitlines()


def case(case_id: str, edits: Edit | list[Edit], expected: str | list[str]) -> Any:
    return pytest.param(edits if isinstance(edits, list) else [edits], expected, id=case_id)


Y = "base/base.yaml"
CSV = "base/glazing_sizes.csv"

CASES = [
    # ---------------------------------------------------------------- files and YAML
    case("yaml-duplicate-key", ("version: \"2026.1\"\n", "version: \"2026.1\"\nfamily: base\n"),
         [f"{Y}:4: duplicate key 'family' (first at line 2)"]),
    case("yaml-syntax", ("name: {nb: Testvindu, en: Test window}", "name: {nb: Testvindu, en: Test window"),
         [f"{Y}:6: not valid YAML: a '{{' is not closed with '}}' before this line, or a ',' is missing between its "
          "entries"]),
    case("yaml-anchor", ("manufacturer: Testfabrikken AS", "manufacturer: &m Testfabrikken AS"),
         [f"{Y}:7: YAML anchors and aliases ('&name') are not allowed"]),
    case("yaml-alias", ("manufacturer: Testfabrikken AS", "manufacturer: *m"),
         [f"{Y}:7: YAML anchors and aliases ('*name') are not allowed"]),
    case("yaml-merge-key", ("presets:\n  - id: standard\n", "presets:\n  - <<: {id: x}\n    id: standard\n"),
         [f"{Y}:99: YAML merge keys ('<<') are not allowed"]),
    case("yaml-python-tag", ("manufacturer: Testfabrikken AS", "manufacturer: !!python/object/apply:os.system [ls]"),
         [f"{Y}:7: custom YAML tags such as 'tag:yaml.org,2002:python/object/apply:os.system' are not allowed"]),
    case("yaml-custom-scalar-tag", ("price: 450.50", "price: !money 450.50"),
         [f"{Y}:39: custom YAML tags such as '!money' are not allowed"]),
    case("yaml-infinity", ("price: 450.50", "price: .inf"), [f"{Y}:39: '.inf' is not a number a model can use"]),
    case("yaml-complex-key", ("manufacturer: Testfabrikken AS", "? [a, b]\n: Testfabrikken AS"),
         [f"{Y}:7: a key must be a plain name"]),
    case("yaml-not-utf8", write("base.yaml", b"skredder: 1\nfamily: base\nname: R\xf8ros\n"),
         [f"{Y}:3: the file is not UTF-8 text"]),
    case("yaml-too-large", write("base.yaml", b"#" * (2 * 1024 * 1024 + 1)),
         [f"{Y}: the file is too large (more than 2097152 bytes)"]),
    case("yaml-is-a-folder", [remove("base.yaml"), lambda folder: (folder / "base.yaml").mkdir()],
         [f"{Y}: cannot read the file: Is a directory"]),
    case("no-model-file", remove("base.yaml"), ["base: no model file (*.yaml) in this folder"]),
    case("two-model-files", write("extra.yaml", "skredder: 1\n"),
         ["base: more than one model file in this folder: base.yaml, extra.yaml"]),
    case("model-not-a-mapping", write("base.yaml", "- skredder\n- 1\n"),
         [f"{Y}:1: a model file must be a mapping (name: value)"]),
    case("model-empty", write("base.yaml", ""), [f"{Y}:1: a model file must be a mapping (name: value)"]),
    # ---------------------------------------------------------------- header
    case("unknown-top-level-field-suggestion", ("manufacturer: Test", "manufactrer: Test"),
         [f"{Y}:7: unknown field 'manufactrer' (did you mean 'manufacturer'?)"]),
    case("unknown-top-level-field", ("manufacturer: Testfabrikken AS\n", "manufacturer: Testfabrikken AS\nzzz: 1\n"),
         [f"{Y}:8: unknown field 'zzz' (expected one of: {TOP_LEVEL_KNOWN})"]),
    case("missing-language-version", ("skredder: 1\n", ""), [f"{Y}:1: missing field 'skredder'"]),
    case("wrong-language-version", ("skredder: 1\n", "skredder: 2\n"),
         [f"{Y}:1: this file is written for model language version 2; this Skredder reads version 1"]),
    case("family-not-identifier", ("family: base", "family: 1base"),
         [f"{Y}:2: 'family' {IDENT} (got '1base')"]),
    case("family-reserved-word", ("family: base", "family: quote"),
         [f"{Y}:2: 'quote' is a reserved word and cannot be an identifier"]),
    case("family-not-folder-name", ("family: base", "family: other"),
         [f"{Y}:2: the family 'other' must have the name of its folder or file ('base')"]),
    case("missing-version", ("version: \"2026.1\"\n", ""), [f"{Y}:1: missing field 'version'"]),
    case("version-not-text", ("version: \"2026.1\"", "version: [2026]"), [f"{Y}:3: 'version' must be text"]),
    case("text-too-long", ("manufacturer: Testfabrikken AS", "manufacturer: " + "x" * 2001),
         [f"{Y}:7: 'manufacturer' is longer than 2000 characters"]),
    case("bad-date", ("effective: 2026-09-01", "effective: 2026-13-01"),
         [f"{Y}:4: 'effective' must be a date like 2026-09-01 (got '2026-13-01')"]),
    case("name-not-localised", ("name: {nb: Testvindu, en: Test window}", "name: Test window"),
         [f"{Y}:5: 'name' must give the text in both languages: {{nb: ..., en: ...}}"]),
    case("name-missing-language", ("name: {nb: Testvindu, en: Test window}", "name: {nb: Testvindu}"),
         [f"{Y}:5: 'name' has no en text"]),
    case("name-empty-language", ("name: {nb: Testvindu, en: Test window}", "name: {nb: ' ', en: Test window}"),
         [f"{Y}:5: 'name' has no nb text"]),
    case("localised-unknown-language",
         ("name: {nb: Testvindu, en: Test window}", "name: {nb: Testvindu, en: Test window, de: Testfenster}"),
         [f"{Y}:5: unknown field 'de' (expected one of: nb, en)"]),
    case("yaml-too-deep", ("manufacturer: Testfabrikken AS", "manufacturer: " + "[" * 800 + "]" * 800),
         [f"{Y}:7: the YAML is nested more than 64 levels deep"]),
    case("yaml-huge-integer", ("    max: 2400\n", "    max: " + "2" * 40 + "\n"),
         [f"{Y}:50: '22222222222222222222...' is not a number a model can use"]),
    # ---------------------------------------------------------------- attributes
    case("attributes-missing", ("attributes:\n  - id: window_type", "attributez:\n  - id: window_type"),
         f"{Y}:1: missing field 'attributes'"),
    case("attributes-empty",
         ("attributes:\n  - id: window_type", "attributes: []\nold_attributes:\n  - id: window_type"),
         f"{Y}:9: a model needs at least one attribute"),
    case("attributes-not-a-list", ("attributes:\n  - id: window_type", "attributes: 5\nold:\n  - id: window_type"),
         f"{Y}:9: 'attributes' must be a list"),
    case("attribute-not-a-mapping", new_attribute("just_text"),
         [f"{Y}:90: '11' must be a mapping (name: value)"]),
    case("attribute-missing-id", new_attribute("type: boolean", "label: {nb: X, en: X}"),
         [f"{Y}:90: missing field 'id'"]),
    case("attribute-bad-id", new_attribute("id: 2nd", "type: boolean", "label: {nb: X, en: X}"),
         [f"{Y}:90: 'id' {IDENT} (got '2nd')"]),
    case("attribute-reserved-id", new_attribute("id: class", "type: boolean", "label: {nb: X, en: X}"),
         [f"{Y}:90: 'class' is a reserved word and cannot be an identifier"]),
    case("show-on-quote-without-a-price", new_attribute("id: shown", "type: boolean", "label: {nb: X, en: X}",
                                                        "show_on_quote: true"),
         f"{Y}:93: attribute 'shown': 'show_on_quote' shows a price on the quote, but 'shown' has none: give it "
         "(or its options) a price, or leave the flag out"),
    case("show-on-quote-not-a-boolean", new_attribute("id: shown", "type: boolean", "label: {nb: X, en: X}",
                                                      "price: 100", "show_on_quote: ja"),
         [f"{Y}:94: attribute 'shown': 'show_on_quote' must be true or false"]),
    case("show-on-quote-on-a-number", new_attribute("id: shown", "type: integer", "label: {nb: X, en: X}",
                                                    "min: 1", "max: 2", "show_on_quote: true"),
         f"{Y}:95: attribute 'shown': unknown field 'show_on_quote' (expected one of: id, type, label, description, "
         "help, default, key, applies_when, applies_message, unit, min, max, step, limits_message)"),
    case("attribute-id-true", new_attribute("id: 'true'", "type: boolean", "label: {nb: X, en: X}"),
         [f"{Y}:90: 'true' is a reserved word and cannot be an identifier"]),
    case("attribute-defined-twice", new_attribute("id: tag_count", "type: boolean", "label: {nb: X, en: X}"),
         [f"{Y}:90: attribute 'tag_count': attribute 'tag_count' is defined twice"]),
    case("attribute-missing-type", new_attribute("id: extra", "label: {nb: X, en: X}"),
         [f"{Y}:90: attribute 'extra': missing field 'type'"]),
    case("attribute-unknown-type", new_attribute("id: extra", "type: colour", "label: {nb: X, en: X}"),
         [f"{Y}:91: attribute 'extra': unknown attribute type 'colour' (expected one of: choice, boolean, integer, "
          "decimal, text, computed)"]),
    case("attribute-unknown-field", ("required: false", "requierd: false"),
         [f"{Y}:73: attribute 'inside_text': unknown field 'requierd' (did you mean 'required'?)"]),
    case("attribute-field-of-other-type", ("    max_length: 10\n", "    max_length: 10\n    step: 1\n"),
         [f"{Y}:72: attribute 'inside_text': unknown field 'step' (expected one of: id, type, label, description, "
          "help, default, key, applies_when, applies_message, max_length, pattern, required)"]),
    case("attribute-missing-label", new_attribute("id: extra", "type: boolean"),
         [f"{Y}:90: attribute 'extra': missing field 'label'"]),
    case("attribute-required-not-boolean",
         new_attribute("id: extra", "type: text", "label: {nb: X, en: X}", "required: maybe"),
         [f"{Y}:93: attribute 'extra': 'required' must be true or false"]),
    case("attribute-required-only-for-text", ("    default: false\n    price: 450.50\n",
                                              "    default: false\n    required: false\n    price: 450.50\n"),
         [f"{Y}:39: attribute 'escape_window': unknown field 'required' (expected one of: id, type, label, "
          "description, help, default, key, applies_when, applies_message, price, show_on_quote)"]),
    case("attribute-bad-default", ("default: 1200", "default: 1205"),
         [f"{Y}:52: attribute 'width_mm': the default '1205' is not a value of 'width_mm'"]),
    case("attribute-choice-default-unknown", ("default: side_hung", "default: sliding"),
         [f"{Y}:13: attribute 'window_type': the default 'sliding' is not a value of 'window_type'"]),
    case("attribute-not-in-step", ("inside_text, series_start", "series_start"),
         [f"{Y}:68: attribute 'inside_text': 'inside_text' is in no step; add it to one of the steps"]),
    # choices and options
    case("choice-missing-options", new_attribute("id: extra", "type: choice", "label: {nb: X, en: X}"),
         [f"{Y}:90: attribute 'extra': missing field 'options'",
          f"{Y}:90: attribute 'extra': 'extra' is in no step; add it to one of the steps"]),
    case("choice-no-options", new_attribute("id: extra", "type: choice", "label: {nb: X, en: X}", "options: []"),
         [f"{Y}:93: attribute 'extra': a choice needs at least one option",
          f"{Y}:90: attribute 'extra': 'extra' is in no step; add it to one of the steps"]),
    case("choice-options-not-a-list",
         new_attribute("id: extra", "type: choice", "label: {nb: X, en: X}", "options: fixed"),
         [f"{Y}:93: attribute 'extra': 'options' must be a list",
          f"{Y}:90: attribute 'extra': 'extra' is in no step; add it to one of the steps"]),
    case("option-not-a-mapping",
         ("        values: {u_glass: 0.60}\n", "        values: {u_glass: 0.60}\n      - quadruple\n"),
         [f"{Y}:35: attribute 'glazing': '2' must be a mapping (name: value)"]),
    case("option-bad-id", ("        values: {u_glass: 0.60}\n",
                           "        values: {u_glass: 0.60}\n      - id: 4ply\n        label: {nb: Q, en: Q}\n"),
         [f"{Y}:35: attribute 'glazing': 'id' {IDENT} (got '4ply')"]),
    case("option-defined-twice", ("        values: {u_glass: 0.60}\n",
                                  "        values: {u_glass: 0.60}\n      - id: double\n        label: {nb: Q, en: Q}\n"
                                  "        values: {u_glass: 0.50}\n"),
         [f"{Y}:35: option 'double' of 'glazing': 'double' is defined twice"]),
    case("option-unknown-field", ("        image: images/fixed.png\n", "        imgae: images/fixed.png\n"),
         [f"{Y}:17: option 'fixed' of 'window_type': unknown field 'imgae' (did you mean 'image'?)"]),
    case("option-bad-colour", ('colour: "#c8d8e0"', 'colour: "#c8d8e"'),
         [f"{Y}:18: option 'fixed' of 'window_type': 'colour' must be a colour like #1a2b3c"]),
    case("option-values-differ", ("values: {u_glass: 0.60}", "values: {u_value: 0.60}"),
         [f"{Y}:34: option 'triple' of 'glazing': every option of 'glazing' needs the same named values (u_glass)"]),
    case("option-values-not-identifier", ("values: {u_glass: 1.10}", "values: {u-glass: 1.10}"),
         f"{Y}:30: option 'double' of 'glazing': 'values' {IDENT} (got 'u-glass')"),
    case("option-value-not-a-number", ("values: {u_glass: 0.60}", "values: {u_glass: low}"),
         f"{Y}:34: option 'triple' of 'glazing': 'u_glass' must be a number, optionally with a unit (28 mm); got "
         "'low'"),
    case("option-values-not-a-mapping", ("values: {u_glass: 0.60}", "values: [0.60]"),
         f"{Y}:34: option 'triple' of 'glazing': 'values' must be a mapping (name: value)"),
    case("option-price-bad-form", ("price: {percent: 12}", "price: twelve"),
         [f"{Y}:33: option 'triple' of 'glazing': 'price' {PRICE_FORMS}"]),
    case("option-price-percent-too-low", ("price: {percent: 12}", "price: {percent: -150}"),
         [f"{Y}:33: option 'triple' of 'glazing': 'percent' must be at least -100"]),
    case("option-price-rate-per-choice", ("price: {rate: 850, per: area_m2}", "price: {rate: 850, per: glazing}"),
         [f"{Y}:23: option 'side_hung' of 'window_type': 'per' must be a number: an attribute or an expression that "
          "gives one (got 'glazing')"]),
    case("option-price-unknown-field", ("price: {percent: 12}", "price: {procent: 12}"),
         [f"{Y}:33: option 'triple' of 'glazing': unknown field 'procent' (did you mean 'percent'?)",
          f"{Y}:33: option 'triple' of 'glazing': 'price' {PRICE_FORMS}"]),
    case("boolean-price-three-decimals", ("price: 450.50", "price: 450.505"),
         [f"{Y}:39: attribute 'escape_window': 'price' is an amount in kroner with at most two decimals"]),
    # images
    case("image-missing", ("image: images/fixed.png\n        colour", "image: images/nope.png\n        colour"),
         f"{Y}:17: option 'fixed' of 'window_type': the image 'images/nope.png' was not found"),
    # the cause once: the option stays (no follow-on "not a value" in the default, the table, the preview), and
    # the layers that use the same file say nothing more
    case("image-missing-reported-once", remove("images/fixed.png"),
         [f"{Y}:17: option 'fixed' of 'window_type': the image 'images/fixed.png' was not found"]),
    case("image-outside-reported-once", ("image: images/fixed.png\n        colour", "image: ../x.png\n        colour"),
         [f"{Y}:17: option 'fixed' of 'window_type': the image '../x.png' is outside the model's folder"]),
    case("option-without-label-is-kept", ("        label: {nb: Fastkarm, en: Fixed}\n", ""),
         [f"{Y}:15: option 'fixed' of 'window_type': missing field 'label'"]),
    case("image-outside-folder", ("    - image: images/fixed.png\n      when", "    - image: ../fixed.png\n      when"),
         [f"{Y}:180: preview: the image '../fixed.png' is outside the model's folder"]),
    case("image-absolute-path", ("    - image: images/fixed.png\n      when", "    - image: /etc/hostname\n      when"),
         [f"{Y}:180: preview: the image '/etc/hostname' is outside the model's folder"]),
    case("image-not-an-image", [write("images/fixed.png", "not a picture\n")],
         f"{Y}:17: option 'fixed' of 'window_type': the image 'images/fixed.png' is not a readable PNG or JPEG "
         "image"),
    case("image-truncated", [write("images/other.png", png(2, 2)[:40]),
                             ("    - image: images/fixed.png\n      when",
                              "    - image: images/other.png\n      when")],
         [f"{Y}:180: preview: the image 'images/other.png' is not a readable PNG or JPEG image"]),
    case("image-gif", [write("images/other.gif", gif()),
                       ("    - image: images/fixed.png\n      when", "    - image: images/other.gif\n      when")],
         [f"{Y}:180: preview: the image 'images/other.gif' must be PNG or JPEG"]),
    case("image-too-many-pixels", [write("images/huge.png", png(5000, 4000)),
                                   ("    - image: images/fixed.png\n      when",
                                    "    - image: images/huge.png\n      when")],
         [f"{Y}:180: preview: the image 'images/huge.png' has too many pixels"]),
    case("image-too-large", [write("images/big.png", b"\0" * (5 * 1024 * 1024 + 1)),
                             ("    - image: images/fixed.png\n      when", "    - image: images/big.png\n      when")],
         [f"{Y}:180: preview: the image 'images/big.png' is larger than 5242880 bytes"]),
    # numbers
    case("number-unknown-unit", new_attribute("id: extra", "type: integer", "unit: inch", "min: 1", "max: 2",
                                              "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': unknown unit 'inch' (known: {UNITS_KNOWN})"]),
    case("number-missing-min", new_attribute("id: extra", "type: integer", "max: 2", "label: {nb: X, en: X}"),
         [f"{Y}:90: attribute 'extra': missing field 'min'"]),
    case("number-not-a-number", new_attribute("id: extra", "type: integer", "min: ten", "max: 20",
                                              "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': 'min' must be a number or an expression that gives one (got 'ten': unknown "
          "attribute 'ten')"]),
    case("number-boolean-is-not-a-number", new_attribute("id: extra", "type: integer", "min: 1", "max: true",
                                                         "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': 'max' must be a number (got 'True')"]),
    case("integer-with-fraction", new_attribute("id: extra", "type: integer", "min: 1.5", "max: 20",
                                                "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': 'min' must be a whole number"]),
    case("step-negative", new_attribute("id: extra", "type: decimal", "min: 1", "max: 2", "step: -0.5",
                                        "label: {nb: X, en: X}"),
         [f"{Y}:94: attribute 'extra': 'step' must be greater than 0"]),
    case("step-zero-decimal", new_attribute("id: extra", "type: decimal", "min: 1", "max: 2", "step: 0",
                                            "label: {nb: X, en: X}"),
         [f"{Y}:94: attribute 'extra': 'step' must be greater than 0"]),
    case("step-zero-integer", new_attribute("id: extra", "type: integer", "min: 1", "max: 2", "step: 0",
                                            "label: {nb: X, en: X}"),
         [f"{Y}:94: attribute 'extra': 'step' must be greater than 0"]),
    case("decimal-missing-step", new_attribute("id: extra", "type: decimal", "min: 1", "max: 2",
                                               "label: {nb: X, en: X}"),
         [f"{Y}:90: attribute 'extra': missing field 'step'"]),
    case("max-below-min", new_attribute("id: extra", "type: integer", "min: 10", "max: 5", "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': 'max' (5) is less than 'min' (10)"]),
    case("too-many-values", new_attribute("id: extra", "type: integer", "min: 0", "max: 1000000", "step: 1",
                                          "label: {nb: X, en: X}"),
         [f"{Y}:94: attribute 'extra': the attribute has more than 10000 values; use a larger step"]),
    case("max-not-reachable", new_attribute("id: extra", "type: decimal", "min: 0", "max: 1.0", "step: 0.3",
                                            "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': 'max' must be reachable from 'min' in whole steps of 0.3"]),
    # text
    case("text-max-length-zero", new_attribute("id: extra", "type: text", "max_length: 0", "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': 'max_length' must be at least 1"]),
    case("text-bad-pattern", new_attribute("id: extra", "type: text", "pattern: '[a-'", "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': 'pattern' is not a valid regular expression: unterminated character set at "
          "position 0"]),
    case("text-default-does-not-match", ("    required: false\n", "    required: false\n    default: abc\n"),
         [f"{Y}:74: attribute 'inside_text': the default 'abc' is not a value of 'inside_text'"]),
    # computed
    case("computed-missing-expr", new_attribute("id: extra", "type: computed", "label: {nb: X, en: X}"),
         [f"{Y}:90: attribute 'extra': missing field 'expr'"]),
    case("computed-unknown-attribute", new_attribute("id: extra", "type: computed", "expr: widht_mm * 2",
                                                     "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': unknown attribute 'widht_mm' (did you mean 'width_mm'?)"]),
    case("computed-expr-not-text", new_attribute("id: extra", "type: computed", "expr: [width_mm]",
                                                 "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': 'expr' must be an expression"]),
    case("computed-unit-dimension", new_attribute("id: extra", "type: computed", "unit: m2",
                                                  "expr: 2 * (width_mm + height_mm) / 1000", "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': the expression gives mm, which cannot be expressed in m2"]),
    case("computed-area-as-length", new_attribute("id: extra", "type: computed", "unit: m",
                                                  "expr: width_mm * height_mm / 1000000", "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': the expression gives mm*mm, which cannot be expressed in m"]),
    case("computed-not-number", new_attribute("id: extra", "type: computed", "expr: glazing",
                                              "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': a computed attribute must be a number or true/false, got choice 'glazing'"]),
    case("computed-unit-mismatch-inside", new_attribute("id: extra", "type: computed", "unit: mm",
                                                        "expr: width_mm + area_m2", "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': units do not match: mm + m2"]),
    case("computed-default", new_attribute("id: extra", "type: computed", "expr: width_mm > 1000", "default: true",
                                           "label: {nb: X, en: X}"),
         [f"{Y}:93: attribute 'extra': a computed attribute cannot have a default"]),
    case("computed-negative-decimals", new_attribute("id: extra", "type: computed", "unit: mm", "expr: width_mm * 2",
                                                     "decimals: -1", "label: {nb: X, en: X}"),
         [f"{Y}:94: attribute 'extra': 'decimals' must be at least 0"]),
    case("computed-unknown-unit", new_attribute("id: extra", "type: computed", "unit: parsec", "expr: width_mm * 2",
                                                "label: {nb: X, en: X}"),
         [f"{Y}:92: attribute 'extra': unknown unit 'parsec' (known: {UNITS_KNOWN})"]),
    case("computed-self-reference", new_attribute("id: extra", "type: computed", "expr: extra + 1",
                                                  "label: {nb: X, en: X}"),
         f"{Y}:92: attribute 'extra': computed attributes depend on each other in a circle: extra -> extra"),
    # ---------------------------------------------------------------- steps
    case("steps-missing", ("steps:\n", "stepz:\n"),
         [f"{Y}:90: unknown field 'stepz' (did you mean 'steps'?)", f"{Y}:1: missing field 'steps'"]),
    case("step-unknown-attribute",
         ("attributes: [window_type, width_mm, height_mm, frame_depth_cm]",
          "attributes: [window_type, width_mm, height_mm, frame_depth]"),
         [f"{Y}:94: step 'size': unknown attribute 'frame_depth' (did you mean 'frame_depth_cm'?)",
          f"{Y}:61: attribute 'frame_depth_cm': 'frame_depth_cm' is in no step; add it to one of the steps"]),
    case("step-unknown-attribute-no-suggestion", ("series_start, tag_count]", "series_start, tag_count, zzz]"),
         [f"{Y}:97: step 'details': unknown attribute 'zzz'"]),
    case("step-computed-attribute", ("series_start, tag_count]", "series_start, tag_count, area_m2]"),
         [f"{Y}:97: step 'details': 'area_m2' is computed and cannot be chosen in a step"]),
    case("step-attribute-twice", ("series_start, tag_count]", "series_start, tag_count, width_mm]"),
         [f"{Y}:97: step 'details': 'width_mm' is already in step 'size'"]),
    case("step-attributes-one-per-line",
         ("attributes: [glazing, escape_window, inside_text, series_start, tag_count]",
          "attributes:\n      - glazing\n      - escape_window\n      - inside_text\n      - seres_start\n"
          "      - tag_count"),
         [f"{Y}:101: step 'details': unknown attribute 'seres_start' (did you mean 'series_start'?)",
          f"{Y}:80: attribute 'series_start': 'series_start' is in no step; add it to one of the steps"]),
    case("step-defined-twice", ("  - id: details\n", "  - id: size\n"),
         [f"{Y}:95: step 'size': 'size' is defined twice",
          f"{Y}:24: attribute 'glazing': 'glazing' is in no step; add it to one of the steps",
          f"{Y}:35: attribute 'escape_window': 'escape_window' is in no step; add it to one of the steps",
          f"{Y}:68: attribute 'inside_text': 'inside_text' is in no step; add it to one of the steps",
          f"{Y}:80: attribute 'series_start': 'series_start' is in no step; add it to one of the steps",
          f"{Y}:85: attribute 'tag_count': 'tag_count' is in no step; add it to one of the steps"]),
    case("step-unknown-field", ("    description: {nb: Velg", "    descripton: {nb: Velg"),
         [f"{Y}:93: step 'size': unknown field 'descripton' (did you mean 'description'?)"]),
    case("step-missing-label", ("    label: {nb: Detaljer, en: Details}\n", ""),
         f"{Y}:95: step 'details': missing field 'label'"),
    case("step-attributes-not-a-list",
         ("attributes: [glazing, escape_window, inside_text, series_start, tag_count]", "attributes: glazing"),
         f"{Y}:97: step 'details': 'attributes' must be a list"),
    # ---------------------------------------------------------------- presets
    case("preset-unknown-attribute", ("{window_type: side_hung, glazing", "{window_typ: side_hung, glazing"),
         [f"{Y}:101: preset 'standard': unknown attribute 'window_typ' (did you mean 'window_type'?)"]),
    case("preset-bad-value", ("width_mm: 1200, frame", "width_mm: 1205, frame"),
         [f"{Y}:101: preset 'standard': '1205' is not a value of 'width_mm'"]),
    case("preset-bad-decimal-value", ("frame_depth_cm: 9.5}", "frame_depth_cm: 9.25}"),
         [f"{Y}:101: preset 'standard': '9.25' is not a value of 'frame_depth_cm'"]),
    case("preset-bad-option", ("glazing: triple, width", "glazing: tripple, width"),
         [f"{Y}:101: preset 'standard': 'tripple' is not a value of 'glazing'"]),
    case("preset-computed", ("frame_depth_cm: 9.5}", "frame_depth_cm: 9.5, area_m2: 1}"),
         [f"{Y}:101: preset 'standard': 'area_m2' is computed and cannot be set"]),
    case("preset-missing-values", ("    values: {window_type: side_hung, glazing: triple, width_mm: 1200, "
                                   "frame_depth_cm: 9.5}\n", ""),
         [f"{Y}:99: preset 'standard': missing field 'values'"]),
    case("preset-values-not-a-mapping", ("    values: {window_type: side_hung, glazing: triple, width_mm: 1200, "
                                         "frame_depth_cm: 9.5}\n", "    values: [side_hung]\n"),
         [f"{Y}:101: preset 'standard': 'values' must be a mapping (name: value)"]),
    case("preset-defined-twice",
         ("\nrules:\n", "\n  - id: standard\n    label: {nb: S, en: S}\n    values: {}\nrules:\n"),
         [f"{Y}:102: preset 'standard': 'standard' is defined twice"]),
    case("preset-unknown-field", ("    label: {nb: Standard, en: Standard}\n",
                                  "    label: {nb: Standard, en: Standard}\n    valuse: {}\n"),
         [f"{Y}:101: preset 'standard': unknown field 'valuse' (did you mean 'values'?)"]),
    # ---------------------------------------------------------------- rules
    case("rule-unknown-attribute", ("require: width_mm >= 500", "require: widht >= 500"),
         [f"{Y}:105: rule 'escape-clear-opening': unknown attribute 'widht' (did you mean 'width_mm'?)"]),
    case("rule-bad-id", ("id: escape-clear-opening", "id: -escape"),
         [f"{Y}:103: 'id' {IDENT} (got '-escape')"]),
    case("rule-defined-twice", ("id: fixed-no-escape", "id: escape-clear-opening"),
         [f"{Y}:107: rule 'escape-clear-opening': 'escape-clear-opening' is defined twice"]),
    case("rule-without-kind", ("    require: width_mm >= 500 and height_mm >= 600\n", ""),
         [f"{Y}:103: rule 'escape-clear-opening': a rule needs exactly one of 'require', 'exclude', 'table' or "
          "'default'"]),
    case("rule-two-kinds", ("    exclude: escape_window\n", "    exclude: escape_window\n    require: true\n"),
         [f"{Y}:107: rule 'fixed-no-escape': a rule needs exactly one of 'require', 'exclude', 'table' or "
          "'default'"]),
    case("rule-unknown-field", ("    when: window_type == fixed", "    wen: window_type == fixed"),
         [f"{Y}:108: rule 'fixed-no-escape': unknown field 'wen' (did you mean 'when'?)"]),
    case("rule-missing-message", ("    message: {nb: Fastkarm kan ikke åpnes., en: A fixed window cannot open.}\n", ""),
         [f"{Y}:107: rule 'fixed-no-escape': missing field 'message'"]),
    case("rule-when-not-boolean", ("when: window_type == fixed", "when: width_mm"),
         [f"{Y}:108: rule 'fixed-no-escape': expected a condition (true/false), got a number in mm"]),
    case("rule-require-not-text", ("require: width_mm >= 500 and height_mm >= 600", "require: [width_mm]"),
         [f"{Y}:105: rule 'escape-clear-opening': 'require' must be an expression"]),
    case("rule-require-number", ("require: width_mm >= 500 and height_mm >= 600", "require: 1200"),
         [f"{Y}:105: rule 'escape-clear-opening': expected a condition (true/false), got a number"]),
    case("rule-unit-mismatch", ("require: width_mm >= 500 and", "require: width_mm >= area_m2 and"),
         [f"{Y}:105: rule 'escape-clear-opening': units do not match: mm >= m2"]),
    case("rule-option-of-other-attribute", ("when: window_type == fixed", "when: window_type == triple"),
         [f"{Y}:108: rule 'fixed-no-escape': 'triple' is not an option of 'window_type' (it is an option of "
          "'glazing')"]),
    case("rule-ordering-on-choice", ("when: window_type == fixed", "when: window_type < fixed"),
         [f"{Y}:108: rule 'fixed-no-escape': a choice can only be compared with == or !=, not <"]),
    case("rule-and-on-numbers", ("require: width_mm >= 500 and height_mm >= 600", "require: width_mm and height_mm"),
         [f"{Y}:105: rule 'escape-clear-opening': 'and' needs true/false values, got a number in mm"]),
    case("rule-text-ordering", ("require: width_mm >= 500 and height_mm >= 600", "require: inside_text > 'A'"),
         [f"{Y}:105: rule 'escape-clear-opening': text can only be compared with == or !=, not >"]),
    case("rule-quote-parameter", ("when: escape_window\n    require", "when: quote.energy_level\n    require"),
         [f"{Y}:104: rule 'escape-clear-opening': quote parameters can only be used in quote rules and prices"]),
    case("rule-aggregate", ("require: width_mm >= 500 and height_mm >= 600", "require: count() > 1"),
         [f"{Y}:105: rule 'escape-clear-opening': 'count' sums over the lines of a quote and can only be used in "
          "quote rules"]),
    case("rule-forbidden-construct", ("require: width_mm >= 500 and height_mm >= 600",
                                      "require: \"__import__('os').system('true')\""),
         [f"{Y}:105: rule 'escape-clear-opening': '__import__('os').system('true')' is not allowed in an "
          "expression"]),
    case("rule-syntax-error", ("require: width_mm >= 500 and height_mm >= 600", "require: width_mm >="),
         [f"{Y}:105: rule 'escape-clear-opening': not a valid expression: invalid syntax"]),
    case("rule-default-not-boolean", ("default: glazing == triple", "default: glazing"),
         [f"{Y}:119: rule 'triple-for-escape': expected a condition (true/false), got choice 'glazing'"]),
    # tables
    case("table-not-a-mapping", ("    table:\n      file: glazing_sizes.csv\n      columns: [window_type, glazing, "
                                 "escape_window, width_mm]\n      mode: allowed\n", "    table: glazing_sizes.csv\n"),
         [f"{Y}:112: rule 'glazing-sizes': 'table' must be a mapping (name: value)"]),
    case("table-unknown-field", ("mode: allowed", "mdoe: allowed"),
         [f"{Y}:115: rule 'glazing-sizes': unknown field 'mdoe' (did you mean 'mode'?)"]),
    case("table-bad-mode", ("mode: allowed", "mode: permitted"),
         [f"{Y}:115: rule 'glazing-sizes': 'mode' must be 'allowed' or 'forbidden' (got 'permitted')"]),
    case("table-missing-file", ("      file: glazing_sizes.csv\n", ""),
         [f"{Y}:113: rule 'glazing-sizes': missing field 'file'"]),
    case("table-file-not-found", ("file: glazing_sizes.csv", "file: glazing_size.csv"),
         [f"{Y}:113: rule 'glazing-sizes': the table file 'glazing_size.csv' was not found"]),
    case("table-file-deleted", remove("glazing_sizes.csv"),
         [f"{Y}:113: rule 'glazing-sizes': the table file 'glazing_sizes.csv' was not found"]),
    case("table-file-is-a-folder", [remove("glazing_sizes.csv"), lambda f: (f / "glazing_sizes.csv").mkdir()],
         [f"{Y}:113: rule 'glazing-sizes': the table file 'glazing_sizes.csv' was not found"]),
    case("table-outside-folder", [write("../x.csv", "window_type\nfixed\n"),
                                  ("file: glazing_sizes.csv", "file: ../x.csv"),
                                  ("columns: [window_type, glazing, escape_window, width_mm]",
                                   "columns: [window_type]")],
         [f"{Y}:113: the table file '../x.csv' is outside the model's folder"]),
    case("table-columns-not-a-list", ("columns: [window_type, glazing, escape_window, width_mm]",
                                      "columns: window_type"),
         [f"{Y}:114: rule 'glazing-sizes': 'columns' must be a list of attributes"]),
    case("table-columns-empty", ("columns: [window_type, glazing, escape_window, width_mm]", "columns: []"),
         [f"{Y}:114: rule 'glazing-sizes': 'columns' must be a list of attributes"]),
    case("table-column-not-in-header", ("escape_window, width_mm]", "escape_window, width_mm, height_mm]"),
         [f"{CSV}:1: rule 'glazing-sizes': the header of 'glazing_sizes.csv' has no column 'height_mm'; its "
          "columns are: window_type, glazing, escape_window, width_mm"]),
    case("table-header-typo", ("glazing_sizes.csv", "escape_window,width_mm", "escape_window,widht_mm"),
         [f"{CSV}:1: rule 'glazing-sizes': the header of 'glazing_sizes.csv' has no column 'width_mm' (did you mean "
          "'widht_mm'?); its columns are: window_type, glazing, escape_window, widht_mm"]),
    case("table-column-unknown-attribute",
         [("glazing_sizes.csv", "escape_window,width_mm", "escape_window,widht_mm"),
          ("escape_window, width_mm]", "escape_window, widht_mm]")],
         [f"{Y}:114: rule 'glazing-sizes': unknown attribute 'widht_mm' (did you mean 'width_mm'?)"]),
    case("table-header-unknown-attribute-without-columns",
         [("glazing_sizes.csv", "escape_window,width_mm", "escape_window,widht_mm"),
          ("      columns: [window_type, glazing, escape_window, width_mm]\n", "")],
         [f"{CSV}:1: rule 'glazing-sizes': the header of 'glazing_sizes.csv' names the column 'widht_mm', which is "
          "not an attribute (did you mean 'width_mm'?); its columns are: window_type, glazing, escape_window, "
          "widht_mm"]),
    case("table-column-not-tabular",
         [("glazing_sizes.csv", "escape_window,width_mm", "escape_window,inside_text"),
          ("escape_window, width_mm]", "escape_window, inside_text]")],
         [f"{Y}:114: rule 'glazing-sizes': 'inside_text' cannot be a table column: only choices, booleans and numbers "
          "can"]),
    case("table-bad-choice-cell", ("glazing_sizes.csv", "side_hung,triple,*,1200", "side_hung,tripel,*,1200"),
         [f"{CSV}:3: rule 'glazing-sizes': 'tripel' in column 'glazing' of 'glazing_sizes.csv' is not a value of "
          "'glazing'"]),
    case("table-bad-boolean-cell", ("glazing_sizes.csv", "fixed,*,false,*", "fixed,*,no,*"),
         [f"{CSV}:2: rule 'glazing-sizes': 'no' in column 'escape_window' of 'glazing_sizes.csv' is not a value of "
          "'escape_window'"]),
    case("table-number-off-step", ("glazing_sizes.csv", "side_hung,triple,false,800", "side_hung,triple,false,805"),
         [f"{CSV}:5: rule 'glazing-sizes': '805' in column 'width_mm' of 'glazing_sizes.csv' is not a value of "
          "'width_mm'"]),
    case("table-number-not-a-number", ("glazing_sizes.csv", "side_hung,triple,false,800", "side_hung,triple,false,NaN"),
         [f"{CSV}:5: rule 'glazing-sizes': 'NaN' in column 'width_mm' of 'glazing_sizes.csv' is not a value of "
          "'width_mm'"]),
    case("table-empty-cell", ("glazing_sizes.csv", "side_hung,triple,false,800", "side_hung,,false,800"),
         [f"{CSV}:5: rule 'glazing-sizes': '' in column 'glazing' of 'glazing_sizes.csv' is not a value of "
          "'glazing'"]),
    case("table-blank-lines-keep-line-numbers",
         ("glazing_sizes.csv", "fixed,*,false,*\n", "fixed,*,false,*\n\n , ,,\nsliding,*,*,*\n"),
         [f"{CSV}:5: rule 'glazing-sizes': 'sliding' in column 'window_type' of 'glazing_sizes.csv' is not a value "
          "of 'window_type'"]),
    case("table-many-bad-rows",
         write("glazing_sizes.csv", "window_type,glazing,escape_window,width_mm\n" + "sliding,*,*,*\n" * 23),
         [f"{CSV}:{n}: rule 'glazing-sizes': 'sliding' in column 'window_type' of 'glazing_sizes.csv' is not a value "
          "of 'window_type'" for n in range(2, 22)]
         + [f"{CSV}:1: rule 'glazing-sizes': 3 more wrong rows in 'glazing_sizes.csv' not shown"]),
    case("csv-ragged-row", ("glazing_sizes.csv", "side_hung,triple,*,1200", "side_hung,triple,*"),
         [f"{CSV}:3: this row has 3 cells but the header has 4"]),
    case("csv-empty", write("glazing_sizes.csv", ""), [f"{CSV}:1: the table has no header row"]),
    case("csv-blank", write("glazing_sizes.csv", "\n , \n"), [f"{CSV}:1: the table has no header row"]),
    case("csv-duplicate-header", ("glazing_sizes.csv", "escape_window,width_mm", "escape_window,glazing"),
         [f"{CSV}:1: the header names a column twice"]),
    case("csv-syntax", ("glazing_sizes.csv", "side_hung,triple,*,1200", 'side_hung,"triple"x,*,1200'),
         [f"{CSV}:3: not valid CSV: ',' expected after '\"'"]),
    case("csv-not-utf8", write("glazing_sizes.csv", b"window_type,glazing,escape_window,width_mm\nfixed,*,false,*\n"
                                                    b"side_hung,tr\xffple,*,*\n"),
         [f"{CSV}:3: the file is not UTF-8 text"]),
    case("csv-too-large", write("glazing_sizes.csv", b"#" * (20 * 1024 * 1024 + 1)),
         [f"{CSV}: the file is too large (more than 20971520 bytes)"]),
    # ---------------------------------------------------------------- quote parameters and rules
    case("quote-parameter-bad-type", ("    type: boolean\n    label: {nb: Energitiltak",
                                      "    type: text\n    label: {nb: Energitiltak"),
         f"{Y}:123: quote parameter 'energy_level': a quote parameter is a choice, boolean, integer or decimal (got "
         "'text')"),
    case("quote-parameter-defined-twice", ("quote_rules:\n", "  - id: energy_level\n    type: boolean\n"
                                                            "    label: {nb: E, en: E}\nquote_rules:\n"),
         [f"{Y}:126: quote parameter 'energy_level': quote parameter 'energy_level' is defined twice"]),
    case("quote-parameter-unknown-field", ("    default: false\nquote_rules", "    price: 100\nquote_rules"),
         [f"{Y}:125: quote parameter 'energy_level': unknown field 'price' (expected one of: id, type, label, "
          "description, help, default, key)"]),
    case("quote-parameter-bad-default", ("    default: false\nquote_rules", "    default: 0\nquote_rules"),
         [f"{Y}:125: quote parameter 'energy_level': the default '0' is not a value of 'energy_level'"]),
    case("quote-rule-unknown-parameter", ("when: quote.energy_level", "when: quote.energy_levle"),
         [f"{Y}:128: quote rule 'energy-average-u': unknown quote parameter 'energy_levle' (did you mean "
          "'energy_level'?)"]),
    case("quote-rule-missing-require", ("    require: avg(u_window, weight=area_m2) <= 0.80\n", ""),
         [f"{Y}:127: quote rule 'energy-average-u': a quote rule needs exactly one of 'require' or 'exclude'"]),
    case("quote-rule-require-and-exclude", ("    require: avg(u_window, weight=area_m2) <= 0.80\n",
                                            "    require: avg(u_window, weight=area_m2) <= 0.80\n"
                                            "    exclude: count_distinct(glazing) > 1\n"),
         [f"{Y}:127: quote rule 'energy-average-u': a quote rule needs exactly one of 'require' or 'exclude'"]),
    case("quote-rule-unknown-field", ("    require: avg(u_window, weight=area_m2) <= 0.80\n",
                                      "    requier: avg(u_window, weight=area_m2) <= 0.80\n"),
         [f"{Y}:129: quote rule 'energy-average-u': unknown field 'requier' (did you mean 'require'?)",
          f"{Y}:127: quote rule 'energy-average-u': a quote rule needs exactly one of 'require' or 'exclude'"]),
    case("quote-rule-all-equal-two-arguments",
         ("avg(u_window, weight=area_m2) <= 0.80", "all_equal(glazing, u_window)"),
         [f"{Y}:129: quote rule 'energy-average-u': 'all_equal' takes exactly one argument"]),
    case("quote-rule-count-distinct-is-a-number",
         ("avg(u_window, weight=area_m2) <= 0.80", "count_distinct(glazing)"),
         [f"{Y}:129: quote rule 'energy-average-u': expected a condition (true/false), got a number"]),
    case("quote-rule-aggregate-weight-on-sum", ("avg(u_window, weight=area_m2)", "sum(u_window, weight=area_m2)"),
         [f"{Y}:129: quote rule 'energy-average-u': only avg takes a named argument, weight="]),
    case("quote-rule-defined-twice", ("pricing:\n", "  - id: energy-average-u\n    require: count() > 0\n"
                                                    "    message: {nb: M, en: M}\npricing:\n"),
         [f"{Y}:131: quote rule 'energy-average-u': 'energy-average-u' is defined twice"]),
    # ---------------------------------------------------------------- pricing
    case("pricing-missing", ("pricing:\n", "prices:\n"),
         [f"{Y}:131: unknown field 'prices' (did you mean 'pricing'?)", f"{Y}:1: missing field 'pricing'"]),
    case("pricing-unknown-field", ("  minimum: 2500.00", "  minimun: 2500.00"),
         [f"{Y}:139: pricing: unknown field 'minimun' (did you mean 'minimum'?)"]),
    case("pricing-missing-base", ("  base: {rate: 6200, per: area_m2}\n", ""),
         [f"{Y}:132: pricing: missing field 'base'"]),
    case("pricing-base-percent", ("base: {rate: 6200, per: area_m2}", "base: {percent: 10}"),
         [f"{Y}:132: pricing: the base price cannot be a percentage"]),
    case("pricing-base-bad-form", ("base: {rate: 6200, per: area_m2}", "base: cheap"),
         [f"{Y}:132: pricing: 'base' {PRICE_FORMS}"]),
    case("pricing-base-rate-without-per", ("base: {rate: 6200, per: area_m2}", "base: {rate: 6200}"),
         [f"{Y}:132: pricing: 'base' {PRICE_FORMS}"]),
    case("pricing-rate-per-unknown", ("base: {rate: 6200, per: area_m2}", "base: {rate: 6200, per: area}"),
         [f"{Y}:132: pricing: unknown attribute 'area' (did you mean 'area_m2'?)"]),
    case("pricing-rate-three-decimals", ("base: {rate: 6200, per: area_m2}", "base: {rate: 6200.125, per: area_m2}"),
         [f"{Y}:132: pricing: 'rate' is an amount in kroner with at most two decimals"]),
    case("pricing-minimum-three-decimals", ("minimum: 2500.00", "minimum: 2500.001"),
         [f"{Y}:139: pricing: 'minimum' is an amount in kroner with at most two decimals"]),
    case("pricing-minimum-not-a-number", ("minimum: 2500.00", "minimum: lots"),
         [f"{Y}:139: pricing: 'minimum' must be a number (got 'lots')"]),
    case("pricing-formula-not-kroner", ("ceil(tag_count / 50)", "ceil(area_m2)"),
         [f"{Y}:138: surcharge 'deep-frame': a price formula must give kroner, not m2"]),
    case("pricing-formula-not-number", ('{formula: "120 * ceil(tag_count / 50)"}', "{formula: escape_window}"),
         [f"{Y}:138: surcharge 'deep-frame': expected a number, got true/false"]),
    case("surcharge-missing-price", ('      price: {formula: "120 * ceil(tag_count / 50)"}\n', ""),
         [f"{Y}:135: surcharge 'deep-frame': missing field 'price'"]),
    case("surcharge-missing-label", ("      label: {nb: Dyp karm, en: Deep frame}\n", ""),
         [f"{Y}:135: surcharge 'deep-frame': missing field 'label'"]),
    case("surcharge-bad-id", ("id: deep-frame", "id: -deep"), [f"{Y}:135: pricing: 'id' {IDENT} (got '-deep')"]),
    case("surcharge-unknown-field", ("      when: frame_depth_cm > 10", "      if: frame_depth_cm > 10"),
         [f"{Y}:137: surcharge 'deep-frame': unknown field 'if' (expected one of: id, label, when, price, "
          "show_on_quote)"]),
    case("surcharge-defined-twice", ("  minimum: 2500.00\n", "    - id: deep-frame\n      label: {nb: D, en: D}\n"
                                                             "      price: 100\n  minimum: 2500.00\n"),
         [f"{Y}:139: surcharge 'deep-frame': 'deep-frame' is defined twice"]),
    case("surcharge-when-not-boolean", ("when: frame_depth_cm > 10", "when: frame_depth_cm"),
         [f"{Y}:137: surcharge 'deep-frame': expected a condition (true/false), got a number in cm"]),
    case("quantity-break-too-small", ("{min_quantity: 10, percent: 5}", "{min_quantity: 1, percent: 5}"),
         [f"{Y}:141: pricing: 'min_quantity' must be at least 2"]),
    case("quantity-break-fraction", ("{min_quantity: 10, percent: 5}", "{min_quantity: 10.5, percent: 5}"),
         [f"{Y}:141: pricing: 'min_quantity' must be a whole number"]),
    case("quantity-break-percent-above-100", ("{min_quantity: 10, percent: 5}", "{min_quantity: 10, percent: 105}"),
         [f"{Y}:141: pricing: 'percent' must be between 0 and 100"]),
    case("quantity-break-percent-negative", ("{min_quantity: 10, percent: 5}", "{min_quantity: 10, percent: -5}"),
         [f"{Y}:141: pricing: 'percent' must be at least 0"]),
    case("quantity-breaks-out-of-order", ("{min_quantity: 50, percent: 10}", "{min_quantity: 10, percent: 10}"),
         [f"{Y}:142: pricing: quantity breaks must be in increasing order"]),
    case("quantity-break-unknown-field", ("{min_quantity: 10, percent: 5}", "{min_quantity: 10, percent: 5, max: 1}"),
         [f"{Y}:141: pricing: unknown field 'max' (expected one of: min_quantity, percent)"]),
    case("quantity-breaks-not-a-list", ("  quantity_breaks:\n    - {min_quantity: 10, percent: 5}\n"
                                        "    - {min_quantity: 50, percent: 10}\n", "  quantity_breaks: 10\n"),
         [f"{Y}:140: pricing: 'quantity_breaks' must be a list"]),
    case("early-discounts-out-of-order", ("before: 2027-01-20", "before: 2026-11-01"),
         [f"{Y}:145: pricing: early-order discounts must be in date order"]),
    case("early-discount-bad-date", ("before: 2027-01-20", "before: 2027-02-30"),
         [f"{Y}:145: pricing: 'before' must be a date like 2026-09-01 (got '2027-02-30')"]),
    case("early-discount-missing-percent", ("{before: 2027-01-20, percent: 20}", "{before: 2027-01-20}"),
         [f"{Y}:145: pricing: missing field 'percent'"]),
    # ---------------------------------------------------------------- production
    case("production-unknown-field", ("  bom:\n", "  boms:\n"),
         [f"{Y}:162: production: unknown field 'boms' (did you mean 'bom'?)"]),
    case("production-not-a-mapping", replace_tail("production:", "production: [tags]\n"),
         [f"{Y}:146: production: 'production' must be a mapping (name: value)"]),
    case("production-item-not-a-mapping", ("  cut_list:\n", "  cut_list:\n    - frame-head\n"),
         [f"{Y}:170: production: '0' must be a mapping (name: value)"]),
    case("production-item-bad-id", ("id: tags", "id: _tags"), [f"{Y}:148: production: 'id' {IDENT} (got '_tags')"]),
    case("production-item-defined-twice", ("id: marking", "id: tags"),
         [f"{Y}:154: production item 'tags': 'tags' is defined twice"]),
    case("production-field-unknown-type", ("type: number_series", "type: serial"),
         [f"{Y}:149: production item 'tags': unknown field type 'serial' (expected one of: number_series, text, "
          "integer, delivery_week)"]),
    case("production-series-start-not-integer", ("start: series_start", "start: glazing"),
         [f"{Y}:151: production item 'tags': 'start' must name an integer or computed number (got 'glazing')"]),
    case("production-series-count-unknown", ("count: tag_count", "count: tags_count"),
         [f"{Y}:152: production item 'tags': 'count' must name an integer or computed number (got 'tags_count')"]),
    case("production-series-digits", ("digits: 5", "digits: 0"),
         [f"{Y}:153: production item 'tags': 'digits' must be at least 1"]),
    case("production-series-unknown-field", ("digits: 5", "digts: 5"),
         [f"{Y}:153: production item 'tags': unknown field 'digts' (did you mean 'digits'?)",
          f"{Y}:148: production item 'tags': missing field 'digits'"]),
    case("production-integer-field-text", ('value: "0 if window_type == fixed else 1"', "value: inside_text"),
         [f"{Y}:161: production item 'sash-count': expected a number, got text"]),
    case("production-field-missing-value", ("      value: inside_text\n", ""),
         [f"{Y}:154: production item 'marking': missing field 'value'"]),
    case("production-field-missing-label", ("      label: {nb: Merking, en: Marking}\n", ""),
         [f"{Y}:154: production item 'marking': missing field 'label'"]),
    case("bom-unknown-unit", ("      unit: m\n", "      unit: furlong\n"),
         [f"{Y}:166: production item 'frame-timber': unknown unit 'furlong' (known: mm, m, m2, l, kg, pcs, ...)"]),
    case("bom-quantity-not-number", ("quantity: 2 * (width_mm + height_mm) / 1000", "quantity: escape_window"),
         [f"{Y}:167: production item 'frame-timber': expected a number, got true/false"]),
    case("bom-unknown-field", ("      item: FURU-56x115\n", "      article: FURU-56x115\n"),
         [f"{Y}:164: production item 'frame-timber': unknown field 'article' (expected one of: id, item, label, "
          "unit, quantity, when)",
          f"{Y}:163: production item 'frame-timber': missing field 'item'"]),
    case("cut-length-not-mm", ("length: width_mm - 2 * 10", "length: area_m2"),
         [f"{Y}:173: production item 'frame-head': a cut length must be a length in mm, not m2"]),
    case("cut-count-not-number", ("count: 2\n", "count: glazing == triple\n"),
         [f"{Y}:174: production item 'frame-head': expected a number, got true/false"]),
    case("cut-missing-material", ("      material: FURU-56x115\n", ""),
         [f"{Y}:170: production item 'frame-head': missing field 'material'"]),
    # ---------------------------------------------------------------- preview
    case("preview-missing-kind", ("  kind: layers\n", ""), [f"{Y}:176: preview: missing field 'kind'"]),
    case("preview-bad-kind", ("kind: layers", "kind: sketch"),
         [f"{Y}:176: preview: 'kind' must be 'layers', 'drawing' or 'shapes' (got 'sketch')"]),
    case("preview-bad-size", ("size: [240, 160]", "size: [240, 8]"),
         [f"{Y}:177: preview: 'size' must be [width, height] in pixels, each 16 to 4096"]),
    case("preview-size-not-a-list", ("size: [240, 160]", "size: 240x160"),
         [f"{Y}:177: preview: 'size' must be [width, height] in pixels, each 16 to 4096"]),
    case("preview-not-a-mapping", replace_tail("preview:", "preview: layers\n"),
         [f"{Y}:175: preview: 'preview' must be a mapping (name: value)"]),
    case("preview-missing-layers", replace_tail("preview:", "preview:\n  kind: layers\n"),
         [f"{Y}:176: preview: missing field 'layers'"]),
    case("preview-layer-unknown-field", ("tint: window_type", "tnit: window_type"),
         [f"{Y}:182: preview: unknown field 'tnit' (did you mean 'tint'?)"]),
    case("preview-layer-missing-image", ("    - image: images/fixed.png\n      when", "    - when"),
         [f"{Y}:180: preview: missing field 'image'"]),
    case("preview-layer-when-not-boolean", ("when: escape_window\n      tint", "when: glazing\n      tint"),
         [f"{Y}:181: preview: expected a condition (true/false), got choice 'glazing'"]),
    case("preview-tint-not-a-choice", ("tint: window_type", "tint: escape_window"),
         [f"{Y}:182: preview: 'tint' must name a choice whose options have colours (got 'escape_window')"]),
    case("preview-tint-without-colours", ("tint: window_type", "tint: glazing"),
         [f"{Y}:182: preview: every option of 'glazing' needs a 'colour' to tint with"]),
    case("preview-unknown-drawing", replace_tail("preview:", "preview:\n  kind: drawing\n  drawing: house\n"),
         [f"{Y}:177: preview: unknown drawing 'house' (known: window, chair, ear_tag, chimney_cap)"]),
    case("preview-drawing-bad-parameter",
         replace_tail("preview:", "preview:\n  kind: drawing\n  drawing: window\n  parameters:\n    width: widht_mm\n"),
         [f"{Y}:179: preview: unknown attribute 'widht_mm' (did you mean 'width_mm'?)"]),
    case("preview-drawing-parameters-not-a-mapping",
         replace_tail("preview:", "preview:\n  kind: drawing\n  drawing: window\n  parameters: [width_mm]\n"),
         [f"{Y}:178: preview: 'parameters' must be a mapping (name: value)"]),
    case("preview-drawing-unknown-field",
         replace_tail("preview:", "preview:\n  kind: drawing\n  drawing: window\n  layers: []\n"),
         [f"{Y}:178: preview: unknown field 'layers' (expected one of: kind, size, drawing, parameters)"]),
]

@pytest.mark.parametrize(("edits", "expected"), CASES)
def test_broken_model(model_dir: Path, edits: list[Edit], expected: str | list[str]) -> None:
    apply_edits(model_dir, edits)
    errors = load_errors(model_dir)
    if isinstance(expected, str):
        assert expected in errors
    else:
        assert errors == expected


def test_base_model_is_valid(model_dir: Path) -> None:
    """Every case above starts from a model that loads."""
    assert load_model(model_dir).model.family == "base"


def test_model_file_path_given_directly(model_dir: Path) -> None:
    apply_edits(model_dir, [("require: width_mm >= 500", "require: widht >= 500")])
    with pytest.raises(ModelErrors) as info:
        load_model(model_dir / "base.yaml")
    assert str(info.value) == (f"{Y}:105: rule 'escape-clear-opening': unknown attribute 'widht' "
                               "(did you mean 'width_mm'?)")


def test_missing_path(model_dir: Path) -> None:
    with pytest.raises(ModelErrors) as info:
        load_model("nope")
    assert info.value.render("en") == "nope: no such file or folder"


def test_path_outside_working_folder_is_shown_absolute(tmp_path: Path, model_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    apply_edits(model_dir, [("require: width_mm >= 500", "require: widht >= 500")])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    errors = load_errors(model_dir)
    assert errors == [f"{model_dir.resolve() / 'base.yaml'}:105: rule 'escape-clear-opening': unknown attribute "
                      "'widht' (did you mean 'width_mm'?)"]


# ------------------------------------------------------------------ many errors at once


def test_all_errors_are_reported_together(model_dir: Path) -> None:
    apply_edits(model_dir, [
        ('colour: "#c8d8e0"', 'colour: "#c8d8e"'),
        ("default: 1200", "default: 1205"),
        ("width_mm: 1200, frame", "width_mm: 1205, frame"),
        ("require: width_mm >= 500", "require: widht >= 500"),
        ("glazing_sizes.csv", "side_hung,triple,*,1200", "side_hung,tripel,*,1200"),
        ("glazing_sizes.csv", "side_hung,double,true,*", "side_hung,double,maybe,*"),
        ("size: [240, 160]", "size: [240, 8]"),
        ("{min_quantity: 50, percent: 10}", "{min_quantity: 10, percent: 10}"),
        ("digits: 5", "digits: 0"),
    ])
    assert load_errors(model_dir) == [
        f"{Y}:18: option 'fixed' of 'window_type': 'colour' must be a colour like #1a2b3c",
        f"{Y}:52: attribute 'width_mm': the default '1205' is not a value of 'width_mm'",
        f"{Y}:101: preset 'standard': '1205' is not a value of 'width_mm'",
        f"{Y}:105: rule 'escape-clear-opening': unknown attribute 'widht' (did you mean 'width_mm'?)",
        f"{CSV}:3: rule 'glazing-sizes': 'tripel' in column 'glazing' of 'glazing_sizes.csv' is not a value of "
        "'glazing'",
        f"{CSV}:4: rule 'glazing-sizes': 'maybe' in column 'escape_window' of 'glazing_sizes.csv' is not a value of "
        "'escape_window'",
        f"{Y}:142: pricing: quantity breaks must be in increasing order",
        f"{Y}:153: production item 'tags': 'digits' must be at least 1",
        f"{Y}:177: preview: 'size' must be [width, height] in pixels, each 16 to 4096",
    ]


def test_errors_in_several_attributes_are_all_reported(model_dir: Path) -> None:
    apply_edits(model_dir, [
        new_attribute("id: extra_a", "type: integer", "min: 10", "max: 5", "label: {nb: X, en: X}"),
        ("steps:\n", "  - id: extra_b\n    type: text\n    pattern: '('\n    label: {nb: X, en: X}\nsteps:\n"),
    ])
    assert load_errors(model_dir) == [
        f"{Y}:93: attribute 'extra_a': 'max' (5) is less than 'min' (10)",
        f"{Y}:97: attribute 'extra_b': 'pattern' is not a valid regular expression: missing ), unterminated "
        "subpattern at position 0",
    ]


def test_csv_error_and_yaml_errors_are_reported_together(model_dir: Path) -> None:
    apply_edits(model_dir, [
        ("glazing_sizes.csv", "side_hung,triple,*,1200", "side_hung,triple,*"),
        ("require: width_mm >= 500", "require: widht >= 500"),
    ])
    errors = load_errors(model_dir)
    assert f"{CSV}:3: this row has 3 cells but the header has 4" in errors
    assert (f"{Y}:105: rule 'escape-clear-opening': unknown attribute 'widht' (did you mean 'width_mm'?)"
            in errors)


# ------------------------------------------------------------------ consequences of one mistake


def test_an_invalid_attribute_is_not_reported_as_unknown_where_it_is_used(model_dir: Path) -> None:
    """One mistake in an attribute's definition gives one error: the steps, presets, rules, prices and
    production that use the (defined, but invalid) attribute must not call it unknown."""
    apply_edits(model_dir, [("    max: 2400\n", "    max: 300\n")])
    assert load_errors(model_dir) == [f"{Y}:50: attribute 'width_mm': 'max' (300) is less than 'min' (400)"]


def test_a_cycle_does_not_make_other_computed_attributes_unknown(model_dir: Path) -> None:
    """A circle between two new computed attributes says so once; area_m2 and u_window are still known."""
    apply_edits(model_dir, [
        new_attribute("id: cyc_a", "type: computed", "expr: cyc_b + 1", "label: {nb: X, en: X}"),
        ("steps:\n", "  - id: cyc_b\n    type: computed\n    expr: cyc_a + 1\n    label: {nb: X, en: X}\nsteps:\n"),
    ])
    errors = load_errors(model_dir)
    assert len(errors) == 1, errors
    assert errors[0] in (
        f"{Y}:92: attribute 'cyc_a': computed attributes depend on each other in a circle: cyc_a -> cyc_b -> cyc_a",
        f"{Y}:96: attribute 'cyc_b': computed attributes depend on each other in a circle: cyc_b -> cyc_a -> cyc_b",
    )


# ------------------------------------------------------------------ numbers a Decimal cannot handle


@pytest.mark.parametrize(
    "edit",
    [
        ("minimum: 2500.00", "minimum: 1e30"),
        ("price: 450.50", "price: 1e30"),
        ("base: {rate: 6200, per: area_m2}", "base: {rate: 1e40, per: area_m2}"),
        ("    max: 2400\n", "    max: 1e9999999\n"),
        ("    min: 8.5\n", "    min: -1e9999999\n"),
        ("    step: 0.5\n", "    step: 1e-9999999\n"),
        ("values: {u_glass: 1.10}", "values: {u_glass: 1e9999999}"),
        ("{min_quantity: 50, percent: 10}", "{min_quantity: 50, percent: 1e-9999999}"),
        ("width_mm: 1200, frame", "width_mm: 1e9999999, frame"),
        ("default: 1200", "default: 1.00000000000000000000000000000000001e3"),
        ("size: [240, 160]", "size: [240, " + "9" * 5000 + "]"),
        ("require: width_mm >= 500", "require: width_mm >= 1e999999 * 1e999999"),
        ("require: width_mm >= 500", "require: width_mm >= 0x1F4"),
    ],
    ids=["minimum-1e30", "price-1e30", "rate-1e40", "max-huge", "min-huge", "step-tiny", "option-value-huge",
         "percent-tiny", "preset-huge", "default-long", "size-5000-digits", "expr-overflow", "expr-hex"],
)
def test_extreme_numbers_give_model_errors(model_dir: Path, edit: tuple[str, str]) -> None:
    """Out-of-range numbers are model errors (or accepted), never a decimal/ValueError crash."""
    apply_edits(model_dir, [edit])
    try:
        load_model(model_dir)
    except ModelErrors as exc:
        assert all(e.file.startswith("base/") for e in exc.errors)


# ------------------------------------------------------------------ Norwegian


def _nb() -> dict[str, str]:
    with (CATALOGUE_DIR / "nb.po").open("rb") as handle:
        catalogue = read_po(handle, locale="nb")
    return {str(m.id): str(m.string) for m in catalogue if m.id and m.string and not m.fuzzy}


NB_CASES = [
    pytest.param([("require: width_mm >= 500", "require: widht >= 500")], f"{Y}:105",
                 ("rule '{id}'", {"id": "escape-clear-opening"}),
                 ("unknown attribute '{name}' (did you mean '{suggestion}'?)", {"name": "widht",
                                                                                 "suggestion": "width_mm"}),
                 id="unknown-attribute"),
    pytest.param([("glazing_sizes.csv", "side_hung,triple,*,1200", "side_hung,tripel,*,1200")], f"{CSV}:3",
                 ("rule '{id}'", {"id": "glazing-sizes"}),
                 ("'{value}' in column '{column}' of '{file}' is not a value of '{id}'",
                  {"value": "tripel", "column": "glazing", "file": "glazing_sizes.csv", "id": "glazing"}),
                 id="bad-cell"),
    pytest.param([("file: glazing_sizes.csv", "file: nope.csv")], f"{Y}:113",
                 ("rule '{id}'", {"id": "glazing-sizes"}),
                 ("the table file '{file}' was not found", {"file": "nope.csv"}), id="table-not-found"),
    pytest.param([("version: \"2026.1\"\n", "version: \"2026.1\"\nfamily: base\n")], f"{Y}:4", None,
                 ("duplicate key '{key}' (first at line {first})", {"key": "family", "first": 2}),
                 id="duplicate-key"),
    pytest.param([("    max: 2400\n", "    max: 300\n")], f"{Y}:50", ("attribute '{id}'", {"id": "width_mm"}),
                 ("'max' ({maximum}) is less than 'min' ({minimum})", {"maximum": 300, "minimum": 400}),
                 id="max-below-min"),
]


@pytest.mark.parametrize(("edits", "location", "where", "message"), NB_CASES)
def test_norwegian_messages(model_dir: Path, edits: list[Edit], location: str,
                            where: tuple[str, dict[str, Any]] | None, message: tuple[str, dict[str, Any]]) -> None:
    apply_edits(model_dir, edits)
    with pytest.raises(ModelErrors) as info:
        load_model(model_dir)
    first = info.value.errors[0]
    rendered = first.render("nb")
    assert rendered.startswith(location + ": ")
    catalogue = _nb()
    needed = [message[0], "{where}: {message}"] + ([where[0]] if where else [])
    if not all(msgid in catalogue for msgid in needed):
        return  # not translated yet: rendering must merely work
    text = catalogue[message[0]].format(**message[1])
    if where is not None:
        text = catalogue["{where}: {message}"].format(where=catalogue[where[0]].format(**where[1]), message=text)
    assert rendered == f"{location}: {text}"
    assert rendered != first.render("en")


def test_every_error_renders_in_both_languages(model_dir: Path) -> None:
    apply_edits(model_dir, [
        ('colour: "#c8d8e0"', 'colour: "#c8d8e"'),
        ("default: 1200", "default: 1205"),
        ("size: [240, 160]", "size: [240, 8]"),
        ("glazing_sizes.csv", "side_hung,triple,*,1200", "side_hung,tripel,*,1200"),
    ])
    with pytest.raises(ModelErrors) as info:
        load_model(model_dir)
    nb = info.value.render("nb").splitlines()
    en = info.value.render("en").splitlines()
    assert len(nb) == len(en) == 4
    for nb_line, en_line in zip(nb, en, strict=True):
        assert nb_line.split(": ", 1)[0] == en_line.split(": ", 1)[0]  # same file:line
