"""The input rules (core.text, core.input, core.forms.Form): NUL, control and bidi characters,
digits of other scripts and Aadhaar numbers in free text; ZWJ/ZWNJ and Devanagari digits kept."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, StringField, TextAreaField

import marketplace
from marketplace.accounts.models import Role
from marketplace.core.forms import Form, Identifier, form_error_text
from marketplace.core.identity import looks_like_aadhaar
from marketplace.core.text import ascii_digits, has_foreign_digits, refused_character
from tests.helpers import make_group, make_sub_division, make_user, sign_in, submit

AADHAAR_LIKE = "2341 2341 2346"  # passes Verhoeff; a test value, nobody's number
KSHA = "क्\u200dष"  # with ZWJ: the half form that Hindi keyboards type


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u202d", "\u2066", "\u2069", "\u200e",
                                  "\u200f", "\x00", "\x07", "\x1b", "\u2028", "\ufeff",
                                  "\ue000"])
def test_bidi_control_and_private_characters_are_refused(char):
    assert refused_character(f"Mango{char}pickle") == char
    assert refused_character(f"Mango{char}pickle", multiline=True) == char


def test_zwj_zwnj_devanagari_and_emoji_are_text():
    for text in (KSHA, "क्\u200cष", "लिंगड़ी का अचार", "👩\u200d🌾 Kisan", "Café «Asha»"):
        assert refused_character(text) is None


def test_newline_and_tab_only_in_multi_line_text():
    assert refused_character("Line one\r\nLine two\tend") == "\r"
    assert refused_character("Line one\r\nLine two\tend", multiline=True) is None


def test_devanagari_digits_are_read_and_other_scripts_digits_are_not():
    assert ascii_digits("९८१६०१२३४५") == "9816012345"
    assert ascii_digits("٣") == "٣"
    assert not has_foreign_digits("९८ 98 नौ")
    assert all(has_foreign_digits(text) for text in ("٣", "۳", "৩", "੩", "௩", "３"))


@pytest.mark.parametrize("text", [AADHAAR_LIKE, "234123412346", "2341-2341-2346",
                                  "2341.2341.2346", "call २३४१ २३४१ २३४६ now"])
def test_an_aadhaar_number_is_found_however_it_is_written(text):
    assert looks_like_aadhaar(text)


def test_other_twelve_digit_numbers_are_not_aadhaar():
    assert not looks_like_aadhaar("2341 2341 2345")  # Verhoeff fails
    assert not looks_like_aadhaar("+91 98160 12345")


class SampleForm(Form):
    class Meta:
        csrf = False

    name = StringField()
    about = TextAreaField()
    reference = StringField(validators=[Identifier()])
    count = IntegerField()


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"name": "Mango\u202epickle"}, "name", "hidden control character"),
        ({"about": "one\u2066two"}, "about", "hidden control character"),
        ({"name": f"Aadhaar {AADHAAR_LIKE}"}, "name", "looks like an Aadhaar number"),
        ({"about": f"नंबर\n{AADHAAR_LIKE}"}, "about", "looks like an Aadhaar number"),
        ({"count": "٣"}, "count", "digits 0-9 or ०-९"),
        ({"reference": "١٢٣"}, "reference", "digits 0-9 or ०-९"),
        ({"name": "a\x00b"}, "name", "null character"),
    ],
)
def test_a_form_field_that_breaks_a_rule_shows_only_that_rule(app, data, field, words):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        form = SampleForm(MultiDict({"count": "1", **data}))
        assert not form.validate()
        assert [words in str(error) for error in form[field].errors] == [True]
        assert words in form_error_text(form)


def test_a_form_keeps_zwj_newlines_devanagari_digits_and_long_references(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        form = SampleForm(MultiDict({"name": KSHA, "about": "पहली\r\nदूसरी", "count": "९",
                                     "reference": "234123412346"}))
        assert form.validate(), form.errors
        assert (form.name.data, form.count.data) == (KSHA, 9)


def _all_form_classes():
    for module in pkgutil.walk_packages(marketplace.__path__, "marketplace."):
        importlib.import_module(module.name)
    found, pending = [], list(FlaskForm.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return [cls for cls in found if cls.__module__.startswith("marketplace.")]


def test_every_form_of_the_app_applies_the_input_rules():
    forms = _all_form_classes()
    assert len(forms) > 40
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, Form)] == []


# Requests: NUL anywhere and foreign digits in the path or query never reach a view.

def _both_languages(html: str) -> bool:
    return "null character (NUL)" in html and "अदृश्य" in html


def test_nul_in_a_product_name_is_a_400_before_the_database(client):
    nadaun = make_sub_division()
    _, leader = make_group(nadaun)
    sign_in(client, leader)
    response = submit(client, "/products/new", {"name_hi": "अचार", "name_en": "a\x00b",
                                                "price": "10", "stock": "1", "unit": "jar"})
    assert response.status_code == 400
    assert _both_languages(response.get_data(as_text=True))


def test_nul_in_a_checkout_address_is_a_400(client):
    sign_in(client, make_user())
    response = submit(client, "/checkout", {"address": "House\x001"}, page="/")
    assert response.status_code == 400
    assert _both_languages(response.get_data(as_text=True))


@pytest.mark.parametrize("query", ["action=%00", "actor=%00", "text=a%00", "%00=1"])
def test_nul_in_the_audit_search_is_a_400(client, query):
    sign_in(client, make_user(Role.STAFF, sub_division=make_sub_division()))
    response = client.get(f"/panel/approvals/audit?{query}")
    assert response.status_code == 400
    assert _both_languages(response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/orders/NDN%00", "/products/1%00", "/ndn/workers?q=%00"])
def test_nul_in_a_path_or_query_is_a_400(client, path):
    sign_in(client, make_user())
    response = client.get(path)
    assert response.status_code == 400
    assert _both_languages(response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/products/%D9%A3", "/ndn/products?min_price=%D9%A3",
                                  "/panel/approvals/audit?subject_id=%D9%A3"])
def test_other_scripts_digits_in_a_path_or_query_are_a_400(client, path):
    sign_in(client, make_user(Role.STAFF, sub_division=make_sub_division()))
    response = client.get(path)
    assert response.status_code == 400
    assert "0-9 or ०-९" in response.get_data(as_text=True)


def test_the_json_error_answer_stays_json(client):
    response = client.get("/orders/NDN%00", headers={"Accept": "application/json"})
    assert (response.status_code, response.get_json()) == (400, {"error": 400})


def test_a_valid_twelve_digit_run_inside_a_random_key_is_not_an_aadhaar_number():
    from marketplace.core.identity import aadhaar_numbers, looks_like_aadhaar

    key = "f3a9234123412346bc0d"  # checkout keys are hex: such runs happen by chance
    assert not looks_like_aadhaar(key) and aadhaar_numbers(f"key={key}") == []
    assert looks_like_aadhaar("Aadhaar: 234123412346.")
