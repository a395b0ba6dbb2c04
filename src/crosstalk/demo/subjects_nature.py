"""Demo picture subjects outdoors: mountains, leaves, a flower, the sun, a starry night."""

from __future__ import annotations

import math
import random

from crosstalk.demo.drawing import RGB, Draw, Palette, draw_table, mix, with_alpha

_LEAF_GREEN: RGB = (74, 140, 84)


def mountains(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    sr = w * 0.11
    sx, sy = w * rng.uniform(0.25, 0.75), h * rng.uniform(0.16, 0.28)
    d.ellipse((sx - sr, sy - sr, sx + sr, sy + sr), fill=p.accent)
    for layer in range(3):
        base = h * (0.55 + layer * 0.14)
        color = mix(p.light, p.subject, 0.35 + layer * 0.3)
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


def leaves(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.8
    draw_table(d, w, h, table, p)
    cx, pot_top = w * 0.5, h * 0.62
    pw = w * 0.34
    for _ in range(9):
        angle = -math.pi / 2 + rng.uniform(-1.2, 1.2)
        length = h * rng.uniform(0.16, 0.3)
        # Leaves stay green whatever the palette, only tinted by it.
        shade = mix(mix(p.subject, _LEAF_GREEN, 0.65), p.light, rng.uniform(0.0, 0.3))
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
        fill=mix(p.accent, p.subject, 0.2),
    )


def flower(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
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


def sun(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
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
            fill=with_alpha(p.accent, 200),
            width=int(sr * 0.06),
        )
    d.ellipse((cx - sr, horizon - sr * 1.6, cx + sr, horizon + sr * 0.4), fill=p.accent)
    d.rectangle((0, horizon, w, h), fill=mix(p.bottom, p.subject, 0.45))
    for k in range(9):
        y = horizon + (k + 1) * (h - horizon) / 10
        half = sr * (1 - k / 11) * rng.uniform(0.7, 1.0)
        d.line(
            (cx - half, y, cx + half, y),
            fill=with_alpha(p.accent, 180),
            width=max(3, int(h * 0.006)),
        )


def stars(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    for _ in range(70):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.7), rng.uniform(1.5, 5)
        d.ellipse((x - r, y - r, x + r, y + r), fill=with_alpha(p.light, rng.randint(120, 255)))
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
    d.polygon(pts, fill=mix(color, (0, 0, 0), 0.7))
