"""Past bookings of a sub-division's demo workers by its residents, with reviews, so profiles
show real ratings and comments."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import Role, User
from marketplace.bookings.models import Booking, BookingStatus, Slot
from marketplace.demo.recipe import Recipe
from marketplace.extensions import db
from marketplace.places.models import SubDivision
from marketplace.workers.models import Review, WorkerProfile
from marketplace.workers.services import add_ratings

#: what residents wrote, by the stars they gave: mostly Hindi, some English, some nothing
COMMENTS = {
    5: ["समय पर आए, काम साफ़-सुथरा किया।", "बहुत बढ़िया काम, रेट भी ठीक। दोबारा बुलाएँगे।",
        "पूरा काम एक ही दिन में खत्म कर दिया, धन्यवाद भैया।", "Very neat work and came on time.",
        "बहुत ईमानदार और मेहनती हैं, सबको सलाह दूँगी।", ""],
    4: ["काम अच्छा था, बस आधा घंटा देर से पहुँचे।", "अच्छा काम किया, सामान भी खुद लाए।",
        "Good work, fair rate.", "काम ठीक किया, सफ़ाई थोड़ी और कर सकते थे।", ""],
    3: ["काम ठीक-ठाक था, दो बार बुलाना पड़ा।", "रेट थोड़ा ज़्यादा लगा, काम ठीक था।",
        "Work was okay but took longer than promised."],
}
#: what was asked for, by kind of work (others get the general line; the recipe's own, which
#: name its places and seasons, come first)
JOBS = {
    "mason": "आँगन में पक्का फ़र्श और सीढ़ी की मरम्मत", "plumber": "रसोई का नल टपक रहा है, बदलना है",
    "electrician": "दो कमरों में नई वायरिंग और पंखा लगाना",
    "carpenter": "अलमारी के दरवाज़े ठीक करने हैं", "painter": "बाहर की दीवारों पर पेंट",
    "cook": "शादी में 80 लोगों का खाना", "tailor": "दो सूट सिलने हैं",
    "mobile-repair": "फ़ोन की स्क्रीन टूट गई है", "house-cleaning": "दिवाली से पहले पूरे घर की सफ़ाई",
    "gardener": "आँगन के पौधों की छँटाई", "welder": "लोहे का गेट ठीक करना है",
}
PLACES = ["मकान नं. {n}, {place}", "{place}, स्कूल के पास वाला घर", "वार्ड {w}, गाँव {place}"]


def seed_bookings(sub_division: SubDivision, recipe: Recipe, now: datetime) -> int:
    """Completed bookings and reviews for about half the sub-division's workers, 3 to 60 days
    before `now`, by residents of the recipe's phone ranges (only if the sub-division has no
    bookings)."""
    if db.session.scalar(sa.select(sa.func.count(Booking.id)).where(
            Booking.sub_division_id == sub_division.id)):
        return 0
    rng = random.Random(11)  # noqa: S311 - demo data
    jobs = {**JOBS, **recipe.jobs}
    residents = db.session.scalars(sa.select(User).where(
        User.role == Role.RESIDENT,
        sa.or_(*(User.phone.startswith(prefix) for prefix in recipe.phone_prefixes())))
        .order_by(User.id)).all()
    workers = db.session.scalars(sa.select(WorkerProfile).where(
        WorkerProfile.sub_division_id == sub_division.id).order_by(WorkerProfile.id).options(
        selectinload(WorkerProfile.main_category), selectinload(WorkerProfile.home_village))).all()
    created = 0
    for worker in workers:
        if rng.random() < 0.5:
            continue
        job = jobs.get(worker.main_category.slug, "घर पर काम है, आकर देख लीजिए")
        for days_ago in rng.sample(range(3, 60), rng.randint(1, 3)):
            resident = rng.choice(residents)
            when = now - timedelta(days=days_ago)
            n = rng.randint(1, 250)
            address = rng.choice(PLACES).format(n=n, w=n % 9 + 1,
                                                place=worker.home_village.name_hi)
            booking = Booking(
                sub_division_id=worker.sub_division_id, worker_id=worker.id,
                resident_id=resident.id, contact_name=resident.name,
                contact_phone=resident.phone, contact_language=resident.preferred_language,
                village_id=worker.home_village_id, address=address,
                description=job, work_date=when.date(), slot=rng.choice(list(Slot)),
                status=BookingStatus.COMPLETED, created_by_id=resident.id,
                amount_paise=worker.rate_paise, created_at=when - timedelta(days=1),
                accepted_at=when - timedelta(hours=20), completed_at=when)
            db.session.add(booking)
            db.session.flush()
            rating = rng.choice([3, 4, 4, 5, 5, 5])
            db.session.add(Review(booking_id=booking.id, worker_id=worker.id,
                                  author_id=resident.id, rating=rating,
                                  text=rng.choice(COMMENTS[rating]), created_at=when))
            add_ratings(worker.id, rating_sum=rating, count=1)
            created += 1
    db.session.flush()
    return created
