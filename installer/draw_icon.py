"""Draw Skredder's icon (a tailor's tape measure around a window frame) as PNGs for the desktop and installers.

    python installer/draw_icon.py OUTDIR      # writes skredder-{16,32,48,64,128,256}.png and skredder.ico
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 32, 48, 64, 128, 256)
BLUE, YELLOW, WHITE, DARK = (31, 92, 153), (242, 183, 5), (255, 255, 255), (20, 40, 60)


def draw(size: int) -> Image.Image:
    scale = 4  # drawn large, then scaled down smoothly
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    r = big // 6
    d.rounded_rectangle((0, 0, big - 1, big - 1), radius=r, fill=BLUE)
    m = big // 5
    d.rectangle((m, m, big - m, big - m), outline=WHITE, width=max(2, big // 22))  # the frame
    d.line((big // 2, m, big // 2, big - m), fill=WHITE, width=max(2, big // 30))  # the mullion
    tape = (big // 10, big * 3 // 5, big * 9 // 10, big * 3 // 5 + big // 7)
    d.rectangle(tape, fill=YELLOW)  # the tape measure across
    for i in range(11):
        x = tape[0] + (tape[2] - tape[0]) * i // 10
        d.line((x, tape[1], x, tape[1] + (tape[3] - tape[1]) // (1 if i % 5 == 0 else 2)), fill=DARK,
               width=max(1, big // 128))
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else ".")
    out.mkdir(parents=True, exist_ok=True)
    images = [draw(size) for size in SIZES]
    for size, image in zip(SIZES, images, strict=True):
        image.save(out / f"skredder-{size}.png")
    images[-1].save(out / "skredder.ico", sizes=[(s, s) for s in SIZES])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
