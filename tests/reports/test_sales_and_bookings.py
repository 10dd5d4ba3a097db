"""Orders and revenue by group and week, top products, groups and their products, bookings
and ratings by kind of work: worked examples."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.bookings.models import BookingStatus
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.reports.queries import Period
from marketplace.reports.rollup import refresh_order
from marketplace.reports.tables import bookings_table, groups_table, orders_table
from marketplace.shg.models import SHGStatus
from tests.helpers import make_group, make_product, make_slot, make_sub_division, make_user, sign_in
from tests.reports.data import END, RANGE, START, add_member, at, booked, ordered, registered

PERIOD = Period(START, END)


def sales(nadaun):
    """Two groups; an order shared by both placed on Sunday night and delivered on Monday;
    one delivered, one cancelled and one still open."""
    (honey_group, _l1), (pickle_group, _l2) = make_group(nadaun, name="Honey SHG"), \
        make_group(nadaun, name="Pickle SHG")
    honey = make_product(honey_group, name_en="Honey", name_hi="शहद", price_paise=10000, stock=50)
    pickle = make_product(pickle_group, name_en="Pickle", price_paise=25000, stock=50)
    slot, buyer = make_slot(nadaun), make_user(name="Buyer")
    ordered(buyer, {honey: 2, pickle: 1}, placed=at("2026-03-08", "22:00"),
            delivery=date(2026, 3, 9), status=OrderStatus.DELIVERED, slot=slot)
    ordered(buyer, {honey: 3}, placed=at("2026-03-10", "10:00"), delivery=date(2026, 3, 11),
            status=OrderStatus.DELIVERED, slot=slot)
    ordered(buyer, {pickle: 5}, placed=at("2026-03-10", "11:00"), delivery=date(2026, 3, 11),
            status=OrderStatus.CANCELLED, slot=slot)
    ordered(buyer, {honey: 1}, placed=at("2026-03-12", "11:00"), delivery=date(2026, 3, 13),
            slot=slot)
    # Delivered after the last day: not in the period.
    ordered(buyer, {pickle: 4}, placed=at("2026-03-14", "11:00"), delivery=date(2026, 3, 16),
            status=OrderStatus.DELIVERED, slot=slot)
    return honey_group, pickle_group


def test_orders_and_revenue_by_group_and_week(nadaun):
    honey_group, pickle_group = sales(nadaun)
    report = orders_table(nadaun.id, PERIOD, "en")
    groups = {g.group.id: g for g in report.groups}
    honey, pickle = groups[honey_group.id], groups[pickle_group.id]
    weekly = [(f.placed, f.delivered, f.paise) for f in honey.weeks]
    assert weekly == [(1, 0, 0), (2, 2, 50000)]
    assert [(f.placed, f.delivered, f.paise) for f in pickle.weeks] == [(1, 0, 0), (2, 1, 25000)]
    # The shared order counts once in the totals.
    assert [(f.placed, f.delivered, f.paise) for f in report.week_totals] == [
        (1, 0, 0), (4, 2, 75000)]
    assert (report.total.placed, report.total.delivered, report.total.paise) == (5, 2, 75000)
    assert [(row.name_en, int(row.units), int(row.paise)) for row in report.top] == [
        ("Honey", 5, 50000), ("Pickle", 1, 25000)]


def test_the_orders_page_and_csv_show_rupees(client, nadaun):
    honey_group, _pickle_group = sales(nadaun)
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    html = client.get(f"/panel/reports/orders?{RANGE}").get_data(as_text=True)
    assert "Orders placed: 5 · delivered: 2 · revenue: ₹750" in html
    assert html.count('<svg class="chart') == 4
    assert 'id="group-weeks"' not in html
    weeks = client.get(f"/panel/reports/orders?{RANGE}&group={honey_group.id}").get_data(
        as_text=True)
    assert "Honey SHG week by week" in weeks and "Pickle SHG week by week" not in weeks
    assert client.get(f"/panel/reports/orders?{RANGE}&group=x'").status_code == 200
    csv = client.get(f"/panel/reports/orders.csv?{RANGE}").get_data(as_text=True)
    assert "Honey SHG,2026-03-09,2,2,500,0,500\r\n" in csv
    top = client.get(f"/panel/reports/top-products.csv?{RANGE}").get_data(as_text=True)
    assert "1,Honey,Honey SHG,jar,5,500\r\n" in top


def refunded_at_stripe(order, amount_paise: int, when) -> Payment:
    """An online payment of the whole order of which Stripe says `amount_paise` went back."""
    payment = Payment(order_id=order.id, method=PaymentMethod.ONLINE,
                      amount_paise=order.total_paise, status=PaymentStatus.PAID,
                      provider="stripe", refunded_paise=amount_paise, refunded_at=when)
    db.session.add(payment)
    db.session.flush()
    refresh_order(order.id)  # as the refund's webhook does
    return payment


def test_refunds_are_taken_off_revenue_in_the_week_they_were_made(client, nadaun):
    """The shared order (₹450 of goods + ₹30 delivery) refunded in full, the honey order
    (₹300 + ₹30) by ₹33: each group gives back its share of the order's total, as payouts do."""
    honey_group, pickle_group = sales(nadaun)
    slot, buyer = make_slot(nadaun), make_user(name="Refunded buyer")
    orders = {order.total_paise: order for order in db.session.scalars(
        sa.select(Order).where(Order.status == OrderStatus.DELIVERED))}
    shared, honey_only = orders[48000], orders[33000]
    refunded_at_stripe(shared, 48000, at("2026-03-12", "10:00"))
    refunded_at_stripe(honey_only, 3300, at("2026-03-15", "23:30"))
    # Not counted: refunded after the last day, and a cancelled order's refund (no sale).
    late = ordered(buyer, {make_product(honey_group, name_en="Jam", stock=9): 1},
                   placed=at("2026-03-03", "10:00"), delivery=date(2026, 3, 4),
                   status=OrderStatus.DELIVERED, slot=slot)
    refunded_at_stripe(late, late.total_paise, at("2026-03-16", "00:10"))
    cancelled = db.session.scalar(sa.select(Order).where(Order.status == OrderStatus.CANCELLED))
    refunded_at_stripe(cancelled, cancelled.total_paise, at("2026-03-12", "10:00"))
    jam = late.parts[0].items_paise

    report = orders_table(nadaun.id, PERIOD, "en")
    groups = {g.group.id: g for g in report.groups}
    assert [(f.paise, f.refunded, f.net) for f in groups[honey_group.id].weeks] == [
        (jam, 0, jam), (50000, 23000, 27000)]
    assert [(f.paise, f.refunded, f.net) for f in groups[pickle_group.id].weeks] == [
        (0, 0, 0), (25000, 25000, 0)]
    assert [(f.refunded, f.net) for f in report.week_totals] == [
        (0, jam), (48000, 27000)]
    assert (report.total.refunded, report.total.net) == (48000, report.total.paise - 48000)

    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    html = client.get(f"/panel/reports/orders?{RANGE}").get_data(as_text=True)
    assert "refunded: ₹480 · net: ₹" in html
    csv = client.get(f"/panel/reports/orders.csv?{RANGE}").get_data(as_text=True)
    assert "Honey SHG,2026-03-09,2,2,500,230,270\r\n" in csv
    assert "Pickle SHG,2026-03-09,2,1,250,250,0\r\n" in csv
    assert csv.splitlines()[0].endswith("Refunded (rupees),Net revenue (rupees)")


