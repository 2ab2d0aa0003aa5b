"""The model's own parametric preview (``kind: shapes``) and layers scaled and moved by expressions: what loads,
what is refused with its file and line, and what the picture shows for different configurations."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from configurator.core.documents.preview import folder_images, render_preview
from configurator.core.model import schema as s
from configurator.core.model.loader import load_model
from tests.core.model.test_broken_models import Y, apply_edits, load_errors, replace_tail

SHAPES = """preview:
  kind: shapes
  size: [300, 200]
  extent: [3000, 2000]
  shapes:
    - box: [100, 0, width_mm, height_mm, 400]
      fill: window_type
    - rect: [100, 0, width_mm, 80]
      fill: "#202020"
      stroke: none
      when: escape_window
    - circle: [2700, 1700, 150]
      fill: "#d02020"
    - line: [0, 0, 3000, 0]
      width: 4
    - text: "{width_mm} x {height_mm}"
      at: [1500, 1900]
      size: 120
"""


def shapes_model(folder: Path, text: str = SHAPES) -> s.ProductModel:
    apply_edits(folder, [replace_tail("preview:", text)])
    return load_model(folder).model


def picture(model: s.ProductModel, folder: Path, **values: Any) -> Image.Image:
    return render_preview(model, values, folder_images(folder))


def dark_columns(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 3) -> int:
    """How many pixel columns hold ``colour``."""
    difference = np.abs(np.asarray(image, dtype=np.int16) - np.array(colour, dtype=np.int16))
    return int(np.count_nonzero((difference <= tolerance).all(axis=2).any(axis=0)))


BASE = {"window_type": "fixed", "glazing": "double", "width_mm": Decimal(600), "height_mm": Decimal(1200),
        "escape_window": False}
FIXED = (200, 216, 224)  # the colour of option 'fixed'
SIDE_HUNG = (160, 176, 192)


def test_a_shapes_preview_loads(model_dir: Path) -> None:
    model = shapes_model(model_dir)
    assert model.preview is not None
    assert model.preview.kind == "shapes"
    assert [shape.kind for shape in model.preview.shapes] == ["box", "rect", "circle", "line", "text"]
    assert model.preview.shapes[1].stroke == "none"
    assert model.preview.shapes[3].width == 4
    assert [p if isinstance(p, str) else p.source for p in model.preview.shapes[4].text] == [
        "width_mm", " x ", "height_mm"]


def test_the_picture_is_to_scale_and_filled_with_the_chosen_colour(model_dir: Path) -> None:
    model = shapes_model(model_dir)
    narrow = picture(model, model_dir, **BASE)
    wide = picture(model, model_dir, **{**BASE, "width_mm": Decimal(1800)})
    assert narrow.size == wide.size == (300, 200)
    # the front of the box is drawn in the option's colour, three times as wide for three times the width
    assert dark_columns(wide, FIXED) == pytest.approx(3 * dark_columns(narrow, FIXED), rel=0.1)
    other = picture(model, model_dir, **{**BASE, "window_type": "side_hung"})
    assert dark_columns(other, FIXED) == 0
    assert dark_columns(other, SIDE_HUNG) == dark_columns(narrow, FIXED)


def test_when_leaves_a_shape_out(model_dir: Path) -> None:
    model = shapes_model(model_dir)
    plain = picture(model, model_dir, **BASE)
    escape = picture(model, model_dir, **{**BASE, "escape_window": True})
    assert dark_columns(plain, (32, 32, 32), 6) < dark_columns(escape, (32, 32, 32), 6)


def test_a_partial_configuration_draws_what_is_known(model_dir: Path) -> None:
    model = shapes_model(model_dir)
    empty = picture(model, model_dir)
    red = (208, 32, 32)
    assert dark_columns(empty, red) > 0  # the circle needs nothing
    assert dark_columns(empty, FIXED) == 0  # the box needs the width
    # a box whose option is not chosen yet is grey, not missing
    grey = picture(model, model_dir, width_mm=Decimal(600), height_mm=Decimal(1200))
    assert dark_columns(grey, (208, 208, 204), 3) > 0


def test_text_shows_the_values(model_dir: Path) -> None:
    model = shapes_model(model_dir)
    a = picture(model, model_dir, **BASE)
    b = picture(model, model_dir, **{**BASE, "height_mm": Decimal(1210)})
    top = (0, 0, 300, 30)
    assert np.asarray(a.crop(top)).tobytes() != np.asarray(b.crop(top)).tobytes()
    assert picture(model, model_dir, **BASE).tobytes() == a.tobytes()  # the same input, the same pixels


def test_an_extent_from_the_configuration(model_dir: Path) -> None:
    """An extent that follows the product draws a small product larger than a fixed extent does."""
    fixed = picture(shapes_model(model_dir), model_dir, **BASE)
    following = shapes_model(model_dir, SHAPES.replace("extent: [3000, 2000]",
                                                       "extent: [width_mm + 200, height_mm + 200]"))
    assert dark_columns(picture(following, model_dir, **BASE), FIXED) > 1.3 * dark_columns(fixed, FIXED)


LAYERS_SCALED = """preview:
  kind: layers
  size: [240, 160]
  layers:
    - image: images/fixed.png
      tint: window_type
      scale: width_mm / 2400
      offset: [0, 10 if escape_window else 0]
