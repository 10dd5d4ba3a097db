"""Every upload is decoded, checked, stripped of metadata and re-encoded; nothing else is kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.media.models import VARIANTS, StoredImage
from marketplace.media.services import delete_image, storage, store_image


def jpeg(size=(1600, 1200), *, exif=None, comment: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    kwargs = {}
    if exif is not None:
        kwargs["exif"] = exif
    if comment is not None:
        kwargs["comment"] = comment
    image.save(out, "JPEG", **kwargs)
    return out.getvalue()


def files_of(image: StoredImage) -> list[Path]:
    return [storage().path_of(image.file_name(v)) for v in VARIANTS]


def test_three_webp_variants_are_stored_under_random_names(app):
    image = store_image(jpeg())
    assert len(image.key) == 32 and image.width == 1200 and image.height == 900
    for variant, longest in VARIANTS.items():
        path = storage().path_of(image.file_name(variant))
        with Image.open(path) as stored:
            assert stored.format == "WEBP" and max(stored.size) == longest
    assert image.sizes["thumb"] < image.sizes["large"]


def test_gps_and_all_exif_are_gone(app):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (31.0, 46.0, 50.0), 3: "E", 4: (76.0, 20.0, 48.0)}  # GPS
    image = store_image(jpeg(exif=exif.tobytes()))
    for path in files_of(image):
        raw = path.read_bytes()
        assert b"PhoneMaker" not in raw and b"EXIF" not in raw.upper()
        with Image.open(path) as stored:
            assert not stored.getexif()


def test_an_html_payload_in_a_jpeg_comment_does_not_survive(app):
    payload = b"<script>alert('x')</script>"
    image = store_image(jpeg(comment=payload))
    for path in files_of(image):
        assert payload not in path.read_bytes() and b"<script" not in path.read_bytes()


def test_orientation_is_fixed_from_exif(app):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    image = store_image(jpeg(size=(800, 400), exif=exif.tobytes()))
    assert (image.width, image.height) == (400, 800)


def test_transparency_of_a_png_is_kept(app):
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(out, "PNG")
    image = store_image(out.getvalue())
    with Image.open(storage().path_of(image.file_name("medium"))) as stored:
        assert stored.mode == "RGBA" and stored.getpixel((5, 5))[3] == 0


def test_a_small_image_is_never_upscaled(app):
    image = store_image(jpeg(size=(150, 100)))
    with Image.open(storage().path_of(image.file_name("large"))) as stored:
        assert stored.size == (150, 100)


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "image_type"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>', "image_type"),
        (b"%PDF-1.4 fake", "image_type"),
        (_gif(), "image_type"),
        (b"", "image_missing"),
        (jpeg()[:400], "image_unreadable"),
    ],
)
def test_anything_but_jpeg_png_or_webp_is_refused(app, data, code):
    with pytest.raises(InvalidInput) as refused:
        store_image(data)
    assert refused.value.code == code
    assert db.session.scalar(db.select(db.func.count(StoredImage.id))) == 0


def test_a_decompression_bomb_is_refused_before_decoding(app):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, "PNG")  # 64 MP in a few kilobytes
    assert len(out.getvalue()) < 100_000
    with pytest.raises(InvalidInput) as refused:
        store_image(out.getvalue())
    assert refused.value.code == "image_too_many_pixels"
    assert not any(Path(app.config["MEDIA_ROOT"]).rglob("*.webp")) or \
        db.session.scalar(db.select(db.func.count(StoredImage.id))) == 0


def test_a_file_over_the_byte_limit_is_refused(app, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_MAX_BYTES", 1000)
    with pytest.raises(InvalidInput) as refused:
        store_image(jpeg())
    assert refused.value.code == "image_too_large"


def test_deleting_an_image_removes_its_files(app):
    image = store_image(jpeg())
    paths = files_of(image)
    delete_image(image)
    assert not any(path.exists() for path in paths)


def test_stored_images_are_served_as_webp_with_safe_headers(client):
    image = store_image(jpeg())
    db.session.commit()
    response = client.get(f"/media/{image.key}/thumb.webp")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.data[:4] == b"RIFF"
    response.close()


@pytest.mark.parametrize("path", ["/media/" + "0" * 32 + "/thumb.webp",
                                  "/media/../../etc/passwd/thumb.webp",
                                  "/media/abc/thumb.webp"])
def test_unknown_images_and_sizes_are_404(client, path):
    assert client.get(path).status_code == 404


def test_an_unknown_size_is_404(client):
    image = store_image(jpeg())
    db.session.commit()
    assert client.get(f"/media/{image.key}/original.webp").status_code == 404
