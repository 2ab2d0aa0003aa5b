"""Draw the images the seed product models reference (option thumbnails and chair preview layers).

Run from the repository root:  python resources/draw_model_images.py [--check]

The script reads every ``product_models/<family>/*.yaml``, collects the option images and preview layers it
references and draws each one deterministically with Pillow into ``product_models/<family>/images/``.
``--check`` only reports images that the models reference but this script cannot draw (or vice versa).

Conventions:
- Chair preview layers are 480x480 RGBA in neutral greys on a transparent background, so that a layer's
  ``tint`` can recolour them by multiplying with the chosen option's ``colour``.
- Option thumbnails are 160x160 RGB on a light background.
- Everything is drawn at twice the size and scaled down for smooth edges; no randomness except seeded
  pseudo-random texture, so the same input gives the same pixels.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "product_models"
LAYER = 480
THUMB = 160
SS = 2  # supersampling factor
BACKGROUND = (246, 246, 243)
INK = (60, 62, 66)

# ---------------------------------------------------------------------------------------------- helpers


def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))


def mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def canvas(size: int, rgba: bool = True) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGBA", (size * SS, size * SS), (0, 0, 0, 0)) if rgba else Image.new(
        "RGB", (size * SS, size * SS), BACKGROUND)
    return image, ImageDraw.Draw(image)


def finish(image: Image.Image, size: int) -> Image.Image:
    return image.resize((size, size), Image.Resampling.LANCZOS)


def s(*values: float) -> list[float]:
    """Scale coordinates given in output pixels to the supersampled canvas."""
    return [v * SS for v in values]


def shaded(mask: Image.Image, top: int = 236, bottom: int = 188, outline: int = 118, width: int = 3) -> Image.Image:
    """A neutral grey RGBA layer: a vertical gradient inside ``mask`` with a darker outline."""
    w, h = mask.size
    box = mask.getbbox()
    gradient = Image.new("L", (w, h), top)
    if box:
        y0, y1 = box[1], box[3]
        column = Image.new("L", (1, h))
        for y in range(h):
            t = 0.0 if y <= y0 else 1.0 if y >= y1 else (y - y0) / max(1, y1 - y0)
            column.putpixel((0, y), round(top + (bottom - top) * t))
        gradient = column.resize((w, h))
    grown = mask.filter(ImageFilter.MaxFilter(width * SS * 2 + 1)) if width else mask
    edge = ImageChops.subtract(grown, mask)
    grey = Image.composite(Image.new("L", (w, h), outline), gradient, edge)
    alpha = ImageChops.lighter(mask, grown)
    return Image.merge("RGBA", (grey, grey, grey, alpha))


def new_mask(size: int = LAYER) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    mask = Image.new("L", (size * SS, size * SS), 0)
    return mask, ImageDraw.Draw(mask)


def tint(layer: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """What the app does with ``tint``: multiply the grey layer by the option's colour (lightened a bit)."""
    r, g, b, a = layer.split()
    lifted = mix(colour, (255, 255, 255), 0.12)
    channels = [c.point(lambda v, k=k: round(v * k / 235)) for c, k in zip((r, g, b), lifted, strict=True)]
    return Image.merge("RGBA", (*channels, a))


# ---------------------------------------------------------------------------------------------- chair layers


def _saddle(d: ImageDraw.ImageDraw) -> None:
    d.ellipse(s(132, 246, 348, 304), fill=255)
    d.rounded_rectangle(s(150, 262, 330, 306), radius=18 * SS, fill=255)


def layer_base() -> Image.Image:
    mask, d = new_mask()
    hub = (240, 408)
    for end in ((118, 428), (362, 428), (150, 446), (330, 446), (240, 456)):
        d.line(s(*hub, *end), fill=255, width=15 * SS)
    d.ellipse(s(222, 396, 258, 420), fill=255)
    d.rounded_rectangle(s(228, 318, 252, 404), radius=6 * SS, fill=255)  # gas lift cover
    d.rectangle(s(234, 298, 246, 320), fill=255)  # piston
    d.rounded_rectangle(s(208, 298, 272, 314), radius=5 * SS, fill=255)  # seat mechanism
    return finish(shaded(mask, top=232, bottom=178), LAYER)


