"""On the camp's day its operators register workers there (the counter's assisted
registration); each is counted to the camp, its block and its partner. Nobody else counts a
registration to it, and not on another day."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from marketplace.core.errors import Conflict, Forbidden
from marketplace.drives import queries, services
from marketplace.drives.progress import drive_progress
from marketplace.extensions import db
from marketplace.workers.models import WorkerProfile, WorkerStatus
from marketplace.workers.workflow import transition as worker_transition
from tests.drives.factories import (
    CAMP_DAY,
    counter_form,
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    profile_input,
    second_village,
    staff_of,
)
from tests.helpers import first_village, last_code_sent_to, sign_in, submit


@pytest.fixture
def setting(client, nadaun):
    """A drive with a partner and a camp today in the second block, its operator signed in."""
    staff = staff_of(nadaun)
    village = second_village(nadaun)
    partner = make_partner(nadaun, staff)
    drive = make_drive(nadaun, staff, partner_targets={partner.id: 10})
    operator = operator_of(nadaun)
    camp = make_camp(drive, staff, [operator], village=village, partner=partner)
    sign_in(client, operator)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return {"staff": staff, "drive": drive, "camp": camp, "operator": operator,
            "village": village, "partner": partner}


def test_three_registrations_at_todays_camp_count_to_it_its_block_and_its_partner(
        client, nadaun, setting):
    camp, village = setting["camp"], setting["village"]
    page = client.get("/drives/today").get_data(as_text=True)
    assert "Bijhar" in page and f"/drives/camps/{camp.id}/register" in page
    for n, phone in enumerate(("98160 70001", "98160 70002", "98160 70003")):
        response = submit(client, f"/drives/camps/{camp.id}/register",
                          counter_form(village.id, phone, name=f"कामगार {n}"))
        assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
        done = submit(client, response.headers["Location"],
                      {"code": last_code_sent_to("+91" + phone.replace(" ", ""))})
        assert done.headers["Location"].endswith("/drives/today")
    profiles = db.session.scalars(sa.select(WorkerProfile)).all()
    assert [p.camp_id for p in profiles] == [camp.id] * 3
    assert {p.status for p in profiles} == {WorkerStatus.PENDING_REVIEW}

    progress = drive_progress(setting["drive"], queries.list_targets(camp.drive_id),
                              queries.count_registrations(camp.drive_id), CAMP_DAY)
    by_name = {row.name_en: row for row in progress.rows}
    assert by_name["Bijhar Block"].done == 3 and by_name["Nadaun Block"].done == 0
    assert by_name["ITI Nadaun"].done == 3
    assert by_name["Bijhar Block"].per_day[4] == 3  # the 5th, the camp's day
    assert progress.by_camp == {camp.id: 3}
    today = client.get("/drives/today").get_data(as_text=True)
    assert "3 registered here" in today
    assert "You have registered 3 workers in this drive." in today


def test_the_code_sent_notice_at_the_camp_shows_the_number_formatted_in_hindi(
        client, nadaun, setting):
    camp, village = setting["camp"], setting["village"]
    with client.session_transaction() as session:
        session["lang"] = "hi"
    page = submit(client, f"/drives/camps/{camp.id}/register",
                  counter_form(village.id, "9816070001"),
                  follow_redirects=True).get_data(as_text=True)
    assert "+91 98160 70001 पर कोड भेज दिया गया है।" in page
    assert "9816070001" not in page


def test_after_the_camp_staff_see_pending_approvals_and_rejections_with_reasons(
        client, app, nadaun, setting):
    camp, operator = setting["camp"], setting["operator"]
    made = [services.register_at_camp(camp, actor=operator, phone=f"+9198160700{n}",
                                      name=f"Worker {n}", language="en",
                                      data=profile_input(setting["village"].id, f"Worker {n}"),
                                      today=CAMP_DAY) for n in range(2)]
    worker_transition(made[0], WorkerStatus.PENDING_REVIEW, actor=operator)
    worker_transition(made[0], WorkerStatus.REJECTED, actor=setting["staff"],
                      reason="Photo is of someone else")
    staff_client = app.test_client()
    staff_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(staff_client, setting["staff"])
    page = staff_client.get(f"/panel/camps/{camp.id}").get_data(as_text=True)
    assert "Photo is of someone else" in page and "Not approved" in page
    assert "Waiting for the worker's consent: <strong>1</strong>" in page
    assert "Not approved: <strong>1</strong>" in page


def test_an_operator_not_assigned_to_the_camp_cannot_count_a_registration_to_it(
        app, nadaun, setting):
    camp = setting["camp"]
    other = operator_of(nadaun, name="Another CSC")
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(client, other)
    response = client.get(f"/drives/camps/{camp.id}/register")
    assert response.status_code == 403
    assert "not assigned to this camp" in response.get_data(as_text=True)
    response = submit(client, f"/drives/camps/{camp.id}/register",
                      counter_form(setting["village"].id, "98160 70009"),
                      page="/drives/today")
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0
    with pytest.raises(Forbidden):
        services.register_at_camp(camp, actor=other, phone="+919816070009", name="X",
                                  language="en", data=profile_input(setting["village"].id),
                                  today=CAMP_DAY)


def test_no_registration_is_counted_to_a_camp_on_another_day_or_once_cancelled(
        client, nadaun, setting):
    camp, operator = setting["camp"], setting["operator"]
    with pytest.raises(Conflict):
        services.register_at_camp(camp, actor=operator, phone="+919816070008", name="X",
                                  language="en", data=profile_input(setting["village"].id),
                                  today=date(2026, 10, 6))
    services.cancel_camp(camp, actor=setting["staff"], reason="Rain")
    response = client.get(f"/drives/camps/{camp.id}/register")
    assert response.status_code == 409
    assert "only on its day" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(WorkerProfile.id))) == 0


def test_another_sub_divisions_camp_does_not_exist_for_an_operator(client, nadaun,
                                                                   other_sub_division):
    staff = staff_of(other_sub_division)
    theirs = make_camp(make_drive(other_sub_division, staff), staff,
                       [operator_of(other_sub_division)], village=first_village(
                           other_sub_division))
    sign_in(client, operator_of(nadaun))
    assert client.get(f"/drives/camps/{theirs.id}/register").status_code == 404
    assert client.get("/drives/camps/99999999/register").status_code == 404
