"""Decisions under contention on PostgreSQL: two staff bulk-approving the same items at once,
a worker reporting a review twice at once. Each request has its own connection and commits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.bookings.services import flag_review
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from marketplace.workers.models import Review, WorkerStatus
from tests.access.approvals import reviewed_booking
from tests.helpers import (
    make_sub_division,
    make_user,
    make_worker,
    run_together,
    signed_in_clients,
)

pytestmark = pytest.mark.postgres


def test_two_staff_bulk_approving_the_same_workers_at_once_approve_each_once(committed_app):
    app = committed_app
    with app.app_context():
        nadaun = make_sub_division()
        workers = [make_worker(nadaun, name=f"Worker {n}", status=WorkerStatus.PENDING_REVIEW)
                   for n in range(8)]
        staff = [make_user(Role.STAFF, sub_division=nadaun, name=f"Staff {n}")
                 for n in range(2)]
        db.session.commit()
        boxes = [f"worker-{worker.id}" for worker in workers]
        phones = {worker.id: worker.user.phone for worker in workers}
        people = [SimpleNamespace(phone=s.phone, needs_second_factor=s.needs_second_factor)
                  for s in staff]
        db.session.remove()
    clients = signed_in_clients(app, people, "/panel/approvals")

    def approve(index: int) -> int:
        client, token = clients[index]
        # Ticked in opposite orders: the locks are still taken in one order (no deadlock).
        items = boxes if index == 0 else boxes[::-1]
        return client.post("/panel/approvals/bulk",
                           data={"items": items, "csrf_token": token}).status_code

    statuses = run_together(2, approve)

    assert sorted(statuses) in ([303, 303], [303, 409]), statuses
    with app.app_context():
        approved = db.session.scalars(sa.select(AuditEvent.subject_id).where(
            AuditEvent.action == "worker.approved")).all()
        assert sorted(approved) == sorted(phones)
        told = db.session.scalars(sa.select(OutboxMessage.to_phone).where(
            OutboxMessage.kind == "worker_approved")).all()
        assert sorted(told) == sorted(phones.values())
        db.session.remove()


def test_a_review_reported_twice_at_once_is_reported_once(committed_app):
    app = committed_app
    with app.app_context():
        booking, review = reviewed_booking(make_sub_division(), flag=False)
        db.session.commit()
        review_id, worker_user_id = review.id, booking.worker.user_id
        db.session.remove()

    def report(index: int) -> str:
        with app.app_context():
            try:
                flag_review(db.session.get(Review, review_id),
                            actor=db.session.get(User, worker_user_id),
                            reason=f"Unfair {index}")
                db.session.commit()
                return "flagged"
            except DomainError as error:
                db.session.rollback()
                return error.code
            finally:
                db.session.remove()

    outcomes = run_together(2, report)

    assert sorted(outcomes) == ["already_flagged", "flagged"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "review.flagged")) == 1
        db.session.remove()
