"""The benchmarks' bulk data still fits the schema and the demo it is added to (`make
bench`, `make bench-reports` and `make bench-drives` write with COPY, past the models, so a
new NOT NULL column or a second demo sub-division broke them without any other test
noticing)."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from tests.databases import demo_on_fresh_database, suite_database_url


@pytest.fixture
def demo_app():
    """A migrated PostgreSQL database holding the demo (COPY is PostgreSQL's)."""
    if not (suite_database_url() or "").startswith("postgresql"):
        pytest.skip("the benchmarks write with PostgreSQL's COPY, which SQLite has not "
                    "(set TEST_DATABASE_URL); .ci/run does")
    with demo_on_fresh_database("bench_data") as app:
        yield app


def test_the_reports_and_drives_benches_load_the_first_sub_divisions_data(demo_app):
    from bench import drives, reports
    from marketplace.accounts.models import User
    from marketplace.drives.models import Camp
    from marketplace.orders.models import Order, OrderPart
    from marketplace.places.models import SubDivision, Village
    from marketplace.workers.models import WorkerProfile

    first = db.session.scalar(sa.select(SubDivision.id).order_by(SubDivision.id).limit(1))
    made = reports.generate(60, random.Random(1))
    assert made["orders"] == 60 and made["parts"] >= 60
    # Orders of the first sub-division go to its villages, with its commission on each part.
    strays = db.session.scalar(sa.select(sa.func.count()).select_from(Order).join(
        Village, Village.id == Order.village_id).where(
        Order.number.like("NDN-B%"), Village.sub_division_id != first))
    assert strays == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OrderPart).where(
        OrderPart.commission_bp.is_(None))) == 0

    made = drives.generate(40, 3, random.Random(2))
    assert (made["registrations"], made["camps"], made["sub_division"]) == (40, 3, first)
    # its registrations and camps are the first sub-division's, at that sub-division's drive
    registered = db.session.execute(sa.select(WorkerProfile.sub_division_id, Camp.drive_id)
                                    .join(Camp, Camp.id == WorkerProfile.camp_id)
                                    .join(User, User.id == WorkerProfile.user_id)
                                    .where(User.phone.like("+9193%"))).all()
    assert len(registered) == 40 and set(registered) == {(first, made["drive"])}


def test_the_scale_bench_adds_listed_workers_and_products_with_cover_photos(demo_app):
    from bench.run import load
    from marketplace.catalogue.models import Product, ProductPhoto

    before = db.session.scalar(sa.select(sa.func.count()).select_from(Product))
    made = load(40, 70)
    assert made == {"workers": 40, "products": 70}
    added = db.session.scalars(sa.select(Product.id).where(Product.name_en.like("% 69"))).all()
    assert len(added) == 1
    covered = db.session.scalar(sa.select(sa.func.count()).select_from(ProductPhoto).where(
        ProductPhoto.product_id > before, ProductPhoto.position == 0))
    assert covered == sum(1 for product_id in range(before + 1, before + 71) if product_id % 7)
    # The first bench product with a photo shows the first bench image.
    shown = next(product_id for product_id in range(before + 1, before + 71) if product_id % 7)
    page = demo_app.test_client().get(f"/ndn/products/{shown}")
    assert page.status_code == 200
    assert f"/media/{0xbe7c0000:032x}/" in page.get_data(as_text=True)
