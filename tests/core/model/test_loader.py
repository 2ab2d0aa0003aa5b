"""Loading the valid base model: the ProductModel it gives, its source hash, the stored document, the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.cli import main
from configurator.core.i18n import Text
from configurator.core.model import schema as s
from configurator.core.model.errors import ModelErrors
from configurator.core.model.expr import Env, Kind, evaluate
from configurator.core.model.loader import (
    LoadedModel,
    check_models,
    dump_document,
    load_document,
    load_model,
    model_folders,
    model_from_document,
)
from tests.helpers.model_kit import BASE, ROOT, edit_file

D = Decimal


@pytest.fixture(scope="module")
def loaded() -> LoadedModel:
    return load_model(BASE)


@pytest.fixture(scope="module")
def model(loaded: LoadedModel) -> s.ProductModel:
    return loaded.model


# ------------------------------------------------------------------ the model


def test_header(model: s.ProductModel) -> None:
    assert model.family == "base"
    assert model.version == "2026.1"
    assert model.effective == date(2026, 9, 1)
    assert model.name == Text(nb="Testvindu", en="Test window")
    assert model.description == Text(nb="Et lite testprodukt", en="A small test product")
    assert model.manufacturer == "Testfabrikken AS"
    assert model.illustrative == Text(nb="Alt er oppdiktet", en="Everything is invented")


def test_attributes_keep_the_authors_order(model: s.ProductModel) -> None:
    assert [a.id for a in model.attributes] == [
        "window_type", "glazing", "escape_window", "u_window", "width_mm", "height_mm", "frame_depth_cm",
        "inside_text", "area_m2", "series_start", "tag_count",
    ]
    assert [a.id for a in model.chosen_attributes] == [
        "window_type", "glazing", "escape_window", "width_mm", "height_mm", "frame_depth_cm", "inside_text",
        "series_start", "tag_count",
    ]


def test_choice_attribute(model: s.ProductModel) -> None:
    window_type = model.attribute("window_type")
    assert window_type.type == s.CHOICE
    assert window_type.label == Text(nb="Vindustype", en="Window type")
    assert window_type.default == "side_hung"
    assert window_type.domain() == ["fixed", "side_hung"]
    assert window_type.domain_size() == 2
    fixed, side_hung = window_type.options
    assert fixed == s.Option(id="fixed", label=Text("Fastkarm", "Fixed"), image="images/fixed.png", colour="#c8d8e0",
                             price=s.PriceEffect("amount", amount=D(0)))
    assert side_hung.price == s.PriceEffect("rate", amount=D(850), per="area_m2")
    assert side_hung.image is None
    assert window_type.option("side_hung") is side_hung
    assert window_type.option("nope") is None
    assert window_type.accepts("fixed") and not window_type.accepts("nope") and not window_type.accepts(1)


def test_option_values_are_exact(model: s.ProductModel) -> None:
    glazing = model.attribute("glazing")
    assert glazing.default is None
    double, triple = glazing.options
    assert double.values == {"u_glass": D("1.10")}
    assert str(double.values["u_glass"]) == "1.10"
    assert triple.values == {"u_glass": D("0.60")}
    assert double.price is None
    assert triple.price == s.PriceEffect("percent", amount=D(12))
    assert model.option_values()["glazing"] == {"double": {"u_glass": D("1.10")}, "triple": {"u_glass": D("0.60")}}


def test_boolean_attribute(model: s.ProductModel) -> None:
    escape = model.attribute("escape_window")
    assert escape.type == s.BOOLEAN
    assert escape.default is False
    assert escape.price == s.PriceEffect("amount", amount=D("450.50"))
    assert escape.domain() == [False, True]
    assert escape.accepts(True) and not escape.accepts(1)


def test_numeric_attributes(model: s.ProductModel) -> None:
    width = model.attribute("width_mm")
    assert (width.type, width.unit, width.minimum, width.maximum, width.step) == (s.INTEGER, "mm", 400, 2400, 10)
    assert width.default == 1200
    assert width.required is True
    assert width.domain_size() == 201
    assert width.domain()[:3] == [400, 410, 420]
    assert width.accepts(1200) and not width.accepts(1205) and not width.accepts(2410) and not width.accepts(True)

    depth = model.attribute("frame_depth_cm")
    assert (depth.type, depth.unit) == (s.DECIMAL, "cm")
    assert depth.domain() == [D("8.5"), D("9.0"), D("9.5"), D("10.0"), D("10.5"), D("11.0"), D("11.5"), D("12.0")]
    assert depth.accepts(D("9.5")) and depth.accepts(9) and not depth.accepts(D("9.25"))

    series = model.attribute("series_start")
    assert (series.unit, series.step, series.domain_size()) == ("1", D(1), 9999)


def test_text_attribute(model: s.ProductModel) -> None:
    text = model.attribute("inside_text")
    assert (text.type, text.max_length, text.pattern, text.required) == (s.TEXT, 10, "[A-Z0-9 ]*", False)
    assert text.domain_size() is None
    assert text.accepts("AB 12") and text.accepts("")
    assert not text.accepts("lower") and not text.accepts("A" * 11) and not text.accepts(12)
    with pytest.raises(ValueError, match="no finite domain"):
        text.domain()


def test_computed_attributes_compile_before_their_users(model: s.ProductModel) -> None:
    """u_window is written before area_m2, which it uses: both compile, the order stays the author's."""
    u_window = model.attribute("u_window")
    area = model.attribute("area_m2")
    assert u_window.is_computed and area.is_computed
    assert (u_window.unit, u_window.decimals) == ("W/m2K", 2)
    assert (area.unit, area.decimals) == ("m2", 3)
    assert area.expr is not None and area.expr.source == "width_mm * height_mm / 1000000"
    assert u_window.expr is not None
    assert u_window.expr.source == "glazing.u_glass + 0.2 if area_m2 < 2 else glazing.u_glass + 0.1"
    env = Env({"width_mm": D(1000), "height_mm": D(1500), "glazing": "triple"}, model.option_values())
    area_value = evaluate(area.expr.node, env)
    assert area_value == D("1.5")
    env = Env({"area_m2": area_value, "glazing": "triple"}, model.option_values())
    assert evaluate(u_window.expr.node, env) == D("0.80")