def test_the_top_ten_products_by_units(nadaun):
    group, _leader = make_group(nadaun, name="Big SHG")
    slot, buyer = make_slot(nadaun), make_user(name="Buyer")
    products = [make_product(group, name_en=f"Item {n}", stock=100) for n in range(12)]
    for n, product in enumerate(products):
        ordered(buyer, {product: n + 1}, placed=at("2026-03-03", "10:00"),
                delivery=date(2026, 3, 4), status=OrderStatus.DELIVERED, slot=slot)
    top = orders_table(nadaun.id, PERIOD, "en").top
    assert [row.name_en for row in top] == [f"Item {n}" for n in range(11, 1, -1)]


def test_groups_with_members_and_products(nadaun):
    group, _leader = make_group(nadaun, name="Honey SHG")
    add_member(group, "Sita")
    make_product(group, name_en="In stock", stock=5)
    make_product(group, name_en="Sold out", stock=0)
    make_product(group, name_en="New", approved=False)
    waiting, _l = make_group(nadaun, name="Quiet SHG")
    waiting.status = SHGStatus.PENDING_REVIEW
    rows = {row.name_en: row for row in groups_table(nadaun.id, PERIOD, "en")}
    honey = rows["Honey SHG"]
    assert (honey.members, honey.approved, honey.waiting, honey.out_of_stock) == (2, 2, 1, 1)
    # Products made today are not "added" in March 2026.
    assert honey.added == 0
    quiet = rows["Quiet SHG"]
    assert (quiet.status, quiet.members, quiet.approved, quiet.waiting) == (
        SHGStatus.PENDING_REVIEW, 1, 0, 0)


def test_bookings_and_ratings_by_kind_of_work(nadaun):
    plumber = registered(nadaun, at("2026-01-05", "10:00"), name="Plumber")
    electrician = registered(nadaun, at("2026-01-05", "10:00"), category="electrician",
                             name="Electrician")
    when = at("2026-03-04", "10:00")
    booked(plumber, when, BookingStatus.COMPLETED, rating=4)
    booked(plumber, when, BookingStatus.COMPLETED, rating=5, work_day=1)
    booked(plumber, when, BookingStatus.COMPLETED, rating=1, hidden=True, work_day=2)
    booked(plumber, when, BookingStatus.CANCELLED, work_day=3)
    booked(plumber, when, BookingStatus.REQUESTED, work_day=4)
    booked(electrician, at("2026-03-15", "23:50"), BookingStatus.DECLINED)
    booked(electrician, at("2026-03-16", "00:10"), BookingStatus.COMPLETED, rating=2)
    rows = {row.category.slug: row for row in bookings_table(nadaun.id, PERIOD, "en")}
    assert set(rows) == {"plumber", "electrician"}
    plumbing = rows["plumber"]
    assert (plumbing.requested, plumbing.completed, plumbing.cancelled, plumbing.declined,
            plumbing.ratings, plumbing.average) == (5, 3, 1, 0, 2, 4.5)
    electrical = rows["electrician"]
    assert (electrical.requested, electrical.declined, electrical.ratings,
            electrical.average) == (1, 1, 0, None)


def test_another_sub_division_s_sales_are_not_in_the_report(client, nadaun):
    sales(nadaun)
    barsar = make_sub_division("BRS", "Barsar")
    sign_in(client, make_user(Role.STAFF, sub_division=barsar))
    html = client.get(f"/panel/reports/orders?{RANGE}").get_data(as_text=True)
    assert "Honey" not in html and "Orders placed: 0" in html
    assert "Honey" not in client.get(f"/panel/reports/groups.csv?{RANGE}").get_data(
        as_text=True)
