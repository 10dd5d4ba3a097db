"""The demo holds what the browser journeys rely on whatever the day and hour it is loaded:
seeded for seven consecutive simulated days (every weekday) at hours either side of the
delivery cut-offs, tomorrow always has packed orders to plan runs from, the pick list shows
them, delivery times are open, and nothing dated lies in the future."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.bookings.models import Booking
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.db import INDIA, run_clock_from
from marketplace.delivery.services import offered_choices
from marketplace.demo import nadaun
from marketplace.demo.groups import seed_groups
from marketplace.demo.services import RECIPES, seed_days, seed_places, seed_users
from marketplace.demo.workers import seed_workers
from marketplace.extensions import db
from marketplace.fulfilment.queries import list_pick_groups
from marketplace.fulfilment.services import build_runs
from marketplace.orders.models import Order, OrderStatus
from marketplace.places.models import SubDivision
from marketplace.workers.models import Availability, Review, WorkerCategory, WorkerProfile

MONDAY = date(2026, 11, 30)
#: India times between the demo slots' cut-offs (the evening slot closes at 13:00 the same
#: day, the morning slot at 21:00 the evening before): before both, between, after both
HOURS = [time(6), time(14), time(22)]
SIMULATED = [datetime.combine(MONDAY + timedelta(days=n), hour, tzinfo=INDIA)
             for n in range(7) for hour in HOURS]


@pytest.fixture(params=RECIPES, ids=lambda recipe: recipe.code)
def demo_without_days(request):
    """Everything of one demo sub-division that does not depend on the day (loaded once per
    test), after Nadaun's logins as `seed_demo` makes them (its admin is everyone's)."""
    nadaun_sub_division = seed_places(nadaun.RECIPE)
    seed_users(nadaun_sub_division, nadaun.RECIPE)
    recipe = request.param
    sub_division = seed_places(recipe)
    seed_users(sub_division, recipe)
    seed_workers(sub_division, recipe, today=MONDAY)
    seed_product_categories()
    seed_groups(sub_division, recipe)
    return sub_division, recipe


def test_simulated_days_cover_every_weekday():
    assert {moment.weekday() for moment in SIMULATED} == set(range(7))


def test_the_demo_loaded_on_any_day_and_hour_holds_what_the_journeys_need(demo_without_days):
    sub_division, recipe = demo_without_days
    sub_division_id = sub_division.id
    staff_id = db.session.scalar(sa.select(User.id).where(
        User.role == Role.STAFF, User.sub_division_id == sub_division_id))
    plumbers = db.session.scalar(sa.select(sa.func.count(WorkerProfile.id)).join(
        WorkerCategory, WorkerProfile.main_category_id == WorkerCategory.id).where(
        WorkerProfile.sub_division_id == sub_division_id,
        WorkerCategory.slug == "plumber", WorkerProfile.availability == Availability.AVAILABLE))
    assert plumbers  # the hiring journey books an available plumber
    busy_until = db.session.scalars(sa.select(WorkerProfile.available_from).where(
        WorkerProfile.sub_division_id == sub_division_id,
        WorkerProfile.available_from.is_not(None))).all()
    assert busy_until and min(busy_until) > MONDAY

    for moment in SIMULATED:
        now = moment.astimezone(INDIA)
        run_clock_from(now)  # the services' clock reads the demo's time
        tomorrow = now.date() + timedelta(days=1)
        day = db.session.begin_nested()
        sub_division = db.session.get(SubDivision, sub_division_id)
        staff = db.session.get(User, staff_id)
        seed_days(sub_division, recipe, now)
        where = f"{recipe.code} loaded at {now:%a %Y-%m-%d %H:%M} India time"

        # The panel journey plans tomorrow's runs from the time with most packed orders.
        packed = db.session.execute(
            sa.select(Order.slot_id, sa.func.count(Order.id))
            .where(Order.sub_division_id == sub_division_id, Order.delivery_date == tomorrow,
                   Order.status == OrderStatus.PACKED)
            .group_by(Order.slot_id).order_by(sa.func.count(Order.id).desc())).first()
        assert packed is not None, where
        slot_id, count = packed
        assert count >= 2, where  # one stop delivered, one not
        pick_list = list_pick_groups(sub_division.id, tomorrow, slot_id, "en")
        assert any(part.order.status is OrderStatus.PACKED
                   for entry in pick_list for part in entry.parts), where
        runs = build_runs(sub_division.id, slot_id=slot_id, day=tomorrow, actor=staff)
        assert sum(len(run.stops) for run in runs) == count, where

        # Checkout and rescheduling offer an open delivery time.
        assert any(not choice.is_full for choice in offered_choices(sub_division.id, now)), where
        # Past bookings and reviews are in the past.
        assert db.session.scalar(sa.select(sa.func.max(Booking.completed_at))) < now, where
        assert db.session.scalar(sa.select(sa.func.max(Review.created_at))) < now, where
        day.rollback()
        db.session.expunge_all()  # the next day's rows may reuse these ids
