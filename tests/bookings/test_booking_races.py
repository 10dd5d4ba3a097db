"""Twenty residents booking the same worker and slot at once get exactly one booking."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from marketplace.bookings.models import Booking, Slot
from marketplace.bookings.services import BookingRequest, request_booking
from marketplace.core.db import today_in_india
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from marketplace.workers.models import WorkerProfile
from tests.helpers import first_village, make_sub_division, make_user, make_worker, run_together


def test_twenty_residents_racing_for_one_slot_get_one_booking(committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        worker = make_worker(nadaun)
        residents = [make_user() for _ in range(20)]
        db.session.commit()
        worker_id, village_id = worker.id, first_village(nadaun).id
        resident_ids = [r.id for r in residents]
        db.session.remove()
    when = today_in_india() + timedelta(days=3)

    def attempt(index: int) -> str:
        with committed_app.app_context():
            try:
                from marketplace.accounts.models import User

                resident = db.session.get(User, resident_ids[index])
                request_booking(
                    db.session.get(WorkerProfile, worker_id),
                    BookingRequest(work_date=when, slot=Slot.MORNING, village_id=village_id,
                                   address="House 1", description="Fix the tap"),
                    actor=resident, today=today_in_india())
                db.session.commit()
                return "booked"
            except Conflict as error:
                db.session.rollback()
                return error.code
            finally:
                db.session.remove()

    results = run_together(20, attempt)
    assert results.count("booked") == 1
    assert results.count("slot_taken") == 19
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1
