"""Preview pictures of a configured product (Pillow, no Qt).

The same picture is shown in the desktop app (converted to a QPixmap there) and embedded in the quote PDF.
A model's ``preview`` is either image *layers*, drawn in order, each shown when its ``when`` holds and
recoloured by multiplying its neutral greys with the chosen option's ``colour`` (``tint``), or a named
parametric *drawing* (``drawings.py``) whose parameters are expressions over the configuration.

A partial configuration is drawn as far as it is known: a layer whose ``when`` is not decided yet is left out,
an untinted layer keeps its neutral grey, a drawing parameter that is not known yet is None and the drawing
uses a neutral default. Only a broken model image raises (:class:`PreviewError`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

from configurator.core.documents import drawings, shapes
from configurator.core.i18n import Message, msg
from configurator.core.model import schema as s
from configurator.core.model.computed import with_computed
from configurator.core.model.evaluate import Env, evaluate
from configurator.core.model.nodes import Kind, Node

ImageSource = Callable[[str], bytes]
"""A model image path as written in the model (``images/seat.png``) -> the file's bytes."""

DEFAULT_SIZE = (480, 480)
BACKGROUND = drawings.PAPER


class PreviewError(Exception):
    """A model image of the preview is missing or broken; ``message`` names the image."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def folder_images(model_dir: Path) -> ImageSource:
    """Read model images from the model's folder, refusing paths that lead outside it."""
    root = model_dir.resolve()

    def read(name: str) -> bytes:
        path = (root / name).resolve()
        if PurePosixPath(name).is_absolute() or Path(name).is_absolute() or not path.is_relative_to(root):
            raise PreviewError(msg("the preview image '{image}' is outside the model folder", image=name))
        try:
            return path.read_bytes()
        except OSError as error:
            raise PreviewError(msg("the preview image '{image}' is missing or cannot be read", image=name)) from error

    return read


# What a drawing's dimensions mean, told under the picture in the reader's language (the picture itself is
# language-neutral): the drawings whose numbers could be read two ways.
CAPTIONS: dict[str, Message] = {
    "chimney_cap": msg("Inner dimension (flue): the grey figure in the dashed flue. Outer dimension (cap): the "
                       "dimension lines below and beside the plan."),
}


def preview_caption(model: s.ProductModel) -> Message | None:
    """The caption under the model's preview (what its dimensions mean), or None when it needs none."""
    preview = model.preview
    if preview is None or preview.kind != "drawing":
        return None
    return CAPTIONS.get(preview.drawing or "")


def render_preview(model: s.ProductModel, values: Mapping[str, Any], images: ImageSource, *,
                   size: int | None = None) -> Image.Image:
    """The preview of a (possibly partial) configuration: RGB on a light background.

    ``values``: attribute id -> value, as ``ConfigurationSession.values()`` gives them (computed attributes
    that are missing are computed here). ``size``: the longer side in pixels (default: the model's size).
    """
    preview = model.preview
    natural = preview.size if preview is not None else DEFAULT_SIZE
    target = _target_size(natural, size)
    if preview is None:
        return Image.new("RGB", target, BACKGROUND)
    known = known_values(model, values)
    if preview.kind == "layers":
        picture = _layers(model, preview, known, images)
        return picture if picture.size == target else picture.resize(target, Image.Resampling.LANCZOS)
    if preview.kind == "shapes":
        return shapes.draw_shapes(preview, lambda e: _value(e.node, model, known),
                                  shapes.colour_lookup(known, functools.partial(option_colour, model)), target)
    return drawings.draw(preview.drawing or "", drawing_parameters(model, known),
                         parameter_colours(model, known), target)


def preview_png(model: s.ProductModel, values: Mapping[str, Any], images: ImageSource, *,
                size: int | None = None) -> bytes:
    """The preview as optimised PNG bytes (a 256-colour palette), for a quote line and for PDFs."""
    picture = render_preview(model, values, images, size=size)
    palette = picture.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- values


def known_values(model: s.ProductModel, values: Mapping[str, Any]) -> dict[str, Any]:
    """The values that can be used (choices that name an option of their attribute), plus the computed ones."""
    usable = {k: v for k, v in values.items() if v is not None and _is_usable(model, k, v)}
    return {**with_computed(usable, model), **usable}


def _is_usable(model: s.ProductModel, attr_id: str, value: Any) -> bool:
    try:
        attribute = model.attribute(attr_id)
    except KeyError:
        return False
    return attribute.type != s.CHOICE or attribute.accepts(value)


def _value(node: Node, model: s.ProductModel, known: Mapping[str, Any]) -> Any:
    """The expression's value, or None when it cannot be decided (yet)."""
    try:
        return evaluate(node, Env(known, model.option_values()))
    except (ArithmeticError, KeyError, TypeError, ValueError):
        return None


def drawing_parameters(model: s.ProductModel, known: Mapping[str, Any]) -> dict[str, Any]:
    """The drawing's parameters evaluated over the known values (None: not known yet)."""
    assert model.preview is not None
    return {name: _value(expr.node, model, known) for name, expr in model.preview.parameters.items()}