def layer_castors() -> Image.Image:
    image, d = canvas(LAYER)
    for x, y in ((118, 428), (362, 428), (150, 446), (330, 446), (240, 456)):
        d.ellipse(s(x - 12, y + 2, x + 12, y + 22), fill=(52, 52, 54, 255))
        d.ellipse(s(x - 5, y + 8, x + 5, y + 16), fill=(120, 120, 122, 255))
    return finish(image, LAYER)


def layer_footring() -> Image.Image:
    mask, d = new_mask()
    d.ellipse(s(134, 350, 346, 396), outline=255, width=9 * SS)
    for x0, x1 in ((146, 232), (248, 334)):
        d.line(s(x0, 373, x1, 368), fill=255, width=5 * SS)
    return finish(shaded(mask, top=230, bottom=196, width=2), LAYER)


def layer_back_post() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(232, 176, 248, 262), radius=4 * SS, fill=255)
    return finish(shaded(mask, top=226, bottom=196, width=2), LAYER)


def layer_back_capisco() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(160, 126, 320, 184), radius=26 * SS, fill=255)
    return finish(shaded(mask), LAYER)


def layer_back_puls() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(170, 118, 310, 188), radius=30 * SS, fill=255)
    d.polygon(s(226, 186, 254, 186, 250, 262, 230, 262), fill=255)
    for x in (205, 240, 275):  # the moulded slots
        d.rounded_rectangle(s(x - 9, 140, x + 9, 166), radius=8 * SS, fill=0)
    return finish(shaded(mask, top=232, bottom=196), LAYER)


def layer_back_sofi_frame() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(146, 52, 334, 248), radius=46 * SS, outline=255, width=11 * SS)
    d.polygon(s(176, 244, 196, 244, 204, 262, 184, 262), fill=255)
    d.polygon(s(284, 244, 304, 244, 296, 262, 276, 262), fill=255)
    return finish(shaded(mask, top=228, bottom=204), LAYER)


def layer_back_sofi() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(157, 63, 323, 237), radius=38 * SS, fill=255)
    layer = shaded(mask, width=0)
    seam = ImageDraw.Draw(layer)
    seam.line(s(170, 150, 310, 150), fill=(190, 190, 190, 255), width=2 * SS)
    return finish(layer, LAYER)


def layer_back_futu() -> Image.Image:
    mask, d = new_mask()
    d.ellipse(s(144, 58, 336, 140), fill=255)
    d.polygon(s(146, 100, 334, 100, 308, 246, 172, 246), fill=255)
    layer = shaded(mask)
    knit = ImageDraw.Draw(layer)
    for y in range(84, 240, 12):  # knitted ribs
        inset = 0 if y < 100 else (y - 100) * 26 / 146
        knit.line(s(160 + inset, y, 320 - inset, y), fill=(205, 205, 205, 255), width=SS)
    return finish(layer, LAYER)


def layer_seat_saddle() -> Image.Image:
    mask, d = new_mask()
    _saddle(d)
    layer = shaded(mask)
    ridge = ImageDraw.Draw(layer)
    ridge.line(s(240, 252, 240, 300), fill=(200, 200, 200, 255), width=3 * SS)
    return finish(layer, LAYER)


def layer_seat_puls() -> Image.Image:
    mask, d = new_mask()
    _saddle(d)
    return finish(shaded(mask, top=232, bottom=200), LAYER)


def layer_puls_strip() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(206, 252, 274, 300), radius=14 * SS, fill=255)
    return finish(shaded(mask, top=238, bottom=200, width=2), LAYER)


def layer_seat_office() -> Image.Image:
    mask, d = new_mask()
    d.rounded_rectangle(s(128, 248, 352, 302), radius=26 * SS, fill=255)
    return finish(shaded(mask), LAYER)


def layer_elbow_rests() -> Image.Image:
    mask, d = new_mask()
    for x in (96, 330):
        d.rounded_rectangle(s(x, 198, x + 54, 214), radius=7 * SS, fill=255)
        d.rounded_rectangle(s(x + 22, 212, x + 32, 282), radius=3 * SS, fill=255)
    return finish(shaded(mask, top=230, bottom=196, width=2), LAYER)


