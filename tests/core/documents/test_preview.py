"""Preview pictures: every family draws complete and partial configurations, drawings follow the choices, layers are
tinted, broken images are named, and the same input always gives the same bytes."""

from __future__ import annotations

import dataclasses
import io
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[3]
for path in (ROOT, ROOT / "tests" / "product_models"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from configurator.core.documents.preview import (  # noqa: E402
    PreviewError,
    folder_images,
    preview_png,
    render_preview,
)
from configurator.core.model import schema as s  # noqa: E402
from tests.helpers.seed_kit import MODELS, SessionFactory, model_of  # noqa: E402

FAMILIES = ("window", "eartag", "chimney_cap", "chair")


@pytest.fixture
def sessions() -> Iterator[SessionFactory]:
    factory = SessionFactory()
    try:
        yield factory
    finally:
        factory.close()


def values_of(sessions: SessionFactory, family: str, *, complete: bool = True, **choices: Any) -> dict[str, Any]:
    session = sessions.open(family, **choices)
    if complete:
        session.complete()
    return session.values()


def render(family: str, values: dict[str, Any], size: int | None = None) -> Image.Image:
    return render_preview(model_of(family), values, folder_images(MODELS / family), size=size)


def pixels_near(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 0) -> int:
    """How many pixels are within ``tolerance`` of ``colour`` in every channel."""
    difference = np.abs(np.asarray(image, dtype=np.int16) - np.array(colour, dtype=np.int16))
    return int(np.count_nonzero((difference <= tolerance).all(axis=2)))


def bounding_box(image: Image.Image, colour: tuple[int, int, int]) -> tuple[int, int, int, int]:
    """The box (x0, y0, x1, y1), x1 and y1 exclusive, around every pixel of exactly ``colour``."""
    rows, columns = np.nonzero((np.asarray(image) == np.array(colour)).all(axis=2))
    assert rows.size, f"no pixel of {colour}"
    return int(columns.min()), int(rows.min()), int(columns.max()) + 1, int(rows.max()) + 1


def colour_count(image: Image.Image) -> int:
    return len(np.unique(np.asarray(image).reshape(-1, 3), axis=0))


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return (int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16))


def option_colour(family: str, attr_id: str, option_id: str) -> tuple[int, int, int]:
    option = model_of(family).attribute(attr_id).option(option_id)
    assert option is not None and option.colour is not None
    return hex_rgb(option.colour)


# ---------------------------------------------------------------------------------------------- every family


@pytest.mark.parametrize("family", FAMILIES)
def test_complete_configuration_renders_at_the_model_size(sessions: SessionFactory, family: str) -> None:
    image = render(family, values_of(sessions, family))
    model = model_of(family)
    assert model.preview is not None
    assert image.mode == "RGB"
    assert image.size == model.preview.size
    assert image.getpixel((1, 1)) == image.getpixel((image.width - 2, 2))  # a plain light background
    assert min(image.getpixel((1, 1))) > 230  # type: ignore[arg-type]
    assert colour_count(image) > 20  # something was drawn


@pytest.mark.parametrize("family", FAMILIES)
def test_empty_and_partial_configurations_render(sessions: SessionFactory, family: str) -> None:
    empty = render(family, {})
    partial = render(family, values_of(sessions, family, complete=False))  # forced values only
    assert empty.size == partial.size
    assert colour_count(empty) > 5


def test_partial_values_do_not_raise() -> None:
    weird: dict[str, Any] = {"width_mm": Decimal(1500), "window_type": "no_such_type", "unknown": 1,
                             "bars_per_sash": None}
    image = render("window", weird)
    assert image.size == (480, 480)
    render("eartag", {"series_number": Decimal(5)})  # series_start cannot be computed yet
    render("chimney_cap", {"flue_shape": "round"})
    render("chair", {"fabric": "cy41"})  # the model is not chosen: base and castors only


# ---------------------------------------------------------------------------------------------- window


