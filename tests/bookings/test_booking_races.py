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
from tests.helpers import (
    early_today,
    first_village,
    make_sub_division,
    make_user,
    make_worker,
    run_together,
)


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


def test_two_staff_hiding_one_review_at_once_take_it_out_of_the_average_once(committed_app):
    from marketplace.accounts.models import Role, User
    from marketplace.bookings import services
    from marketplace.workers.models import Review

    with committed_app.app_context():
        nadaun = make_sub_division()
        worker, resident = make_worker(nadaun), make_user()
        booking = request_booking(worker, BookingRequest(
            work_date=early_today(), slot=Slot.MORNING,
            village_id=first_village(nadaun).id, address="House 1", description="Tap"),
            actor=resident, today=today_in_india())
        services.answer_booking(booking, accept=True, actor=worker.user)
        services.complete_work(booking, actor=worker.user, amount_paise=30000)
        review = services.review_booking(booking, author=resident, rating=1, text="Rude")
        staff_ids = [make_user(Role.STAFF, sub_division=nadaun).id for _ in range(2)]
        db.session.commit()
        review_id, worker_id = review.id, worker.id
        db.session.remove()

    def hide(index: int) -> str:
        with committed_app.app_context():
            try:
                services.hide_review(db.session.get(Review, review_id),
                                     actor=db.session.get(User, staff_ids[index]),
                                     reason="Abusive words")
                db.session.commit()
                return "hidden"
            except Conflict:
                db.session.rollback()
                return "refused"
            finally:
                db.session.remove()

    assert sorted(run_together(2, hide)) == ["hidden", "refused"]
    with committed_app.app_context():
        worker = db.session.get(WorkerProfile, worker_id)
        assert (worker.rating_count, worker.rating_total) == (0, 0)
