"""Past bookings with reviews for the demo, so profiles show real ratings and comments."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.bookings.models import Booking, BookingStatus, Slot
from marketplace.extensions import db
from marketplace.workers.models import Review, WorkerProfile
from marketplace.workers.services import add_ratings

COMMENTS = [
    "समय पर आए, काम साफ़-सुथरा किया।", "Good work, fair rate.", "बहुत अच्छा काम।",
    "Came on time and explained everything.", "काम ठीक था, थोड़ी देर से आए।", "",
]


def seed_bookings(now: datetime) -> int:
    """Completed bookings and reviews for about half the workers, 3 to 60 days before `now`
    (only if there are none)."""
    if db.session.scalar(sa.select(sa.func.count(Booking.id))):
        return 0
    rng = random.Random(11)  # noqa: S311 - demo data
    residents = db.session.scalars(sa.select(User).where(User.role == Role.RESIDENT)
                                   .order_by(User.id)).all()
    workers = db.session.scalars(sa.select(WorkerProfile).order_by(WorkerProfile.id)).all()
    created = 0
    for worker in workers:
        if rng.random() < 0.5:
            continue
        for days_ago in rng.sample(range(3, 60), rng.randint(1, 3)):
            resident = rng.choice(residents)
            when = now - timedelta(days=days_ago)
            booking = Booking(
                sub_division_id=worker.sub_division_id, worker_id=worker.id,
                resident_id=resident.id, contact_name=resident.name,
                contact_phone=resident.phone, contact_language=resident.preferred_language,
                village_id=worker.home_village_id, address="Demo address",
                description="Demo booking", work_date=when.date(), slot=rng.choice(list(Slot)),
                status=BookingStatus.COMPLETED, created_by_id=resident.id,
                amount_paise=worker.rate_paise, created_at=when - timedelta(days=1),
                accepted_at=when - timedelta(hours=20), completed_at=when)
            db.session.add(booking)
            db.session.flush()
            rating = rng.choice([3, 4, 4, 5, 5, 5])
            db.session.add(Review(booking_id=booking.id, worker_id=worker.id,
                                  author_id=resident.id, rating=rating,
                                  text=rng.choice(COMMENTS), created_at=when))
            add_ratings(worker.id, rating_sum=rating, count=1)
            created += 1
    db.session.flush()
    return created
