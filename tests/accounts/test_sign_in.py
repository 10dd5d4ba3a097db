"""Sign-in, the second factor for staff and admins, sign-out and the sessions it ends."""

from __future__ import annotations

from ipaddress import ip_network

import pytest

from marketplace.accounts.models import Role
from marketplace.extensions import db
from tests.helpers import (
    PASSWORD,
    last_code_sent_to,
    make_sub_division,
    make_user,
    messages_to,
    next_phone,
    sign_in,
    submit,
)


def test_a_resident_signs_in_with_phone_and_password(client, nadaun):
    user = make_user(name="Rajesh Thakur")
    response = submit(client, "/signin", {"phone": user.phone[3:], "password": PASSWORD})
    assert response.status_code == 302
    assert "Rajesh Thakur" in client.get("/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.last_sign_in_at is not None


def test_wrong_password_and_unknown_number_get_the_same_answer(client):
    user = make_user()
    wrong = submit(client, "/signin", {"phone": user.phone, "password": "not-the-password"})
    unknown = submit(client, "/signin", {"phone": next_phone(), "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 400
    for response in (wrong, unknown):
        assert "Wrong mobile number or password." in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def _attacker(app, address: str = "198.51.100.7"):
    client = app.test_client()
    client.environ_base.update(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
    return client


def _guess(client, phone: str, password: str):
    return submit(client, "/signin", {"phone": phone, "password": password})


def test_a_number_past_its_ceiling_is_not_locked_the_password_needs_a_code_too(app, client):
    user = make_user()
    attacker = _attacker(app)
    statuses = [_guess(attacker, user.phone, f"guess-{i}").status_code for i in range(5)]
    assert statuses == [400] * 5
    response = _guess(client, user.phone, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin/verify")
    assert "so a code is needed too" in client.get("/signin/verify").get_data(as_text=True)
    assert client.get("/account").status_code == 302  # not signed in by the password alone
    response = submit(client, "/signin/verify", {"code": last_code_sent_to(user.phone)})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_many_wrong_passwords_do_not_lock_out_staff_who_have_password_and_code(app, client,
                                                                               role, nadaun):
    staff = make_user(role, sub_division=nadaun if role is Role.STAFF else None)
    attacker = _attacker(app)
    for i in range(25):  # the attacker keeps the number past its ceiling, below the address's
        assert _guess(attacker, staff.phone, f"guess-{i}").status_code in (302, 400)
    response = _guess(client, staff.phone, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin/verify")
    for i in range(5):  # the attacker, meanwhile, tries codes on attempts of their own
        _guess(attacker, staff.phone, f"more-{i}")
        submit(attacker, "/signin/verify", {"code": last_code_sent_to(staff.phone)})
    assert attacker.get("/panel/").status_code == 302
    response = submit(client, "/signin/verify", {"code": last_code_sent_to(staff.phone)})
    assert response.status_code == 302
    assert client.get("/panel/").status_code == 200


def test_past_the_ceiling_a_right_and_a_wrong_password_look_the_same(app, nadaun):
    staff = make_user(Role.STAFF, sub_division=nadaun)
    attacker = _attacker(app)
    for i in range(5):
        _guess(attacker, staff.phone, f"guess-{i}")
    sent_before = len(messages_to(staff.phone))

    def attempt(password: str):
        browser = _attacker(app)
        response = _guess(browser, staff.phone, password)
        with browser.session_transaction() as session:
            shape = {key: (type(value), len(value) if isinstance(value, str) else None)
                     for key, value in session["pending_second_factor"].items()}
            flashes = list(session.get("_flashes", []))
        return (response.status_code, response.headers["Location"], shape, flashes), browser

    wrong, wrong_browser = attempt("not the password")
    assert len(messages_to(staff.phone)) == sent_before  # no code for a wrong password
    right, _right_browser = attempt(PASSWORD)
    assert wrong == right
    assert len(messages_to(staff.phone)) == sent_before + 1
    # The wrong password's attempt cannot be finished, even with the code the owner got,
    # nor can it spend the owner's tries.
    code = last_code_sent_to(staff.phone)
    for _ in range(6):
        assert submit(wrong_browser, "/signin/verify", {"code": code}).status_code == 400
    assert submit(wrong_browser, "/signin/verify/resend", page="/signin/verify").status_code == 302
    assert len(messages_to(staff.phone)) == sent_before + 1  # and asks for no new code
    assert submit(_right_browser, "/signin/verify", {"code": code}).status_code == 302


def test_an_address_that_guesses_too_often_is_stopped_with_a_clear_message(app, client):
    attacker = _attacker(app)
    victims = [make_user() for _ in range(3)]
    statuses = [_guess(attacker, victims[i % 3].phone, f"guess-{i}").status_code
                for i in range(31)]
    assert 429 not in statuses[:30] and statuses[30] == 429
    blocked = _guess(attacker, victims[0].phone, PASSWORD)
    assert blocked.status_code == 429  # that address waits, even with the right password
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert _guess(client, victims[0].phone, PASSWORD).status_code == 302  # others do not


def test_the_offices_own_address_is_not_held_to_the_address_ceiling(app):
    """A desk signing many people in from one address; each number keeps its own ceiling."""
    app.config["TRUSTED_ADDRESSES"] = (ip_network("203.0.113.0/28"),)
    desk = _attacker(app, "203.0.113.5")
    residents = [make_user() for _ in range(10)]
    statuses = [_guess(desk, residents[i % 10].phone, f"typo-{i}").status_code
                for i in range(50)]
    assert 429 not in statuses
    response = _guess(desk, residents[0].phone, PASSWORD)  # past its own 5: a code follows
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin/verify")
    outside = _attacker(app, "203.0.113.77")
    assert [_guess(outside, residents[1].phone, "x").status_code for _ in range(31)][-1] == 429


def test_failed_sign_ins_for_one_number_do_not_lock_out_another(client):
    victim, other = make_user(), make_user()
    for i in range(6):
        submit(client, "/signin", {"phone": victim.phone, "password": f"guess-{i}"})
    response = submit(client, "/signin", {"phone": other.phone, "password": PASSWORD})
    assert response.status_code == 302


def test_a_deactivated_account_cannot_sign_in(client):
    user = make_user()
    user.is_active_account = False
    db.session.flush()
    response = submit(client, "/signin", {"phone": user.phone, "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_and_admins_need_the_code_sent_to_their_phone(client, role, nadaun):
    user = make_user(role, sub_division=nadaun if role is Role.STAFF else None)
    response = submit(client, "/signin", {"phone": user.phone, "password": PASSWORD})
    assert response.headers["Location"].endswith("/signin/verify")
    assert client.get("/panel/").status_code == 302  # not signed in yet

    assert submit(client, "/signin/verify", {"code": "12345x"}).status_code == 400
    response = submit(client, "/signin/verify", {"code": last_code_sent_to(user.phone)})
    assert response.status_code == 302
    assert client.get("/panel/").status_code == 200


def test_the_second_factor_code_cannot_be_guessed_more_than_five_times(client, nadaun):
    user = make_user(Role.STAFF, sub_division=nadaun)
    submit(client, "/signin", {"phone": user.phone, "password": PASSWORD})
    code = last_code_sent_to(user.phone)
    wrong = "000000" if code != "000000" else "999999"
    for _ in range(5):
        submit(client, "/signin/verify", {"code": wrong})
    response = submit(client, "/signin/verify", {"code": code})
    assert response.status_code == 400
    assert "Too many wrong tries" in response.get_data(as_text=True)


def test_a_new_second_factor_code_can_be_asked_for(client, nadaun):
    user = make_user(Role.STAFF, sub_division=nadaun)
    submit(client, "/signin", {"phone": user.phone, "password": PASSWORD})
    response = submit(client, "/signin/verify/resend", page="/signin/verify")
    assert response.status_code == 302
    assert submit(client, "/signin/verify",
                  {"code": last_code_sent_to(user.phone)}).status_code == 302


def test_the_second_factor_page_needs_a_password_first(client):
    response = client.get("/signin/verify")
    assert response.status_code == 302 and response.headers["Location"].endswith("/signin")


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/account", "/account"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_next_only_redirects_within_the_site(client, next_url, lands_on):
    user = make_user()
    response = submit(client, "/signin", {"phone": user.phone, "password": PASSWORD,
                                          "next": next_url})
    assert response.status_code == 302
    assert response.headers["Location"] == lands_on


def test_signing_out_ends_every_session_including_a_copied_cookie(app, client):
    user = make_user()
    sign_in(client, user)
    other_device = app.test_client()
    sign_in(other_device, user)
    thief = app.test_client()
    stolen = client.get_cookie("swarozgar_session")
    thief.set_cookie(stolen.key, stolen.value)
    assert thief.get("/account").status_code == 200

    response = submit(client, "/signout", page="/account")
    assert response.status_code == 302
    for browser in (client, other_device, thief):
        assert browser.get("/account").status_code == 302


def test_signing_out_needs_the_form_token(client):
    user = make_user()
    sign_in(client, user)
    assert client.post("/signout").status_code == 400
    assert client.get("/account").status_code == 200


def test_pages_of_a_signed_in_person_are_not_cached(client):
    sign_in(client, make_user())
    assert "no-store" in client.get("/account").headers["Cache-Control"]


def test_staff_land_on_the_panel_and_delivery_people_on_their_deliveries(app):
    nadaun = make_sub_division()
    for role, page in ((Role.STAFF, "/panel/"), (Role.DELIVERY, "/deliveries"),
                       (Role.RESIDENT, "/")):
        client = app.test_client()
        response = sign_in(client, make_user(role, sub_division=nadaun
                                             if role is not Role.RESIDENT else None))
        assert response.headers["Location"].endswith(page), role


DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_a_phone_typed_in_devanagari_digits_signs_in(client):
    user = make_user(name="Rajesh Thakur")
    response = submit(client, "/signin", {"phone": user.phone[3:].translate(DEVANAGARI),
                                          "password": PASSWORD})
    assert response.status_code == 302


def test_a_phone_typed_in_arabic_indic_digits_is_refused_with_a_message(client):
    user = make_user(name="Rajesh Thakur")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = submit(client, "/signin", {"phone": user.phone[3:].translate(ARABIC_INDIC),
                                          "password": PASSWORD})
    assert response.status_code == 400
    assert "0-9 or ०-९" in response.get_data(as_text=True)


def _person(kind: str):
    from tests.helpers import make_group, make_sub_division, make_user, make_worker

    nadaun = make_sub_division()
    if kind == "shg_member":
        return make_group(nadaun)[1]
    if kind == "worker":
        return make_worker(nadaun).user
    if kind == "operator":
        return make_user(Role.OPERATOR, sub_division=nadaun)
    return make_user(Role.RESIDENT)


@pytest.mark.parametrize(("kind", "home"), [
    ("shg_member", "/orders/packing"), ("worker", "/workers/me"),
    ("operator", "/workers/assisted"), ("resident", "/"),
])
def test_each_role_lands_on_its_own_home_after_signing_in(client, kind, home):
    from tests.helpers import sign_in

    landed = sign_in(client, _person(kind))
    assert landed.headers["Location"] == home
    assert client.get(home).status_code == 200


@pytest.mark.parametrize(("kind", "next_url", "lands_on"), [
    ("resident", "/panel/", "/"),                       # the panel is for staff
    ("resident", "/panel", "/"),                        # ... also before its slash is added
    ("resident", "/deliveries", "/"),                   # a blueprint's own role check
    ("worker", "/panel/approvals?kind=worker", "/workers/me"),
    ("shg_member", "/workers/assisted", "/orders/packing"),  # a view's own role check
    ("operator", "/workers/assisted", "/workers/assisted"),  # allowed: goes there
    ("resident", "/orders?page=2", "/orders?page=2"),
    ("resident", "/no/such/page", "/no/such/page"),     # no page: left to its 404
])
def test_sign_in_does_not_send_a_role_on_to_a_page_it_may_not_open(client, kind, next_url,
                                                                 lands_on):
    landed = submit(client, "/signin", {"phone": _person(kind).phone, "password": PASSWORD,
                                        "next": next_url})
    assert landed.headers["Location"] == lands_on
    assert client.get(lands_on).status_code != 403


def test_staff_coming_back_from_the_code_page_are_not_sent_to_a_page_they_may_not_open(client,
                                                                                   nadaun):
    staff = make_user(Role.STAFF, sub_division=nadaun)
    submit(client, "/signin", {"phone": staff.phone, "password": PASSWORD,
                               "next": "/drives/today"})
    landed = submit(client, "/signin/verify", {"code": last_code_sent_to(staff.phone)})
    assert landed.headers["Location"] == "/panel/"