"""


def test_layers_scale_and_move_by_expression(model_dir: Path) -> None:
    model = shapes_model(model_dir, LAYERS_SCALED)
    layer = model.preview.layers[0] if model.preview else None
    assert layer is not None and layer.scale is not None and layer.offset is not None
    full = picture(model, model_dir, **{**BASE, "width_mm": Decimal(2400)})
    half = picture(model, model_dir, **{**BASE, "width_mm": Decimal(1200)})
    assert np.asarray(full).tobytes() != np.asarray(half).tobytes()
    moved = picture(model, model_dir, **{**BASE, "width_mm": Decimal(1200), "escape_window": True})
    assert np.asarray(moved).tobytes() != np.asarray(half).tobytes()
    # not known yet: the layer is left out rather than drawn at a guessed size
    unknown = picture(model, model_dir, window_type="fixed")
    blank = render_preview(dataclasses.replace(model, preview=s.Preview("layers", (240, 160))), {},
                           folder_images(model_dir))
    assert unknown.tobytes() == blank.tobytes()


BROKEN = [
    ("extent-missing", SHAPES.replace("  extent: [3000, 2000]\n", ""), [f"{Y}:176: preview: missing field 'extent'"]),
    ("extent-not-two", SHAPES.replace("extent: [3000, 2000]", "extent: [3000]"),
     [f"{Y}:178: preview: 'extent' must be a list of 2 numbers or expressions: [width, height] in model units"]),
    ("place-unknown-attribute", SHAPES.replace("[100, 0, width_mm, height_mm, 400]", "[100, 0, widht_mm, 1, 4]"),
     [f"{Y}:180: preview: unknown attribute 'widht_mm' (did you mean 'width_mm'?)"]),
    ("place-wrong-count", SHAPES.replace("circle: [2700, 1700, 150]", "circle: [2700, 1700]"),
     [f"{Y}:186: preview: 'circle' must be a list of 3 numbers or expressions: [x, y, radius]"]),
    ("place-not-a-number", SHAPES.replace("circle: [2700, 1700, 150]", "circle: [2700, 1700, glazing]"),
     [f"{Y}:186: preview: expected a number, got choice 'glazing'"]),
    ("two-kinds", SHAPES.replace("    - circle: [2700, 1700, 150]\n", "    - circle: [2700, 1700, 150]\n"
                                 "      rect: [0, 0, 1, 1]\n"),
     [f"{Y}:186: preview: a shape needs exactly one of: rect, box, circle, line, text"]),
    ("unknown-field", SHAPES.replace("      width: 4\n", "      widht: 4\n"),
     [f"{Y}:189: preview: unknown field 'widht' (did you mean 'width'?)"]),
    ("fill-unknown", SHAPES.replace("fill: window_type", "fill: glazing"),
     [f"{Y}:181: preview: every option of 'glazing' needs a 'colour' to fill with"]),
    ("fill-not-a-colour", SHAPES.replace('fill: "#d02020"', "fill: red"),
     [f"{Y}:187: preview: 'fill' must be a colour #rrggbb or a choice whose options have colours (got 'red')"]),
    ("stroke-not-a-colour", SHAPES.replace("stroke: none", "stroke: window_type"),
     [f"{Y}:184: preview: 'stroke' must be a colour #rrggbb or none (got 'window_type')"]),
    ("when-not-a-condition", SHAPES.replace("when: escape_window", "when: width_mm"),
     [f"{Y}:185: preview: expected a condition (true/false), got a number in mm"]),
    ("text-unpaired-brace", SHAPES.replace('"{width_mm} x {height_mm}"', '"{width_mm x"'),
     [f"{Y}:190: preview: 'text' has an unpaired '{{' (write {{{{ for the brace itself)"]),
    ("text-unknown-name", SHAPES.replace('"{width_mm} x {height_mm}"', '"{widht_mm}"'),
     [f"{Y}:190: preview: unknown attribute 'widht_mm' (did you mean 'width_mm'?)"]),
    ("text-without-at", SHAPES.replace("      at: [1500, 1900]\n", ""),
     [f"{Y}:190: preview: missing field 'at'"]),
    ("width-too-large", SHAPES.replace("width: 4", "width: 400"),
     [f"{Y}:189: preview: 'width' must be 0 to 100 picture units (got 400)"]),
    ("layer-scale-not-a-number", LAYERS_SCALED.replace("width_mm / 2400", "escape_window"),
     [f"{Y}:181: preview: expected a number, got true/false"]),
    ("layer-offset-not-two", LAYERS_SCALED.replace("[0, 10 if escape_window else 0]", "[0]"),
     [f"{Y}:182: preview: 'offset' must be a list of 2 numbers or expressions: [right, down] in pixels"]),
]


@pytest.mark.parametrize(("text", "expected"), [pytest.param(t, e, id=i) for i, t, e in BROKEN])
def test_a_broken_shapes_preview_names_file_and_line(model_dir: Path, text: str, expected: list[str]) -> None:
    apply_edits(model_dir, [replace_tail("preview:", text)])
    assert load_errors(model_dir) == expected


def test_the_errors_read_in_norwegian(model_dir: Path) -> None:
    apply_edits(model_dir, [replace_tail("preview:", SHAPES.replace('fill: "#d02020"', "fill: red"))])
    (error,) = load_errors(model_dir, "nb")
    assert error.startswith(f"{Y}:187: ")
    assert "'red'" in error and "must" not in error
