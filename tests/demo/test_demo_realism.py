"""What a district officer sees first looks like Nadaun, and Sonepur like Saran: people, places,
reviews and addresses in Hindi, photos that look like the produce, and deliveries to make today
when the demo is loaded in the morning (none invented when it is loaded late in the evening)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from marketplace.accounts.models import Role, User
from marketplace.bookings.models import Booking
from marketplace.catalogue.models import Product
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.db import INDIA, run_clock_from
from marketplace.core.phone import display_phone
from marketplace.delivery.services import starts_at
from marketplace.demo import nadaun
from marketplace.demo.groups import seed_groups
from marketplace.demo.pictures import DRAWINGS, product_photo
from marketplace.demo.recipe import Recipe
from marketplace.demo.services import RECIPES, seed_days, seed_demo, seed_places, seed_users
from marketplace.demo.workers import seed_workers
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus
from marketplace.media.models import DISPLAY
from marketplace.media.services import storage
from marketplace.orders.models import Order, OrderStatus
from marketplace.places.models import SubDivision
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import Review, WorkerProfile

DEVANAGARI = re.compile("[\u0900-\u097f]")
MONDAY = date(2026, 11, 30)  # both delivery times run on a Monday


def hindi(text: str) -> bool:
    return bool(DEVANAGARI.search(text or ""))


def at(hour: int, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=INDIA)


def colours_of(image_id: int) -> int:
    from marketplace.media.models import StoredImage

    image = db.session.get(StoredImage, image_id)
    with Image.open(storage().path_of(image.file_name(DISPLAY))) as picture:
        return len(picture.convert("RGB").getcolors(1 << 20) or [])


def test_the_demo_reads_in_hindi_and_shows_its_produce(app):
    run_clock_from(at(7))  # the services' clock reads the demo's time (runs: their day only)
    seed_demo(at(7))

    # People who read Hindi write their names in Devanagari; every login has a name.
    for _role, phone, name, language in (user for r in RECIPES for user in r.users):
        user = db.session.scalar(sa.select(User).where(User.phone == phone))
        assert user.name == name and hindi(name) == (language == "hi"), name
    members = db.session.scalars(sa.select(User.name).where(User.role == Role.SHG_MEMBER)).all()
    assert members and all(hindi(name) for name in members)
    workers = db.session.scalars(sa.select(WorkerProfile.display_name)).all()
    assert sum(hindi(name) for name in workers) >= 0.75 * len(workers)
    assert len(set(workers)) >= 60  # not the same few people over and over
    # "Devi" is a woman's name: no man of the demo is called by it
    women = {name for recipe in RECIPES for english, hindi_name in recipe.first_names
             if english in recipe.women for name in (english, hindi_name)}
    devis = [name for name in workers if name.split()[-1] in ("Devi", "देवी")]
    assert devis and all(name.split()[0] in women for name in devis), devis

    # Groups and products have real Hindi names, not the English ones copied.
    for group in db.session.scalars(sa.select(SelfHelpGroup)):
        assert hindi(group.name_hi) and group.name_hi != group.name_en
        assert group.story
    products = db.session.scalars(sa.select(Product)).all()
    assert all(hindi(p.name_hi) and not hindi(p.name_en) for p in products)

    # Addresses, bookings and reviews as residents write them: mostly Hindi.
    orders = db.session.scalars(sa.select(Order)).all()
    assert all(hindi(o.address) for o in orders if o.language == "hi")
    assert all(not hindi(o.address) for o in orders if o.language == "en")
    bookings = db.session.scalars(sa.select(Booking)).all()
    assert bookings and all(hindi(b.address) and hindi(b.description) for b in bookings)
    assert not any("Demo" in b.address + b.description for b in bookings)
    reviews = [r.text for r in db.session.scalars(sa.select(Review)) if r.text]
    assert sum(hindi(text) for text in reviews) > 0.6 * len(reviews)
    assert any(not hindi(text) for text in reviews)  # a few in English
    assert len(set(reviews)) >= 10

    # Each kind of product has its own photo, and it is a picture (shading, grain), not a
    # word on a flat colour: thousands of colours.
    photo_of = {}
    for product in products:
        assert product.photos
        photo_of.setdefault(product.name_en, set()).add(product.photos[0].image_id)
    assert all(len(ids) == 1 for ids in photo_of.values())  # one photo per kind, shared
    assert len({next(iter(ids)) for ids in photo_of.values()}) == len(photo_of)
    for ids in photo_of.values():
        assert colours_of(next(iter(ids))) > 3000


def test_every_product_of_the_demo_has_a_drawing_and_it_is_the_same_each_time():
    for recipe in RECIPES:
        names = {name for items in recipe.products.values() for name, *_ in items[:2]}
        names |= {name for name, *_ in recipe.waiting_products}
        assert names <= set(DRAWINGS), recipe.code
    assert product_photo("Tomatoes") == product_photo("Tomatoes")
    assert product_photo("Tomatoes") != product_photo("Lemons")


@pytest.fixture(params=RECIPES, ids=lambda recipe: recipe.code)
def demo_without_days(request) -> tuple[SubDivision, Recipe]:
    """One demo sub-division without what depends on the day (Nadaun is made first, as
    `seed_demo` does: its admin owns the delivery settings)."""
    nadaun_sub_division = seed_places(nadaun.RECIPE)
    seed_users(nadaun_sub_division, nadaun.RECIPE)
    recipe = request.param
    sub_division = seed_places(recipe)
    seed_users(sub_division, recipe)
    seed_workers(sub_division, recipe, today=MONDAY)
    seed_product_categories()
    seed_groups(sub_division, recipe)
    return sub_division, recipe


#: India time the demo is loaded → the delivery times (start) that still have a run today
TODAY = [(6, ["09:00", "16:00"]), (10, ["16:00"]), (15, ["16:00"]), (22, [])]


def test_a_demo_loaded_in_the_morning_has_runs_to_make_today_and_late_at_night_none(
        demo_without_days):
    sub_division, recipe = demo_without_days
    sub_division_id = sub_division.id
    courier_id = db.session.scalar(sa.select(User.id).where(
        User.role == Role.DELIVERY, User.sub_division_id == sub_division_id))
    for hour, expected in TODAY:
        now = at(hour)
        run_clock_from(now)
        day = db.session.begin_nested()
        seed_days(db.session.get(SubDivision, sub_division_id), recipe, now)
        runs = db.session.scalars(sa.select(DeliveryRun).where(
            DeliveryRun.sub_division_id == sub_division_id,
            DeliveryRun.delivery_date == MONDAY)).all()
        where = f"loaded at {hour}:00"
        assert sorted(f"{run.slot.starts_at:%H:%M}" for run in runs) == expected, where
        for run in runs:
            assert run.status is RunStatus.PLANNED and run.courier_id == courier_id, where
            assert starts_at(run.slot, MONDAY) > now, where  # still to come
            assert len(run.stops) >= 2, where
            assert all(stop.order.status is OrderStatus.PACKED for stop in run.stops), where
        # Nothing else is due today: every order of today is on one of these runs.
        todays = db.session.scalars(sa.select(Order).where(
            Order.sub_division_id == sub_division_id, Order.delivery_date == MONDAY)).all()
        assert len(todays) == sum(len(run.stops) for run in runs), where
        # Tomorrow still has packed orders for the office to make runs from.
        assert db.session.scalar(sa.select(sa.func.count(Order.id)).where(
            Order.sub_division_id == sub_division_id,
            Order.delivery_date == MONDAY + timedelta(days=1),
            Order.status == OrderStatus.PACKED)) >= 2, where
        day.rollback()
        db.session.expunge_all()


def test_seed_demo_prints_every_login_and_todays_runs(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for _role, phone, name, _language in nadaun.USERS:
        assert f"{phone}  {name}" in result.output
    assert "courier    +919816000004" in result.output
    for recipe in RECIPES:
        first_member = db.session.scalar(sa.select(sa.func.min(User.phone)).where(
            User.role == Role.SHG_MEMBER, User.phone.startswith(recipe.member_phones)))
        assert f"shg_member {first_member} …" in result.output
    assert "worker     +919418000001 … +919418000156" in result.output
    assert "Today: " in result.output


def test_the_readme_lists_every_demo_login_and_where_it_belongs(app):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    logins = readme[readme.index("Demo logins"):readme.index("Other commands")]
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    for recipe in RECIPES:
        # Each sub-division's logins are in its own table, under its name.
        table = logins[logins.index(f"{recipe.name_en} ({recipe.code})"):]
        table = table[:table.index("\n\n", table.index("| who"))]
        for role, phone, name, _language in recipe.users:
            if role == "admin":  # one for every sub-division, in a table of its own
                assert f"| admin (every sub-division) | `{display_phone(phone)}` | {name} |" in (
                    logins), phone
                continue
            assert display_phone(phone)[:-5] in table and phone[-5:] in table, phone
            assert name in table, name
        last_member = db.session.scalar(sa.select(sa.func.max(User.phone)).where(
            User.role == Role.SHG_MEMBER, User.phone.startswith(recipe.member_phones)))
        first_member = display_phone(f"{recipe.member_phones}00001")
        assert f"{first_member}` – `{last_member[-5:]}`" in table, result.output
        for kind in ("SHG members", "workers", "courier", "demo buyers", "staff"):
            assert kind in table


def test_the_registrations_of_the_demos_held_camp_name_the_operator_who_made_them(app):
    """The drive's page ranks operators by registrations: the demo's held camp counted 14
    workers registered by nobody, a nameless first row (and " (14)" on the review sheet)."""
    from marketplace.drives.models import Camp, CampStatus
    from marketplace.drives.queries import count_registrations

    run_clock_from(at(7))
    seed_demo(at(7))
    held = db.session.scalars(sa.select(Camp).where(Camp.status == CampStatus.HELD)).all()
    assert len(held) == len(RECIPES)
    for camp in held:
        counts = count_registrations(camp.drive_id)
        assert counts and all(count.operator for count in counts)
        assert {count.operator_id for count in counts} <= {o.id for o in camp.operators}
