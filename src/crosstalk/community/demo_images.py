"""Draw the demo notes' pictures with Pillow alone: a palette gradient and one simple subject."""

from __future__ import annotations

import io
import itertools
import math
import random
from collections.abc import Callable
from typing import NamedTuple, Protocol

from PIL import Image, ImageDraw

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


class ImageSpec(Protocol):
    """What the renderer needs from a demo image description (see `DemoImage`)."""

    @property
    def theme(self) -> str: ...

    @property
    def palette(self) -> str: ...


Draw = ImageDraw.ImageDraw
_LEAF_GREEN: RGB = (74, 140, 84)
_LANTERN_RED: RGB = (214, 40, 57)
Painter = Callable[[Draw, random.Random, int, int, Palette], None]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _alpha(color: RGB, alpha: int) -> tuple[int, int, int, int]:
    return (color[0], color[1], color[2], alpha)


def _steam(d: Draw, x: float, y: float, s: float, color: RGB, rng: random.Random) -> None:
    """Three wavy wisps rising from (x, y)."""
    for i in (-1, 0, 1):
        cx = x + i * s * 0.35
        pts = []
        for k in range(12):
            t = k / 11
            pts.append((cx + math.sin(t * 6.3 + rng.random()) * s * 0.08, y - t * s))
        d.line(pts, fill=_alpha(color, 170), width=max(2, int(s * 0.05)), joint="curve")


