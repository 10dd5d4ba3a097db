"""Changing and resetting a password; both end the account's other sessions."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from marketplace.accounts.models import OneTimeCode
from marketplace.core.audit import AuditEvent
from marketplace.core.db import utcnow
from marketplace.extensions import db
from tests.helpers import (
    PASSWORD,
    last_code_sent_to,
    make_user,
    messages_to,
    next_phone,
    sign_in,
    submit,
)

NEW = "new password 99"


def reset(client, user_phone: str, code: str, password: str = NEW):
    return submit(client, "/password/reset", {"code": code, "password": password,
                                              "confirm": password})


def test_a_forgotten_password_is_reset_with_the_code_from_the_message(app, client):
    user = make_user()
    elsewhere = app.test_client()
    sign_in(elsewhere, user)

    response = submit(client, "/password/forgot", {"phone": user.phone})
    assert response.headers["Location"].endswith("/password/reset")
    response = reset(client, user.phone, last_code_sent_to(user.phone))
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin")

    assert elsewhere.get("/account").status_code == 302  # other sessions ended
    assert submit(client, "/signin", {"phone": user.phone, "password": PASSWORD}).status_code == 400
    assert submit(client, "/signin", {"phone": user.phone, "password": NEW}).status_code == 302
    assert messages_to(user.phone)[-1].kind == "password_changed"
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.subject_id == user.id)).all()
    assert "account.password_reset" in actions


def test_asking_for_a_code_for_an_unknown_number_looks_the_same(client):
    user = make_user()
    known = submit(client, "/password/forgot", {"phone": user.phone}, follow_redirects=True)
    unknown_phone = next_phone()
    unknown = submit(client.application.test_client(), "/password/forgot",
                     {"phone": unknown_phone}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: html.replace(user.phone, "").replace(unknown_phone, "")  # noqa: E731
    assert "If this number has an account" in known.get_data(as_text=True)
    assert strip(known.get_data(as_text=True)).count("If this number") == strip(
        unknown.get_data(as_text=True)).count("If this number")
    assert messages_to(unknown_phone) == []


def test_a_code_for_an_unknown_number_never_works(client):
    phone = next_phone()
    submit(client, "/password/forgot", {"phone": phone})
    assert reset(client, phone, "123456").status_code == 400


def test_a_reset_code_expires_after_ten_minutes(client):
    user = make_user()
    submit(client, "/password/forgot", {"phone": user.phone})
    code = last_code_sent_to(user.phone)
    stored = db.session.scalars(sa.select(OneTimeCode)).one()
    assert timedelta(minutes=9) < stored.expires_at - stored.created_at <= timedelta(minutes=10)
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.flush()
    response = reset(client, user.phone, code)
    assert response.status_code == 400
    assert "wrong or has expired" in response.get_data(as_text=True)


def test_a_reset_code_allows_five_tries(client):
    user = make_user()
    submit(client, "/password/forgot", {"phone": user.phone})
    code = last_code_sent_to(user.phone)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert reset(client, user.phone, wrong).status_code == 400
    assert reset(client, user.phone, code).status_code == 400
    assert submit(client, "/signin", {"phone": user.phone, "password": NEW}).status_code == 400


def test_a_reset_with_a_too_short_password_changes_nothing(client):
    user = make_user()
    submit(client, "/password/forgot", {"phone": user.phone})
    code = last_code_sent_to(user.phone)
    assert reset(client, user.phone, code, password="short").status_code == 400
    assert reset(client, user.phone, code).status_code == 302  # the code was not spent


def test_code_requests_are_rate_limited_per_number(client):
    user = make_user()
    statuses = [submit(client.application.test_client(), "/password/forgot",
                       {"phone": user.phone}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]


def test_changing_the_password_keeps_this_device_and_signs_out_the_others(app, client):
    user = make_user()
    sign_in(client, user)
    other = app.test_client()
    sign_in(other, user)
    response = submit(client, "/account/password", {"current_password": PASSWORD,
                                                    "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302


def test_changing_the_password_needs_the_current_one(client):
    user = make_user()
    sign_in(client, user)
    response = submit(client, "/account/password", {"current_password": "wrong-one",
                                                    "password": NEW, "confirm": NEW})
    assert response.status_code == 400
    assert "current password is not right" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert submit(client.application.test_client(), "/signin",
                  {"phone": user.phone, "password": PASSWORD}).status_code == 302


def test_the_password_reset_pages_send_no_referrer(client):
    user = make_user()
    assert client.get("/password/forgot").headers["Referrer-Policy"] == "no-referrer"
    submit(client, "/password/forgot", {"phone": user.phone})
    page = client.get("/password/reset")
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    wrong = reset(client, user.phone, "000000" if last_code_sent_to(user.phone) != "000000"
                  else "111111")
    assert wrong.status_code == 400 and wrong.headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/signin").headers["Referrer-Policy"] == "same-origin"  # elsewhere as before
