"""Demo picture subjects of things and places: a city, a book, a camera, a dress, a lantern,
a suitcase and a chat."""

from __future__ import annotations

import itertools
import math
import random

from crosstalk.demo.drawing import RGB, Draw, Palette, draw_table, mix, with_alpha

_LANTERN_RED: RGB = (214, 40, 57)


def city(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    mr = w * 0.08
    mx, my = w * rng.uniform(0.6, 0.85), h * 0.18
    d.ellipse((mx - mr, my - mr, mx + mr, my + mr), fill=p.accent)
    for layer in range(2):
        x = -w * 0.02
        color = mix(p.subject, p.bottom, 0.45 if layer == 0 else 0.0)
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


def book(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.72
    draw_table(d, w, h, table, p)
    cx, top, bw, bh = w * 0.5, h * 0.38, w * 0.38, h * 0.3
    d.polygon(
        [(cx, top + bh * 0.08), (cx - bw, top), (cx - bw, top + bh), (cx, top + bh * 1.08)],
        fill=p.light,
    )
    d.polygon(
        [(cx, top + bh * 0.08), (cx + bw, top), (cx + bw, top + bh), (cx, top + bh * 1.08)],
        fill=mix(p.light, p.top, 0.3),
    )
    d.line((cx, top + bh * 0.08, cx, top + bh * 1.08), fill=p.subject, width=4)
    for side in (-1, 1):
        for k in range(7):
            y = top + bh * (0.15 + k * 0.11)
            x0, x1 = cx + side * bw * 0.12, cx + side * bw * rng.uniform(0.6, 0.88)
            d.line((x0, y, x1, y), fill=with_alpha(p.subject, 150), width=max(3, int(h * 0.005)))
    px, py = w * 0.2, table + h * 0.12
    d.line((px, py, px + w * 0.55, py - h * 0.05), fill=p.accent, width=int(w * 0.03))
    d.polygon(
        [(px, py - w * 0.015), (px, py + w * 0.015), (px - w * 0.05, py + h * 0.004)],
        fill=p.subject,
    )


def camera(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    table = h * 0.72
    draw_table(d, w, h, table, p)
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
        fill=mix(p.subject, p.accent, 0.25),
    )
    for k, frac in enumerate((0.42, 0.34, 0.24, 0.12)):
        r = ch * frac
        color = (p.light, p.subject, mix(p.top, p.subject, 0.6), p.accent)[k]
        d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)
    d.ellipse((cx + cw * 0.34, cy - ch * 0.4, cx + cw * 0.44, cy - ch * 0.26), fill=p.accent)
    d.ellipse((cx - ch * 0.06, cy - ch * 0.08, cx + ch * 0.02, cy), fill=p.light)
    _ = rng


def dress(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
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


def lantern(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    red = mix(_LANTERN_RED, p.subject, 0.15)
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


def travel(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
    pts = []
    for k in range(9):
        t = k / 8
        pts.append(
            (w * (0.12 + t * 0.7), h * (0.8 - t * 0.5) + math.sin(t * 7 + rng.random()) * h * 0.05)
        )
    for a, b in itertools.pairwise(pts):
        d.line((*a, *b), fill=with_alpha(p.light, 220), width=8)
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
        fill=mix(p.light, p.subject, 0.3),
    )


def chat(d: Draw, rng: random.Random, w: int, h: int, p: Palette) -> None:
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
                fill=with_alpha(ink, 180),
                width=max(4, int(bh * 0.06)),
            )
    r = w * 0.05
    for k in range(3):
        x, y = w * (0.25 + k * 0.12), h * 0.85
        d.ellipse((x - r / 2, y - r / 2, x + r / 2, y + r / 2), fill=p.accent)
