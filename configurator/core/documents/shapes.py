"""A model's own parametric preview (``preview: {kind: shapes}``): rectangles, boxes, circles, lines and texts
placed by expressions in model units and filled with the colours of chosen options (Pillow, no Qt).

The model's ``extent`` (width, height in model units, e.g. mm) is fitted into the picture with a margin; x grows
to the right and y *upwards* from 0, as in a drawing of a product standing on the floor. A fixed extent keeps
sizes true to scale between configurations (a 300 mm cabinet is drawn narrower than a 1200 mm one). A shape
whose ``when`` is not true or whose place is not known yet (a partial configuration, an attribute that does
not apply) is left out; a fill whose option is not chosen yet is a neutral grey. Numbers in a text are printed
as whole numbers, so a picture reads the same in both languages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from PIL import Image

from configurator.core.documents import drawings
from configurator.core.documents.drawings import INK, NEUTRAL, RGB, Sketch
from configurator.core.model import schema as s

MARGIN = 0.06  # of the picture's longer side, on every edge
DEPTH_SLANT = 0.5  # a box's depth is drawn at 45 degrees, shortened to half

Value = Callable[[s.Expression], Any]
"""An expression -> its value over the configuration (None: not known yet)."""


def draw_shapes(preview: s.Preview, value: Value, colour_of: Callable[[str], RGB | None],
                size: tuple[int, int]) -> Image.Image:
    """The picture of ``preview.shapes`` at ``size`` pixels.

    ``value`` evaluates an expression over the (partial) configuration; ``colour_of`` gives the colour of the
    option chosen for a choice attribute (None while not chosen).
    """
    sketch = Sketch(size)
    assert preview.extent is not None
    extent = (_number(value(preview.extent[0])), _number(value(preview.extent[1])))
    if extent[0] is None or extent[1] is None or extent[0] <= 0 or extent[1] <= 0:
        return sketch.finish()
    margin = MARGIN * 1000
    room_w, room_h = sketch.width - 2 * margin, sketch.height - 2 * margin
    k = min(room_w / extent[0], room_h / extent[1])
    left = margin + (room_w - extent[0] * k) / 2
    bottom = sketch.height - margin - (room_h - extent[1] * k) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + x * k, bottom - y * k)

    for shape in preview.shapes:
        if shape.when is not None and value(shape.when) is not True:
            continue
        place = [_number(value(e)) for e in shape.place]
        if any(p is None for p in place):
            continue
        numbers = [p for p in place if p is not None]
        fill = _fill(shape.fill, colour_of)
        stroke = None if shape.stroke == "none" else (drawings.hex_rgb(shape.stroke) if shape.stroke else INK)
        width = float(shape.width)
        if shape.kind == "rect":
            x, y, w, h = numbers
            (x0, y0), (x1, y1) = at(x, y + h), at(x + w, y)
            sketch.rect((x0, y0, x1, y1), fill, stroke, width)
        elif shape.kind == "box":
            _box(sketch, at, numbers, k, fill=fill or NEUTRAL, stroke=stroke, width=width)
        elif shape.kind == "circle":
            x, y, r = numbers
            sketch.circle(at(x, y), abs(r) * k, fill, stroke, width)
        elif shape.kind == "line":
            x1, y1, x2, y2 = numbers
            sketch.line([at(x1, y1), at(x2, y2)], stroke or INK, width)
        else:
            _text(sketch, shape, value, at(*numbers), k, colour=fill or INK)
    return sketch.finish()


def _box(sketch: Sketch, at: Callable[[float, float], tuple[float, float]], numbers: list[float], k: float, *,
         fill: RGB, stroke: RGB | None, width: float) -> None:
    """A box seen from the front, its depth receding up and to the right: front, top and side faces."""
    x, y, w, h, d = numbers
    dx = dy = max(0.0, d) * DEPTH_SLANT * k / 2**0.5
    (fx0, fy0), (fx1, fy1) = at(x, y + h), at(x + w, y)
    top = [(fx0, fy0), (fx0 + dx, fy0 - dy), (fx1 + dx, fy0 - dy), (fx1, fy0)]
    side = [(fx1, fy0), (fx1 + dx, fy0 - dy), (fx1 + dx, fy1 - dy), (fx1, fy1)]
    if dx > 0:
        sketch.polygon(top, drawings.mix(fill, drawings.WHITE, 0.35), stroke, width)
        sketch.polygon(side, drawings.mix(fill, drawings.BLACK, 0.18), stroke, width)
    sketch.rect((fx0, fy0, fx1, fy1), fill, stroke, width)


def _text(sketch: Sketch, shape: s.Shape, value: Value, centre: tuple[float, float], k: float, *,
          colour: RGB) -> None:
    parts = []
    for part in shape.text:
        if isinstance(part, str):
            parts.append(part)
            continue
        shown = _shown(value(part))
        if shown is None:
            return  # not known yet: no half-filled text
        parts.append(shown)
    height = _number(value(shape.size)) if shape.size is not None else None
    letters = height * k if height is not None and height > 0 else 30.0
    sketch.text(centre, "".join(parts), min(letters, 400.0), colour)


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "✓" if value else "–"
    if isinstance(value, Decimal | int | float):
        whole = Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return str(int(whole)).replace("-", "\u2212")
    return str(value)


def _fill(fill: str | None, colour_of: Callable[[str], RGB | None]) -> RGB | None:
    if fill is None:
        return None
    if fill.startswith("#"):
        return drawings.hex_rgb(fill)
    return colour_of(fill) or NEUTRAL


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float):
        return None
    number = float(value)
    return number if abs(number) < 1e9 else None


def colour_lookup(known: Mapping[str, Any], colour: Callable[[str, Any], RGB | None]) -> Callable[[str], RGB | None]:
    """``colour_of`` for :func:`draw_shapes` over the known values."""
    return lambda attr_id: colour(attr_id, known.get(attr_id))
