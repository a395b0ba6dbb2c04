"""Uploaded images are verified, re-encoded without metadata, bounded and thumbnailed."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from crosstalk.community.errors import PayloadTooLarge, ValidationFailed
from crosstalk.community.media import THUMB_WIDTH, process_image


def _encode(img: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def test_jpeg_exif_and_gps_are_stripped_and_orientation_applied() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when displayed
    exif[0x010F] = "PhoneMaker"
    raw = _encode(Image.new("RGB", (400, 200), "red"), "JPEG", exif=exif)
    out = process_image(raw, "p.jpg")
    img = Image.open(io.BytesIO(out.data))
    assert not img.getexif()
    assert (out.width, out.height) == (200, 400)
    assert out.content_type == "image/jpeg"


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_keep_their_format(fmt: str) -> None:
    out = process_image(_encode(Image.new("RGBA", (900, 300), (0, 0, 255, 128)), fmt))
    assert out.fmt == fmt
    thumb = Image.open(io.BytesIO(out.thumb))
    assert thumb.width == THUMB_WIDTH and thumb.format == fmt


def test_non_images_gifs_and_truncated_files_are_refused() -> None:
    gif = _encode(Image.new("RGB", (5, 5)), "GIF")
    good = _encode(Image.new("RGB", (300, 300), "blue"), "PNG")
    for raw in (b"hello", gif, good[: len(good) // 2], b""):
        with pytest.raises(ValidationFailed):
            process_image(raw, "x")


def test_oversized_files_are_refused_before_decoding() -> None:
    with pytest.raises(PayloadTooLarge):
        process_image(b"0" * (10 * 1024 * 1024 + 1), "big.jpg")


def test_decompression_bombs_are_refused() -> None:
    # A tiny PNG that claims a huge canvas.
    bomb = _encode(Image.new("1", (12000, 12000)), "PNG")
    with pytest.raises(ValidationFailed):
        process_image(bomb, "bomb.png")


def test_very_large_pictures_are_scaled_down() -> None:
    out = process_image(_encode(Image.new("RGB", (4000, 3000), "green"), "JPEG"))
    assert max(out.width, out.height) == 2560