CHAIR_LAYERS: dict[str, Callable[[], Image.Image]] = {
    "layer_base": layer_base,
    "layer_castors": layer_castors,
    "layer_footring": layer_footring,
    "layer_back_post": layer_back_post,
    "layer_back_capisco": layer_back_capisco,
    "layer_back_puls": layer_back_puls,
    "layer_back_sofi_frame": layer_back_sofi_frame,
    "layer_back_sofi": layer_back_sofi,
    "layer_back_futu": layer_back_futu,
    "layer_seat_saddle": layer_seat_saddle,
    "layer_seat_puls": layer_seat_puls,
    "layer_puls_strip": layer_puls_strip,
    "layer_seat_office": layer_seat_office,
    "layer_elbow_rests": layer_elbow_rests,
}

# which layers make each model's thumbnail, with the colour each is tinted with
_METAL, _FABRIC, _PLASTIC, _NONE = (170, 174, 178), (70, 92, 128), (40, 40, 40), None
CHAIR_THUMBS: dict[str, list[tuple[str, tuple[int, int, int] | None]]] = {
    "capisco_8106": [("layer_base", _METAL), ("layer_castors", _NONE), ("layer_footring", _METAL),
                     ("layer_back_post", _METAL), ("layer_back_capisco", _FABRIC), ("layer_seat_saddle", _FABRIC)],
    "capisco_puls_8020": [("layer_base", _METAL), ("layer_castors", _NONE), ("layer_back_puls", (236, 236, 234)),
                          ("layer_seat_puls", (236, 236, 234)), ("layer_puls_strip", (180, 60, 50))],
    "sofi": [("layer_base", _METAL), ("layer_castors", _NONE), ("layer_back_sofi_frame", _PLASTIC),
             ("layer_back_sofi", _FABRIC), ("layer_seat_office", _FABRIC), ("layer_elbow_rests", _PLASTIC)],
    "futu": [("layer_base", _METAL), ("layer_castors", _NONE), ("layer_back_futu", (63, 95, 138)),
             ("layer_seat_office", (63, 95, 138))],
}