def test_steps(model: s.ProductModel) -> None:
    assert model.steps == (
        s.Step("size", Text("Type og mål", "Type and size"), ("window_type", "width_mm", "height_mm", "frame_depth_cm"),
               Text("Velg type og mål", "Choose type and size")),
        s.Step("details", Text("Detaljer", "Details"),
               ("glazing", "escape_window", "inside_text", "series_start", "tag_count")),
    )


def test_presets(model: s.ProductModel) -> None:
    (preset,) = model.presets
    assert preset.id == "standard"
    assert preset.values == {"window_type": "side_hung", "glazing": "triple", "width_mm": 1200,
                             "frame_depth_cm": D("9.5")}


def test_rules(model: s.ProductModel) -> None:
    assert [(r.id, r.kind) for r in model.rules] == [
        ("escape-clear-opening", "require"),
        ("fixed-no-escape", "exclude"),
        ("glazing-sizes", "table"),
        ("triple-for-escape", "default"),
        ("default-window_type", "default"),
        ("default-escape_window", "default"),
        ("default-width_mm", "default"),
    ]
    escape = model.rules[0]
    assert escape.when is not None and escape.when.source == "escape_window"
    assert escape.expr is not None and escape.expr.source == "width_mm >= 500 and height_mm >= 600"
    assert escape.message == Text("Rømningsvindu må være stort nok.", "An escape window must be large enough.")
    assert evaluate(escape.expr.node, Env({"width_mm": D(500), "height_mm": D(590)})) is False
    assert evaluate(escape.expr.node, Env({"width_mm": D(500)})) is None
    assert model.rules[1].expr is not None and model.rules[1].expr.node.type.kind is Kind.BOOL


def test_table_rule_with_any(model: s.ProductModel) -> None:
    table = model.rules[2].table
    assert table is not None
    assert model.rules[2].expr is None and model.rules[2].when is None
    assert table.file == "glazing_sizes.csv"
    assert table.columns == ("window_type", "glazing", "escape_window", "width_mm")
    assert table.mode == "allowed"
    assert table.rows == (
        ("fixed", s.ANY, False, s.ANY),
        ("side_hung", "triple", s.ANY, D(1200)),
        ("side_hung", "double", True, s.ANY),
        ("side_hung", "triple", False, D(800)),
    )
    assert s.ANY is None


