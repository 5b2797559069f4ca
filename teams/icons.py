"""Draws the Teams app icons, a speech bubble for a conversation, with the standard
library only, so that redrawing them needs no imaging package.

- color.png: 192x192, a white bubble within the central 96x96 on the accent colour,
  which fills the icon (Teams crops it to a rounded square);
- outline.png: 32x32, the bubble in white on transparency, as Teams requires.

Run `.venv-app/bin/python teams/icons.py` to draw them again; the PNGs are committed.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (0x1F, 0x5F, 0x7A)  # keep in line with accentColor in manifest.template.json
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # per axis, for smooth edges

Shape = Callable[[float, float], bool]


def bubble(left: float, top: float, right: float, bottom: float) -> Shape:
    """A rounded rectangle with a tail at its lower left, in unit coordinates, with
    three dots cut out of it."""
    radius = (bottom - top) * 0.3
    tail_bottom = bottom + (bottom - top) * 0.35
    width = right - left
    dots = [(left + width * f, (top + bottom) / 2) for f in (0.28, 0.5, 0.72)]
    dot_radius = width * 0.065

    def body(x: float, y: float) -> bool:
        cx = min(max(x, left + radius), right - radius)
        cy = min(max(y, top + radius), bottom - radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2

    def tail(x: float, y: float) -> bool:
        x0, x1 = left + width * 0.18, left + width * 0.42
        if not (bottom - radius <= y <= tail_bottom and x >= x0):
            return False
        # The tail narrows from [x0, x1] at the body to a point at (x0, tail_bottom).
        return x <= x1 - (x1 - x0) * (y - (bottom - radius)) / (tail_bottom - bottom + radius)

    def inside(x: float, y: float) -> bool:
        if any((x - dx) ** 2 + (y - dy) ** 2 <= dot_radius**2 for dx, dy in dots):
            return False
        return body(x, y) or tail(x, y)

    return inside


def coverage(shape: Shape, size: int, px: int, py: int) -> float:
    hits = sum(
        shape((px + (i + 0.5) / SAMPLES) / size, (py + (j + 0.5) / SAMPLES) / size)
        for i in range(SAMPLES)
        for j in range(SAMPLES)
    )
    return hits / SAMPLES**2


def png(size: int, pixel: Callable[[int, int], tuple[int, int, int, int]]) -> bytes:
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def color_icon() -> bytes:
    shape = bubble(0.25, 0.29, 0.75, 0.6)  # within the central 96x96 Teams asks for

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        a = coverage(shape, 192, x, y)
        r, g, b = (round(w * a + c * (1 - a)) for w, c in zip(WHITE, ACCENT, strict=True))
        return r, g, b, 255

    return png(192, pixel)


def outline_icon() -> bytes:
    shape = bubble(0.04, 0.1, 0.96, 0.7)

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        return (*WHITE, round(255 * coverage(shape, 32, x, y)))

    return png(32, pixel)


def main() -> None:
    (HERE / "color.png").write_bytes(color_icon())
    (HERE / "outline.png").write_bytes(outline_icon())


if __name__ == "__main__":
    main()
