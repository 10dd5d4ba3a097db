"""A sub-division's demo workers across all 26 categories, with drawn portraits (about 150 in
Nadaun, fewer in Sonepur): names, phones and languages from its recipe."""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.accounts.queries import get_user_by_phone
from marketplace.accounts.services import create_account, hash_password
from marketplace.demo.nadaun import DEMO_PASSWORD
from marketplace.demo.pictures import portrait
from marketplace.demo.recipe import Recipe
from marketplace.extensions import db
from marketplace.media.services import store_image
from marketplace.places.models import SubDivision, Village
from marketplace.workers.models import (
    Availability,
    RateUnit,
    WorkerCategory,
    WorkerProfile,
    WorkerStatus,
)
from marketplace.workers.services import ProfileInput, register_worker, seed_categories
from marketplace.workers.workflow import transition

VISIT_CATEGORIES = {"plumber", "electrician", "ac-mechanic", "ro-technician",
                    "computer-technician", "mobile-repair", "barber", "beautician"}
COLOURS = [(11, 110, 79), (180, 83, 9), (30, 64, 175), (126, 34, 206), (190, 18, 60),
           (15, 118, 110), (146, 64, 14)]
#: workers who are busy for now are free again this many days after the demo's day
BUSY_FOR_DAYS = 10


def seed_workers(sub_division: SubDivision, recipe: Recipe, today: date) -> int:
    """Add the sub-division's demo workers that are missing, registered on `today`; returns
    how many profiles the sub-division has afterwards."""
    seed_categories()
    rng = random.Random(20261122)  # noqa: S311 - demo data, the same people every time
    categories = db.session.scalars(sa.select(WorkerCategory).order_by(
        WorkerCategory.sort_order)).all()
    villages = db.session.scalars(sa.select(Village).where(
        Village.sub_division_id == sub_division.id).order_by(Village.id)).all()
    shared_hash = hash_password(DEMO_PASSWORD)
    number = 0
    for category in categories:
        for _ in range(recipe.workers_per_category):
            number += 1
            first, first_hi = rng.choice(recipe.first_names)
            last, last_hi = rng.choice(recipe.last_names)
            if first in recipe.women and rng.random() < 0.5:
                last, last_hi = "Devi", "देवी"
            in_hindi = rng.random() < 0.85  # most write their name in Devanagari
            name = f"{first_hi} {last_hi}" if in_hindi else f"{first} {last}"
            phone = f"{recipe.worker_phones}{number:05d}"
            village = rng.choice(villages)
            daily = category.slug not in VISIT_CATEGORIES
            rate = rng.randrange(400, 900, 50) * 100 if daily else rng.randrange(150, 500, 50) * 100
            availability = rng.choices(list(Availability), weights=[7, 2, 1])[0]
            if get_user_by_phone(phone):
                continue
            user = create_account(phone=phone, name=name, password="", password_hash=shared_hash,
                                  role=Role.RESIDENT, language="hi")
            photo = store_image(portrait(phone, woman=first in recipe.women,
                                         cloth=rng.choice(COLOURS)), uploaded_by_id=user.id)
            data = ProfileInput(
                display_name=name, main_category_id=category.id, rate_paise=rate,
                rate_unit=RateUnit.DAY if daily else RateUnit.VISIT,
                home_village_id=village.id, experience_years=rng.randint(1, 25),
                languages=["hi", *recipe.more_languages]
                if rng.random() < recipe.more_languages_share else ["hi"],
                skills="", service_radius_km=rng.choice([None, 5, 10, 15]),
                service_village_ids=[v.id for v in rng.sample(villages, 2)],
                availability=availability,
                available_from=today + timedelta(days=BUSY_FOR_DAYS) if availability is
                Availability.FROM_DATE else None,
                photo_id=photo.id,
            )
            worker = register_worker(user, data, sub_division=sub_division, actor=user,
                                     today=today)
            transition(worker, WorkerStatus.APPROVED, actor=None)
    db.session.flush()
    return db.session.scalar(sa.select(sa.func.count(WorkerProfile.id)).where(
        WorkerProfile.sub_division_id == sub_division.id))
