"""The named parametric preview drawings: window, ear tag, chimney cap and chair (Pillow, no Qt).

A drawing is a function of its parameters (the model's ``preview.parameters`` evaluated over the configuration;
any of them may be None while the configuration is partial) and the colours of the options they name. Drawings
are laid out in *units*, the longer side of the picture being 1000 units, drawn supersampled and reduced: edges
are smooth and the same input always gives the same pixels. Texts inside a picture are language-neutral
(numbers, mm, MT NO).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from configurator.core.i18n import RESOURCES

RGB = tuple[int, int, int]
Box = tuple[float, float, float, float]
Point = tuple[float, float]
Params = Mapping[str, Any]
Colours = Mapping[str, RGB]

SS = 3  # supersampling factor
PAPER: RGB = (250, 250, 248)
INK: RGB = (46, 50, 56)
DIM: RGB = (110, 116, 124)
WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
NEUTRAL: RGB = (208, 208, 204)
FONTS = RESOURCES / "fonts"


@functools.cache
def font(px: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans from ``resources/fonts`` when present, else Pillow's built-in font (no system fonts)."""
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.is_file():
        return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size=px)


def hex_rgb(colour: str) -> RGB:
    """``#rrggbb`` as an RGB tuple."""
    colour = colour.lstrip("#")
    return (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16))


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t), round(a[2] + (b[2] - a[2]) * t))


def is_dark(colour: RGB) -> bool:
    return 0.2126 * colour[0] + 0.7152 * colour[1] + 0.0722 * colour[2] < 110


def edge_of(colour: RGB) -> RGB:
    """An outline that stands out from a surface of ``colour``."""
    return mix(colour, WHITE, 0.45) if is_dark(colour) else mix(colour, INK, 0.62)


def ink_on(colour: RGB) -> RGB:
    """The print colour on a surface of ``colour``."""
    return (244, 244, 240) if is_dark(colour) else (22, 22, 22)


def number(params: Params, key: str) -> float | None:
    value = params.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return float(value)


def word(params: Params, key: str) -> str | None:
    value = params.get(key)
    return value if isinstance(value, str) and value else None


def mm(value: float) -> str:
    return f"{value:.0f} mm" if value == round(value) else f"{value:g} mm"


