"""`flask seed-demo` loads Nadaun (Himachal Pradesh) and Sonepur (Bihar) once, however often
it runs, each with its own people, products, orders and staff."""

from __future__ import annotations

import re

import sqlalchemy as sa

from marketplace.accounts.models import SCOPED_ROLES, Role, User
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.delivery.models import DeliverySlot
from marketplace.demo import nadaun, sonepur
from marketplace.demo.services import RECIPES
from marketplace.drives.models import Drive
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.places.models import Block, SubDivision, Village, VillageKind
from marketplace.reports.models import RegistrationTarget
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import Review, WorkerProfile, WorkerStatus

DEVANAGARI = re.compile("[\u0900-\u097f]")


def counts():
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(model))
                 for model in (SubDivision, Block, Village, User, WorkerProfile, SelfHelpGroup,
                               Product, Order, DeliverySlot, Drive, RegistrationTarget))


def of(model, sub_division: SubDivision) -> list:
    return db.session.scalars(sa.select(model).where(
        model.sub_division_id == sub_division.id)).all()


def test_seed_demo_loads_two_sub_divisions_of_two_states_and_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and counts() == after_first, second.output

    # Nadaun is the oldest: created first, so it stays the sub-division visitors see first.
    ndn, snp = db.session.scalars(sa.select(SubDivision).order_by(SubDivision.id)).all()
    assert (ndn.code, ndn.district_en, ndn.state_en) == ("NDN", "Hamirpur", "Himachal Pradesh")
    assert (snp.code, snp.name_hi, snp.district_en, snp.state_en) == (
        "SNP", "सोनपुर", "Saran", "Bihar")
    assert {b.name_en for b in db.session.scalars(sa.select(Block).where(
        Block.sub_division_id == snp.id))} == {"Sonepur", "Dighwara", "Parsa", "Dariyapur"}
    boxes = {ndn.id: (31.5, 32.0, 76.1, 76.6), snp.id: (25.6, 26.0, 84.9, 85.3)}
    for sub_division in (ndn, snp):
        villages = of(Village, sub_division)
        assert len(villages) >= 20 and all(v.name_hi and v.name_en for v in villages)
        assert {v.kind for v in villages} == {VillageKind.VILLAGE, VillageKind.WARD}
        south, north, west, east = boxes[sub_division.id]
        assert all(south < v.latitude < north and west < v.longitude < east for v in villages)
    assert 35 <= len(of(Village, ndn)) <= 50

    # Each has its own office, scoped to it; the one admin is of neither.
    for sub_division, recipe in ((ndn, nadaun.RECIPE), (snp, sonepur.RECIPE)):
        scoped = db.session.scalars(sa.select(User).where(
            User.sub_division_id == sub_division.id)).all()
        assert {u.role for u in scoped} == SCOPED_ROLES  # staff, CSC operator, courier
        for _role, phone, name, _language in recipe.users:
            assert db.session.scalar(sa.select(User.name).where(User.phone == phone)) == name
    admins = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN)).all()
    assert [a.phone for a in admins] == ["+919816000001"] and admins[0].sub_division_id is None
    snp_staff = db.session.scalars(sa.select(User).where(
        User.role == Role.STAFF, User.sub_division_id == snp.id)).one()
    assert DEVANAGARI.search(snp_staff.name)

    # Workers, groups, products, orders and a drive in each; fewer in Sonepur.
    for sub_division, least_workers, least_groups, least_products in (
            (ndn, 150, 25, 250), (snp, 50, 10, 100)):
        workers = of(WorkerProfile, sub_division)
        assert len(workers) >= least_workers
        assert len({w.main_category_id for w in workers}) == 26
        assert all(w.status is WorkerStatus.APPROVED and w.photo_id for w in workers)
        assert all(w.home_village.sub_division_id == sub_division.id for w in workers)
        groups = of(SelfHelpGroup, sub_division)
        assert len(groups) >= least_groups
        assert all(any(m.is_leader for m in g.members) for g in groups)
        products = of(Product, sub_division)
        assert len(products) >= least_products and all(p.photos for p in products)
        assert len({p.category_id for p in products}) == 13
        assert all(p.group.sub_division_id == sub_division.id for p in products)
        orders = of(Order, sub_division)
        assert len(orders) >= 15 and of(DeliverySlot, sub_division)
        assert {OrderStatus.PLACED, OrderStatus.CONFIRMED, OrderStatus.PACKED} <= {
            o.status for o in orders}
        assert any(len(o.parts) > 1 for o in orders)
        assert all(o.village.sub_division_id == sub_division.id for o in orders)
        for product in products:  # units sold are the units in orders
            assert product.units_sold == sum(
                line.quantity for o in orders for line in o.lines if line.product_id == product.id)
        rated = [w for w in workers if w.rating_count]
        assert rated
        for worker in rated:  # the averages are those of real reviews
            reviews = db.session.scalars(sa.select(Review).where(
                Review.worker_id == worker.id)).all()
            assert (worker.rating_count, worker.rating_total) == (
                len(reviews), sum(r.rating for r in reviews))
        targets = db.session.scalars(sa.select(RegistrationTarget).join(Block).where(
            Block.sub_division_id == sub_division.id)).all()
        assert len(targets) >= 10 and all(t.target > 0 for t in targets)
        waiting = [p for p in products if p.status is ProductStatus.PENDING_REVIEW]
        assert len(waiting) >= 3  # the morning's listings for staff to approve
        assert of(Drive, sub_division)
        assert sub_division.whatsapp_phone_number_id  # the assistant knows whose number

    # Sonepur sells what Saran makes, under its own names.
    snp_products = {p.name_en for p in of(Product, snp)}
    assert {"Makhana", "Chana sattu", "Sonepur jaggery"} <= snp_products
    assert "Lingri fern" not in snp_products

    # Every demo phone number is unique, and the two sub-divisions' ranges do not meet.
    phones = db.session.scalars(sa.select(User.phone)).all()
    assert len(phones) == len(set(phones))
    prefixes = [set(recipe.phone_prefixes()) for recipe in RECIPES]
    assert not any(a.startswith(b) or b.startswith(a)
                   for a in prefixes[0] for b in prefixes[1])


