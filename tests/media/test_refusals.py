"""Anything but a sane JPEG, PNG or WebP is refused with a code, and nothing is stored."""

from __future__ import annotations

import io
import warnings

import pytest
from PIL import Image, ImageFile

from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.media.services import store_image
from tests.media.images import all_media_files, encode, jpeg


def count_images() -> int:
    return db.session.scalar(db.select(db.func.count(StoredImage.id)))


def refusal_code(upload) -> str:
    with pytest.raises(InvalidInput) as refused:
        store_image(upload)
    return refused.value.code


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        pytest.param(lambda: b"<html><script>alert(1)</script></html>", "image_type", id="html"),
        pytest.param(lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
                     "image_type", id="svg"),
        pytest.param(lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "image_type", id="pdf"),
        pytest.param(lambda: encode(Image.new("RGB", (10, 10)), "GIF"), "image_type", id="gif"),
        pytest.param(lambda: encode(Image.new("RGB", (10, 10)), "BMP"), "image_type", id="bmp"),
        pytest.param(lambda: encode(Image.new("RGB", (10, 10)), "TIFF"), "image_type", id="tiff"),
        pytest.param(lambda: "नमस्ते, this is text".encode(), "image_type", id="text"),
        pytest.param(lambda: b"", "image_missing", id="empty"),
        pytest.param(lambda: jpeg()[:400], "image_unreadable", id="truncated-jpeg"),
        pytest.param(lambda: encode(Image.new("RGB", (600, 600)), "PNG")[:300],
                     "image_unreadable", id="truncated-png"),
        pytest.param(lambda: jpeg()[:2] + b"\x00" * 2000, "image_type", id="jpeg-magic-only"),
    ],
)
def test_anything_but_a_readable_jpeg_png_or_webp_is_refused(app, upload, code):
    before = all_media_files(app)
    assert refusal_code(upload()) == code
    assert count_images() == 0 and all_media_files(app) == before


def test_a_decompression_bomb_is_refused_from_its_header_before_any_pixel_is_decoded(
        app, monkeypatch):
    bomb = encode(Image.new("1", (8000, 8000)), "PNG")  # 64 MP in a few kilobytes
    assert len(bomb) < 100_000

    def decode(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)
    before = all_media_files(app)
    assert refusal_code(bomb) == "image_too_many_pixels"
    assert count_images() == 0 and all_media_files(app) == before


def test_the_pixel_budget_comes_from_the_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_MAX_PIXELS", 100 * 100)
    assert refusal_code(jpeg((101, 100))) == "image_too_many_pixels"
    assert store_image(jpeg((100, 100))).width == 100


def test_pillows_bomb_warning_is_a_refusal_even_where_warnings_are_ignored(app, monkeypatch):
    # Pillow warns above MAX_IMAGE_PIXELS and only raises above twice that.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    monkeypatch.setitem(app.config, "MEDIA_MAX_PIXELS", 10**9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # as in production, unlike under pytest
        assert refusal_code(jpeg((40, 40))) == "image_too_many_pixels"


def test_a_file_over_the_byte_limit_is_refused_without_reading_all_of_it(app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", 1000)
    upload = io.BytesIO(jpeg() + b"\x00" * 1_000_000)
    assert refusal_code(upload) == "image_too_large"
    assert upload.tell() == 1001
    assert refusal_code(jpeg()) == "image_too_large"
    assert count_images() == 0


def test_a_file_exactly_at_the_byte_limit_is_accepted(app, monkeypatch):
    data = jpeg((64, 64))
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", len(data))
    assert store_image(io.BytesIO(data)).width == 64
