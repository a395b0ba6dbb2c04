"""The demo pictures render repeatably, at the requested size, with a visible subject."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageChops

from crosstalk.demo.content import DemoData, DemoImage, load_demo
from crosstalk.demo.images import (
    PALETTES,
    THEMES,
    demo_image_content_type,
    render_demo_image,
)


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return load_demo()


def test_image_is_a_jpeg_of_the_requested_size() -> None:
    data = render_demo_image(DemoImage("cat", "peach", "a cat"), seed=7)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        assert image.size == (1080, 1440)
    assert demo_image_content_type() == "image/jpeg"


def test_image_is_deterministic_per_seed_and_varies_across_seeds() -> None:
    spec = DemoImage("mountains", "forest", "hills")
    first = render_demo_image(spec, seed=3, size=(360, 480))
    assert first == render_demo_image(spec, seed=3, size=(360, 480))
    assert first != render_demo_image(spec, seed=4, size=(360, 480))


def test_png_output_and_bad_specs() -> None:
    data = render_demo_image(DemoImage("cup", "latte", "coffee"), seed=1, size=(90, 120), fmt="png")
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", (90, 120))
    with pytest.raises(ValueError, match="theme"):
        render_demo_image(DemoImage("robot", "latte", "x"), seed=1)
    with pytest.raises(ValueError, match="palette"):
        render_demo_image(DemoImage("cup", "plaid", "x"), seed=1)


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_draws_a_visible_subject(theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    palette = sorted(PALETTES)[len(theme) % len(PALETTES)]
    spec, size = DemoImage(theme, palette, "x"), (180, 240)
    with Image.open(io.BytesIO(render_demo_image(spec, seed=11, size=size))) as drawn:
        picture = drawn.convert("L")
    # The same seed without the subject's painter gives the bare background to compare with.
    monkeypatch.setitem(THEMES, theme, lambda *args: None)
    with Image.open(io.BytesIO(render_demo_image(spec, seed=11, size=size))) as bare:
        background = bare.convert("L")
    changed = ImageChops.difference(picture, background).point(lambda v: 255 if v > 40 else 0)
    histogram = changed.histogram()
    assert histogram[255] >= 0.05 * size[0] * size[1]


def test_every_shipped_image_spec_renders(demo: DemoData) -> None:
    specs = {(i.theme, i.palette) for n in demo.notes for i in n.images}
    for number, (theme, palette) in enumerate(sorted(specs)):
        data = render_demo_image(DemoImage(theme, palette, ""), seed=number, size=(72, 96))
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (72, 96)
