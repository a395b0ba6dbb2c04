"""Shared pieces of the demo pictures: palettes, colour mixing and the surface subjects sit on."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import NamedTuple

from PIL import ImageDraw

RGB = tuple[int, int, int]


class Palette(NamedTuple):
    """Background gradient (top, bottom), the subject's colour, an accent and a light tone."""

    top: RGB
    bottom: RGB
    subject: RGB
    accent: RGB
    light: RGB


def _hex(value: str) -> RGB:
    return (int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16))


def _palette(top: str, bottom: str, subject: str, accent: str, light: str) -> Palette:
    return Palette(_hex(top), _hex(bottom), _hex(subject), _hex(accent), _hex(light))


PALETTES: dict[str, Palette] = {
    "peach": _palette("#ffd6c0", "#ff9e9e", "#5b3a3a", "#ffef9f", "#fff6ee"),
    "sunset": _palette("#ffb36b", "#c94b7c", "#3a1f3d", "#ffe066", "#ffe9d6"),
    "mint": _palette("#d4f5e9", "#8fd3c1", "#2f5d50", "#ffb4a2", "#f3fffa"),
    "ocean": _palette("#a8e0ff", "#3a7bd5", "#0f2a4a", "#ffd166", "#eaf7ff"),
    "forest": _palette("#cfe8c5", "#5f8d4e", "#24391f", "#f4d35e", "#f1f8ec"),
    "lavender": _palette("#e6dcff", "#a78bdb", "#3d2b5e", "#ffd1e8", "#f7f2ff"),
    "cream": _palette("#fff8e7", "#f2d7b6", "#6b4a2f", "#e07a5f", "#fffdf7"),
    "chili": _palette("#ffcf9e", "#d7263d", "#4a0d12", "#ffd23f", "#fff1e0"),
    "tea": _palette("#e9f5d0", "#a3c46c", "#3f5a1e", "#c97b4a", "#fbfff0"),
    "night": _palette("#2b2d5c", "#0d1028", "#f2e8c9", "#ffcf5c", "#8a8fd1"),
    "sky": _palette("#e0f4ff", "#9fd3f5", "#2d4a6b", "#ff9f68", "#ffffff"),
    "sakura": _palette("#ffe4ec", "#f7a8c4", "#6d3550", "#ffffff", "#fff5f8"),
    "latte": _palette("#f3e3d3", "#c89f7c", "#4b2e1e", "#fff3e3", "#fbf4ec"),
    "lemon": _palette("#fffbd1", "#ffe45c", "#5c4a00", "#6cc3a0", "#fffef2"),
    "slate": _palette("#dfe6ee", "#8a9bb0", "#26313f", "#f2a65a", "#f7f9fb"),
    "coral": _palette("#ffe0d6", "#ff7f6b", "#4d1f1a", "#2ec4b6", "#fff4f0"),
}


Draw = ImageDraw.ImageDraw
# Paints one subject onto a `w` x `h` canvas from a seeded random source and a palette.
Painter = Callable[[Draw, random.Random, int, int, Palette], None]


def mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def with_alpha(color: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (color[0], color[1], color[2], alpha)


def draw_table(d: Draw, w: int, h: int, top: float, p: Palette) -> None:
    d.rectangle((0, top, w, h), fill=with_alpha(p.light, 150))
    d.line((0, top, w, top), fill=with_alpha(p.subject, 60), width=max(2, w // 200))
