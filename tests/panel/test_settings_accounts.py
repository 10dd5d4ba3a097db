"""Team accounts: admins make staff anywhere, staff make delivery accounts of their own
sub-division; switching an account off ends its sessions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from tests.helpers import PASSWORD, make_user, messages_to, sign_in, submit

NEW_PHONE = "+919816055555"


def new_account(**changes) -> dict:
    return {"phone": "98160 55555", "name": "Suresh Kumar", "role": "delivery",
            "language": "hi", "password": "first-pass-42", **changes}


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def accounts_post(client, data):
    return submit(client, "/panel/settings/accounts", data)


def test_an_admin_makes_staff_for_another_sub_division_who_is_told_and_can_sign_in(
        app, client, nadaun, other_sub_division):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    response = accounts_post(client, new_account(role="staff",
                                                 sub_division=str(other_sub_division.id)))
    assert response.status_code == 303
    staff = get_user_by_phone(NEW_PHONE)
    assert (staff.role, staff.sub_division_id, staff.name) == (
        Role.STAFF, other_sub_division.id, "Suresh Kumar")
    assert [m.kind for m in messages_to(NEW_PHONE)] == ["staff_account_created"]
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "account.created", AuditEvent.subject_id == staff.id))
    assert event.actor_id == admin.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Suresh Kumar" in page
    sign_in(app.test_client(), staff, password="first-pass-42")


def test_an_admin_makes_another_admin_of_no_sub_division(client, nadaun):
    sign_in(client, make_user(Role.ADMIN))
    assert accounts_post(client, new_account(role="admin", sub_division=str(nadaun.id))
                         ).status_code == 303
    admin = get_user_by_phone(NEW_PHONE)
    assert (admin.role, admin.sub_division_id) == (Role.ADMIN, None)


def test_staff_make_a_delivery_account_for_their_own_sub_division_only(client, nadaun,
                                                                       other_sub_division):
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    response = accounts_post(client, new_account(sub_division=str(other_sub_division.id)))
    assert response.status_code == 303
    courier = get_user_by_phone(NEW_PHONE)
    assert (courier.role, courier.sub_division_id) == (Role.DELIVERY, nadaun.id)
    assert [m.kind for m in messages_to(NEW_PHONE)] == ["staff_account_created"]


@pytest.mark.parametrize("role", ["staff", "admin", "operator"])
def test_staff_cannot_make_staff_admins_or_operators(client, nadaun, role):
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    assert accounts_post(client, new_account(role=role)).status_code == 403
    assert get_user_by_phone(NEW_PHONE) is None and not messages_to(NEW_PHONE)


@pytest.mark.parametrize("changes", [{"phone": "12345"}, {"name": ""},
                                     {"password": "short"}, {"role": "resident"},
                                     {"role": "boss"}, {"language": "fr"},
                                     {"sub_division": "999999", "role": "staff"}])
def test_bad_account_input_is_refused_and_nothing_is_written(client, nadaun, changes):
    sign_in(client, make_user(Role.ADMIN))
    data = new_account(**{"sub_division": str(nadaun.id), **changes})
    assert accounts_post(client, data).status_code == 400
    assert get_user_by_phone(NEW_PHONE) is None and not messages_to(NEW_PHONE)


def test_a_number_with_an_account_is_refused(client, nadaun):
    make_user(phone=NEW_PHONE)
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    response = accounts_post(client, new_account())
    assert response.status_code == 409
    assert "has an account already" in response.get_data(as_text=True)
    assert get_user_by_phone(NEW_PHONE).role is Role.RESIDENT


def test_switching_a_delivery_account_off_ends_its_sessions_and_sign_in(app, client, nadaun):
    courier = make_user(Role.DELIVERY, sub_division=nadaun)
    courier_client = app.test_client()
    sign_in(courier_client, courier)
    assert courier_client.get("/account").status_code == 200
    token = courier.session_token
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))

    response = submit(client, f"/panel/settings/accounts/{courier.id}/deactivate",
                      page="/panel/settings/accounts")
    assert response.status_code == 303
    courier = db.session.get(User, courier.id)
    assert not courier.is_active_account and courier.session_token != token
    assert courier_client.get("/account").status_code == 302  # signed out
    refused = submit(app.test_client(), "/signin", {"phone": courier.phone,
                                                    "password": PASSWORD})
    assert refused.status_code != 302
    assert count(AuditEvent, AuditEvent.action == "account.deactivated",
                 AuditEvent.subject_id == courier.id) == 1
    again = submit(client, f"/panel/settings/accounts/{courier.id}/deactivate",
                   page="/panel/settings/accounts")
    assert again.status_code == 409

    assert submit(client, f"/panel/settings/accounts/{courier.id}/reactivate",
                  page="/panel/settings/accounts").status_code == 303
    assert db.session.get(User, courier.id).is_active_account
    sign_in(app.test_client(), courier)


def test_staff_cannot_switch_off_staff_nor_anyone_elsewhere(client, nadaun, other_sub_division):
    colleague = make_user(Role.STAFF, sub_division=nadaun)
    courier_elsewhere = make_user(Role.DELIVERY, sub_division=other_sub_division)
    admin = make_user(Role.ADMIN)
    me = make_user(Role.STAFF, sub_division=nadaun)
    sign_in(client, me)
    for user, status in ((colleague, 403), (admin, 404), (courier_elsewhere, 404),
                         (me, 403)):
        response = submit(client, f"/panel/settings/accounts/{user.id}/deactivate",
                          page="/panel/settings/accounts")
        assert response.status_code == status, user.name
    assert submit(client, "/panel/settings/accounts/999999/deactivate",
                  page="/panel/settings/accounts").status_code == 404
    assert count(User, User.is_active_account.is_(False)) == 0


def test_an_admin_cannot_switch_off_their_own_account(client, nadaun):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    response = submit(client, f"/panel/settings/accounts/{admin.id}/deactivate",
                      page="/panel/settings/accounts")
    assert response.status_code == 400
    assert db.session.get(User, admin.id).is_active_account


def test_staff_see_their_own_sub_divisions_accounts_with_buttons_only_for_delivery(
        client, nadaun, other_sub_division):
    make_user(Role.DELIVERY, sub_division=nadaun, name="Our Courier")
    make_user(Role.STAFF, sub_division=nadaun, name="Our Colleague")
    make_user(Role.DELIVERY, sub_division=other_sub_division, name="Their Courier")
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    html = client.get(f"/panel/settings/accounts?sub_division={other_sub_division.id}"
                      ).get_data(as_text=True)
    assert "Our Courier" in html and "Our Colleague" in html and "Their Courier" not in html
    assert html.count("Switch off") == 1
    assert 'name="role" value="delivery"' in html and "Site admin" not in html


def test_an_admin_picks_the_sub_division_whose_accounts_to_see(client, nadaun,
                                                                other_sub_division):
    make_user(Role.DELIVERY, sub_division=other_sub_division, name="Their Courier")
    sign_in(client, make_user(Role.ADMIN, name="The Admin"))
    html = client.get(f"/panel/settings/accounts?sub_division={other_sub_division.id}"
                      ).get_data(as_text=True)
    assert "Their Courier" in html and "The Admin" in html  # site admins listed too
    assert client.get("/panel/settings/accounts?sub_division=999999").status_code == 404


def test_the_accounts_page_runs_the_same_queries_for_few_or_many(client, nadaun,
                                                                  count_queries):
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    client.get("/panel/settings/accounts")
    with count_queries() as few:
        client.get("/panel/settings/accounts")
    for n in range(30):
        make_user(Role.DELIVERY, sub_division=nadaun, name=f"Courier {n}")
    db.session.flush()
    with count_queries() as many:
        assert "Courier 29" in client.get("/panel/settings/accounts").get_data(as_text=True)
    assert len(few) == len(many)


@pytest.mark.parametrize(("actor", "target", "allowed"), [
    ("admin", "delivery", True), ("admin", "staff", True), ("admin", "operator", True),
    ("admin", "other_admin", True), ("staff", "delivery", True), ("staff", "staff", False),
    ("staff", "operator", False), ("staff", "other_admin", False),
    ("staff_elsewhere", "delivery", False), ("operator", "delivery", False),
    ("delivery", "delivery", False)])
def test_who_may_switch_whose_account(nadaun, other_sub_division, actor, target, allowed):
    from marketplace.accounts.services import may_manage_account

    people = {
        "admin": make_user(Role.ADMIN), "other_admin": make_user(Role.ADMIN),
        "staff": make_user(Role.STAFF, sub_division=nadaun),
        "staff_elsewhere": make_user(Role.STAFF, sub_division=other_sub_division),
        "operator": make_user(Role.OPERATOR, sub_division=nadaun),
        "delivery": make_user(Role.DELIVERY, sub_division=nadaun)}
    if actor == target:  # one's own account: never
        allowed = False
    assert may_manage_account(people[actor], people[target]) is allowed
