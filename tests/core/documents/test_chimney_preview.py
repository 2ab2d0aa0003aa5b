"""The chimney cap's preview matches the chimney: a brick chimney with a round flue is drawn as brick, not as a
steel pipe; the flue's inner size is written inside the plan, apart from the cap's outside dimension lines."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from configurator.core.documents import drawings
from configurator.core.documents.preview import folder_images, render_preview
from configurator.core.model.loader import load_model

FOLDER = Path(__file__).resolve().parents[3] / "product_models" / "chimney_cap"
ROUND = {"flue_shape": "round", "diameter_mm": 200, "inner_width_mm": 200, "inner_depth_mm": 200}


def picture(**values: object) -> Image.Image:
    model = load_model(FOLDER).model
    start = {a.id: a.default for a in model.chosen_attributes if a.default is not None}
    return render_preview(model, {**start, **values}, folder_images(FOLDER), size=480)


def share(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 6) -> float:
    data = image.convert("RGB").tobytes()
    pixels = [data[i:i + 3] for i in range(0, len(data), 3)]
    near = sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)))
    return near / len(pixels)


def test_a_round_flue_in_a_brick_chimney_is_drawn_as_brick() -> None:
    brick = picture(chimney_type="masonry", **ROUND)
    steel = picture(chimney_type="steel", **{**ROUND, "diameter_mm": 150, "inner_width_mm": 150,
                                              "inner_depth_mm": 150})
    element = picture(chimney_type="element", flue_shape="square")
    assert share(brick, drawings.MASONRY) > 0.02  # the brick colour fills the chimney
    assert share(steel, drawings.MASONRY) < 0.001  # a steel pipe has no bricks
    assert share(element, drawings.ELEMENT) > 0.02 and share(element, drawings.MASONRY) < 0.001


def test_without_the_chimney_parameter_a_round_flue_stays_steel() -> None:
    assert drawings.stack_kind({"shape": "round"}) == "steel"
    assert drawings.stack_kind({"shape": "square"}) == "masonry"
    assert drawings.stack_kind({"shape": "round", "chimney": "masonry"}) == "masonry"


def test_the_inner_size_is_written_inside_the_plan() -> None:
    params = {"width": 500, "depth": 500, "shape": "square", "flues": 1, "chimney": "masonry"}
    without = drawings.draw("chimney_cap", params, {}, (480, 480))
    inner = drawings.draw("chimney_cap", {**params, "inner_width": 200, "inner_depth": 200}, {}, (480, 480))
    changed = [(x, y) for y in range(480) for x in range(480) if without.getpixel((x, y)) != inner.getpixel((x, y))]
    assert changed
    xs, ys = [x for x, _ in changed], [y for _, y in changed]
    plan_top = 480 * 0.55  # the plan is the lower part; the dimension lines are outside it
    assert min(ys) > plan_top and 0.25 * 480 < sum(xs) / len(xs) < 0.75 * 480
