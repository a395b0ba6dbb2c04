"""Demo picture subjects at home: a cat, a dog, a bowl of noodles, dumplings, a cup."""

from __future__ import annotations

import math
import random

from crosstalk.demo.drawing import RGB, Draw, Palette, draw_table, mix, with_alpha


def _steam(d: Draw, x: float, y: float, s: float, color: RGB, rng: random.Random) -> None:
    """Three wavy wisps rising from (x, y)."""
    for i in (-1, 0, 1):
        cx = x + i * s * 0.35
        pts = []
        for k in range(12):
            t = k / 11
            pts.append((cx + math.sin(t * 6.3 + rng.random()) * s * 0.08, y - t * s))
        d.line(pts, fill=with_alpha(color, 170), width=max(2, int(s * 0.05)), joint="curve")


def cat(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    floor = h * 0.78
    draw_table(d, w, h, floor, p)
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
        fill=with_alpha(c, 120),
        width=int(br * 0.15),
    )


def dog(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    floor = h * 0.8
    draw_table(d, w, h, floor, p)
    s = w * rng.uniform(0.3, 0.35)
    cx, c = w * 0.5, p.subject
    d.ellipse((cx - s * 0.7, floor - s * 1.1, cx + s * 0.7, floor + s * 0.05), fill=c)
    hx, hy, hr = cx, floor - s * 1.4, s * 0.48
    for side in (-1, 1):
        ex = hx + side * hr * 0.95
        d.ellipse(
            (ex - hr * 0.3, hy - hr * 0.6, ex + hr * 0.3, hy + hr * 0.7),
            fill=mix(c, p.accent, 0.3),
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


def bowl(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.62
    draw_table(d, w, h, table, p)
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
            fill=mix(p.bottom, p.subject, 0.3),
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


def dumplings(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.55
    draw_table(d, w, h, table, p)
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
            fill=mix(p.light, p.top, 0.5),
            outline=p.subject,
            width=3,
        )
        for k in range(4):
            fx = x - r * 0.5 + k * r * 0.33
            d.line((fx, y - r * 0.75, fx + r * 0.05, y - r * 0.3), fill=p.subject, width=2)
    _steam(d, cx, cy - pr * 0.35, pr * 0.8, p.light, rng)


def cup(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.7
    draw_table(d, w, h, table, p)
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
        fill=mix(p.subject, p.light, 0.25),
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
