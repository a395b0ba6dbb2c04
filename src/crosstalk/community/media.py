"""Image uploads: verify with Pillow, re-encode without EXIF, make thumbnails, store them."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session

from crosstalk.community.errors import PayloadTooLarge, ValidationFailed
from crosstalk.config import get_settings

ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs long before they exhaust memory
MAX_SIDE = 2560
THUMB_WIDTH = 480


@dataclass(frozen=True)
class ProcessedImage:
    data: bytes
    thumb: bytes
    fmt: str
    content_type: str
    width: int
    height: int


class MediaStore(Protocol):
    def save(self, data: bytes, ext: str) -> str: ...
    def delete(self, name: str) -> None: ...


class LocalMediaStore:
    """Files under the data directory, with random names nobody can guess or enumerate."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, data: bytes, ext: str) -> str:
        name = f"{secrets.token_hex(2)}/{secrets.token_urlsafe(18)}.{ext}"
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return name

    def delete(self, name: str) -> None:
        path = (self.root / name).resolve()
        if path.is_relative_to(self.root.resolve()):
            path.unlink(missing_ok=True)


def media_store() -> MediaStore:
    return LocalMediaStore(get_settings().media_dir)


_DOOMED = "crosstalk_media_to_delete"


def delete_after_commit(session: Session, paths: list[str]) -> None:
    """Remove files only once the rows that pointed at them are gone for good: a rolled-back
    delete must not leave a note with missing pictures."""
    session.info.setdefault(_DOOMED, []).extend(paths)


@event.listens_for(Session, "after_commit")
def _purge_files(session: Session) -> None:
    paths = session.info.pop(_DOOMED, [])
    if paths:
        store = media_store()
        for path in paths:
            store.delete(path)


@event.listens_for(Session, "after_rollback")
def _keep_files(session: Session) -> None:
    session.info.pop(_DOOMED, None)


def process_image(raw: bytes, filename: str = "image") -> ProcessedImage:
    settings = get_settings()
    limit_mb = settings.max_image_bytes // (1024 * 1024)
    if len(raw) > settings.max_image_bytes:
        raise PayloadTooLarge(
            f"{filename}: each image must be at most {limit_mb} MB.",
            f"{filename}：每张图片不能超过 {limit_mb} MB。",
            field="images",
        )
    unsupported = ValidationFailed(
        f"{filename}: unsupported or damaged image. Use JPEG, PNG or WebP.",
        f"{filename}：图片格式不支持或文件已损坏，请使用 JPEG、PNG 或 WebP。",
        field="images",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(raw))
            fmt = probe.format or ""
            if fmt not in ALLOWED_FORMATS:
                raise unsupported
            if probe.width * probe.height > MAX_PIXELS:
                raise unsupported
            probe.verify()
            # verify() leaves the image unusable; decode again for real.
            image: Image.Image = Image.open(io.BytesIO(raw))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise unsupported from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise unsupported from exc

    image = ImageOps.exif_transpose(image) or image
    if fmt == "JPEG" or image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() and fmt != "JPEG" else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    data = _encode(image, fmt)
    thumb_img = image.copy()
    ratio = THUMB_WIDTH / max(1, thumb_img.width)
    if ratio < 1:
        thumb_img = thumb_img.resize((THUMB_WIDTH, max(1, int(thumb_img.height * ratio))))
    thumb = _encode(thumb_img, fmt)
    return ProcessedImage(
        data=data,
        thumb=thumb,
        fmt=fmt,
        content_type=ALLOWED_FORMATS[fmt],
        width=image.width,
        height=image.height,
    )


def _encode(image: Image.Image, fmt: str) -> bytes:
    # Re-encoding from pixels drops EXIF, GPS, ICC tricks and any trailing payload.
    buf = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buf, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        image.save(buf, "PNG", optimize=True)
    else:
        image.save(buf, "WEBP", quality=85)
    return buf.getvalue()


AVATAR_SIDE = 256


def process_avatar(raw: bytes, filename: str = "avatar") -> ProcessedImage:
    """A verified upload cropped to a centred square and re-encoded at 256 px."""
    base = process_image(raw, filename)
    image = Image.open(io.BytesIO(base.data))
    side = min(image.width, image.height)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    square = image.crop((left, top, left + side, top + side)).resize((AVATAR_SIDE, AVATAR_SIDE))
    data = _encode(square, base.fmt)
    return ProcessedImage(
        data=data,
        thumb=data,
        fmt=base.fmt,
        content_type=base.content_type,
        width=AVATAR_SIDE,
        height=AVATAR_SIDE,
    )
