"""Only our WebP files are served, as images, cached for good; anything else is a 404."""

from __future__ import annotations

import io
import re

import pytest
from flask import render_template_string
from PIL import Image

from marketplace.extensions import db
from marketplace.media.services import discard_files, store_image
from tests.media.images import jpeg, stored_files


@pytest.fixture
def stored(app):
    image = store_image(jpeg((900, 1200)))
    db.session.commit()  # rolled back with the test's outer transaction
    return image


@pytest.mark.parametrize("size", ["large", "medium", "thumb"])
def test_every_variant_is_served_as_webp_with_safe_headers(client, stored, size):
    response = client.get(f"/media/{stored.key}/{size}.webp")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/webp"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Disposition"] == "inline"
    assert response.data == stored_files(stored)[size].read_bytes()
    with Image.open(io.BytesIO(response.data)) as served:
        assert served.format == "WEBP" and served.size == stored.dimensions(size)
    response.close()


def test_a_browser_that_has_the_file_gets_a_304(client, stored):
    first = client.get(f"/media/{stored.key}/thumb.webp")
    again = client.get(f"/media/{stored.key}/thumb.webp",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    first.close()
    again.close()


@pytest.mark.parametrize(
    "path",
    [
        "/media/" + "0" * 32 + "/thumb.webp",
        "/media/" + "0" * 32 + "/large.webp",
        "/media/abc/thumb.webp",
        "/media/..%2F..%2Fetc%2Fpasswd/thumb.webp",
        "/media/" + "0" * 32 + "/thumb.png",
    ],
)
def test_unknown_keys_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("size", ["original", "LARGE", ".."])
def test_unknown_sizes_of_a_real_image_are_404(client, stored, size):
    assert client.get(f"/media/{stored.key}/{size}.webp").status_code == 404


def test_a_nul_in_a_media_path_is_refused_like_any_nul(client, stored):
    assert client.get(f"/media/{stored.key}/large.webp%00.webp").status_code == 400


def test_the_upper_case_spelling_of_a_key_is_404(client, stored):
    assert client.get(f"/media/{stored.key.upper()}/thumb.webp").status_code == 404


def test_an_image_whose_files_are_gone_is_404_not_500(client, stored):
    discard_files(stored)
    assert client.get(f"/media/{stored.key}/medium.webp").status_code == 404


def render_picture(app, image, **arguments) -> str:
    template = '{% from "macros/media.html" import picture %}{{ picture(image, **arguments) }}'
    with app.test_request_context():
        return render_template_string(template, image=image, arguments=arguments)


def test_the_picture_macro_gives_sizes_srcset_and_alt_text(app, stored):
    html = render_picture(app, stored, alt='Ghee "desi" jar', size="medium", class_="card")
    assert f'src="/media/{stored.key}/medium.webp"' in html
    assert 'width="450" height="600"' in html  # portrait: 900×1200 large, 600 px long side
    srcset = re.search(r'srcset="([^"]*)"', html).group(1)
    assert srcset == (f"/media/{stored.key}/small.webp 108w, "
                      f"/media/{stored.key}/thumb.webp 150w, "
                      f"/media/{stored.key}/card.webp 225w, "
                      f"/media/{stored.key}/medium.webp 450w, "
                      f"/media/{stored.key}/large.webp 900w")
    assert 'alt="Ghee &#34;desi&#34; jar"' in html
    assert 'loading="lazy"' in html and 'class="card"' in html
    assert 'sizes="(max-width: 450px) 100vw, 450px"' in html


def test_the_picture_macro_takes_the_layouts_sizes(app, stored):
    html = render_picture(app, stored, alt="", size="thumb", sizes="96px")
    assert 'sizes="96px"' in html and 'width="150" height="200"' in html
    assert 'alt=""' in html and "class=" not in html


def test_a_signed_in_persons_image_response_carries_no_session_cookie(client):
    from marketplace.extensions import db as database
    from marketplace.media.services import store_image as store
    from tests.helpers import make_user, sign_in
    from tests.media.images import jpeg

    image = store(jpeg())
    database.session.commit()
    sign_in(client, make_user())
    response = client.get(f"/media/{image.key}/thumb.webp")
    response.close()
    assert response.status_code == 200
    # A shared cache could otherwise hand one person's session to everyone.
    assert "Set-Cookie" not in response.headers
