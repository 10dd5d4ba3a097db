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
from werkzeug.datastructures import FileStorage

from marketplace.core.errors import DomainError, InvalidInput
from marketplace.extensions import db
from marketplace.media.errors import ImageError
from marketplace.media.models import VARIANTS, StoredImage, fit
from marketplace.media.storage import LocalStorage, Storage

#: Pillow decoders we let near an upload; MPO (many phones' JPEGs) comes in through "JPEG".
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
LARGEST = max(VARIANTS.values())


def storage() -> Storage:
    return LocalStorage(current_app.config["MEDIA_ROOT"])


def _read_limited(upload: BinaryIO | bytes, limit: int) -> bytes:
    if isinstance(upload, bytes | bytearray):
        data = bytes(upload)
    else:
        data = upload.read(limit + 1)  # never more than one byte past the limit
    if not data:
        raise InvalidInput(ImageError.IMAGE_MISSING)
    if len(data) > limit:
        raise InvalidInput(ImageError.IMAGE_TOO_LARGE)
    return data


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    """Open with our three decoders only; count pixels from the header before decoding."""
    try:
        # Pillow only warns between its two bomb limits: here a warning is a refusal.
        # (catch_warnings is process-wide; our own pixel check below is the real guard.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            if image.width * image.height > max_pixels:
                raise InvalidInput(ImageError.IMAGE_TOO_MANY_PIXELS)
            if image.format in ("JPEG", "MPO"):
                # libjpeg can decode at 1/2, 1/4 or 1/8 scale: much less work for a phone photo.
                image.draft(image.mode, fit(image.width, image.height, LARGEST))
            image.load()
    except InvalidInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput(ImageError.IMAGE_TOO_MANY_PIXELS) from exc
    except UnidentifiedImageError as exc:
        raise InvalidInput(ImageError.IMAGE_TYPE) from exc
    except Exception as exc:
        # Decoders raise many types (OSError, SyntaxError, struct.error…) on hostile bytes.
        current_app.logger.info("unreadable image upload: %r", exc)
        raise InvalidInput(ImageError.IMAGE_UNREADABLE) from exc
    return image


def _largest_clean(image: Image.Image) -> Image.Image:
    """Upright pixels of the large variant in a fresh image: no EXIF (GPS), XMP, ICC or
    comment comes along (convert and resize copy `info`; a new image has none)."""
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode.startswith("I"):
        # 16-bit grey PNG: scale to 8 bits; a plain convert would clip nearly all to white.
        image = image.convert("I").point(lambda value: value / 256, "L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    pixels = image.convert("RGBA" if has_alpha else "RGB")
    if has_alpha and pixels.getchannel("A").getextrema() == (255, 255):
        pixels = pixels.convert("RGB")  # opaque after all: no alpha plane to store
    size = fit(pixels.width, pixels.height, LARGEST)
    if size != pixels.size:
        pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    fresh = Image.new(pixels.mode, pixels.size)
    fresh.paste(pixels)
    return fresh


def _encode_variants(large: Image.Image) -> dict[str, bytes]:
    encoded = {}
    for variant, longest in VARIANTS.items():
        size = fit(large.width, large.height, longest)
        picture = large if size == large.size else large.resize(size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        picture.save(out, "WEBP", quality=80, method=4)
        encoded[variant] = out.getvalue()
    return encoded


def _prepare(data: bytes, max_pixels: int) -> Image.Image:
    image = _decode(data, max_pixels)
    try:
        return _largest_clean(image)
    except Exception as exc:
        current_app.logger.info("unreadable image upload: %r", exc)
        raise InvalidInput(ImageError.IMAGE_UNREADABLE) from exc
    finally:
        image.close()


def store_image(upload: BinaryIO | bytes, *, uploaded_by_id: int | None = None) -> StoredImage:
    """Turn an upload (bytes or a stream; its file name is never used) into our WebP variants
    and a StoredImage row. Flushes, never commits. Raises InvalidInput (codes above).

    If anything fails here after files were written, they are removed again. If the caller's
    transaction is rolled back later, the caller must call discard_files(image).
    """
    config = current_app.config
    data = _read_limited(upload, config["MEDIA_MAX_BYTES"])
    large = _prepare(data, config["MEDIA_MAX_PIXELS"])
    encoded = _encode_variants(large)
    image = StoredImage(key=secrets.token_hex(16), width=large.width, height=large.height,
                        uploaded_by_id=uploaded_by_id,
                        sizes={variant: len(blob) for variant, blob in encoded.items()})
    store, written = storage(), []
    try:
        for variant, blob in encoded.items():
            written.append(image.file_name(variant))
            store.save(image.file_name(variant), blob)
        db.session.add(image)
        db.session.flush()
    except BaseException:
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
    """Remove the row (flushes) and the files. Rows pointing here must be cleared first."""
    db.session.delete(image)
    db.session.flush()
    discard_files(image)


def chosen_files(field) -> list[FileStorage]:
    """The files actually chosen in a file field (browsers send empty parts)."""
    data = field.data if isinstance(field.data, list) else [field.data]
    return [f for f in data if isinstance(f, FileStorage) and f.filename]


def store_chosen_then(field, action, *, uploaded_by_id: int | None):
    """Store the file chosen in `field` (if any) and run action(image id or None); if anything
    fails, roll back and remove the new files too, then re-raise."""
    image = None
    try:
        files = chosen_files(field)
        if files:
            image = store_image(files[0].stream, uploaded_by_id=uploaded_by_id)
        return action(image.id if image else None)
    except DomainError:
        db.session.rollback()
        if image is not None:
            discard_files(image)
        raise