def test_seed_demo_prints_every_login_under_its_sub_division(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "nadaun-demo" in output
    assert "+919816000001  Vikram Chauhan  [every sub-division" in output
    nadaun_part = output[output.index("Nadaun (NDN)"):output.index("Sonepur (SNP)")]
    sonepur_part = output[output.index("Sonepur (SNP)"):]
    assert "Hamirpur" in nadaun_part and "Saran" in sonepur_part and "Bihar" in sonepur_part
    for part, recipe, other in ((nadaun_part, nadaun.RECIPE, sonepur.RECIPE),
                                (sonepur_part, sonepur.RECIPE, nadaun.RECIPE)):
        for role, phone, name, _language in recipe.users:
            if role != "admin":
                assert f"{phone}  {name}" in part, phone
        for _role, phone, *_ in other.users:
            assert phone not in part.split("flask chat")[0], phone
    assert "staff      +919816000002  अनीता शर्मा  [Nadaun]" in nadaun_part
    assert "staff      +919431000002  प्रियंका कुमारी  [Sonepur]" in sonepur_part
    assert "operator   +919431000003  अमित कुमार सिंह  [Sonepur]" in sonepur_part
    assert "courier    +919816000004  मोहन लाल  [Nadaun]" in nadaun_part
    assert "courier    +919431000004  संजय राम  [Sonepur]" in sonepur_part
    assert "worker     +919418000001 … +919418000156  (156 demo workers, 26 kinds" in nadaun_part
    assert "worker     +919470000001 … +919470000052  (52 demo workers, 26 kinds" in sonepur_part
    assert "+919817000001 … +919817000012" in nadaun_part
    assert "+919472000001 … +919472000012" in sonepur_part
    assert "of 25 self-help groups" in nadaun_part and "of 10 self-help groups" in sonepur_part
    assert "shg_member +919459000001 …" in nadaun_part
    assert "shg_member +919471000001 …" in sonepur_part
    assert nadaun_part.count("Today: ") == sonepur_part.count("Today: ") == 1
    for sub_division in db.session.scalars(sa.select(SubDivision)):
        assert f"--number {sub_division.whatsapp_phone_number_id}" in output