def test_default_rules_from_attribute_defaults(model: s.ProductModel) -> None:
    rules = {r.id: r for r in model.rules}
    sources = {rule_id: rules[rule_id].expr.source for rule_id in  # type: ignore[union-attr]
               ("default-window_type", "default-escape_window", "default-width_mm")}
    assert sources == {"default-window_type": "window_type == side_hung",
                       "default-escape_window": "not escape_window",
                       "default-width_mm": "width_mm == 1200"}
    assert rules["default-window_type"].message == Text("Standardvalg for Vindustype", "Default for Window type")
    node = rules["default-escape_window"].expr.node  # type: ignore[union-attr]
    assert evaluate(node, Env({"escape_window": False})) is True
    assert "default-glazing" not in rules  # no default, no rule
    assert rules["triple-for-escape"].when is not None


def test_quote_parameters_and_rules(model: s.ProductModel) -> None:
    (parameter,) = model.quote_parameters
    assert (parameter.id, parameter.type, parameter.default) == ("energy_level", s.BOOLEAN, False)
    (rule,) = model.quote_rules
    assert rule.id == "energy-average-u"
    assert rule.when is not None and rule.when.source == "quote.energy_level"
    assert rule.require.source == "avg(u_window, weight=area_m2) <= 0.80"
    lines = [Env({"u_window": D("0.8"), "area_m2": D("1.5")}), Env({"u_window": D("0.6"), "area_m2": D("0.5")})]
    assert evaluate(rule.require.node, Env({}, quote={"energy_level": True}, lines=lines)) is True


def test_pricing(model: s.ProductModel) -> None:
    pricing = model.pricing
    assert pricing.base == s.PriceEffect("rate", amount=D(6200), per="area_m2")
    assert pricing.base_label == Text("Grunnpris", "Base price")
    (surcharge,) = pricing.surcharges
    assert surcharge.id == "deep-frame"
    assert surcharge.when is not None and surcharge.when.source == "frame_depth_cm > 10"
    assert surcharge.price.kind == "formula"
    assert surcharge.price.formula is not None and surcharge.price.formula.source == "120 * ceil(tag_count / 50)"
    assert evaluate(surcharge.price.formula.node, Env({"tag_count": D(51)})) == D(240)
    assert pricing.minimum == D("2500.00") and str(pricing.minimum) == "2500.00"
    assert pricing.quantity_breaks == ((10, D(5)), (50, D(10)))
    assert pricing.early_order_discounts == ((date(2026, 11, 22), D(25)), (date(2027, 1, 20), D(20)))


def test_production(model: s.ProductModel) -> None:
    tags, marking, sashes = model.production.fields
    assert (tags.id, tags.type, tags.params) == ("tags", "number_series",
                                                 {"start": "series_start", "count": "tag_count", "digits": 5})
    assert (marking.type, marking.params["value"].source) == ("text", "inside_text")
    assert (sashes.type, sashes.params["value"].source) == ("integer", "0 if window_type == fixed else 1")
    (bom,) = model.production.bom
    assert (bom.id, bom.item, bom.unit, bom.quantity.source) == ("frame-timber", "FURU-56x115", "m",
                                                                  "2 * (width_mm + height_mm) / 1000")
    assert bom.when is not None and bom.when.source == "window_type != fixed"
    assert evaluate(bom.quantity.node, Env({"width_mm": D(1000), "height_mm": D(1500)})) == D(5)
    (cut,) = model.production.cut_list
    assert (cut.id, cut.material, cut.length.source, cut.count.source, cut.when) == (
        "frame-head", "FURU-56x115", "width_mm - 2 * 10", "2", None)


def test_preview(model: s.ProductModel) -> None:
    assert model.preview == s.Preview("layers", (240, 160), layers=(
        s.Layer("images/fixed.png"),
        s.Layer("images/fixed.png", model.preview.layers[1].when, "window_type"),  # type: ignore[union-attr]
    ))
    assert model.preview is not None
    when = model.preview.layers[1].when
    assert when is not None and when.source == "escape_window"