@pytest.mark.parametrize(("width", "height"), [(1600, 1200), (600, 2000), (2400, 400), (1000, 1000)])
def test_window_is_drawn_to_scale(sessions: SessionFactory, width: int, height: int) -> None:
    values = values_of(sessions, "window", width_mm=width, height_mm=height, paint="ncs_s4040y70r",
                       window_type="fixed")
    image = render("window", values)
    x0, y0, x1, y1 = bounding_box(image, option_colour("window", "paint", "ncs_s4040y70r"))
    assert max(x1 - x0, y1 - y0) > 300  # the frame fills the picture
    # the painted face (inside the frame's outline, about 1.5 px each side) follows width : height
    assert abs((x1 - x0 + 3) * height - (y1 - y0 + 3) * width) / max(width, height) <= 2


def test_window_glazing_bars_change_the_picture(sessions: SessionFactory) -> None:
    choices = {"window_type": "side_hung", "glazing_bars": "through"}
    pictures = [render("window", values_of(sessions, "window", bars_per_sash=bars, **choices)).tobytes()
                for bars in (1, 2, 3)]
    assert len(set(pictures)) == 3


def test_window_opening_direction_and_type_change_the_picture(sessions: SessionFactory) -> None:
    outward = render("window", values_of(sessions, "window", window_type="side_hung", opening="outward"))
    inward = render("window", values_of(sessions, "window", window_type="side_hung", opening="inward"))
    double = render("window", values_of(sessions, "window", window_type="double_side_hung"))
    assert len({outward.tobytes(), inward.tobytes(), double.tobytes()}) == 3


def test_window_paint_colour_is_used(sessions: SessionFactory) -> None:
    for paint in ("ncs_s7502b", "ncs_s2040y10r"):
        image = render("window", values_of(sessions, "window", paint=paint))
        assert pixels_near(image, option_colour("window", "paint", paint)) > 2000


# ---------------------------------------------------------------------------------------------- ear tag


@pytest.mark.parametrize("tag_type", ["visual", "e24", "combi_e30_flagg"])
def test_ear_tag_in_the_chosen_colour(sessions: SessionFactory, tag_type: str) -> None:
    image = render("eartag", values_of(sessions, "eartag", tag_type=tag_type, colour="green", series_number=12))
    green = option_colour("eartag", "colour", "green")
    assert pixels_near(image, green) > 3000
    assert pixels_near(image, option_colour("eartag", "colour", "yellow")) == 0


def test_ear_tag_shape_number_replacement_and_inside_text_change_the_picture(sessions: SessionFactory) -> None:
    base = {"colour": "yellow", "species": "sheep", "birth_year": 2027}
    variants = [
        dict(base, tag_type="visual", series_number=1),
        dict(base, tag_type="e24", series_number=1),
        dict(base, tag_type="visual", series_number=2),
        dict(base, tag_type="visual", series_number=1, purpose="replacement"),
        dict(base, tag_type="visual", series_number=1, inside_text_1="GARD 12"),
    ]
    pictures = {render("eartag", values_of(sessions, "eartag", **v)).tobytes() for v in variants}
    assert len(pictures) == len(variants)


# ---------------------------------------------------------------------------------------------- chimney cap


def test_chimney_cap_follows_shape_material_mesh_and_wind(sessions: SessionFactory) -> None:
    base = {"flue_shape": "square", "material": "stainless", "mesh": "mesh_16", "wind_variant": "standard"}
    variants = [base, dict(base, flue_shape="round"), dict(base, material="black_powder_coated"),
                dict(base, mesh="none"), dict(base, wind_variant="down_draught"), dict(base, wind_variant="wind_guard"),
                dict(base, flue_shape="rectangular", flue_count=2)]
    pictures = {render("chimney_cap", values_of(sessions, "chimney_cap", **v)).tobytes() for v in variants}
    assert len(pictures) == len(variants)
    copper = render("chimney_cap", values_of(sessions, "chimney_cap", **dict(base, material="copper")))
    assert pixels_near(copper, option_colour("chimney_cap", "material", "copper")) > 300


