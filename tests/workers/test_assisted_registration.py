"""A CSC operator registers a worker; the profile waits for the worker's own consent."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.workers import assisted
from marketplace.workers.models import WorkerCategory, WorkerProfile, WorkerStatus
from marketplace.workers.services import ProfileInput, seed_categories
from tests.helpers import (
    first_village,
    last_code_sent_to,
    make_user,
    make_worker,
    messages_to,
    sign_in,
    submit,
)

WORKER_PHONE = "+919816077777"


def counter_form(village_id: int, **changes) -> dict:
    mason = db.session.scalar(sa.select(WorkerCategory.id).where(WorkerCategory.slug == "mason"))
    data = {"phone": "98160 77777", "language": "hi", "display_name": "बलदेव सिंह",
            "main_category": mason, "experience_years": "12", "languages": ["hi"],
            "rate": "700", "rate_unit": "day", "home_village": village_id,
            "availability": "available", "eshram_uan": ""}
    data.update(changes)
    return data


@pytest.fixture
def operator(client, nadaun):
    seed_categories()
    user = make_user(Role.OPERATOR, sub_division=nadaun, name="CSC Jalari")
    sign_in(client, user)
    return user


def test_the_operator_registers_and_the_worker_consents_with_the_code(client, nadaun, operator):
    response = submit(client, "/workers/assisted", counter_form(first_village(nadaun).id))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    profile = db.session.scalars(sa.select(WorkerProfile)).one()
    assert profile.status is WorkerStatus.PENDING_CONSENT and profile.consent_at is None
    assert profile.registered_by_id == operator.id
    message = messages_to(WORKER_PHONE)[-1]
    assert message.kind == "worker_consent_code" and message.language == "hi"
    assert "CSC Jalari" in message.body

    confirm = response.headers["Location"]
    assert submit(client, confirm, {"code": "000000" if "000000" not in message.body
                                    else "111111"}).status_code == 400
    response = submit(client, confirm, {"code": last_code_sent_to(WORKER_PHONE)})
    assert response.status_code == 302
    db.session.refresh(profile)
    assert profile.status is WorkerStatus.PENDING_REVIEW
    assert profile.consent_at and profile.consent_notice
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "worker.consented")).one()
    assert event.actor_id == operator.id and event.data["how"] == "code"


def test_a_profile_without_consent_is_not_in_the_review_queue(app, client, nadaun, operator):
    submit(client, "/workers/assisted", counter_form(first_village(nadaun).id))
    staff = app.test_client()
    sign_in(staff, make_user(Role.STAFF, sub_division=nadaun))
    assert "बलदेव सिंह" not in staff.get("/panel/approvals?kind=worker").get_data(as_text=True)


def test_a_number_that_already_has_a_profile_is_refused(client, nadaun, operator):
    make_worker(nadaun, phone=WORKER_PHONE)
    response = submit(client, "/workers/assisted", counter_form(first_village(nadaun).id))
    assert response.status_code == 400
    assert "already has a worker profile" in response.get_data(as_text=True)


def test_an_operator_cannot_use_another_sub_divisions_village_or_profile(
        app, client, nadaun, other_sub_division, operator):
    response = submit(client, "/workers/assisted",
                      counter_form(first_village(other_sub_division).id))
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0

    submit(client, "/workers/assisted", counter_form(first_village(nadaun).id))
    profile = db.session.scalars(sa.select(WorkerProfile)).one()
    elsewhere = app.test_client()
    sign_in(elsewhere, make_user(Role.OPERATOR, sub_division=other_sub_division))
    assert elsewhere.get(f"/workers/assisted/{profile.id}/confirm").status_code == 404


def test_residents_cannot_register_others(app, nadaun):
    seed_categories()
    resident = app.test_client()
    sign_in(resident, make_user())
    assert resident.get("/workers/assisted").status_code == 403


def test_an_imported_worker_agrees_through_the_link_in_the_message(app, nadaun):
    seed_categories()
    staff = make_user(Role.STAFF, sub_division=nadaun)
    mason = db.session.scalar(sa.select(WorkerCategory.id).where(WorkerCategory.slug == "mason"))
    profile = assisted.register_for_worker(
        actor=staff, sub_division=nadaun, phone=WORKER_PHONE, name="Baldev Singh",
        language="en", consent_by_link=True, today=today_in_india(),
        data=ProfileInput(display_name="Baldev Singh", main_category_id=mason,
                          rate_paise=70000, rate_unit="day",
                          home_village_id=first_village(nadaun).id))
    db.session.flush()
    link = re.search(r"(/workers/consent/\S+)", messages_to(WORKER_PHONE)[-1].body).group(1)
    worker = app.test_client()
    page = worker.get(link)
    assert page.status_code == 200 and "Baldev Singh" in page.get_data(as_text=True)
    assert submit(worker, link, {}).status_code == 400  # the box must be ticked
    assert submit(worker, link, {"consent": "y"}).status_code == 302
    db.session.refresh(profile)
    assert profile.status is WorkerStatus.PENDING_REVIEW and profile.consent_notice
    assert worker.get("/workers/consent/forged").status_code == 404


def test_another_operator_of_the_sub_division_cannot_see_or_confirm_the_registration(
        app, client, nadaun, operator):
    response = submit(client, "/workers/assisted", counter_form(first_village(nadaun).id))
    confirm = response.headers["Location"]
    colleague = app.test_client()
    sign_in(colleague, make_user(Role.OPERATOR, sub_division=nadaun, name="CSC Tauni Devi"))
    page = colleague.get(confirm)
    assert page.status_code == 404
    assert "77777" not in page.get_data(as_text=True)
    for _try in range(5):  # as many tries as a code allows
        assert submit(colleague, confirm, {"code": "000000"}, page="/").status_code == 404
    # The worker's code still works for the operator who registered them.
    assert submit(client, confirm, {"code": last_code_sent_to(WORKER_PHONE)}).status_code == 302
    profile = db.session.scalars(sa.select(WorkerProfile)).one()
    assert profile.status is WorkerStatus.PENDING_REVIEW


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_of_the_sub_division_and_admins_may_confirm_an_operators_registration(
        app, client, nadaun, operator, role):
    response = submit(client, "/workers/assisted", counter_form(first_village(nadaun).id))
    office = app.test_client()
    sign_in(office, make_user(role, sub_division=nadaun if role is Role.STAFF else None))
    assert office.get(response.headers["Location"]).status_code == 200


def test_an_empty_phone_at_the_counter_asks_for_the_workers_number_in_hindi(
        client, nadaun, operator):
    with client.session_transaction() as session:
        session["lang"] = "hi"
    response = submit(client, "/workers/assisted",
                      counter_form(first_village(nadaun).id, phone=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "कामगार का मोबाइल नंबर लिखें।" in page
    assert "अपना मोबाइल नंबर लिखें।" not in page


def test_an_empty_phone_at_the_counter_asks_for_the_workers_number(client, nadaun, operator):
    page = submit(client, "/workers/assisted",
                  counter_form(first_village(nadaun).id, phone="")).get_data(as_text=True)
    assert "Enter the worker's mobile number." in page
    assert "Enter your mobile number." not in page


@pytest.mark.parametrize("typed", ["9816077777", "+91 98160 77777", "098160-77777"])
def test_the_code_sent_notice_shows_the_workers_number_formatted_in_hindi(
        client, nadaun, operator, typed):
    with client.session_transaction() as session:
        session["lang"] = "hi"
    response = submit(client, "/workers/assisted",
                      counter_form(first_village(nadaun).id, phone=typed),
                      follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "+91 98160 77777 पर कोड भेज दिया गया है।" in page
    if typed != "+91 98160 77777":
        assert typed not in page


def test_the_consent_page_of_a_worker_of_another_sub_division_leads_to_theirs(app, nadaun):
    """The link in the message opens a page that names no sub-division; its menu led to the
    oldest (Nadaun) for a worker registered in Barsar."""
    from tests.helpers import make_sub_division

    seed_categories()
    barsar = make_sub_division("BRS", "Barsar")
    mason = db.session.scalar(sa.select(WorkerCategory.id).where(WorkerCategory.slug == "mason"))
    profile = assisted.register_for_worker(
        actor=make_user(Role.STAFF, sub_division=barsar), sub_division=barsar,
        phone=WORKER_PHONE, name="Baldev Singh", language="en", consent_by_link=True,
        today=today_in_india(), data=ProfileInput(
            display_name="Baldev Singh", main_category_id=mason, rate_paise=70000,
            rate_unit="day", home_village_id=first_village(barsar).id))
    db.session.flush()
    html = app.test_client().get(assisted.consent_url(profile.id).split("5000")[-1]).get_data(
        as_text=True)
    assert "Baldev Singh" in html
    assert set(re.findall(r'href="/([a-z]{3})/', html)) == {"brs"}