def test_loaded_model_extras(loaded: LoadedModel) -> None:
    assert loaded.path == BASE / "base.yaml"
    assert loaded.images == {"images/fixed.png": (BASE / "images" / "fixed.png").read_bytes()}
    assert set(loaded.document) == {"model", "tables"}
    assert loaded.document["tables"]["glazing_sizes.csv"]["header"] == ["window_type", "glazing", "escape_window",
                                                                        "width_mm"]
    assert loaded.document["tables"]["glazing_sizes.csv"]["rows"][0] == ["fixed", "*", "false", "*"]
    assert loaded.document["model"]["attributes"][1]["options"][0]["values"] == {"u_glass": D("1.10")}
    assert len(loaded.source_hash) == 64


# ------------------------------------------------------------------ variants of the model


def _load(folder: Path) -> s.ProductModel:
    return load_model(folder).model


def test_table_columns_default_to_the_header_and_forbidden_mode(model_dir: Path) -> None:
    edit_file(model_dir / "base.yaml", "      columns: [window_type, glazing, escape_window, width_mm]\n"
              "      mode: allowed\n", "      mode: forbidden\n")
    table = _load(model_dir).rules[2].table
    assert table is not None
    assert table.columns == ("window_type", "glazing", "escape_window", "width_mm")
    assert table.mode == "forbidden"


def test_table_columns_may_be_a_subset_in_another_order(model_dir: Path) -> None:
    edit_file(model_dir / "base.yaml", "columns: [window_type, glazing, escape_window, width_mm]",
              "columns: [width_mm, window_type]")
    table = _load(model_dir).rules[2].table
    assert table is not None
    assert table.columns == ("width_mm", "window_type")
    assert table.rows[:2] == ((s.ANY, "fixed"), (D(1200), "side_hung"))


def test_table_with_only_a_header(model_dir: Path) -> None:
    (model_dir / "glazing_sizes.csv").write_text("window_type,glazing,escape_window,width_mm\n", encoding="utf-8")
    table = _load(model_dir).rules[2].table
    assert table is not None and table.rows == ()


def test_csv_with_bom_crlf_and_spaces(model_dir: Path) -> None:
    (model_dir / "glazing_sizes.csv").write_bytes(
        "\ufeffwindow_type, glazing ,escape_window,width_mm\r\nfixed, * ,false,*\r\n\r\nside_hung,triple,true, 1200\r\n"
        .encode())
    table = _load(model_dir).rules[2].table
    assert table is not None
    assert table.rows == (("fixed", s.ANY, False, s.ANY), ("side_hung", "triple", True, D(1200)))


