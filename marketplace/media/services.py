"""The one image pipeline: check, decode, strip, re-encode, store; the job makes the rest.

store_image raises InvalidInput with codes: image_missing, image_too_large (bytes),
image_type (not JPEG/PNG/WebP), image_unreadable, image_too_many_pixels.
"""

from __future__ import annotations

import io
import logging
import secrets
import warnings
from typing import BinaryIO

import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage

from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError, InvalidInput
from marketplace.core.jobs import hand_on_after_commit, own_session
from marketplace.extensions import db
from marketplace.media.errors import ImageError
from marketplace.media.models import (
    DERIVED,
    DISPLAY,
    ORIGINAL_LONGEST,
    VARIANTS,
    StoredImage,
    fit,
)
from marketplace.media.storage import LocalStorage, Storage

log = logging.getLogger(__name__)
#: Pillow decoders we let near an upload; MPO (many phones' JPEGs) comes in through "JPEG".
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
LARGEST = max(VARIANTS.values())
#: method 2 writes WebP 2-3 times faster than 4 for 2 % more bytes at the same quality
#: setting (PSNR within 1 dB, the same to the eye): bench/images.py measures both
WEBP_OPTIONS = {"quality": 80, "method": 2}
ORIGINAL_JPEG_QUALITY = 90
#: the after-commit hand-off of new images' ids to media.jobs
JOB_KIND = "media"


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


def _clean_original(image: Image.Image) -> Image.Image:
    """Upright pixels, at most ORIGINAL_LONGEST, in a fresh image: no EXIF (GPS), XMP, ICC or
    comment comes along (convert and resize copy `info`; a new image has none; the encoders
    read metadata only from `info` and from what we pass them)."""
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode.startswith("I"):
        # 16-bit grey PNG: scale to 8 bits; a plain convert would clip nearly all to white.
        image = image.convert("I").point(lambda value: value / 256, "L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    # A phone's JPEG is RGB already: no copy (12 MB at 2000×1500) before the fresh one.
    pixels = image if image.mode == mode else image.convert(mode)
    if has_alpha and pixels.getchannel("A").getextrema() == (255, 255):
        pixels = pixels.convert("RGB")  # opaque after all: no alpha plane to store
    size = fit(pixels.width, pixels.height, ORIGINAL_LONGEST)
    if size != pixels.size:
        pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    fresh = Image.new(pixels.mode, pixels.size, None)  # None: no fill, paste covers it all
    fresh.paste(pixels)
    return fresh


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def encode_variant(picture: Image.Image, variant: str) -> tuple[Image.Image, bytes]:
    """The variant of `picture` (resized to fit, never up) and its WebP bytes."""
    size = fit(picture.width, picture.height, VARIANTS[variant])
    if size != picture.size:
        # A gap of 1.5 halves (or quarters) by box first when the ratio allows: 2.5 times
        # quicker from a 2000 px original, and 50 dB PSNR against a full Lanczos (the same).
        picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.5)
    return picture, _encode(picture, "WEBP", **WEBP_OPTIONS)


def encode_original(pixels: Image.Image) -> bytes:
    """JPEG is ten times quicker to write than WebP at this size; PNG keeps transparency."""
    if pixels.mode == "RGBA":
        return _encode(pixels, "PNG", compress_level=1)
    return _encode(pixels, "JPEG", quality=ORIGINAL_JPEG_QUALITY)


def _prepare(data: bytes, max_pixels: int) -> Image.Image:
    image = _decode(data, max_pixels)
    try:
        return _clean_original(image)
    except Exception as exc:
        current_app.logger.info("unreadable image upload: %r", exc)
        raise InvalidInput(ImageError.IMAGE_UNREADABLE) from exc
    finally:
        image.close()


def _save_all(files: dict[str, bytes], then) -> None:
    """Write the files, then run `then`; if anything fails, remove what was written."""
    store, written = storage(), []
    try:
        for name, blob in files.items():
            written.append(name)
            store.save(name, blob)
        then()
    except BaseException:
        for name in written:
            store.delete(name)
        raise


