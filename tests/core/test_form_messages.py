"""WTForms' own messages ("Not a valid choice.") speak the reader's language: WTForms ships
no Hindi, so core.form_messages names them for our catalogue and the base form reads them
from it."""

from __future__ import annotations

from pathlib import Path

import pytest
import wtforms
from babel.messages.pofile import read_po
from werkzeug.datastructures import MultiDict
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from marketplace.accounts.models import Role
from marketplace.core.form_messages import MESSAGES
from marketplace.core.forms import Form
from tests.helpers import make_user, sign_in, submit


class _Sample(Form):
    class Meta:
        csrf = False

    name = StringField(validators=[Length(max=5)])
    count = IntegerField(validators=[InputRequired()])
    colour = SelectField(choices=[SelectChoice("red", "Red")])
    number = SelectField(choices=[SelectChoice(1, "One")], coerce=int)


def _errors(app, language: str) -> dict[str, list[str]]:
    with app.test_request_context("/", headers={"Accept-Language": language}):
        form = _Sample(formdata=MultiDict(
            {"name": "Sunita Devi", "count": "abc", "colour": "blue", "number": "x"}))
        assert not form.validate()
        return form.errors


def test_wtforms_refusals_are_in_hindi_on_a_hindi_page(app):
    errors = _errors(app, "hi")
    assert errors["name"] == ["5 अक्षरों से ज़्यादा नहीं लिख सकते।"]
    assert errors["count"][0] == "पूरी संख्या लिखें।"
    assert errors["colour"] == ["यह विकल्प सही नहीं है। सूची में से चुनें।"]
    assert errors["number"] == ["यह विकल्प सही नहीं है। सूची में से चुनें।"]


def test_and_in_english_on_an_english_page(app):
    errors = _errors(app, "en")
    assert errors["name"] == ["Field cannot be longer than 5 characters."]
    assert errors["colour"] == ["Not a valid choice."]
    assert errors["number"] == ["Not a valid choice."]  # not "Invalid Choice: could not coerce."


@pytest.mark.parametrize(("language", "said"), [
    ("en", "Not a valid choice."), ("hi", "यह विकल्प सही नहीं है। सूची में से चुनें।")])
def test_a_resident_following_a_stale_link_to_the_workers_is_told_it_plainly(
        client, nadaun, language, said):
    response = client.get("/ndn/workers?category=plumber&village=abc",
                          headers={"Accept-Language": language})
    page = response.get_data(as_text=True)
    assert page.count(said) == 2
    assert "coerce" not in page


def test_a_bad_choice_typed_into_a_staff_address_is_refused_in_hindi(app, nadaun):
    staff = make_user(Role.STAFF, sub_division=nadaun, language="hi")
    client = app.test_client()
    sign_in(client, staff)
    assert submit(client, "/language/hi", {"next": "/"}, page="/").status_code == 303
    response = client.get("/panel/runs?slot=x")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "यह विकल्प सही नहीं है" in page and "coerce" not in page


def _wtforms_messages() -> set[str]:
    pot = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
    with pot.open("rb") as handle:
        return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("message", MESSAGES, ids=lambda m: m[0] if isinstance(m, tuple) else m)
def test_each_named_message_is_still_wtforms_own_wording(message):
    """After a WTForms upgrade changes a wording, the old one here would never match."""
    singular = message[0] if isinstance(message, tuple) else message
    assert singular in _wtforms_messages()


def test_a_whole_number_box_with_a_range_says_only_the_range_when_it_gets_no_number(app):
    from wtforms.validators import NumberRange

    from marketplace.core.forms import Form, WholeNumberField

    class Stock(Form):
        class Meta:
            csrf = False

        stock = WholeNumberField(validators=[InputRequired(), NumberRange(
            min=0, max=100, message="Enter a number from 0 to 100.")])
        years = WholeNumberField()

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        for typed in ("1.5", "many", "9" * 40):
            form = Stock(formdata=MultiDict({"stock": typed, "years": typed}))
            assert not form.validate()
            assert form.errors["stock"] == ["Enter a number from 0 to 100."], typed
            assert len(form.errors["years"]) == 1, typed  # WTForms' own words, once
