"""Staff approve or reject profiles and edits with a reason; the worker is told; all recorded."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict, Forbidden
from marketplace.extensions import db
from marketplace.workers import services
from marketplace.workers.models import WorkerStatus
from marketplace.workers.workflow import TRANSITIONS, transition
from tests.helpers import make_user, make_worker, messages_to, sign_in, submit

TODAY = date(2026, 11, 22)


@pytest.fixture
def staff(nadaun):
    return make_user(Role.STAFF, sub_division=nadaun)


def test_staff_approve_a_new_profile_and_the_worker_is_told(app, client, nadaun, staff):
    worker = make_worker(nadaun, name="Sohan Lal", status=WorkerStatus.PENDING_REVIEW)
    sign_in(client, staff)
    queue = client.get("/panel/approvals?kind=worker").get_data(as_text=True)
    assert "Sohan Lal" in queue
    response = submit(client, f"/panel/approvals/worker/{worker.id}", {"decision": "approve"})
    assert response.status_code == 303
    db.session.refresh(worker)
    assert worker.status is WorkerStatus.APPROVED and worker.is_verified
    assert messages_to(worker.user.phone)[-1].kind == "worker_approved"
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "worker.approved")).one()
    assert (event.actor_id, event.subject_id) == (staff.id, worker.id)
    assert "Sohan Lal" in app.test_client().get("/ndn/workers").get_data(as_text=True)


def test_rejecting_needs_a_reason_which_is_sent_to_the_worker(client, nadaun, staff):
    worker = make_worker(nadaun, status=WorkerStatus.PENDING_REVIEW)
    sign_in(client, staff)
    response = submit(client, f"/panel/approvals/worker/{worker.id}",
                      {"decision": "reject", "reason": ""})
    assert response.status_code == 400 and "Write the reason" in response.get_data(as_text=True)
    db.session.refresh(worker)
    assert worker.status is WorkerStatus.PENDING_REVIEW
    submit(client, f"/panel/approvals/worker/{worker.id}", {"decision": "reject",
                                                   "reason": "Photo is not clear"})
    db.session.refresh(worker)
    assert worker.status is WorkerStatus.REJECTED and worker.review_note == "Photo is not clear"
    assert "Photo is not clear" in messages_to(worker.user.phone)[-1].body


def test_staff_of_another_sub_division_cannot_see_or_decide(client, nadaun, other_sub_division):
    worker = make_worker(nadaun, name="Sohan Lal", status=WorkerStatus.PENDING_REVIEW)
    sign_in(client, make_user(Role.STAFF, sub_division=other_sub_division))
    assert "Sohan Lal" not in client.get("/panel/approvals?kind=worker").get_data(as_text=True)
    assert client.get(f"/panel/approvals/worker/{worker.id}").status_code == 404
    response = submit(client, f"/panel/approvals/worker/{worker.id}", {"decision": "approve"},
                      page="/")
    assert response.status_code == 404
    db.session.refresh(worker)
    assert worker.status is WorkerStatus.PENDING_REVIEW


def test_a_worker_can_never_approve_their_own_profile(nadaun, staff):
    worker = make_worker(nadaun, status=WorkerStatus.PENDING_REVIEW)
    with pytest.raises(Forbidden):
        services.approve_worker(worker, actor=worker.user)
    worker.user_id = staff.id  # a staff member's own profile
    with pytest.raises(Forbidden):
        services.approve_worker(worker, actor=staff)


def test_a_material_edit_waits_while_the_listed_profile_stays(client, nadaun, staff):
    worker = make_worker(nadaun, name="Sohan Lal", skills="Taps")
    data = services.ProfileInput(
        display_name="Sohan Lal Sharma", main_category_id=worker.main_category_id,
        rate_paise=70000, rate_unit=worker.rate_unit, home_village_id=worker.home_village_id,
        skills="Taps and geysers")
    assert services.update_worker(worker, data, actor=worker.user, today=TODAY) is True
    assert (worker.display_name, worker.skills) == ("Sohan Lal", "Taps")  # still the old
    assert worker.rate_paise == 70000  # everyday fields change at once
    assert worker.status is WorkerStatus.APPROVED
    db.session.flush()

    sign_in(client, staff)
    response = client.get(f"/panel/approvals/worker/{worker.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[-3000:]
    assert "Sohan Lal Sharma" in page and "Taps and geysers" in page
    submit(client, f"/panel/approvals/worker/{worker.id}", {"decision": "approve"})
    db.session.refresh(worker)
    assert (worker.display_name, worker.skills) == ("Sohan Lal Sharma", "Taps and geysers")
    assert worker.pending_changes is None


def test_rejecting_an_edit_keeps_the_listed_profile(nadaun, staff):
    worker = make_worker(nadaun, name="Sohan Lal")
    data = services.ProfileInput(
        display_name="BEST PLUMBER CALL NOW", main_category_id=worker.main_category_id,
        rate_paise=worker.rate_paise, rate_unit=worker.rate_unit,
        home_village_id=worker.home_village_id)
    services.update_worker(worker, data, actor=worker.user, today=TODAY)
    services.reject_worker(worker, actor=staff, reason="Use your own name")
    assert worker.display_name == "Sohan Lal" and worker.status is WorkerStatus.APPROVED
    assert worker.pending_changes is None
    with pytest.raises(Conflict):
        services.approve_worker(worker, actor=staff)


ALL = list(WorkerStatus)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(nadaun, staff, start, end):
    worker = make_worker(nadaun, status=start if start is not WorkerStatus.PENDING_REVIEW
                         else None)
    worker.status = start
    if end in TRANSITIONS[start]:
        transition(worker, end, actor=staff)
        assert worker.status is end
    else:
        with pytest.raises(Conflict):
            transition(worker, end, actor=staff)
        assert worker.status is start