def _table(d: Draw, w: int, h: int, top: float, p: Palette) -> None:
    d.rectangle((0, top, w, h), fill=_alpha(p.light, 150))
    d.line((0, top, w, top), fill=_alpha(p.subject, 60), width=max(2, w // 200))


def _cat(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    floor = h * 0.78
    _table(d, w, h, floor, p)
    s = w * rng.uniform(0.30, 0.36)
    cx = w * rng.uniform(0.42, 0.58)
    c = p.subject
    # Tail first so the body overlaps its root.
    d.arc(
        (cx + s * 0.1, floor - s * 0.9, cx + s * 1.1, floor + s * 0.1),
        180,
        300,
        fill=c,
        width=int(s * 0.14),
    )
    d.ellipse((cx - s * 0.6, floor - s * 1.35, cx + s * 0.6, floor + s * 0.05), fill=c)
    hx, hy, hr = cx, floor - s * 1.45, s * 0.42
    ear = s * 0.32
    d.polygon(
        [
            (hx - hr * 0.95, hy - hr * 0.2),
            (hx - hr * 0.75, hy - hr - ear),
            (hx - hr * 0.1, hy - hr * 0.75),
        ],
        fill=c,
    )
    d.polygon(
        [
            (hx + hr * 0.95, hy - hr * 0.2),
            (hx + hr * 0.75, hy - hr - ear),
            (hx + hr * 0.1, hy - hr * 0.75),
        ],
        fill=c,
    )
    d.ellipse((hx - hr, hy - hr, hx + hr, hy + hr), fill=c)
    eye_w, eye_h = hr * 0.22, hr * 0.3
    for side in (-1, 1):
        ex = hx + side * hr * 0.4
        d.ellipse((ex - eye_w, hy - eye_h, ex + eye_w, hy + eye_h), fill=p.accent)
        d.ellipse((ex - eye_w * 0.3, hy - eye_h * 0.8, ex + eye_w * 0.3, hy + eye_h * 0.8), fill=c)
    d.polygon(
        [(hx - hr * 0.1, hy + hr * 0.3), (hx + hr * 0.1, hy + hr * 0.3), (hx, hy + hr * 0.42)],
        fill=p.light,
    )
    # A ball of yarn: the cat tax is always paid with props.
    bx, br = w * (0.2 if cx > w / 2 else 0.8), s * 0.22
    d.ellipse((bx - br, floor - br * 2, bx + br, floor), fill=p.accent)
    d.arc(
        (bx - br, floor - br * 2, bx + br, floor),
        200,
        340,
        fill=_alpha(c, 120),
        width=int(br * 0.15),
    )


def _dog(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    floor = h * 0.8
    _table(d, w, h, floor, p)
    s = w * rng.uniform(0.3, 0.35)
    cx, c = w * 0.5, p.subject
    d.ellipse((cx - s * 0.7, floor - s * 1.1, cx + s * 0.7, floor + s * 0.05), fill=c)
    hx, hy, hr = cx, floor - s * 1.4, s * 0.48
    for side in (-1, 1):
        ex = hx + side * hr * 0.95
        d.ellipse(
            (ex - hr * 0.3, hy - hr * 0.6, ex + hr * 0.3, hy + hr * 0.7),
            fill=_mix(c, p.accent, 0.3),
        )
    d.ellipse((hx - hr, hy - hr, hx + hr, hy + hr), fill=c)
    d.ellipse((hx - hr * 0.45, hy + hr * 0.05, hx + hr * 0.45, hy + hr * 0.75), fill=p.light)
    d.ellipse((hx - hr * 0.15, hy + hr * 0.1, hx + hr * 0.15, hy + hr * 0.32), fill=c)
    for side in (-1, 1):
        ex = hx + side * hr * 0.38
        d.ellipse((ex - hr * 0.1, hy - hr * 0.3, ex + hr * 0.1, hy - hr * 0.08), fill=p.light)
    d.pieslice(
        (hx - hr * 0.15, hy + hr * 0.45, hx + hr * 0.15, hy + hr * 0.85), 0, 180, fill=p.accent
    )


def _bowl(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.62
    _table(d, w, h, table, p)
    r = w * rng.uniform(0.32, 0.38)
    cx, cy = w * 0.5, table + h * 0.03
    d.pieslice((cx - r, cy - r, cx + r, cy + r), 0, 180, fill=p.subject)
    d.ellipse((cx - r, cy - r * 0.22, cx + r, cy + r * 0.22), fill=p.accent)
    for _ in range(6):
        x0 = cx + rng.uniform(-0.7, 0.5) * r
        d.arc(
            (x0, cy - r * 0.12, x0 + r * 0.35, cy + r * 0.12),
            180,
            360,
            fill=p.light,
            width=max(3, int(r * 0.03)),
        )
    for k in range(3):
        gx = cx + (k - 1) * r * 0.45
        d.ellipse(
            (gx - r * 0.08, cy - r * 0.1, gx + r * 0.08, cy + r * 0.02),
            fill=_mix(p.bottom, p.subject, 0.3),
        )
    d.line(
        (cx + r * 0.2, cy - r * 0.05, cx + r * 1.15, cy - r * 0.85),
        fill=p.light,
        width=int(r * 0.05),
    )
    d.line(
        (cx + r * 0.35, cy - r * 0.02, cx + r * 1.25, cy - r * 0.7),
        fill=p.light,
        width=int(r * 0.05),
    )
    _steam(d, cx - r * 0.1, cy - r * 0.3, r * 0.9, p.light, rng)


def _dumplings(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.55
    _table(d, w, h, table, p)
    cx, cy, pr = w * 0.5, h * 0.72, w * 0.4
    d.ellipse((cx - pr, cy - pr * 0.45, cx + pr, cy + pr * 0.45), fill=p.light)
    d.ellipse(
        (cx - pr * 0.85, cy - pr * 0.36, cx + pr * 0.85, cy + pr * 0.36),
        outline=p.accent,
        width=int(pr * 0.02),
    )
    spots = [(-0.4, -0.05), (0.0, -0.12), (0.4, -0.05), (-0.2, 0.14), (0.22, 0.14)]
    for dx, dy in spots:
        x, y, r = cx + dx * pr, cy + dy * pr, pr * rng.uniform(0.19, 0.22)
        d.pieslice(
            (x - r, y - r * 0.9, x + r, y + r * 0.9),
            180,
            360,
            fill=_mix(p.light, p.top, 0.5),
            outline=p.subject,
            width=3,
        )
        for k in range(4):
            fx = x - r * 0.5 + k * r * 0.33
            d.line((fx, y - r * 0.75, fx + r * 0.05, y - r * 0.3), fill=p.subject, width=2)
    _steam(d, cx, cy - pr * 0.35, pr * 0.8, p.light, rng)


def _mountains(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    sr = w * 0.11
    sx, sy = w * rng.uniform(0.25, 0.75), h * rng.uniform(0.16, 0.28)
    d.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=p.accent)
    for layer in range(3):
        base = h * (0.55 + layer * 0.14)
        color = _mix(p.light, p.subject, 0.35 + layer * 0.3)
        pts = [(0.0, float(h)), (0.0, base)]
        x = 0.0
        while x < w:
            x += w * rng.uniform(0.12, 0.28)
            peak = base - h * rng.uniform(0.08, 0.22) / (1 + layer * 0.4)
            pts.append((x - w * 0.07, peak))
            pts.append((x, base - h * rng.uniform(0.0, 0.05)))
        pts.append((float(w), float(h)))
        d.polygon(pts, fill=color)
        if layer == 0:
            for px, py in pts[2:-1:2]:
                d.polygon(
                    [(px, py), (px - w * 0.03, py + h * 0.03), (px + w * 0.03, py + h * 0.03)],
                    fill=p.light,
                )


def _cup(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.7
    _table(d, w, h, table, p)
    cw, ch = w * rng.uniform(0.34, 0.4), h * 0.22
    cx, bottom = w * 0.47, table + h * 0.06
    d.ellipse(
        (cx - cw * 0.95, bottom - ch * 0.12, cx + cw * 0.95, bottom + ch * 0.18), fill=p.light
    )
    d.ellipse(
        (cx + cw * 0.32, bottom - ch * 0.82, cx + cw * 0.82, bottom - ch * 0.28),
        outline=p.subject,
        width=int(cw * 0.08),
    )
    d.rounded_rectangle(
        (cx - cw / 2, bottom - ch, cx + cw / 2, bottom), radius=int(cw * 0.18), fill=p.subject
    )
    d.ellipse(
        (cx - cw / 2, bottom - ch - ch * 0.12, cx + cw / 2, bottom - ch + ch * 0.12),
        fill=_mix(p.subject, p.light, 0.25),
    )
    d.ellipse(
        (cx - cw * 0.44, bottom - ch - ch * 0.09, cx + cw * 0.44, bottom - ch + ch * 0.09),
        fill=p.accent,
    )
    # Latte art heart.
    hx, hy, hs = cx, bottom - ch, cw * 0.09
    d.ellipse((hx - hs * 1.1, hy - hs * 0.7, hx, hy + hs * 0.2), fill=p.light)
    d.ellipse((hx, hy - hs * 0.7, hx + hs * 1.1, hy + hs * 0.2), fill=p.light)
    d.polygon(
        [(hx - hs * 1.05, hy - hs * 0.1), (hx + hs * 1.05, hy - hs * 0.1), (hx, hy + hs * 0.65)],
        fill=p.light,
    )
    _steam(d, cx, bottom - ch * 1.2, h * 0.18, p.light, rng)


def _leaf(d: Draw, cx: float, cy: float, length: float, angle: float, color: RGB) -> None:
    """A pointed leaf as a polygon, so it can point any direction."""
    pts = []
    for k in range(21):
        t = k / 20
        wdt = math.sin(t * math.pi) * length * 0.28
        pts.append((t * length, wdt))
    for k in range(20, -1, -1):
        t = k / 20
        pts.append((t * length, -math.sin(t * math.pi) * length * 0.28))
    ca, sa = math.cos(angle), math.sin(angle)
    d.polygon([(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts], fill=color)


def _leaves(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.8
    _table(d, w, h, table, p)
    cx, pot_top = w * 0.5, h * 0.62
    pw = w * 0.34
    for _ in range(9):
        angle = -math.pi / 2 + rng.uniform(-1.2, 1.2)
        length = h * rng.uniform(0.16, 0.3)
        # Leaves stay green whatever the palette, only tinted by it.
        shade = _mix(_mix(p.subject, _LEAF_GREEN, 0.65), p.light, rng.uniform(0.0, 0.3))
        _leaf(d, cx + rng.uniform(-0.1, 0.1) * pw, pot_top, length, angle, shade)
    d.polygon(
        [
            (cx - pw / 2, pot_top),
            (cx + pw / 2, pot_top),
            (cx + pw * 0.38, table + h * 0.05),
            (cx - pw * 0.38, table + h * 0.05),
        ],
        fill=p.accent,
    )
    d.rectangle(
        (cx - pw * 0.55, pot_top - h * 0.01, cx + pw * 0.55, pot_top + h * 0.04),
        fill=_mix(p.accent, p.subject, 0.2),
    )


def _flower(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    for _ in range(rng.randint(3, 5)):
        x, y = w * rng.uniform(0.15, 0.85), h * rng.uniform(0.25, 0.65)
        r = w * rng.uniform(0.07, 0.12)
        d.line((x, y, x + rng.uniform(-30, 30), h), fill=p.subject, width=max(4, int(r * 0.12)))
        _leaf(d, x, y + (h - y) * 0.5, r * 1.4, rng.uniform(-0.6, 0.3), p.subject)
        petals = rng.randint(5, 7)
        for k in range(petals):
            a = k / petals * math.tau + rng.random() * 0.2
            px, py = x + math.cos(a) * r * 0.7, y + math.sin(a) * r * 0.7
            d.ellipse((px - r * 0.5, py - r * 0.5, px + r * 0.5, py + r * 0.5), fill=p.light)
        d.ellipse((x - r * 0.35, y - r * 0.35, x + r * 0.35, y + r * 0.35), fill=p.accent)


def _sun(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    horizon = h * rng.uniform(0.55, 0.65)
    sr = w * 0.22
    cx = w * rng.uniform(0.4, 0.6)
    for k in range(12):
        a = k / 12 * math.tau
        d.line(
            (
                cx + math.cos(a) * sr * 1.2,
                horizon - sr * 0.6 + math.sin(a) * sr * 1.2,
                cx + math.cos(a) * sr * 1.55,
                horizon - sr * 0.6 + math.sin(a) * sr * 1.55,
            ),
            fill=_alpha(p.accent, 200),
            width=int(sr * 0.06),
        )
    d.ellipse((cx - sr, horizon - sr * 1.6, cx + sr, horizon + sr * 0.4), fill=p.accent)
    d.rectangle((0, horizon, w, h), fill=_mix(p.bottom, p.subject, 0.45))
    for k in range(9):
        y = horizon + (k + 1) * (h - horizon) / 10
        half = sr * (1 - k / 11) * rng.uniform(0.7, 1.0)
        d.line(
            (cx - half, y, cx + half, y), fill=_alpha(p.accent, 180), width=max(3, int(h * 0.006))
        )


def _city(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    mr = w * 0.08
    mx, my = w * rng.uniform(0.6, 0.85), h * 0.18
    d.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=p.accent)
    for layer in range(2):
        x = -w * 0.02
        color = _mix(p.subject, p.bottom, 0.45 if layer == 0 else 0.0)
        while x < w:
            bw = w * rng.uniform(0.08, 0.16)
            top = h * rng.uniform(0.3, 0.55) + layer * h * 0.12
            if rng.random() < 0.15:
                # A needle tower, the kind every skyline in the demo cities has.
                d.line(
                    (x + bw / 2, top - h * 0.12, x + bw / 2, top),
                    fill=color,
                    width=max(3, int(bw * 0.08)),
                )
                d.ellipse((x + bw * 0.3, top - h * 0.09, x + bw * 0.7, top - h * 0.05), fill=color)
            d.rectangle((x, top, x + bw, h), fill=color)
            if layer == 1:
                for wy in range(int(top + h * 0.02), h, int(h * 0.035)):
                    for wx in range(int(x + bw * 0.15), int(x + bw * 0.85), int(max(8, bw * 0.25))):
                        if rng.random() < 0.45:
                            d.rectangle((wx, wy, wx + bw * 0.1, wy + h * 0.012), fill=p.accent)
            x += bw + w * rng.uniform(0.0, 0.02)


def _book(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.72
    _table(d, w, h, table, p)
    cx, top, bw, bh = w * 0.5, h * 0.38, w * 0.38, h * 0.3
    d.polygon(
        [(cx, top + bh * 0.08), (cx - bw, top), (cx - bw, top + bh), (cx, top + bh * 1.08)],
        fill=p.light,
    )
    d.polygon(
        [(cx, top + bh * 0.08), (cx + bw, top), (cx + bw, top + bh), (cx, top + bh * 1.08)],
        fill=_mix(p.light, p.top, 0.3),
    )
    d.line((cx, top + bh * 0.08, cx, top + bh * 1.08), fill=p.subject, width=4)
    for side in (-1, 1):
        for k in range(7):
            y = top + bh * (0.15 + k * 0.11)
            x0, x1 = cx + side * bw * 0.12, cx + side * bw * rng.uniform(0.6, 0.88)
            d.line((x0, y, x1, y), fill=_alpha(p.subject, 150), width=max(3, int(h * 0.005)))
    px, py = w * 0.2, table + h * 0.12
    d.line((px, py, px + w * 0.55, py - h * 0.05), fill=p.accent, width=int(w * 0.03))
    d.polygon(
        [(px, py - w * 0.015), (px, py + w * 0.015), (px - w * 0.05, py + h * 0.004)],
        fill=p.subject,
    )


def _camera(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.72
    _table(d, w, h, table, p)
    cw, ch = w * 0.62, h * 0.26
    cx, cy = w * 0.5, h * 0.55
    d.rounded_rectangle(
        (cx - cw * 0.3, cy - ch * 0.66, cx - cw * 0.05, cy - ch * 0.45), radius=10, fill=p.subject
    )
    d.rounded_rectangle(
        (cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2), radius=int(ch * 0.15), fill=p.subject
    )
    d.rectangle(
        (cx - cw / 2, cy - ch * 0.15, cx + cw / 2, cy + ch * 0.15),
        fill=_mix(p.subject, p.accent, 0.25),
    )
    for k, frac in enumerate((0.42, 0.34, 0.24, 0.12)):
        r = ch * frac
        color = (p.light, p.subject, _mix(p.top, p.subject, 0.6), p.accent)[k]
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
    d.ellipse((cx + cw * 0.34, cy - ch * 0.4, cx + cw * 0.44, cy - ch * 0.26), fill=p.accent)
    d.ellipse((cx - ch * 0.06, cy - ch * 0.08, cx + ch * 0.02, cy), fill=p.light)
    _ = rng


def _dress(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    cx, hook = w * 0.5, h * 0.16
    d.arc(
        (cx - w * 0.04, hook - w * 0.04, cx + w * 0.04, hook + w * 0.04),
        180,
        90,
        fill=p.subject,
        width=8,
    )
    shoulder_y, shoulder = hook + h * 0.1, w * 0.26
    d.line((cx, hook + w * 0.04, cx - shoulder, shoulder_y), fill=p.subject, width=8)
    d.line((cx, hook + w * 0.04, cx + shoulder, shoulder_y), fill=p.subject, width=8)
    waist_y, hem_y = h * 0.5, h * 0.86
    flare = w * rng.uniform(0.36, 0.44)
    body = [
        (cx - shoulder * 0.8, shoulder_y),
        (cx - w * 0.1, shoulder_y + h * 0.03),
        (cx + w * 0.1, shoulder_y + h * 0.03),
        (cx + shoulder * 0.8, shoulder_y),
        (cx + w * 0.14, waist_y),
        (cx + flare, hem_y),
        (cx - flare, hem_y),
        (cx - w * 0.14, waist_y),
    ]
    d.polygon(body, fill=p.accent)
    d.rectangle(
        (cx - w * 0.145, waist_y - h * 0.015, cx + w * 0.145, waist_y + h * 0.015), fill=p.subject
    )
    for _ in range(14):
        x, y = cx + rng.uniform(-0.25, 0.25) * w, h * rng.uniform(0.55, 0.82)
        r = w * 0.015
        d.ellipse((x - r, y - r, x + r, y + r), fill=p.light)


def _lantern(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    red = _mix(_LANTERN_RED, p.subject, 0.15)
    for k in range(3):
        x = w * (0.22 + k * 0.28) + rng.uniform(-20, 20)
        top = h * rng.uniform(0.12, 0.3)
        lw, lh = w * 0.22, h * 0.2
        d.line((x, 0, x, top), fill=p.subject, width=4)
        d.rectangle((x - lw * 0.25, top, x + lw * 0.25, top + lh * 0.08), fill=p.accent)
        d.ellipse((x - lw / 2, top + lh * 0.05, x + lw / 2, top + lh * 0.95), fill=red)
        for f in (0.25, 0.5):
            d.arc(
                (x - lw * f, top + lh * 0.05, x + lw * f, top + lh * 0.95),
                0,
                360,
                fill=p.accent,
                width=3,
            )
        d.rectangle((x - lw * 0.25, top + lh * 0.92, x + lw * 0.25, top + lh), fill=p.accent)
        for t in range(5):
            tx = x - lw * 0.12 + t * lw * 0.06
            d.line((tx, top + lh, tx, top + lh * 1.3), fill=p.accent, width=3)


def _travel(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    pts = []
    for k in range(9):
        t = k / 8
        pts.append(
            (w * (0.12 + t * 0.7), h * (0.8 - t * 0.5) + math.sin(t * 7 + rng.random()) * h * 0.05)
        )
    for a, b in itertools.pairwise(pts):
        d.line((*a, *b), fill=_alpha(p.light, 220), width=8)
    x0, y0 = pts[0]
    d.ellipse((x0 - 18, y0 - 18, x0 + 18, y0 + 18), fill=p.accent)
    px, py, pr = pts[-1][0], pts[-1][1] - h * 0.08, w * 0.09
    d.polygon(
        [(px - pr * 0.85, py + pr * 0.45), (px + pr * 0.85, py + pr * 0.45), (px, py + pr * 2.0)],
        fill=p.subject,
    )
    d.ellipse((px - pr, py - pr, px + pr, py + pr), fill=p.subject)
    d.ellipse((px - pr * 0.4, py - pr * 0.4, px + pr * 0.4, py + pr * 0.4), fill=p.accent)
    # A paper plane for the trip there.
    ax, ay, s = w * 0.25, h * 0.22, w * 0.12
    d.polygon([(ax, ay), (ax + s * 1.6, ay - s * 0.6), (ax + s * 0.6, ay + s * 0.4)], fill=p.light)
    d.polygon(
        [
            (ax + s * 0.6, ay + s * 0.4),
            (ax + s * 1.6, ay - s * 0.6),
            (ax + s * 0.75, ay + s * 0.75),
        ],
        fill=_mix(p.light, p.subject, 0.3),
    )


def _chat(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    for k, (x, y, color, ink) in enumerate(
        ((0.1, 0.22, p.light, p.subject), (0.3, 0.52, p.subject, p.light))
    ):
        bx, by, bw, bh = w * x, h * y, w * 0.6, h * 0.2
        d.rounded_rectangle((bx, by, bx + bw, by + bh), radius=int(bh * 0.3), fill=color)
        tail_x = bx + bw * (0.2 if k == 0 else 0.8)
        d.polygon(
            [
                (tail_x - 25, by + bh - 2),
                (tail_x + 25, by + bh - 2),
                (tail_x + (-30 if k else 30), by + bh + 55),
            ],
            fill=color,
        )
        for line in range(3):
            ly = by + bh * (0.28 + line * 0.22)
            d.line(
                (bx + bw * 0.12, ly, bx + bw * rng.uniform(0.55, 0.88), ly),
                fill=_alpha(ink, 180),
                width=max(4, int(bh * 0.06)),
            )
    r = w * 0.05
    for k in range(3):
        x, y = w * (0.25 + k * 0.12), h * 0.85
        d.ellipse((x - r / 2, y - r / 2, x + r / 2, y + r / 2), fill=p.accent)


def _stars(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    for _ in range(70):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.7), rng.uniform(1.5, 5)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_alpha(p.light, rng.randint(120, 255)))
    mr = w * 0.12
    mx, my = w * 0.7, h * 0.2
    d.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=p.accent)
    d.ellipse((mx - mr * 0.55, my - mr * 1.1, mx + mr * 1.4, my + mr * 0.8), fill=p.top)
    _mountains_silhouette(d, rng, w, h, p.subject if p.subject != p.light else p.bottom)


def _mountains_silhouette(d: Draw, rng: random.Random, w: int, h: int, color: RGB) -> None:
    pts = [(0.0, float(h)), (0.0, h * 0.8)]
    x = 0.0
    while x < w:
        x += w * rng.uniform(0.1, 0.25)
        pts.append((x - w * 0.06, h * rng.uniform(0.6, 0.75)))
        pts.append((x, h * rng.uniform(0.78, 0.84)))
    pts.append((float(w), float(h)))
    d.polygon(pts, fill=_mix(color, (0, 0, 0), 0.7))


THEMES: dict[str, Painter] = {
    "cat": _cat,
    "dog": _dog,
    "bowl": _bowl,
    "dumplings": _dumplings,
    "mountains": _mountains,
    "cup": _cup,
    "leaves": _leaves,
    "flower": _flower,
    "sun": _sun,
    "city": _city,
    "book": _book,
    "camera": _camera,
    "dress": _dress,
    "lantern": _lantern,
    "travel": _travel,
    "chat": _chat,
    "stars": _stars,
}


def _gradient(size: tuple[int, int], top: RGB, bottom: RGB, tilt: float) -> Image.Image:
    """A vertical gradient, slightly tilted; built small and scaled up because that is cheap."""
    column = Image.linear_gradient("L").resize((64, 64))
    if tilt:
        column = column.rotate(
            tilt, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=None
        )
        column = column.crop((12, 12, 52, 52))
    mask = column.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _bokeh(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    for _ in range(rng.randint(4, 8)):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), w * rng.uniform(0.04, 0.16)
        d.ellipse((x - r, y - r, x + r, y + r), fill=_alpha(p.light, rng.randint(30, 70)))


def render_demo_image(
    spec: ImageSpec,
    seed: int,
    size: tuple[int, int] = (1080, 1440),
    *,
    fmt: str = "JPEG",
) -> bytes:
    """Render `spec` (a theme and a palette name) as encoded image bytes, identical per seed.

    Shapes are drawn at half size and scaled up: that softens their edges (Pillow draws
    without anti-aliasing) and keeps one 1080x1440 picture well under 100 ms.
    """
    if spec.theme not in THEMES:
        raise ValueError(f"unknown demo image theme {spec.theme!r} / 未知的示例图片主题")
    if spec.palette not in PALETTES:
        raise ValueError(f"unknown demo image palette {spec.palette!r} / 未知的示例图片配色")
    width, height = size
    if width < 16 or height < 16:
        raise ValueError("demo image is too small / 示例图片尺寸过小")
    # Decoration, not secrets: a seeded PRNG is exactly what makes the pictures repeatable.
    rng = random.Random(f"{seed}:{spec.theme}:{spec.palette}")  # noqa: S311
    palette = PALETTES[spec.palette]
    work = (max(8, width // 2), max(8, height // 2))
    image = _gradient(work, palette.top, palette.bottom, rng.uniform(-12, 12))
    draw = ImageDraw.Draw(image, "RGBA")
    _bokeh(draw, rng, work[0], work[1], palette)
    THEMES[spec.theme](draw, rng, work[0], work[1], palette)
    if rng.random() < 0.5:
        # Mirroring half of them keeps a feed of many cats from looking like one stamp.
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image = image.resize(size, Image.Resampling.BILINEAR)
    out = io.BytesIO()
    if fmt.upper() == "JPEG":
        image.save(out, "JPEG", quality=86, optimize=False)
    elif fmt.upper() == "PNG":
        image.save(out, "PNG", compress_level=1)
    else:
        raise ValueError(f"unsupported demo image format {fmt!r} / 不支持的图片格式")
    return out.getvalue()


def demo_image_content_type(fmt: str = "JPEG") -> str:
    """The MIME type that goes with `render_demo_image(..., fmt=fmt)`."""
    return "image/png" if fmt.upper() == "PNG" else "image/jpeg"
