"""Every upload is decoded, stripped of metadata and re-encoded: a clean original, and WebP in
three sizes (the display size in the request, the others by the job)."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from marketplace.media.models import VARIANTS
from tests.media.images import (
    assert_clean_original,
    encode,
    exif_with,
    jpeg,
    riff_chunks,
    store_and_derive,
    stored_files,
)

GPS = {1: "N", 2: (31.0, 46.0, 50.0), 3: "E", 4: (76.0, 20.0, 48.0)}
SCRIPT = b"<script>alert('x')</script>"
# Only pixel chunks may be in what we serve: no EXIF, XMP or ICCP chunk.
PIXEL_CHUNKS = {"VP8 ", "VP8L", "VP8X", "ALPH"}


def test_three_webp_variants_are_stored_and_the_large_one_is_1200_pixels_wide(app):
    image = store_and_derive(jpeg((4000, 3000)))
    assert (image.width, image.height) == (1200, 900)
    for variant, path in stored_files(image).items():
        with Image.open(path) as stored:
            assert stored.format == "WEBP"
            assert max(stored.size) == VARIANTS[variant]
        assert image.sizes[variant] == path.stat().st_size
    assert image.sizes["thumb"] < image.sizes["medium"] < image.sizes["large"]


@pytest.mark.parametrize("size", [(1001, 333), (333, 1001), (5000, 7), (640, 480), (601, 601)])
def test_the_recorded_dimensions_of_every_variant_match_its_file(app, size):
    image = store_and_derive(jpeg(size))
    for variant, path in stored_files(image).items():
        with Image.open(path) as stored:
            assert stored.size == image.dimensions(variant)


def test_a_small_image_is_never_upscaled(app):
    image = store_and_derive(jpeg((150, 100)))
    for variant, path in stored_files(image).items():
        with Image.open(path) as stored:
            # only "small" (144 px) is below the upload's 150 px
            assert stored.size == ((144, 96) if variant == "small" else (150, 100))
    assert image.srcset_widths() == [("small", 144), ("thumb", 150)]


def test_gps_and_every_other_exif_tag_are_gone(app):
    image = store_and_derive(jpeg(exif=exif_with(make="PhoneMaker", gps=GPS)))
    for path in stored_files(image).values():
        raw = path.read_bytes()
        assert b"PhoneMaker" not in raw and b"Exif" not in raw
        assert set(riff_chunks(raw)) <= PIXEL_CHUNKS
        with Image.open(path) as stored:
            assert not stored.getexif()
    assert_clean_original(image, b"PhoneMaker")


def test_an_html_payload_in_a_jpeg_comment_does_not_survive(app):
    upload = jpeg(comment=SCRIPT)
    with Image.open(io.BytesIO(upload)) as original:
        assert original.info["comment"] == SCRIPT  # the payload really was in the upload
    image = store_and_derive(upload)
    for path in stored_files(image).values():
        raw = path.read_bytes()
        assert b"<script" not in raw.lower() and b"alert" not in raw
    assert_clean_original(image, b"<script", b"alert")


def _png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>" + SCRIPT.decode() + "</x:xmpmeta>")
    return encode(Image.new("RGB", (300, 200), "green"), "PNG", pnginfo=info,
                  exif=exif_with(gps=GPS))


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: jpeg(icc_profile=SCRIPT * 4, exif=exif_with(gps=GPS)), id="jpeg"),
        pytest.param(_png_with_text, id="png"),
        pytest.param(lambda: encode(Image.new("RGB", (300, 200)), "WEBP", exif=exif_with(
            make="PhoneMaker", gps=GPS), xmp=SCRIPT, icc_profile=SCRIPT * 4), id="webp"),
    ],
)
def test_no_metadata_of_any_format_reaches_the_stored_files(app, upload):
    data = upload()
    assert SCRIPT in data  # the payload really was in the upload
    image = store_and_derive(data)
    for path in stored_files(image).values():
        raw = path.read_bytes()
        assert set(riff_chunks(raw)) <= PIXEL_CHUNKS
        assert b"<script" not in raw and b"PhoneMaker" not in raw
    assert_clean_original(image, b"<script", b"PhoneMaker")


def test_exif_orientation_6_is_turned_upright(app):
    picture = Image.new("RGB", (800, 400), "blue")
    picture.paste((255, 0, 0), (0, 0, 400, 400))  # left half red
    image = store_and_derive(encode(picture, "JPEG", exif=exif_with(orientation=6)))
    assert (image.width, image.height) == (400, 800)
    with Image.open(stored_files(image)["large"]) as stored:
        red, _green, blue = stored.convert("RGB").getpixel((200, 100))
        assert red > 200 and blue < 60  # rotated clockwise: the left edge is now the top


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: encode(Image.new("RGBA", (300, 300), (0, 0, 0, 0)), "PNG"),
                     id="png-rgba"),
        pytest.param(lambda: encode(Image.new("LA", (300, 300), (0, 0)), "PNG"), id="png-la"),
        pytest.param(lambda: encode(Image.new("P", (300, 300), 0), "PNG", transparency=0),
                     id="png-palette"),
        pytest.param(lambda: encode(Image.new("RGB", (300, 300), "red"), "PNG",
                                    transparency=(255, 0, 0)), id="png-rgb-trns"),
        pytest.param(lambda: encode(Image.new("RGBA", (300, 300), (9, 9, 9, 0)), "WEBP",
                                    lossless=True), id="webp-rgba"),
    ],
)
def test_transparency_of_png_and_webp_is_kept(app, upload):
    image = store_and_derive(upload())
    for path in stored_files(image).values():
        with Image.open(path) as stored:
            assert stored.mode == "RGBA" and stored.getpixel((5, 5))[3] == 0


def test_an_opaque_png_is_stored_without_an_alpha_channel(app):
    image = store_and_derive(encode(Image.new("RGBA", (300, 300), (9, 9, 9, 255)), "PNG"))
    with Image.open(stored_files(image)["medium"]) as stored:
        assert stored.mode == "RGB"


@pytest.mark.parametrize(
    "upload",
    [
        pytest.param(lambda: encode(Image.new("CMYK", (64, 48), (0, 100, 0, 0)), "JPEG"),
                     id="cmyk-jpeg"),
        pytest.param(lambda: encode(Image.new("L", (64, 48), 90), "JPEG"), id="grey-jpeg"),
        pytest.param(lambda: encode(Image.new("RGB", (64, 48)), "MPO", save_all=True,
                                    append_images=[Image.new("RGB", (64, 48))]), id="mpo"),
        pytest.param(lambda: encode(Image.new("1", (64, 48), 1), "PNG"), id="1-bit-png"),
        pytest.param(lambda: encode(Image.new("RGB", (64, 48)), "PNG", save_all=True,
                                    append_images=[Image.new("RGB", (64, 48), "red")]),
                     id="animated-png"),
        pytest.param(lambda: encode(Image.new("RGB", (64, 48)), "WEBP", save_all=True,
                                    append_images=[Image.new("RGB", (64, 48), "red")]),
                     id="animated-webp"),
    ],
)
def test_the_kinds_of_jpeg_png_and_webp_phones_and_scanners_make_are_accepted(app, upload):
    image = store_and_derive(upload())
    assert (image.width, image.height) == (64, 48)


def test_a_16_bit_grey_png_keeps_its_shades_instead_of_turning_white(app):
    image = store_and_derive(encode(Image.new("I;16", (64, 48), 128 * 256), "PNG"))
    with Image.open(stored_files(image)["large"]) as stored:
        assert 110 < stored.convert("L").getpixel((10, 10)) < 146