def store_image(upload: BinaryIO | bytes, *, uploaded_by_id: int | None = None) -> StoredImage:
    """Turn an upload (bytes or a stream; its file name is never used) into a clean original
    and the DISPLAY variant, and a StoredImage row; the other variants are made by the job
    queue after the caller commits (media.jobs). Flushes, never commits. Raises InvalidInput
    (codes above).

    If anything fails here after files were written, they are removed again. If the caller's
    transaction is rolled back later, the caller must call discard_files(image).
    """
    config = current_app.config
    data = _read_limited(upload, config["MEDIA_MAX_BYTES"])
    original = _prepare(data, config["MEDIA_MAX_PIXELS"])
    del data  # the upload's bytes are not needed past the decoder
    _display, display_blob = encode_variant(original, DISPLAY)
    width, height = fit(original.width, original.height, LARGEST)
    image = StoredImage(key=secrets.token_hex(16), width=width, height=height,
                        uploaded_by_id=uploaded_by_id, sizes={DISPLAY: len(display_blob)})
    files = {image.original_name(): encode_original(original),
             image.file_name(DISPLAY): display_blob}
    original.close()

    def add_row() -> None:
        db.session.add(image)
        db.session.flush()

    _save_all(files, add_row)
    hand_on_after_commit(JOB_KIND, image.id)
    return image


def _open_original(path) -> Image.Image:
    """Our own JPEG or PNG; still opened with those two decoders only."""
    original = Image.open(path, formats=("JPEG", "PNG"))
    if original.format == "JPEG":
        original.draft("RGB", fit(original.width, original.height, LARGEST))
    original.load()
    return original


def make_derived_variants(image_id: int) -> bool:
    """The job's half of the pipeline: the DERIVED variants from the kept original, recorded
    on the row with derived_at. False when there is nothing to do (the row is gone, or its
    variants are made; one made before a variant was added gets them all again). Raises on
    failure, after noting the error on the row (the job queue retries; `flask media derive`
    tries every pending image again)."""
    with own_session() as session:
        image = session.get(StoredImage, image_id)
        session.commit()  # no transaction stays open while the pixels are worked on
        if image is None or (image.derived_at is not None and image.has_all_variants()):
            return False
        try:
            files, sizes = _derived_files(image)
            _save_all(files, lambda: _record_derived(session, image, sizes))
        except Exception as exc:
            session.rollback()
            _record_failure(session, image_id, exc)
            raise
    return True


def _derived_files(image: StoredImage) -> tuple[dict[str, bytes], dict[str, int]]:
    path = storage().path_of(image.original_name())
    if path is None:
        raise FileNotFoundError(f"original of image {image.id} is missing")
    with _open_original(path) as original:
        picture, files, sizes = original, {}, {}
        for variant in DERIVED:  # largest first: each is made from the one before
            picture, blob = encode_variant(picture, variant)
            files[image.file_name(variant)], sizes[variant] = blob, len(blob)
    return files, sizes


def _record_derived(session, image: StoredImage, sizes: dict[str, int]) -> None:
    image.sizes = {**image.sizes, **sizes}  # a new dict: JSON columns miss in-place changes
    image.derived_at = utcnow()
    image.derive_error = None
    session.commit()


def _record_failure(session, image_id: int, exc: Exception) -> None:
    log.warning("derived sizes of image %s not made: %r", image_id, exc)
    try:
        session.execute(sa.update(StoredImage).where(StoredImage.id == image_id)
                        .values(derive_error=repr(exc)[:200]))
        session.commit()
    except Exception:  # noqa: BLE001 - the database may be what failed; keep the first error
        session.rollback()
        log.exception("could not note the failure of image %s", image_id)


def pending_images(limit: int = 500) -> list[StoredImage]:
    """Images whose derived variants are not made yet (queued, their job failed, or stored
    before a variant was added), oldest first."""
    missing = [StoredImage.sizes[variant].as_string().is_(None) for variant in DERIVED]
    return list(db.session.scalars(
        sa.select(StoredImage).where(sa.or_(StoredImage.derived_at.is_(None), *missing))
        .order_by(StoredImage.id).limit(limit)))


def discard_files(image: StoredImage) -> None:
    """Remove the files of an image whose row was rolled back (or is being deleted)."""
    store = storage()
    store.delete(image.original_name())
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