def parameter_colours(model: s.ProductModel, known: Mapping[str, Any]) -> dict[str, drawings.RGB]:
    """For each parameter that is a choice: the ``colour`` of its chosen option, where the option has one."""
    assert model.preview is not None
    colours: dict[str, drawings.RGB] = {}
    for name, expr in model.preview.parameters.items():
        node = expr.node
        if node.type.kind is Kind.CHOICE and node.type.attr is not None:
            colour = option_colour(model, node.type.attr, _value(node, model, known))
            if colour is not None:
                colours[name] = colour
    return colours


def option_colour(model: s.ProductModel, attr_id: str, option_id: Any) -> drawings.RGB | None:
    """The ``colour`` of a choice's option (None when unknown or without a colour)."""
    if not isinstance(option_id, str):
        return None
    option = model.attribute(attr_id).option(option_id)
    if option is None or option.colour is None:
        return None
    return drawings.hex_rgb(option.colour)


# ---------------------------------------------------------------------------------------------- layers


def _target_size(natural: tuple[int, int], size: int | None) -> tuple[int, int]:
    if size is None:
        return natural
    longer = max(natural)
    return (max(1, round(natural[0] * size / longer)), max(1, round(natural[1] * size / longer)))


def _layers(model: s.ProductModel, preview: s.Preview, known: Mapping[str, Any],
            images: ImageSource) -> Image.Image:
    canvas = Image.new("RGBA", preview.size, (*BACKGROUND, 255))
    for layer in preview.layers:
        if layer.when is not None and _value(layer.when.node, model, known) is not True:
            continue
        image = _layer_image(images, layer.image, preview.size)
        colour = option_colour(model, layer.tint, known.get(layer.tint)) if layer.tint else None
        image = tint(image, colour) if colour else image
        if layer.scale is None and layer.offset is None:
            canvas.alpha_composite(image)
            continue
        placed = _placed(image, layer, model, known)
        if placed is not None:
            canvas.alpha_composite(*placed)
    return canvas.convert("RGB")


MAX_LAYER_SCALE = 8


def _placed(image: Image.Image, layer: s.Layer, model: s.ProductModel, known: Mapping[str, Any]
            ) -> tuple[Image.Image, tuple[int, int]] | None:
    """A layer scaled about the picture's centre and moved by its offset (pixels right and down), cropped to
    the picture; None when its scale or offset is not known yet or it falls outside the picture."""
    scale = Decimal(1) if layer.scale is None else _value(layer.scale.node, model, known)
    offset = (Decimal(0), Decimal(0)) if layer.offset is None else tuple(
        _value(e.node, model, known) for e in layer.offset)
    if not isinstance(scale, Decimal | int) or not all(isinstance(o, Decimal | int) for o in offset):
        return None
    factor = min(float(scale), MAX_LAYER_SCALE)
    if factor <= 0:
        return None
    width, height = image.size
    new = (max(1, round(width * factor)), max(1, round(height * factor)))
    scaled = image if new == image.size else image.resize(new, Image.Resampling.LANCZOS)
    x = round((width - new[0]) / 2 + float(offset[0]))
    y = round((height - new[1]) / 2 + float(offset[1]))
    # alpha_composite takes no negative destination: crop what lies left of or above the picture instead
    crop = (max(0, -x), max(0, -y), min(new[0], width - x), min(new[1], height - y))
    if crop[0] >= crop[2] or crop[1] >= crop[3]:
        return None
    return scaled.crop(crop), (max(0, x), max(0, y))


def _layer_image(images: ImageSource, name: str, size: tuple[int, int]) -> Image.Image:
    """A layer image as RGBA at ``size`` (shared: not to be changed); :class:`PreviewError` naming the image
    when it is missing or broken."""
    try:
        data = images(name)
    except PreviewError:
        raise
    except (KeyError, OSError) as error:
        raise PreviewError(msg("the preview image '{image}' is missing or cannot be read", image=name)) from error
    try:
        return _decoded(data, size)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PreviewError(msg("the preview image '{image}' is not a readable image", image=name)) from error


@functools.lru_cache(maxsize=32)
def _decoded(data: bytes, size: tuple[int, int]) -> Image.Image:
    """Decoding the PNG layers is most of a layered preview's time: the last few are kept (by content)."""
    with Image.open(io.BytesIO(data)) as opened:
        image = opened.convert("RGBA")
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def tint(layer: Image.Image, colour: drawings.RGB) -> Image.Image:
    """Recolour a neutral grey RGBA layer by multiplying it with ``colour`` (lightened a little, so that the
    layer's light grey becomes the colour itself); the same rule drew the option thumbnails."""
    lifted = drawings.mix(colour, drawings.WHITE, 0.12)
    table = [min(255, round(v * k / 235)) for k in lifted for v in range(256)]
    return layer.point([*table, *range(256)])
