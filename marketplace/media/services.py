"""The one image pipeline: check, decode, strip, re-encode, store.

store_image raises InvalidInput with codes: image_missing, image_too_large (bytes),
image_type (not JPEG/PNG/WebP), image_unreadable, image_too_many_pixels.
"""

from __future__ import annotations

import io
import secrets
import warnings
from typing import BinaryIO

from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.media.models import VARIANTS, StoredImage
from marketplace.media.storage import LocalStorage

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")


def storage() -> LocalStorage:
    return LocalStorage(current_app.config["MEDIA_ROOT"])


def _read_limited(upload: BinaryIO | bytes, limit: int) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        data = upload.read(limit + 1)
    if not data:
        raise InvalidInput("image_missing")
    if len(data) > limit:
        raise InvalidInput("image_too_large")
    return data


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two bomb limits: a warning is a refusal here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            if image.width * image.height > max_pixels:
                raise InvalidInput("image_too_many_pixels")
            image.load()
    except InvalidInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput("image_too_many_pixels") from exc
    except UnidentifiedImageError as exc:
        raise InvalidInput("image_type") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise InvalidInput("image_unreadable") from exc
    return image


def _clean_copy(image: Image.Image) -> Image.Image:
    """Upright pixels in a fresh image: no EXIF (GPS), XMP, ICC or comment comes along."""
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info)
    mode = "RGBA" if has_alpha else "RGB"
    pixels = upright.convert(mode)
    fresh = Image.new(mode, pixels.size)
    fresh.paste(pixels)
    return fresh


def _webp(image: Image.Image, longest: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)  # never upscales
    out = io.BytesIO()
    copy.save(out, "WEBP", quality=80, method=4)
    return out.getvalue()


def store_image(upload: BinaryIO | bytes, *, uploaded_by_id: int | None = None) -> StoredImage:
    """Turn an upload into our WebP variants and a StoredImage row (flushes, no commit).

    If anything fails after files were written, they are removed again.
    """
    config = current_app.config
    data = _read_limited(upload, config["MEDIA_MAX_BYTES"])
    clean = _clean_copy(_decode(data, config["MEDIA_MAX_PIXELS"]))
    key = secrets.token_hex(16)
    image = StoredImage(key=key, width=0, height=0, uploaded_by_id=uploaded_by_id, sizes={})
    store, written = storage(), []
    try:
        for variant, longest in VARIANTS.items():
            encoded = _webp(clean, longest)
            store.save(image.file_name(variant), encoded)
            written.append(image.file_name(variant))
            image.sizes[variant] = len(encoded)
        large = clean.copy()
        large.thumbnail((VARIANTS["large"], VARIANTS["large"]))
        image.width, image.height = large.size
        db.session.add(image)
        db.session.flush()
    except Exception:
        for name in written:
            store.delete(name)
        raise
    return image


def discard_files(image: StoredImage) -> None:
    """Remove the files of an image whose row was rolled back (or is being deleted)."""
    store = storage()
    for variant in VARIANTS:
        store.delete(image.file_name(variant))


def delete_image(image: StoredImage) -> None:
    """Remove the files and the row (flushes)."""
    discard_files(image)
    db.session.delete(image)
    db.session.flush()
