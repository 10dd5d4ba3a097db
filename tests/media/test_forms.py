"""The photo field asks phones for the right files; every refusal has words in both languages."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm

from marketplace.media.forms import ACCEPT, ImageField, image_error_message

CODES = ["image_missing", "image_too_large", "image_type", "image_unreadable",
         "image_too_many_pixels"]


class PhotoForm(FlaskForm):
    class Meta:
        csrf = False

    photo = ImageField()
    selfie = ImageField(capture="user", render_kw={"class": "photo"})


def test_the_field_accepts_only_our_three_types_and_lets_the_phone_offer_its_gallery(app):
    with app.test_request_context():
        html = str(PhotoForm().photo())
    assert f'accept="{ACCEPT}"' in html and 'type="file"' in html
    assert "capture" not in html


def test_a_field_may_open_the_camera_straight_away_and_keep_its_own_attributes(app):
    with app.test_request_context():
        html = str(PhotoForm().selfie())
    assert 'capture="user"' in html and 'class="photo"' in html and "accept=" in html


@pytest.mark.parametrize("code", CODES)
def test_every_refusal_code_has_its_own_message_in_english_and_hindi(app, code):
    with app.test_request_context():
        english = image_error_message(code)
        with force_locale("hi"):
            hindi = image_error_message(code)
        others = {image_error_message(other) for other in CODES if other != code}
    assert english and english not in others
    assert re.search("[\u0900-\u097f]", hindi)


def test_an_unknown_code_still_gets_a_useful_message(app):
    with app.test_request_context():
        assert image_error_message("image_something_new") == image_error_message("image_type")
