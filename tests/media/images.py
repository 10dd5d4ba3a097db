"""Test pictures made in memory with Pillow, and ways to look at what the pipeline stored."""

from __future__ import annotations

import io
from pathlib import Path

from flask import Flask
from PIL import Image

from marketplace.extensions import db
from marketplace.media.models import VARIANTS, StoredImage
from marketplace.media.services import make_derived_variants, storage, store_image


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg(size=(1600, 1200), **options) -> bytes:
    """A photo-like JPEG; options go to Pillow's save (exif=, comment=, icc_profile=…)."""
    return encode(Image.new("RGB", size, (200, 120, 40)), "JPEG", **options)


def exif_with(**tags) -> bytes:
    exif = Image.Exif()
    names = {"make": 0x010F, "orientation": 0x0112, "gps": 0x8825}
    for name, value in tags.items():
        exif[names[name]] = value
    return exif.tobytes()


def store_and_derive(upload, **options) -> StoredImage:
    """The request's half of the pipeline, then the job's (as a worker would after commit)."""
    image = store_image(upload, **options)
    assert make_derived_variants(image.id)
    db.session.refresh(image)  # the job wrote the row in its own session
    return image


def stored_files(image: StoredImage) -> dict[str, Path]:
    return {variant: storage().path_of(image.file_name(variant)) for variant in VARIANTS}


def original_file(image: StoredImage) -> Path:
    return storage().path_of(image.original_name())


def assert_clean_original(image: StoredImage, *payloads: bytes) -> None:
    """The kept original is our own JPEG or PNG: no metadata, none of the payloads."""
    raw = original_file(image).read_bytes()
    assert not any(payload in raw for payload in payloads)
    assert b"Exif" not in raw and b"<x:xmpmeta" not in raw
    with Image.open(original_file(image)) as original:
        assert original.format in ("JPEG", "PNG")
        assert not original.getexif()
        assert not {"icc_profile", "comment", "exif", "xmp", "XML:com.adobe.xmp"} & set(
            original.info)


def all_media_files(app: Flask) -> set[Path]:
    root = Path(app.config["MEDIA_ROOT"])
    return set(root.rglob("*")) if root.exists() else set()


def riff_chunks(data: bytes) -> list[str]:
    """The chunk names of a WebP file (a RIFF container)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    names, at = [], 12
    while at + 8 <= len(data):
        names.append(data[at:at + 4].decode("ascii"))
        length = int.from_bytes(data[at + 4:at + 8], "little")
        at += 8 + length + (length % 2)
    return names
