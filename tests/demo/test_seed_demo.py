"""`flask seed-demo` loads Nadaun once, however often it runs."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.places.models import Block, SubDivision, Village, VillageKind
from marketplace.reports.models import RegistrationTarget
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import Review, WorkerProfile, WorkerStatus


def counts():
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (SubDivision, Block, Village, User))


def test_seed_demo_loads_nadaun_with_its_people_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and counts() == after_first

    sub_division = db.session.scalars(sa.select(SubDivision)).one()
    assert (sub_division.code, sub_division.district_en) == ("NDN", "Hamirpur")
    villages = db.session.scalars(sa.select(Village)).all()
    assert 35 <= len(villages) <= 50
    assert {v.kind for v in villages} == {VillageKind.VILLAGE, VillageKind.WARD}
    assert all(31.5 < v.latitude < 32.0 and 76.1 < v.longitude < 76.6 for v in villages)
    assert all(v.name_hi and v.name_en for v in villages)
    roles = set(db.session.scalars(sa.select(User.role)))
    assert {Role.ADMIN, Role.STAFF, Role.OPERATOR, Role.RESIDENT, Role.DELIVERY} <= roles
    for user in db.session.scalars(sa.select(User).where(
            User.role.not_in([Role.WORKER, Role.SHG_MEMBER]))):
        # The demo buyers are printed as one range.
        assert user.phone in first.output or user.phone.startswith("+9198170")
    assert "+919817000001 … +919817000012" in first.output
    assert "nadaun-demo" in first.output

    workers = db.session.scalars(sa.select(WorkerProfile)).all()
    assert len(workers) >= 150
    assert len({w.main_category_id for w in workers}) == 26
    assert all(w.status is WorkerStatus.APPROVED and w.photo_id for w in workers)
    groups = db.session.scalars(sa.select(SelfHelpGroup)).all()
    assert len(groups) >= 25 and all(any(m.is_leader for m in g.members) for g in groups)
    products = db.session.scalars(sa.select(Product)).all()
    assert len(products) >= 250
    assert len({p.category_id for p in products}) == 13 and all(p.photos for p in products)
    rated = [w for w in workers if w.rating_count]
    assert rated
    for worker in rated:  # the averages are those of real reviews
        reviews = db.session.scalars(sa.select(Review).where(Review.worker_id == worker.id)).all()
        assert (worker.rating_count, worker.rating_total) == (
            len(reviews), sum(r.rating for r in reviews))
    orders = db.session.scalars(sa.select(Order)).all()
    assert len(orders) >= 15 and db.session.scalars(sa.select(DeliverySlot)).all()
    assert {OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.PACKED} <= {
        o.status for o in orders}
    assert any(len(o.parts) > 1 for o in orders)
    for product in products:  # units sold are the units in orders
        assert product.units_sold == sum(
            line.quantity for o in orders for line in o.lines if line.product_id == product.id)
    targets = db.session.scalars(sa.select(RegistrationTarget)).all()
    assert len(targets) >= 10 and all(t.target > 0 for t in targets)
    waiting = db.session.scalars(sa.select(Product).where(
        Product.status == ProductStatus.PENDING_REVIEW)).all()
    assert len(waiting) >= 3  # the morning's listings for staff to approve