# ---------------------------------------------------------------------------------------------- chair layers


def test_chair_layers_are_tinted_with_the_chosen_colours(sessions: SessionFactory) -> None:
    red = option_colour("chair", "fabric", "cy41")
    red_chair = render("chair", values_of(sessions, "chair", model="sofi", fabric="cy41"))
    other = render("chair", values_of(sessions, "chair", model="sofi", fabric="cy52"))
    assert pixels_near(red_chair, red, tolerance=24) > 2000
    assert pixels_near(other, red, tolerance=24) == 0


def test_chair_layer_conditions(sessions: SessionFactory) -> None:
    with_ring = render("chair", values_of(sessions, "chair", model="capisco_8106", footring=True))
    without = render("chair", values_of(sessions, "chair", model="capisco_8106", footring=False))
    assert with_ring.tobytes() != without.tobytes()


def test_a_missing_or_corrupt_layer_image_is_named(sessions: SessionFactory) -> None:
    values = values_of(sessions, "chair")
    model = model_of("chair")
    folder = folder_images(MODELS / "chair")

    def corrupt(name: str) -> bytes:
        return b"not a picture" if name == "images/layer_base.png" else folder(name)

    with pytest.raises(PreviewError, match=r"images/layer_base\.png") as raised:
        render_preview(model, values, corrupt)
    assert "images/layer_base.png" in raised.value.message.render("nb")
    missing = {"images/layer_base.png": folder("images/layer_base.png")}
    with pytest.raises(PreviewError, match=r"images/layer_castors\.png"):
        render_preview(model, values, missing.__getitem__)


def test_a_missing_file_in_the_model_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(PreviewError, match=r"images/nothing\.png"):
        folder_images(tmp_path)("images/nothing.png")


@pytest.mark.parametrize("name", ["../x.png", "images/../../x.png", "/etc/passwd"])
def test_folder_images_refuses_paths_outside_the_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "model"
    (folder / "images").mkdir(parents=True)
    (tmp_path / "x.png").write_bytes(b"outside")
    (folder / "images" / "in.png").write_bytes(b"inside")
    images = folder_images(folder)
    assert images("images/in.png") == b"inside"
    with pytest.raises(PreviewError, match="outside the model folder"):
        images(name)


# ---------------------------------------------------------------------------------------------- PNG bytes


@pytest.mark.parametrize(("family", "size", "expected"), [("window", 200, (200, 200)), ("eartag", None, (320, 320)),
                                                          ("chair", 96, (96, 96)), ("chimney_cap", 640, (640, 640))])
def test_preview_png_is_a_png_of_the_asked_size(sessions: SessionFactory, family: str, size: int | None,
                                                expected: tuple[int, int]) -> None:
    data = preview_png(model_of(family), values_of(sessions, family), folder_images(MODELS / family), size=size)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(data)) as image:
        image.verify()
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == expected


@pytest.mark.parametrize("family", FAMILIES)
def test_same_input_gives_identical_bytes(sessions: SessionFactory, family: str) -> None:
    values = values_of(sessions, family)
    images = folder_images(MODELS / family)
    first = preview_png(model_of(family), values, images)
    assert preview_png(model_of(family), dict(values), images) == first


def test_non_square_preview_keeps_its_aspect() -> None:
    model = model_of("window")
    assert model.preview is not None
    wide = dataclasses.replace(model, preview=s.Preview("drawing", (640, 400), drawing="window",
                                                        parameters=model.preview.parameters))
    image = render_preview(wide, {}, folder_images(MODELS / "window"), size=320)
    assert image.size == (320, 200)


def test_a_model_without_preview_gives_an_empty_picture() -> None:
    model = model_of("window")
    bare = dataclasses.replace(model, preview=None)
    image = render_preview(bare, {}, folder_images(MODELS / "window"), size=100)
    assert image.size == (100, 100)
    assert colour_count(image) == 1