def test_yaml_with_bom_and_crlf(model_dir: Path) -> None:
    text = (model_dir / "base.yaml").read_text(encoding="utf-8")
    (model_dir / "base.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert _load(model_dir).family == "base"
    edit_file(model_dir / "base.yaml", "require: width_mm >= 500", "require: widht >= 500")
    with pytest.raises(ModelErrors) as info:
        load_model(model_dir)
    assert info.value.errors[0].line == 105


def test_model_file_named_after_the_family_in_another_folder(model_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "somewhere"
    model_dir.rename(other)
    assert load_model(other).model.family == "base"  # the file is base.yaml


def test_yml_extension_and_a_file_path(model_dir: Path) -> None:
    (model_dir / "base.yaml").rename(model_dir / "base.yml")
    assert load_model(model_dir).path == model_dir / "base.yml"
    assert load_model(model_dir / "base.yml").model.family == "base"


def test_cut_count_defaults_to_one_and_drawing_preview(model_dir: Path) -> None:
    text = (model_dir / "base.yaml").read_text(encoding="utf-8")
    text = text.replace("      count: 2\n", "")
    text = text[: text.index("preview:")] + (
        "preview:\n  kind: drawing\n  drawing: window\n  parameters:\n    width: width_mm\n"
        "    sashes: 2 if window_type == side_hung else 1\n    open: escape_window\n")
    (model_dir / "base.yaml").write_text(text, encoding="utf-8")
    model = _load(model_dir)
    assert model.production.cut_list[0].count.source == "1"
    preview = model.preview
    assert preview is not None
    assert (preview.kind, preview.drawing, preview.size, preview.layers) == ("drawing", "window", (480, 480), ())
    assert {k: v.source for k, v in preview.parameters.items()} == {
        "width": "width_mm", "sashes": "2 if window_type == side_hung else 1", "open": "escape_window"}


def test_model_without_optional_parts(model_dir: Path) -> None:
    text = (model_dir / "base.yaml").read_text(encoding="utf-8")
    text = text[: text.index("production:")]
    for block in ("description: {nb: Et lite testprodukt, en: A small test product}\n",
                  "manufacturer: Testfabrikken AS\n",
                  "illustrative: {nb: Alt er oppdiktet, en: Everything is invented}\n",
                  "  base_label: {nb: Grunnpris, en: Base price}\n"):
        text = text.replace(block, "")
    (model_dir / "base.yaml").write_text(text, encoding="utf-8")
    model = _load(model_dir)
    assert (model.description, model.manufacturer, model.illustrative, model.preview) == (None, None, None, None)
    assert model.production == s.Production()
    assert model.pricing.base_label == Text("Grunnpris", "Base price")


def test_choice_quote_parameter_in_a_quote_rule(model_dir: Path) -> None:
    edit_file(model_dir / "base.yaml", "quote_rules:\n", (
        "  - id: level\n    type: choice\n    label: {nb: Nivå, en: Level}\n    options:\n"
        "      - {id: basic, label: {nb: Enkel, en: Basic}}\n      - {id: passive, label: {nb: Passiv, en: Passive}}\n"
        "quote_rules:\n  - id: passive-u\n    when: quote.level == passive\n    require: max_of(u_window) <= 0.7\n"
        "    message: {nb: M, en: M}\n"))
    model = _load(model_dir)
    assert [p.id for p in model.quote_parameters] == ["energy_level", "level"]
    rule = model.quote_rules[0]
    assert rule.when is not None
    assert evaluate(rule.when.node, Env({}, quote={"level": "passive"})) is True


def test_decimal_default_becomes_a_default_rule_but_a_text_default_does_not(model_dir: Path) -> None:
    """A text's default only fills in the field; choices, booleans and numbers get a default rule."""
    edit_file(model_dir / "base.yaml", "    required: false\n", "    required: false\n    default: \"O'B 1\"\n")
    edit_file(model_dir / "base.yaml", '    pattern: "[A-Z0-9 ]*"\n', "")
    edit_file(model_dir / "base.yaml", "    step: 0.5\n", "    step: 0.5\n    default: 9.5\n")
    model = _load(model_dir)
    assert model.attribute("inside_text").default == "O'B 1"
    assert model.attribute("frame_depth_cm").default == D("9.5")
    rules = {r.id: r for r in model.rules}
    assert "default-inside_text" not in rules
    decimal_rule = rules["default-frame_depth_cm"].expr
    assert decimal_rule is not None
    assert evaluate(decimal_rule.node, Env({"frame_depth_cm": D("9.50")})) is True
    assert evaluate(decimal_rule.node, Env({"frame_depth_cm": D("10")})) is False


# ------------------------------------------------------------------ source hash


def _hash(folder: Path) -> str:
    return load_model(folder).source_hash


def test_source_hash_is_stable(model_dir: Path, loaded: LoadedModel) -> None:
    assert _hash(model_dir) == _hash(model_dir) == loaded.source_hash  # the copy has the same content
    (model_dir / "base.yaml").touch()
    (model_dir / "README.txt").write_text("notes", encoding="utf-8")
    (model_dir / "images" / "unused.png").write_bytes((model_dir / "images" / "fixed.png").read_bytes() + b"x")
    assert _hash(model_dir) == loaded.source_hash  # untouched content, unused files: no change


@pytest.mark.parametrize(
    ("file", "change"),
    [
        ("base.yaml", lambda data: data + b"# a comment\n"),
        ("base.yaml", lambda data: data.replace(b"price: 450.50", b"price: 450.5")),
        ("glazing_sizes.csv", lambda data: data + b"side_hung,double,false,900\n"),
        ("glazing_sizes.csv", lambda data: data.replace(b"\n", b"\r\n")),
        ("images/fixed.png", lambda data: data + b"\0"),
    ],
    ids=["yaml-comment", "yaml-decimal", "csv-row", "csv-line-ends", "image-bytes"],
)
def test_source_hash_changes_with_any_source(model_dir: Path, loaded: LoadedModel, file: str, change: object) -> None:
    path = model_dir / file
    path.write_bytes(change(path.read_bytes()))  # type: ignore[operator]
    assert _hash(model_dir) != loaded.source_hash


def test_source_hash_includes_file_names(model_dir: Path, loaded: LoadedModel) -> None:
    shutil.copy(model_dir / "images" / "fixed.png", model_dir / "images" / "other.png")
    edit_file(model_dir / "base.yaml", "    - image: images/fixed.png\n      when", "    - image: images/other.png\n"
              "      when")
    first = _hash(model_dir)
    edit_file(model_dir / "base.yaml", "    - image: images/other.png\n      when", "    - image: images/fixed.png\n"
              "      when")
    (model_dir / "images" / "fixed.png").rename(model_dir / "images" / "renamed.png")
    (model_dir / "images" / "other.png").rename(model_dir / "images" / "fixed.png")
    assert _hash(model_dir) == loaded.source_hash != first


# ------------------------------------------------------------------ stored documents


def test_document_round_trip(loaded: LoadedModel) -> None:
    text = dump_document(loaded.document)
    json.loads(text)  # plain JSON
    assert "1.10" in text and "450.50" in text and "2500.00" in text
    document = load_document(text)
    assert document == loaded.document
    assert model_from_document(document, loaded.images) == loaded.model
    assert model_from_document(document) == loaded.model  # no image check without images


def test_document_round_trip_keeps_decimals_exact(loaded: LoadedModel) -> None:
    model = model_from_document(load_document(dump_document(loaded.document)), loaded.images)
    assert str(model.attribute("glazing").options[0].values["u_glass"]) == "1.10"
    assert str(model.attribute("escape_window").price.amount) == "450.50"  # type: ignore[union-attr]
    assert str(model.pricing.minimum) == "2500.00"
    assert model.attribute("frame_depth_cm").domain() == loaded.model.attribute("frame_depth_cm").domain()


def test_document_is_plain_data(loaded: LoadedModel) -> None:
    def walk(value: object) -> None:
        assert type(value) in (dict, list, str, int, bool, Decimal, type(None)), type(value)
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(loaded.document)


def test_dump_document_is_canonical(loaded: LoadedModel) -> None:
    assert dump_document({"b": D("1.10"), "a": [1, True, None, "ø"]}) == '{"a":[1,true,null,"ø"],"b":1.10}'
    assert dump_document(load_document(dump_document(loaded.document))) == dump_document(loaded.document)


def test_stored_document_with_a_missing_image(loaded: LoadedModel) -> None:
    document = load_document(dump_document(loaded.document))
    del document["model"]["attributes"][0]["options"][0]["image"]
    assert model_from_document(document, loaded.images).preview == loaded.model.preview
    with pytest.raises(ModelErrors) as info:
        model_from_document(document, {"images/other.png": b""})
    # both preview layers use the image: the cause is reported once
    assert [e.render("en") for e in info.value.errors] == [
        "<catalogue>: preview: the image 'images/fixed.png' was not found",
    ]
    assert all(e.line is None for e in info.value.errors)


def test_stored_document_errors_name_the_document(loaded: LoadedModel) -> None:
    document = load_document(dump_document(loaded.document))
    document["model"]["rules"][0]["require"] = "widht >= 500"
    document["tables"]["glazing_sizes.csv"]["rows"][1][1] = "tripel"
    with pytest.raises(ModelErrors) as info:
        model_from_document(document, name="catalogue:base@2026.1")
    assert info.value.render("en").splitlines() == [
        "catalogue:base@2026.1: rule 'escape-clear-opening': unknown attribute 'widht' (did you mean 'width_mm'?)",
        "catalogue:base@2026.1: rule 'glazing-sizes': 'tripel' in column 'glazing' of 'glazing_sizes.csv' is not a "
        "value of 'glazing'",
    ]


# ------------------------------------------------------------------ several models


@pytest.fixture
def models_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """models/{base (good), broken (one error), _drafts and .hidden (skipped), notes (no model)}"""
    root = tmp_path / "models"
    shutil.copytree(BASE, root / "base")
    shutil.copytree(BASE, root / "broken")
    (root / "broken" / "base.yaml").rename(root / "broken" / "broken.yaml")
    edit_file(root / "broken" / "broken.yaml", "family: base", "family: broken")
    edit_file(root / "broken" / "broken.yaml", "require: width_mm >= 500", "require: widht >= 500")
    for skipped in ("_drafts", ".hidden"):
        shutil.copytree(root / "broken", root / skipped)
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("-", encoding="utf-8")
    (root / "readme.md").write_text("-", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return root


BROKEN_LINE = ("models/broken/broken.yaml:105: rule 'escape-clear-opening': unknown attribute 'widht' "
               "(did you mean 'width_mm'?)")


def test_model_folders(models_root: Path) -> None:
    assert model_folders([models_root]) == [models_root / "base", models_root / "broken"]
    assert model_folders([models_root / "base"]) == [models_root / "base"]
    assert model_folders([models_root / "base" / "base.yaml"]) == [models_root / "base" / "base.yaml"]


def test_check_models_on_a_folder_of_folders(models_root: Path) -> None:
    good, errors = check_models([models_root])
    assert [m.model.family for m in good] == ["base"]
    assert [e.render("en") for e in errors] == [BROKEN_LINE]


def test_check_models_on_several_paths(models_root: Path) -> None:
    good, errors = check_models([models_root / "base" / "base.yaml", models_root / "broken", Path("nope")])
    assert [m.model.family for m in good] == ["base"]
    assert [e.render("en") for e in errors] == [BROKEN_LINE, "nope: no such file or folder"]


def test_check_models_on_nothing(tmp_path: Path) -> None:
    """An empty folder is an error (``catalogue build`` recorded it as an import of nothing); no paths is none."""
    good, errors = check_models([tmp_path])
    assert good == []
    assert [e.render("en") for e in errors] == [
        f"{tmp_path}: no product model here: a model folder holds one model file (*.yaml)"]
    assert errors[0].render("nb").startswith(f"{tmp_path}: ")
    assert check_models([]) == ([], [])


# ------------------------------------------------------------------ skredder models check


def _small(root: Path) -> None:
    """Keep the engine's lint fast: the tag series of the copied models starts below 100."""
    for folder in ("base", "broken"):
        for path in (root / folder).glob("*.yaml"):
            edit_file(path, "    max: 9999\n", "    max: 99\n")


def test_cli_models_check_good(models_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _small(models_root)
    assert main(["models", "check", "--language", "en", str(models_root / "base")]) == 0
    out, err = capsys.readouterr()
    assert out == "base 2026.1: OK (11 attributes, 7 rules, 1 presets)\n"
    assert err == ""


def test_cli_models_check_bad(models_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _small(models_root)
    assert main(["--language", "en", "models", "check", str(models_root)]) == 1
    out, err = capsys.readouterr()
    assert out == "base 2026.1: OK (11 attributes, 7 rules, 1 presets)\n"
    assert err.splitlines() == [BROKEN_LINE, "1 problem found"]


def test_cli_models_check_many_errors_in_norwegian(models_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _small(models_root)
    edit_file(models_root / "broken" / "broken.yaml", "default: 1200", "default: 1205")
    assert main(["models", "check", "--language", "nb", str(models_root / "broken")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("models/broken/broken.yaml:52: ")
    assert lines[1].startswith("models/broken/broken.yaml:105: ")
    assert "widht" in lines[1] and "width_mm" in lines[1]
    assert "1205" in lines[0]


def test_cli_models_check_nothing_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "check", "--language", "en", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{tmp_path}: no product model here: a model folder holds one model file (*.yaml)\n"
                              "1 problem found\n")


def test_cli_models_check_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["models", "check", "--language", "en", "nope"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == ["nope: no such file or folder", "1 problem found"]


def test_cli_models_check_the_base_model_quickly() -> None:
    """``models check`` on the base model (an integer with 99 999 values) must finish in seconds."""
    code = "import sys; from configurator.cli import main; sys.exit(main(sys.argv[1:]))"
    result = subprocess.run([sys.executable, "-c", code, "models", "check", "--language", "en", str(BASE)],
                            cwd=ROOT, capture_output=True, text=True, timeout=10, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "base 2026.1: OK (11 attributes, 7 rules, 1 presets)\n"
