"""A worker reports an unfair review once; staff hide it or keep it, with a reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.bookings import services
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.extensions import db
from tests.access.approvals import reviewed_booking
from tests.helpers import make_user, messages_to, sign_in, submit


@pytest.fixture
def reviewed(nadaun):
    """A completed booking with a 1-star review its worker has not reported yet."""
    return reviewed_booking(nadaun, text="He never came on time", flag=False)


def client_of(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def actions(review) -> list[tuple[str, str | None]]:
    return [tuple(row) for row in db.session.execute(
        sa.select(AuditEvent.action, AuditEvent.reason)
        .where(AuditEvent.subject_type == "review", AuditEvent.subject_id == review.id)
        .order_by(AuditEvent.id))]


def flag(client, booking, reason="He did come, the resident paid late"):
    return submit(client, f"/bookings/{booking.id}/review/flag", {"flag_reason": reason},
                  page=f"/bookings/{booking.id}")


def test_the_worker_reports_a_review_from_the_booking_page(app, reviewed):
    booking, review = reviewed
    worker_client = client_of(app, booking.worker.user)
    assert "Report this review" in worker_client.get(
        f"/bookings/{booking.id}").get_data(as_text=True)
    response = flag(worker_client, booking)
    assert response.status_code == 303
    db.session.refresh(review)
    assert review.flagged_at is not None and review.flagged_by_id == booking.worker.user_id
    assert review.flag_reason == "He did come, the resident paid late"
    assert actions(review) == [("review.flagged", "He did come, the resident paid late")]
    html = worker_client.get(f"/bookings/{booking.id}").get_data(as_text=True)
    assert "You reported this review" in html and "Report this review" not in html


def test_a_review_is_reported_once(app, reviewed):
    booking, review = reviewed
    worker_client = client_of(app, booking.worker.user)
    flag(worker_client, booking)
    response = flag(worker_client, booking, "Again")
    assert response.status_code == 409
    assert "already been reported" in response.get_data(as_text=True)
    assert [a for a, _reason in actions(review)] == ["review.flagged"]


def test_a_report_needs_a_short_reason(app, reviewed):
    booking, review = reviewed
    worker_client = client_of(app, booking.worker.user)
    assert flag(worker_client, booking, "  ").status_code == 400
    response = flag(worker_client, booking, "x" * 301)
    assert response.status_code == 400
    assert "at most 300" in response.get_data(as_text=True)
    db.session.refresh(review)
    assert review.flagged_at is None and actions(review) == []


def test_only_the_worker_the_review_is_about_may_report_it(app, nadaun, reviewed):
    booking, review = reviewed
    author = db.session.get(type(booking.worker.user), booking.resident_id)
    assert flag(client_of(app, author), booking).status_code == 403
    assert flag(client_of(app, make_user(name="Stranger")), booking).status_code == 404
    staff = make_user(Role.STAFF, sub_division=nadaun)
    assert flag(client_of(app, staff), booking).status_code == 403
    with pytest.raises(Forbidden):
        services.flag_review(review, actor=author, reason="Unfair")
    db.session.refresh(review)
    assert review.flagged_at is None


def test_a_hidden_review_cannot_be_reported(nadaun, reviewed):
    booking, review = reviewed
    services.hide_review(review, actor=make_user(Role.ADMIN), reason="Abusive")
    with pytest.raises(Conflict):
        services.flag_review(review, actor=booking.worker.user, reason="Unfair")


def test_staff_hide_a_reported_review_and_it_leaves_the_queue(app, nadaun, reviewed):
    booking, review = reviewed
    services.flag_review(review, actor=booking.worker.user, reason="Lies")
    staff_client = client_of(app, make_user(Role.STAFF, sub_division=nadaun))
    assert "Reviewed Worker" in staff_client.get(
        "/panel/approvals?kind=review").get_data(as_text=True)
    page = f"/panel/approvals/review/{review.id}"
    html = staff_client.get(page).get_data(as_text=True)
    assert "He never came on time" in html and "Lies" in html
    response = submit(staff_client, page, {"decision": "hide", "reason": "Not about the work"})
    assert response.status_code == 303
    db.session.refresh(review)
    db.session.refresh(booking.worker)
    assert review.is_hidden and booking.worker.rating_count == 0
    assert actions(review)[-1] == ("review.hidden", "Not about the work")
    assert messages_to(booking.worker.user.phone)[-1].kind == "review_report_hidden"
    assert "Reviewed Worker" not in staff_client.get(
        "/panel/approvals?kind=review").get_data(as_text=True)


def test_staff_keep_a_reported_review_with_a_reason_and_it_cannot_be_reported_again(
        app, nadaun, reviewed):
    booking, review = reviewed
    services.flag_review(review, actor=booking.worker.user, reason="Lies")
    staff_client = client_of(app, make_user(Role.STAFF, sub_division=nadaun))
    page = f"/panel/approvals/review/{review.id}"
    response = submit(staff_client, page, {"decision": "clear", "reason": ""})
    assert response.status_code == 400
    assert "Write the reason." in response.get_data(as_text=True)
    response = submit(staff_client, page, {"decision": "clear",
                                           "reason": "The resident's account is fair"})
    assert response.status_code == 303
    db.session.refresh(review)
    assert review.flagged_at is None and not review.is_hidden
    assert review.flagged_by_id == booking.worker.user_id
    assert actions(review)[-1] == ("review.flag_cleared", "The resident's account is fair")
    told = messages_to(booking.worker.user.phone)[-1]
    assert told.kind == "review_report_kept" and "The resident's account is fair" in told.body
    assert "Nothing waits" in staff_client.get(page).get_data(as_text=True)
    worker_client = client_of(app, booking.worker.user)
    assert "decided it stays" in worker_client.get(
        f"/bookings/{booking.id}").get_data(as_text=True)
    assert flag(worker_client, booking).status_code == 409
    assert submit(staff_client, page, {"decision": "clear", "reason": "again"}).status_code == 409


def test_clearing_a_flag_checks_the_staff_members_sub_division(nadaun, other_sub_division,
                                                               reviewed):
    booking, review = reviewed
    services.flag_review(review, actor=booking.worker.user, reason="Lies")
    with pytest.raises(Forbidden):
        services.clear_review_flag(
            review, actor=make_user(Role.STAFF, sub_division=other_sub_division), reason="x")
    with pytest.raises(InvalidInput):
        services.clear_review_flag(review, actor=make_user(Role.ADMIN), reason=" ")
    db.session.refresh(review)
    assert review.flagged_at is not None
