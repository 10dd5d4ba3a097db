"""Each report page and CSV runs the same number of SQL queries however much data there is."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.accounts.models import Role
from marketplace.bookings.models import BookingStatus
from marketplace.orders.models import OrderStatus
from marketplace.workers.services import seed_categories
from tests.helpers import first_village, make_group, make_product, make_slot, make_user, sign_in
from tests.reports.data import RANGE, add_member, at, booked, ordered, registered, second_block

URLS = [f"/panel/reports/{page}?{RANGE}" for page in
        ("registrations", "groups", "orders", "bookings")] + [
    f"/panel/reports/{name}.csv?{RANGE}" for name in
    ("registrations", "registrations-weekly", "groups", "orders", "top-products", "bookings")
] + ["/panel/reports/targets", f"/panel/reports?{RANGE}"]


def add_data(nadaun, n: int, village) -> None:
    """n of everything: workers, a group with members and products, orders, bookings."""
    kinds = ["plumber", "mason", "electrician"]
    group, _leader = make_group(nadaun, name=f"Group {n}")
    add_member(group, f"Member {n}")
    products = [make_product(group, name_en=f"Product {n}.{k}", stock=100) for k in range(n)]
    slot, buyer = make_slot(nadaun), make_user(name=f"Buyer {n}")
    for k in range(n):
        when = at(f"2026-03-{3 + k % 10:02d}", "10:00")
        worker = registered(nadaun, when, category=kinds[k % 3], village=village,
                            name=f"Worker {n}.{k}")
        booked(worker, when, BookingStatus.COMPLETED, rating=1 + k % 5)
        ordered(buyer, {products[k]: 1 + k}, placed=when, delivery=date(2026, 3, 4 + k % 10),
                status=OrderStatus.DELIVERED if k % 2 else OrderStatus.PLACED, slot=slot)


def count(client, count_queries, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("url", URLS)
def test_the_same_number_of_queries_for_little_and_much_data(client, nadaun, count_queries, url):
    seed_categories()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    add_data(nadaun, 1, first_village(nadaun))
    little = count(client, count_queries, url)
    add_data(nadaun, 6, second_block(nadaun))
    add_data(nadaun, 5, first_village(nadaun))
    assert count(client, count_queries, url) == little
    assert little <= 9, url


def test_admins_see_all_sub_divisions_with_the_same_number_of_queries(app, nadaun,
                                                                     count_queries):
    seed_categories()
    admin = app.test_client()
    sign_in(admin, make_user(Role.ADMIN))
    add_data(nadaun, 1, first_village(nadaun))
    url = f"/panel/reports/orders?{RANGE}"
    little = count(admin, count_queries, url)
    add_data(nadaun, 6, second_block(nadaun))
    assert count(admin, count_queries, url) == little