def chair_thumbnail(model_id: str) -> Image.Image:
    composed = Image.new("RGBA", (LAYER, LAYER), (*BACKGROUND, 255))
    for name, colour in CHAIR_THUMBS[model_id]:
        layer = CHAIR_LAYERS[name]()
        composed.alpha_composite(tint(layer, colour) if colour else layer)
    cropped = composed.crop((40, 30, 440, 480)).resize((THUMB * 400 // 450, THUMB), Image.Resampling.LANCZOS)
    out = Image.new("RGB", (THUMB, THUMB), BACKGROUND)
    out.paste(cropped.convert("RGB"), ((THUMB - cropped.width) // 2, 0))
    return out


def fabric_swatch(option_id: str, colour: str) -> Image.Image:
    """A fabric sample: the weave depends on the range (the code's two letters)."""
    base = hex_rgb(colour)
    light, dark = mix(base, (255, 255, 255), 0.18), mix(base, (0, 0, 0), 0.22)
    size = THUMB * SS
    image = Image.new("RGB", (size, size), base)
    d = ImageDraw.Draw(image)
    rng = random.Random(option_id)
    kind = option_id[:2]
    if kind == "cy":  # fine twill
        for k in range(-size, size, 6 * SS):
            d.line((k, 0, k + size, size), fill=dark, width=SS)
    elif kind in ("ru", "fj"):  # wool / melange flecks
        flecks = 2600 if kind == "ru" else 1800
        for _ in range(flecks):
            x, y = rng.randrange(size), rng.randrange(size)
            d.line((x, y, x + rng.randrange(2, 7) * SS, y), fill=light if rng.random() < 0.5 else dark, width=SS)
    elif kind == "fk":  # knit: rows of small V stitches
        for y in range(0, size, 8 * SS):
            for x in range(0, size, 8 * SS):
                d.line((x, y, x + 4 * SS, y + 6 * SS, x + 8 * SS, y), fill=dark, width=SS)
    else:  # leather: smooth with grain and a stitched seam
        for _ in range(500):
            x, y = rng.randrange(size), rng.randrange(size)
            d.point((x, y), fill=dark)
        for x in range(10 * SS, size - 10 * SS, 10 * SS):
            d.line((x, size - 24 * SS, x + 5 * SS, size - 24 * SS), fill=light, width=2 * SS)
    image = image.resize((THUMB, THUMB), Image.Resampling.LANCZOS)
    image = image.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).convert("RGB")
    d = ImageDraw.Draw(image)
    d.rectangle((0, THUMB - 26, THUMB, THUMB), fill=BACKGROUND)
    d.text((8, THUMB - 22), option_id.upper(), fill=INK, font=font(16))
    return image


# ---------------------------------------------------------------------------------------------- windows

FRAME = (236, 232, 222)
GLASS = (196, 220, 232)
LINE = (70, 74, 80)


def _window(d: ImageDraw.ImageDraw, box: tuple[float, float, float, float], panes: int = 1) -> list[tuple[float, ...]]:
    """Draw a frame with ``panes`` sashes; returns each sash's glass box."""
    x0, y0, x1, y1 = box
    d.rectangle(s(x0, y0, x1, y1), fill=FRAME, outline=LINE, width=2 * SS)
    inner = []
    width = (x1 - x0 - 20) / panes
    for i in range(panes):
        sx0 = x0 + 10 + i * width
        sash = (sx0, y0 + 10, sx0 + width, y1 - 10)
        d.rectangle(s(*sash), fill=FRAME, outline=LINE, width=SS)
        glass = (sash[0] + 9, sash[1] + 9, sash[2] - 9, sash[3] - 9)
        d.rectangle(s(*glass), fill=GLASS, outline=LINE, width=SS)
        inner.append(glass)
    return inner


def _opening_symbol(d: ImageDraw.ImageDraw, glass: tuple[float, ...], hinge: str) -> None:
    """The drawing convention: lines from the opening side meet at the hinge side."""
    x0, y0, x1, y1 = glass
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    apex, ends = {
        "left": ((x0, my), ((x1, y0), (x1, y1))),
        "right": ((x1, my), ((x0, y0), (x0, y1))),
        "top": ((mx, y0), ((x0, y1), (x1, y1))),
        "bottom": ((mx, y1), ((x0, y0), (x1, y0))),
    }[hinge]
    for end in ends:
        _dashed(d, end, apex)


def _dashed(d: ImageDraw.ImageDraw, a: tuple[float, float], b: tuple[float, float], dash: float = 6) -> None:
    length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
    steps = max(1, int(length // dash))
    for i in range(0, steps, 2):
        t0, t1 = i / steps, min(1.0, (i + 1) / steps)
        d.line(s(a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0,
                 a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1), fill=LINE, width=SS)


def window_type_thumbnail(option_id: str) -> Image.Image:
    image, d = canvas(THUMB, rgba=False)
    if option_id == "double_side_hung":
        left, right = _window(d, (20, 16, 140, 144), panes=2)
        _opening_symbol(d, left, "left")
        _opening_symbol(d, right, "right")
    elif option_id == "fixed":
        x0, y0, x1, y1 = 36, 16, 124, 144
        d.rectangle(s(x0, y0, x1, y1), fill=FRAME, outline=LINE, width=2 * SS)
        d.rectangle(s(x0 + 10, y0 + 10, x1 - 10, y1 - 10), fill=GLASS, outline=LINE, width=SS)
        d.line(s(x0 + 24, y0 + 40, x0 + 44, y0 + 20), fill=(250, 252, 255), width=3 * SS)
        d.line(s(x0 + 24, y0 + 60, x0 + 62, y0 + 22), fill=(250, 252, 255), width=2 * SS)
    else:
        box = (26, 30, 134, 130) if option_id == "top_hung" else (36, 16, 124, 144)
        (glass,) = _window(d, box)
        if option_id == "side_hung":
            _opening_symbol(d, glass, "left")
        elif option_id == "top_hung":
            _opening_symbol(d, glass, "top")
        else:  # tilt_turn: turns on the left, tilts on the bottom
            _opening_symbol(d, glass, "left")
            _opening_symbol(d, glass, "bottom")
    return finish(image, THUMB)


def glazing_bars_thumbnail(option_id: str) -> Image.Image:
    image, d = canvas(THUMB, rgba=False)
    x0, y0, x1, y1 = 30, 14, 130, 146
    d.rectangle(s(x0, y0, x1, y1), fill=FRAME, outline=LINE, width=2 * SS)
    g = (x0 + 12, y0 + 12, x1 - 12, y1 - 12)
    mx, my = (g[0] + g[2]) / 2, (g[1] + g[3]) / 2
    if option_id == "through":  # separate panes held by real bars
        for box in ((g[0], g[1], mx - 4, my - 4), (mx + 4, g[1], g[2], my - 4),
                    (g[0], my + 4, mx - 4, g[3]), (mx + 4, my + 4, g[2], g[3])):
            d.rectangle(s(*box), fill=GLASS, outline=LINE, width=SS)
    else:
        d.rectangle(s(*g), fill=GLASS, outline=LINE, width=SS)
        if option_id == "isospross":  # thin bars inside the sealed unit
            d.line(s(mx, g[1], mx, g[3]), fill=(226, 222, 210), width=3 * SS)
            d.line(s(g[0], my, g[2], my), fill=(226, 222, 210), width=3 * SS)
        elif option_id == "applied":  # bars glued on the surface, with a shadow
            d.line(s(mx + 3, g[1], mx + 3, g[3]), fill=(150, 168, 178), width=6 * SS)
            d.line(s(g[0], my + 3, g[2], my + 3), fill=(150, 168, 178), width=6 * SS)
            d.line(s(mx, g[1], mx, g[3]), fill=FRAME, width=7 * SS)
            d.line(s(g[0], my, g[2], my), fill=FRAME, width=7 * SS)
    return finish(image, THUMB)


# ---------------------------------------------------------------------------------------------- ear tags

TAG_YELLOW = (242, 197, 0)


def _tag_text(d: ImageDraw.ImageDraw, xy: tuple[float, float], lines: list[str], size: int) -> None:
    y = xy[1]
    for line in lines:
        d.text(s(xy[0], y), line, fill=(20, 20, 20), font=font(size * SS), anchor="mt")
        y += size + 3


def _button(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, colour: tuple[int, int, int]) -> None:
    d.ellipse(s(cx - r, cy - r, cx + r, cy + r), fill=colour, outline=LINE, width=SS)
    d.ellipse(s(cx - r * 0.35, cy - r * 0.35, cx + r * 0.35, cy + r * 0.35), fill=mix(colour, (0, 0, 0), 0.25))


def tag_type_thumbnail(option_id: str) -> Image.Image:
    image, d = canvas(THUMB, rgba=False)
    if option_id == "e24":
        _button(d, 80, 70, 46, TAG_YELLOW)
        _tag_text(d, (80, 124), ["E24"], 18)
        return finish(image, THUMB)
    left = 22 if option_id == "visual" else 14
    right = 138 if option_id == "visual" else 108
    d.rounded_rectangle(s(left + 30, 10, right - 30, 40), radius=8 * SS, fill=TAG_YELLOW, outline=LINE, width=SS)
    d.rounded_rectangle(s(left, 34, right, 150), radius=16 * SS, fill=TAG_YELLOW, outline=LINE, width=SS)
    d.ellipse(s((left + right) / 2 - 6, 16, (left + right) / 2 + 6, 28), fill=BACKGROUND, outline=LINE, width=SS)
    prefix = "MT NO" if option_id == "visual" else "NO"  # cattle tags carry NO only
    _tag_text(d, ((left + right) / 2, 52), [prefix, "1234567", "70001" if option_id == "visual" else "01234"], 15)
    if option_id == "combi_e30_flagg":
        _button(d, 132, 118, 22, TAG_YELLOW)
    return finish(image, THUMB)


# ---------------------------------------------------------------------------------------------- chimney caps

BRICK = (168, 84, 62)
STEEL = (150, 156, 162)


def flue_shape_thumbnail(option_id: str) -> Image.Image:
    """Top view of the chimney crown with the flue opening."""
    image, d = canvas(THUMB, rgba=False)
    if option_id == "round":
        d.ellipse(s(26, 26, 134, 134), fill=STEEL, outline=LINE, width=2 * SS)
        d.ellipse(s(44, 44, 116, 116), fill=(40, 40, 42), outline=LINE, width=SS)
        return finish(image, THUMB)
    outer = (22, 22, 138, 138) if option_id == "square" else (14, 40, 146, 120)
    d.rectangle(s(*outer), fill=BRICK, outline=LINE, width=2 * SS)
    for y in range(int(outer[1]) + 12, int(outer[3]), 12):  # brick courses
        d.line(s(outer[0], y, outer[2], y), fill=(140, 66, 48), width=SS)
    inner = (48, 48, 112, 112) if option_id == "square" else (36, 62, 124, 98)
    d.rectangle(s(*inner), fill=(40, 40, 42), outline=LINE, width=SS)
    return finish(image, THUMB)


def wind_variant_thumbnail(option_id: str) -> Image.Image:
    """Side view of a cap on a masonry chimney."""
    image, d = canvas(THUMB, rgba=False)
    d.rectangle(s(46, 96, 114, 156), fill=BRICK, outline=LINE, width=SS)
    for y in range(106, 156, 10):
        d.line(s(46, y, 114, y), fill=(140, 66, 48), width=SS)
    if option_id == "down_draught":  # double roof, open band between
        d.polygon(s(30, 50, 80, 22, 130, 50), fill=STEEL, outline=LINE)
        d.polygon(s(36, 74, 80, 56, 124, 74), fill=STEEL, outline=LINE)
        for x in (50, 110):
            d.rectangle(s(x - 2, 50, x + 2, 96), fill=STEEL, outline=LINE)
    else:
        d.polygon(s(26, 66, 80, 34, 134, 66), fill=STEEL, outline=LINE)
        for x in (52, 108):
            d.rectangle(s(x - 2, 66, x + 2, 96), fill=STEEL, outline=LINE)
        if option_id == "wind_guard":  # louvred side plates
            d.rectangle(s(40, 66, 120, 94), fill=mix(STEEL, (255, 255, 255), 0.3), outline=LINE, width=SS)
            for y in (72, 80, 88):
                d.line(s(44, y, 116, y - 4), fill=LINE, width=SS)
    return finish(image, THUMB)


# ---------------------------------------------------------------------------------------------- dispatch

OptionDrawer = Callable[[dict[str, Any]], Image.Image]
OPTION_DRAWERS: dict[tuple[str, str], OptionDrawer] = {
    ("chair", "model"): lambda o: chair_thumbnail(o["id"]),
    ("chair", "fabric"): lambda o: fabric_swatch(o["id"], o["colour"]),
    ("window", "window_type"): lambda o: window_type_thumbnail(o["id"]),
    ("window", "glazing_bars"): lambda o: glazing_bars_thumbnail(o["id"]),
    ("eartag", "tag_type"): lambda o: tag_type_thumbnail(o["id"]),
    ("chimney_cap", "flue_shape"): lambda o: flue_shape_thumbnail(o["id"]),
    ("chimney_cap", "wind_variant"): lambda o: wind_variant_thumbnail(o["id"]),
}


def wanted_images(model_file: Path) -> dict[str, Callable[[], Image.Image]]:
    """Every image a model references, with the function that draws it."""
    doc = yaml.safe_load(model_file.read_text(encoding="utf-8"))
    family = model_file.parent.name
    wanted: dict[str, Callable[[], Image.Image]] = {}
    problems: list[str] = []
    for attribute in doc.get("attributes") or []:
        for option in attribute.get("options") or []:
            if "image" not in option:
                continue
            drawer = OPTION_DRAWERS.get((family, attribute["id"]))
            if drawer is None:
                problems.append(f"{family}: no drawing for images of '{attribute['id']}' ({option['image']})")
                continue
            wanted[option["image"]] = lambda drawer=drawer, option=option: drawer(option)
    for layer in (doc.get("preview") or {}).get("layers") or []:
        name = Path(layer["image"]).stem
        if name not in CHAIR_LAYERS:
            problems.append(f"{family}: no drawing for preview layer {layer['image']}")
            continue
        wanted[layer["image"]] = CHAIR_LAYERS[name]
    if problems:
        raise SystemExit("\n".join(problems))
    return wanted


def save(image: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if image.mode == "RGB":  # thumbnails: a 64-colour palette keeps them small
        image = image.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    image.save(path, format="PNG", optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list images that are missing or unused")
    args = parser.parse_args(argv)
    status = 0
    for model_file in sorted(MODELS.glob("*/*.yaml")):
        folder = model_file.parent
        wanted = wanted_images(model_file)
        existing = {p.relative_to(folder).as_posix() for p in (folder / "images").glob("*.png")}
        for unused in sorted(existing - set(wanted)):
            print(f"unused image: {folder.name}/{unused}", file=sys.stderr)
            status = 1 if args.check else status
        for relative, draw in sorted(wanted.items()):
            target = folder / relative
            if args.check:
                if not target.is_file():
                    print(f"missing image: {folder.name}/{relative}", file=sys.stderr)
                    status = 1
                continue
            save(draw(), target)
        if not args.check:
            print(f"{folder.name}: {len(wanted)} images")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
