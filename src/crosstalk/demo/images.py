"""Draw the demo notes' pictures with Pillow alone: a palette gradient and one simple subject.

The subjects' painters live in `subjects_home`, `subjects_nature` and `subjects_things`;
`THEMES` lists every one.
"""

from __future__ import annotations

import io
import random
from typing import Protocol

from PIL import Image, ImageDraw

from crosstalk.demo import subjects_home, subjects_nature, subjects_things
from crosstalk.demo.drawing import PALETTES, RGB, Draw, Painter, Palette, with_alpha


class ImageSpec(Protocol):
    """What the renderer needs from a demo image description (see `DemoImage`)."""

    @property
    def theme(self) -> str: ...

    @property
    def palette(self) -> str: ...


# Every subject a demo picture can show, by the name the demo content uses.
THEMES: dict[str, Painter] = {
    "cat": subjects_home.cat,
    "dog": subjects_home.dog,
    "bowl": subjects_home.bowl,
    "dumplings": subjects_home.dumplings,
    "mountains": subjects_nature.mountains,
    "cup": subjects_home.cup,
    "leaves": subjects_nature.leaves,
    "flower": subjects_nature.flower,
    "sun": subjects_nature.sun,
    "city": subjects_things.city,
    "book": subjects_things.book,
    "camera": subjects_things.camera,
    "dress": subjects_things.dress,
    "lantern": subjects_things.lantern,
    "travel": subjects_things.travel,
    "chat": subjects_things.chat,
    "stars": subjects_nature.stars,
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
        d.ellipse((x - r, y - r, x + r, y + r), fill=with_alpha(p.light, rng.randint(30, 70)))


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
