"""The photo field asks phones for the right files; every refusal has words in both languages."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from flask_wtf import FlaskForm

from marketplace.media.errors import ImageError
from marketplace.media.forms import ACCEPT, ImageField


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


@pytest.mark.parametrize("code", list(ImageError))
def test_every_refusal_code_has_its_own_message_in_english_and_hindi(app, code):
    with app.test_request_context():
        english = str(code.message)
        with force_locale("hi"):
            hindi = str(code.message)
        others = {str(other.message) for other in ImageError if other is not code}
    assert english and english not in others
    assert re.search("[\u0900-\u097f]", hindi)