class Sketch:
    """A picture drawn in units (the longer side is 1000), supersampled ``SS`` times."""

    def __init__(self, size: tuple[int, int]) -> None:
        longer = max(size)
        self.width, self.height = 1000 * size[0] / longer, 1000 * size[1] / longer
        self.k = SS * longer / 1000
        self.image = Image.new("RGB", (size[0] * SS, size[1] * SS), PAPER)
        self.draw = ImageDraw.Draw(self.image)

    def xy(self, *values: float) -> list[float]:
        return [v * self.k for v in values]

    def px(self, width: float) -> int:
        return max(1, round(width * self.k))

    def rect(self, box: Box, fill: RGB | None = None, outline: RGB | None = INK, width: float = 2,
             radius: float = 0) -> None:
        x0, y0, x1, y1 = box
        corners = self.xy(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        self.draw.rounded_rectangle(corners, radius=radius * self.k, fill=fill, outline=outline, width=self.px(width))

    def circle(self, centre: Point, r: float, fill: RGB | None = None, outline: RGB | None = INK,
               width: float = 2) -> None:
        box = self.xy(centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r)
        self.draw.ellipse(box, fill=fill, outline=outline, width=self.px(width))

    def polygon(self, points: Sequence[Point], fill: RGB | None = None, outline: RGB | None = INK,
                width: float = 2) -> None:
        self.draw.polygon([(x * self.k, y * self.k) for x, y in points], fill=fill, outline=outline,
                          width=self.px(width))

    def line(self, points: Sequence[Point], fill: RGB = INK, width: float = 2) -> None:
        self.draw.line([(x * self.k, y * self.k) for x, y in points], fill=fill, width=self.px(width))

    def dashed(self, a: Point, b: Point, fill: RGB = INK, width: float = 2, dash: float = 16) -> None:
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        steps = max(1, round(length / dash)) | 1  # odd: a dash at both ends
        for i in range(0, steps, 2):
            t0, t1 = i / steps, (i + 1) / steps
            self.line([(a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
                       (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)], fill, width)

    def gradient(self, box: Box, top: RGB, bottom: RGB) -> None:
        x0, y0, x1, y1 = (round(v) for v in self.xy(*box))
        if x1 > x0 and y1 > y0:
            strip = Image.new("RGB", (1, 2))
            strip.putpixel((0, 0), top)
            strip.putpixel((0, 1), bottom)
            self.image.paste(strip.resize((x1 - x0, y1 - y0), Image.Resampling.BILINEAR), (x0, y0))

    def text(self, at: Point, value: str, size: float, fill: RGB = INK, *, anchor: str = "mm",
             bold: bool = False) -> None:
        x, y = self.xy(*at)
        self.draw.text((x, y), value, fill=fill, font=font(self.px(size), bold), anchor=anchor)

    def fitted(self, value: str, size: float, room: float, *, bold: bool = False) -> float:
        """``size``, made smaller if ``value`` would be wider than ``room``."""
        width = font(self.px(size), bold).getlength(value) / self.k
        return size if width <= room else size * room / width

    def text_up(self, centre: Point, value: str, size: float, fill: RGB = INK) -> None:
        """Text reading upwards (rotated a quarter turn), centred on ``centre``."""
        face = font(self.px(size))
        left, top, right, bottom = (round(v) for v in face.getbbox(value))
        mask = Image.new("L", (right - left + 2, bottom - top + 2), 0)
        ImageDraw.Draw(mask).text((1 - left, 1 - top), value, fill=255, font=face)
        mask = mask.transpose(Image.Transpose.ROTATE_90)
        x, y = (round(v) for v in self.xy(*centre))
        x0, y0 = x - mask.width // 2, y - mask.height // 2
        self.image.paste(fill, (x0, y0, x0 + mask.width, y0 + mask.height), mask)

    def dimension(self, box: Box, side: str, label: str) -> None:
        """A dimension line with oblique ticks, 70 units below (``side`` "below") or right of ("right") ``box``,
        with extension lines from the box; the text reads along the line, above it or on its left."""
        x0, y0, x1, y1 = box
        if side == "below":
            y = y1 + 70
            for x in (x0, x1):
                self.line([(x, y1 + 10), (x, y + 14)], DIM, 1.5)
                self.line([(x - 9, y + 9), (x + 9, y - 9)], INK, 2.5)
            self.line([(x0 - 16, y), (x1 + 16, y)], DIM, 1.5)
            self.text(((x0 + x1) / 2, y - 10), label, 30, anchor="mb")
            return
        x = x1 + 70
        for y in (y0, y1):
            self.line([(x1 + 10, y), (x + 14, y)], DIM, 1.5)
            self.line([(x - 9, y + 9), (x + 9, y - 9)], INK, 2.5)
        self.line([(x, y0 - 16), (x, y1 + 16)], DIM, 1.5)
        self.text_up((x - 24, (y0 + y1) / 2), label, 30, INK)

    def finish(self) -> Image.Image:
        return self.image.reduce(SS)


# ---------------------------------------------------------------------------------------------- window

FRAME_MM, SASH_MM, FIXED_MM, BAR_MM = 45.0, 55.0, 80.0, 30.0
GLASS_TOP: RGB = (184, 208, 222)
GLASS_BOTTOM: RGB = (224, 236, 242)
PAINT_WHITE: RGB = (241, 236, 225)
HINGES = {"side_hung": ("left",), "top_hung": ("top",), "tilt_turn": ("left", "bottom")}
HANDLE_SIDE = {"side_hung": "right", "top_hung": "bottom", "tilt_turn": "right"}


def window(sk: Sketch, p: Params, colours: Colours) -> None:
    """Elevation seen from inside, to scale. Opening symbol: lines from the opening side meet at the hinge side,
    dashed when the sash opens away from the viewer (outward), solid when it opens towards them (inward)."""
    width, height = number(p, "width"), number(p, "height")
    kind = word(p, "window_type")
    w_mm, h_mm = width or 1000.0, height or 1200.0
    room = (50.0, 40.0, sk.width - 150, sk.height - 150)
    s = min((room[2] - room[0]) / w_mm, (room[3] - room[1]) / h_mm)
    x0, y0 = (room[0] + room[2] - w_mm * s) / 2, (room[1] + room[3] - h_mm * s) / 2
    outer = (x0, y0, x0 + w_mm * s, y0 + h_mm * s)
    paint = colours.get("paint", PAINT_WHITE)
    sk.rect(outer, paint, edge_of(paint), 3)
    if kind == "fixed":
        _glass(sk, _inset(outer, FIXED_MM * s), paint, p, s, hinges=())
    else:
        _sashes(sk, _inset(outer, FRAME_MM * s), paint, p, s)
    if width is not None:
        sk.dimension(outer, "below", mm(width))
    if height is not None:
        sk.dimension(outer, "right", mm(height))


def _inset(box: Box, by: float) -> Box:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def _sashes(sk: Sketch, opening: Box, paint: RGB, p: Params, s: float) -> None:
    kind = word(p, "window_type")
    sk.rect(opening, None, edge_of(paint), 2)
    count = max(1, min(6, int(number(p, "sashes") or 1)))
    step = (opening[2] - opening[0]) / count
    for i in range(count):
        sash = (opening[0] + i * step, opening[1], opening[0] + (i + 1) * step, opening[3])
        sk.rect(sash, paint, edge_of(paint), 2)
        hinges, handle = HINGES.get(kind or "", ()), HANDLE_SIDE.get(kind or "")
        if kind == "double_side_hung":
            hinges, handle = ("left",) if i == 0 else ("right",), "left" if i == count - 1 else None
        _glass(sk, _inset(sash, SASH_MM * s), paint, p, s, hinges=hinges)
        if handle:
            _handle(sk, sash, handle, s)


def _glass(sk: Sketch, glass: Box, paint: RGB, p: Params, s: float, *, hinges: Sequence[str]) -> None:
    gx0, gy0, gx1, gy1 = glass
    sk.gradient(glass, GLASS_TOP, GLASS_BOTTOM)
    shine = mix(GLASS_BOTTOM, WHITE, 0.55)
    for share in (0.28, 0.4):
        a = min(gx1 - gx0, gy1 - gy0) * share
        sk.line([(gx0 + a, gy0 + 2), (gx0 + 2, gy0 + a)], shine, max(2.0, a / 14))
    bars = max(0, min(12, int(number(p, "bars") or 0)))
    for i in range(1, bars + 1):
        y = gy0 + (gy1 - gy0) * i / (bars + 1)
        sk.rect((gx0, y - BAR_MM * s / 2, gx1, y + BAR_MM * s / 2), paint, edge_of(paint), 1.5)
    sk.rect(glass, None, edge_of(paint), 2)
    apexes = {"left": (gx0, (gy0 + gy1) / 2), "right": (gx1, (gy0 + gy1) / 2),
              "top": ((gx0 + gx1) / 2, gy0), "bottom": ((gx0 + gx1) / 2, gy1)}
    ends = {"left": ((gx1, gy0), (gx1, gy1)), "right": ((gx0, gy0), (gx0, gy1)),
            "top": ((gx0, gy1), (gx1, gy1)), "bottom": ((gx0, gy0), (gx1, gy0))}
    outward = word(p, "opening") != "inward"
    for hinge in hinges:
        for end in ends[hinge]:
            if outward:
                sk.dashed(end, apexes[hinge], INK, 2.2)
            else:
                sk.line([end, apexes[hinge]], INK, 2.2)


def _handle(sk: Sketch, sash: Box, side: str, s: float) -> None:
    metal, plate, lever = (226, 228, 230), max(9.0, 28 * s), max(24.0, 120 * s)
    if side == "bottom":
        cx, cy = (sash[0] + sash[2]) / 2, sash[3] - SASH_MM * s / 2
        sk.rect((cx - plate * 1.4, cy - plate / 2, cx + plate * 1.4, cy + plate / 2), metal, INK, 1.5, plate / 3)
        sk.rect((cx, cy - plate * 0.28, cx + lever, cy + plate * 0.28), metal, INK, 1.5, plate / 4)
        return
    cx = sash[2] - SASH_MM * s / 2 if side == "right" else sash[0] + SASH_MM * s / 2
    cy = (sash[1] + sash[3]) / 2
    sk.rect((cx - plate / 2, cy - plate * 1.4, cx + plate / 2, cy + plate * 1.4), metal, INK, 1.5, plate / 3)
    sk.rect((cx - plate * 0.28, cy, cx + plate * 0.28, cy + lever), metal, INK, 1.5, plate / 4)


# ---------------------------------------------------------------------------------------------- ear tag


def ear_tag(sk: Sketch, p: Params, colours: Colours) -> None:
    """The tag's printed front (and its inside text, if any, on a smaller back view to the right)."""
    colour = colours.get("colour", NEUTRAL)
    kind, inside = word(p, "tag_type"), word(p, "inside_text")
    cx = sk.width * (0.36 if inside else 0.5)
    if kind == "e24":
        _button(sk, (cx, 480), 280, colour, p)
    elif kind == "combi_e30_flagg":
        _flag(sk, cx - 70, 0.86, colour, p)
        _button(sk, (cx + 190, 720), 150, colour, p)
    else:
        _flag(sk, cx, 1.0, colour, p)
    if inside:
        _inside(sk, (sk.width * 0.8, 480), kind, mix(colour, BLACK, 0.08), inside)


def _tag_number(p: Params) -> str | None:
    first = number(p, "first_number")
    if first is None or first != round(first) or first < 0:
        return None
    return f"{int(first):0{int(number(p, 'digits') or 5)}d}"


def _printed(sk: Sketch, at: Point, value: str | None, slots: int, size: float, *, on: RGB,
             bold: bool = False) -> None:
    """A printed line, or (not yet known) a row of grey digit places."""
    ink = ink_on(on)
    if value is not None:
        sk.text(at, value, size, ink, bold=bold)
        return
    faint = mix(on, ink, 0.35)
    pitch = size * 0.62
    for i in range(slots):
        x = at[0] + (i - (slots - 1) / 2) * pitch
        sk.rect((x - pitch * 0.34, at[1] + size * 0.3, x + pitch * 0.34, at[1] + size * 0.38), faint, None)


def _flag(sk: Sketch, cx: float, scale: float, colour: RGB, p: Params) -> None:
    half, top, bottom = 250 * scale, 90.0, 90 + 800 * scale
    rim, ink = edge_of(colour), ink_on(colour)
    sk.rect((cx - half * 0.42, top, cx + half * 0.42, top + 200 * scale), colour, rim, 3, 50 * scale)
    sk.rect((cx - half, top + 140 * scale, cx + half, bottom), colour, rim, 3, 110 * scale)
    sk.rect((cx - half + 16, top + 156 * scale, cx + half - 16, bottom - 16), None, mix(colour, WHITE, 0.28), 3,
            96 * scale)
    sk.circle((cx, top + 72 * scale), 34 * scale, PAPER, rim, 3)
    y = top + 250 * scale
    sk.text((cx, y), "MT NO", 64 * scale, ink)
    _printed(sk, (cx, y + 86 * scale), word(p, "holding_id"), 7, 64 * scale, on=colour)
    tag_number = _tag_number(p)
    size = sk.fitted(tag_number or "00000", 128 * scale, 2 * half - 60, bold=True)
    _printed(sk, (cx, y + 250 * scale), tag_number, 5, size, on=colour, bold=True)
    if p.get("replacement") is True:
        sk.text((cx, y + 420 * scale), "E", 120 * scale, ink, bold=True)


def _button(sk: Sketch, centre: Point, r: float, colour: RGB, p: Params) -> None:
    cx, cy = centre
    rim, ink = edge_of(colour), ink_on(colour)
    sk.circle(centre, r, colour, rim, 3)
    sk.circle(centre, r - 16, None, mix(colour, WHITE, 0.28), 3)
    sk.circle(centre, r * 0.25, mix(colour, BLACK, 0.18), rim, 3)
    sk.circle(centre, r * 0.08, mix(colour, BLACK, 0.45), None)
    size = r * 0.19
    sk.text((cx, cy - r * 0.62), "MT NO", size, ink)
    _printed(sk, (cx, cy - r * 0.4), word(p, "holding_id"), 7, size, on=colour)
    tag_number = _tag_number(p)
    size = sk.fitted(tag_number or "00000", r * 0.32, r * 1.3, bold=True)
    _printed(sk, (cx, cy + r * 0.45), tag_number, 5, size, on=colour, bold=True)
    if p.get("replacement") is True:
        sk.text((cx, cy + r * 0.75), "E", r * 0.22, ink, bold=True)


def _inside(sk: Sketch, centre: Point, kind: str | None, colour: RGB, value: str) -> None:
    cx, cy = centre
    if kind == "e24":
        sk.circle(centre, 150, colour, edge_of(colour), 3)
        sk.circle(centre, 40, mix(colour, BLACK, 0.18), edge_of(colour), 3)
        sk.text((cx, cy + 80), value, sk.fitted(value, 44, 230), ink_on(colour))
        return
    half = 115.0
    sk.rect((cx - half * 0.42, cy - 330, cx + half * 0.42, cy - 240), colour, edge_of(colour), 3, 24)
    sk.rect((cx - half, cy - 266, cx + half, cy + 300), colour, edge_of(colour), 3, 52)
    sk.circle((cx, cy - 297), 16, PAPER, edge_of(colour), 3)
    sk.text((cx, cy), value, sk.fitted(value, 48, 2 * half - 30), ink_on(colour))


# ---------------------------------------------------------------------------------------------- chimney cap

MATERIALS: dict[str, RGB] = {"galvanised": (169, 176, 181), "stainless": (201, 206, 210),
                             "copper": (184, 107, 60), "black": (43, 43, 43)}
MASONRY: RGB = (222, 214, 204)


def chimney_cap(sk: Sketch, p: Params, colours: Colours) -> None:
    """Front view of the cap on its chimney, and below it (first-angle projection) the plan with the flues."""
    width, depth = number(p, "width"), number(p, "depth")
    w_mm, d_mm = width or 500.0, depth or 500.0
    band = min(260.0, max(120.0, 0.3 * min(w_mm, d_mm)))
    rise = (0.3 if p.get("shape") == "round" else 0.24) * d_mm + (0.12 * d_mm if p.get("wind") == "down_draught"
                                                                   else 0)
    stack = 0.35 * d_mm + 120
    room = (70.0, 40.0, sk.width - 150, sk.height - 140)
    s = min((room[2] - room[0]) / w_mm, (room[3] - room[1] - 60) / (rise + band + stack + d_mm))
    x0 = (room[0] + room[2] - w_mm * s) / 2
    y_roof = room[1] + (room[3] - room[1] - 60 - (rise + band + stack + d_mm) * s) / 2
    material = colours.get("material") or MATERIALS.get(word(p, "material") or "", NEUTRAL)
    front = (x0, y_roof, x0 + w_mm * s, y_roof + (rise + band + stack) * s)
    _cap_front(sk, front, rise * s, band * s, material=material, p=p)
    plan = (x0, front[3] + 60, front[2], front[3] + 60 + d_mm * s)
    _cap_plan(sk, plan, s, material, p)
    if width is not None:  # the outside of the cap: dimension lines outside the plan
        sk.dimension(plan, "below", mm(width))
    if depth is not None:
        sk.dimension(plan, "right", mm(depth))
    _inner_size(sk, plan, p)


def _inner_size(sk: Sketch, plan: Box, p: Params) -> None:
    """The flue's inner size written inside the plan, in the dashed grey of the flue outline ("⌀ 200" or
    "200 × 200"), so it is not read as the cap's outside size on the dimension lines."""
    if p.get("shape") == "round":
        diameter = number(p, "inner_diameter")
        text = None if diameter is None else f"⌀ {mm(diameter)}"
    else:
        inner_w, inner_d = number(p, "inner_width"), number(p, "inner_depth")
        text = None if inner_w is None or inner_d is None else f"{_plain(inner_w)} × {mm(inner_d)}"
    if text is None:
        return
    x0, y0, x1, y1 = plan
    size = sk.fitted(text, 30, (x1 - x0) * 0.7)
    half = font(sk.px(size)).getlength(text) / sk.k / 2 + 8
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    sk.rect((cx - half, cy - size * 0.75, cx + half, cy + size * 0.75), PAPER, mix(DIM, WHITE, 0.4), 1)
    sk.text((cx, cy), text, size, DIM)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _cap_front(sk: Sketch, box: Box, rise: float, band: float, *, material: RGB, p: Params) -> None:
    x0, y0, x1, y1 = box
    rim, eave = edge_of(material), y0 + rise
    inset = (x1 - x0) * (0.09 if p.get("shape") == "round" else 0.12)
    _stack(sk, (x0 + inset, eave + band, x1 - inset, y1), stack_kind(p))
    if p.get("mesh") is True:
        _mesh(sk, (x0 + inset, eave, x1 - inset, eave + band), mix(material, INK, 0.3))
    for x in (x0 + inset, x1 - inset):
        sk.rect((x - 7, eave, x + 7, eave + band), material, rim, 1.5)
    if p.get("wind") == "wind_guard":  # louvred plates at both ends, seen at an angle
        plate = (x1 - x0) * 0.2
        for gx0, gx1 in ((x0 + inset * 0.5, x0 + inset * 0.5 + plate), (x1 - inset * 0.5 - plate, x1 - inset * 0.5)):
            _louvres(sk, (gx0, eave + band * 0.06, gx1, eave + band * 0.94), material, rim)
    top = (x0 + x1) / 2, y0
    if p.get("wind") == "down_draught":  # a lower roof open at the top, an upper roof above the opening
        lower, upper, span = eave - rise * 0.32, eave - rise * 0.48, x1 - x0
        sk.polygon([(x0, eave), (x0 + span * 0.26, lower), (x1 - span * 0.26, lower), (x1, eave)],
                   mix(material, BLACK, 0.08), rim, 2.5)
        for x in (x0 + span * 0.3, x1 - span * 0.3):
            sk.rect((x - 5, upper, x + 5, lower), material, rim, 1.5)
        _roof(sk, [(x0 + span * 0.1, upper), top, (x1 - span * 0.1, upper)], material, rim)
    else:
        _roof(sk, [(x0, eave), top, (x1, eave)], material, rim)


def _louvres(sk: Sketch, box: Box, material: RGB, rim: RGB) -> None:
    sk.rect(box, mix(material, WHITE, 0.2), rim, 2)
    rows = max(2, int((box[3] - box[1]) / 22))
    for i in range(1, rows):
        y = box[1] + (box[3] - box[1]) * i / rows
        sk.line([(box[0] + 6, y + 5), (box[2] - 6, y - 5)], rim, 2)


def _roof(sk: Sketch, points: Sequence[Point], material: RGB, rim: RGB) -> None:
    left, apex, right = points
    sk.polygon([left, apex, (apex[0], left[1])], mix(material, WHITE, 0.18), None)
    sk.polygon([(apex[0], left[1]), apex, right], mix(material, BLACK, 0.1), None)
    sk.polygon([left, apex, right], None, rim, 2.5)
    sk.rect((left[0] - 4, left[1] - 4, right[0] + 4, left[1] + 8), material, rim, 2)


def stack_kind(p: Params) -> str:
    """How the chimney under the cap looks: "steel" (a round steel pipe), "element" (rendered concrete
    elements) or "masonry" (brick) — by the ``chimney`` parameter (the chimney type); without it a round flue
    is drawn as steel, as models without the parameter always had it."""
    chimney = word(p, "chimney")
    if chimney in ("steel", "element", "masonry"):
        return chimney
    return "steel" if p.get("shape") == "round" else "masonry"


ELEMENT: RGB = (214, 214, 208)


def _stack(sk: Sketch, box: Box, kind: str) -> None:
    x0, y0, x1, y1 = box
    if kind == "element":  # smooth rendered concrete with the joints of its elements
        sk.rect(box, ELEMENT, None)
        joint = max(60.0, (y1 - y0) / 3)
        for y in _steps(y0 + joint, y1, joint):
            sk.line([(x0, y), (x1, y)], (188, 188, 182), 1.5)
        sk.line([(x0, y0), (x1, y0)], INK, 2)
    elif kind == "steel":
        sk.gradient((x0, y0, (x0 + x1) / 2, y1), (206, 210, 214), (236, 238, 240))
        sk.gradient(((x0 + x1) / 2, y0, x1, y1), (236, 238, 240), (196, 200, 204))
        sk.line([(x0, y0), (x1, y0)], INK, 2)
    else:
        sk.rect(box, MASONRY, None)
        course = max(18.0, (y1 - y0) / 7)
        for i, y in enumerate(_steps(y0 + course, y1, course)):
            sk.line([(x0, y), (x1, y)], (196, 186, 174), 1.5)
            for x in _steps(x0 + course * (1.2 if i % 2 else 2.4), x1, course * 2.4):
                sk.line([(x, y), (x, y - course)], (196, 186, 174), 1.5)
        sk.line([(x0, y0), (x1, y0)], INK, 2)
    for x in (x0, x1):
        sk.line([(x, y0), (x, y1 - 8)], INK, 2)
    bottom = [(x0 + (x1 - x0) * i / 8, y1 - (8 if i % 2 else -8)) for i in range(9)]
    sk.line(bottom, INK, 1.5)  # break line: the chimney goes on


def _steps(start: float, stop: float, step: float) -> list[float]:
    count = max(0, int((stop - start) / step) + 1)
    return [start + i * step for i in range(count) if start + i * step < stop]


def _mesh(sk: Sketch, box: Box, colour: RGB) -> None:
    x0, y0, x1, y1 = box
    sk.rect(box, (236, 236, 232), None)
    pitch = 14.0
    for x in _steps(x0 - (y1 - y0), x1, pitch):
        a, b = max(x, x0), min(x + (y1 - y0), x1)
        if b > a:
            sk.line([(a, y0 + (a - x)), (b, y0 + (b - x))], colour, 1)
            sk.line([(a, y1 - (a - x)), (b, y1 - (b - x))], colour, 1)


def _cap_plan(sk: Sketch, box: Box, s: float, material: RGB, p: Params) -> None:
    x0, y0, x1, y1 = box
    rim, face = edge_of(material), mix(material, WHITE, 0.12)
    hidden = mix(edge_of(face), face, 0.15)
    if p.get("shape") == "round":
        centre = ((x0 + x1) / 2, (y0 + y1) / 2)
        sk.circle(centre, (x1 - x0) / 2, face, rim, 2.5)
        flue = sk.xy(x0 + 50 * s, y0 + 50 * s, x1 - 50 * s, y1 - 50 * s)
        for i in range(0, 48, 2):  # dashed: hidden under the roof
            sk.draw.arc(flue, i * 7.5, i * 7.5 + 7.5, fill=hidden, width=sk.px(1.8))
        sk.circle(centre, 5, rim, None)
        return
    sk.rect(box, face, rim, 2.5)
    half = min(x1 - x0, y1 - y0) / 2
    ridge = [(x0 + half, (y0 + y1) / 2), (x1 - half, (y0 + y1) / 2)] if x1 - x0 >= y1 - y0 else \
        [((x0 + x1) / 2, y0 + half), ((x0 + x1) / 2, y1 - half)]
    for corner, end in (((x0, y0), 0), ((x0, y1), 0), ((x1, y0), 1), ((x1, y1), 1)):
        sk.line([corner, ridge[end]], rim, 1.5)
    sk.line(ridge, rim, 1.5)
    flues = max(1, min(8, int(number(p, "flues") or 1)))
    cell = ((x1 - x0) - 180 * s) / flues
    for i in range(flues):
        fx0 = x0 + 90 * s + i * cell + 60 * s
        fx1, fy0, fy1 = fx0 + cell - 120 * s, y0 + 150 * s, y1 - 150 * s
        corners = [(fx0, fy0), (fx1, fy0), (fx1, fy1), (fx0, fy1), (fx0, fy0)]
        for a, b in itertools.pairwise(corners):
            sk.dashed(a, b, hidden, 1.8, 12)


# ---------------------------------------------------------------------------------------------- chair


def chair(sk: Sketch, p: Params, colours: Colours) -> None:
    """A plain office chair for models that name the chair drawing (the seed chair model uses layers)."""
    cover = colours.get("fabric") or colours.get("colour") or NEUTRAL
    frame = colours.get("metal") or colours.get("frame") or (150, 154, 158)
    cx, rim = sk.width / 2, edge_of(cover)
    for end in ((250, 880), (750, 880), (330, 920), (670, 920), (cx, 935)):
        sk.line([(cx, 830), end], frame, 22)
        sk.circle((end[0], end[1] + 22), 20, (52, 52, 54), None)
    sk.rect((cx - 22, 600, cx + 22, 830), frame, edge_of(frame), 2, 10)
    sk.rect((cx - 18, 330, cx + 18, 560), frame, edge_of(frame), 2, 8)
    sk.rect((cx - 190, 90, cx + 190, 370), cover, rim, 3, 80)
    sk.rect((cx - 240, 520, cx + 240, 620), cover, rim, 3, 50)


DRAWINGS: dict[str, Callable[[Sketch, Params, Colours], None]] = {
    "window": window, "ear_tag": ear_tag, "chimney_cap": chimney_cap, "chair": chair,
}


def draw(name: str, params: Params, colours: Colours, size: tuple[int, int]) -> Image.Image:
    """The named drawing at ``size`` pixels (an empty sheet for a name without a drawing)."""
    sketch = Sketch(size)
    drawer = DRAWINGS.get(name)
    if drawer is not None:
        drawer(sketch, params, colours)
    return sketch.finish()
