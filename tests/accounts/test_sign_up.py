"""Residents sign up with a code sent to their own phone; numbers are never revealed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import OneTimeCode, Role, User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from tests.helpers import last_code_sent_to, make_user, messages_to, next_phone, submit

GOOD = {"name": "Sunita Devi", "password": "pahadi-tea-7", "confirm": "pahadi-tea-7",
        "language": "en"}


def start(client, phone: str, **changes):
    return submit(client, "/signup", {**GOOD, "phone": phone, **changes})


def test_a_visitor_signs_up_with_the_code_sent_to_their_phone(client):
    phone = next_phone()
    response = start(client, phone[3:], language="hi")  # typed as 10 digits
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signup/verify")
    assert get_user_by_phone(phone) is None  # nothing until the phone is proven

    message = messages_to(phone)[-1]
    assert message.kind == "sign_up_code" and message.language == "hi"
    told = client.get("/signup/verify").get_data(as_text=True)  # the number as it is written
    assert f"+91 {phone[3:8]} {phone[8:]}" in told

    response = submit(client, "/signup/verify", {"code": last_code_sent_to(phone)})
    assert response.status_code == 302
    user = get_user_by_phone(phone)
    assert user.name == "Sunita Devi" and user.role is Role.RESIDENT
    assert user.preferred_language == "hi"
    assert user.password_hash != GOOD["password"]
    assert client.get("/account").status_code == 200  # signed in


def test_signing_up_with_a_registered_number_looks_the_same_but_sends_no_code(client):
    existing = make_user()
    fresh_phone = next_phone()
    for_existing = start(client, existing.phone)
    for_fresh = start(client.application.test_client(), fresh_phone)
    assert for_existing.status_code == for_fresh.status_code == 302
    assert for_existing.headers["Location"] == for_fresh.headers["Location"]
    warning = messages_to(existing.phone)[-1]
    assert warning.kind == "sign_up_existing"
    assert not re.search(r"\d{6}", warning.body)  # holds no code
    codes = db.session.scalars(sa.select(OneTimeCode).where(OneTimeCode.phone == existing.phone))
    assert codes.all() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12345"}, "valid 10-digit Indian mobile number"),
        ({"phone": "+1 415 555 2671"}, "valid 10-digit Indian mobile number"),
        ({"phone": "011 2345 6789"}, "valid 10-digit Indian mobile number"),  # a landline
        ({"phone": ""}, "Enter your mobile number"),
        ({"password": "short", "confirm": "short"}, "8 to 128 characters"),
        ({"confirm": "something-else"}, "not the same"),
        ({"name": "x" * 81}, "at most 80 characters"),
        ({"name": "   "}, "Enter your name"),
        ({"language": "fr"}, "Not a valid choice"),
    ],
)
def test_bad_sign_up_input_gets_a_clear_message_and_writes_nothing(client, changes, message):
    phone = next_phone()
    before = db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)))
    changes = dict(changes)
    response = start(client, changes.pop("phone", phone), **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == before
    assert db.session.scalar(sa.select(sa.func.count(OneTimeCode.id))) == 0


def test_bad_input_messages_come_in_hindi_for_a_hindi_visitor(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi-IN,hi;q=0.9"
    response = start(client, "12345")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "मोबाइल" in text and "valid 10-digit" not in text


@pytest.mark.parametrize("name", ["सुनीता देवी", "Sunita देवी", "Ṭhākur Rām", "मीना 2"])
def test_devanagari_and_mixed_script_names_are_kept_as_typed(client, name):
    phone = next_phone()
    assert start(client, phone, name=f"  {name}  ").status_code == 302
    submit(client, "/signup/verify", {"code": last_code_sent_to(phone)})
    assert get_user_by_phone(phone).name == name


def test_a_phone_typed_with_devanagari_digits_and_spaces_is_understood(client):
    phone = next_phone()
    devanagari = "".join("०१२३४५६७८९"[int(d)] for d in phone[3:])
    assert start(client, f"{devanagari[:5]} {devanagari[5:]}").status_code == 302
    assert messages_to(phone)


def test_a_wrong_code_is_refused_and_after_five_tries_even_the_right_one_is(client):
    phone = next_phone()
    start(client, phone)
    code = last_code_sent_to(phone)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = submit(client, "/signup/verify", {"code": wrong})
        assert response.status_code == 400
        assert "wrong or has expired" in response.get_data(as_text=True)
    response = submit(client, "/signup/verify", {"code": code})
    assert response.status_code == 400
    assert "Too many wrong tries" in response.get_data(as_text=True)
    assert get_user_by_phone(phone) is None


def test_an_expired_code_does_not_work(client):
    phone = next_phone()
    start(client, phone)
    code = last_code_sent_to(phone)
    db.session.execute(sa.update(OneTimeCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = submit(client, "/signup/verify", {"code": code})
    assert response.status_code == 400
    assert get_user_by_phone(phone) is None


def test_asking_again_makes_the_earlier_code_stop_working(client):
    phone = next_phone()
    start(client, phone)
    first = last_code_sent_to(phone)
    start(client, phone)
    second = last_code_sent_to(phone)
    if first != second:
        assert submit(client, "/signup/verify", {"code": first}).status_code == 400
    assert submit(client, "/signup/verify", {"code": second}).status_code == 302


def test_codes_are_stored_only_as_hashes(client):
    phone = next_phone()
    start(client, phone)
    code = last_code_sent_to(phone)
    stored = db.session.scalars(sa.select(OneTimeCode)).one()
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert GOOD["password"] not in str(stored.payload)


def test_sign_up_code_requests_for_one_number_are_rate_limited(client):
    phone = next_phone()
    statuses = [start(client.application.test_client(), phone).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429
    assert len([m for m in messages_to(phone) if m.kind == "sign_up_code"]) == 3


def test_verify_page_without_a_pending_sign_up_goes_back_to_the_form(client):
    response = client.get("/signup/verify")
    assert response.status_code == 302 and response.headers["Location"].endswith("/signup")
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0
