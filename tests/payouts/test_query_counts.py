"""Payout pages run a fixed number of SQL queries, whatever the number of orders, payouts
and groups."""

from __future__ import annotations

from datetime import date

from tests.helpers import make_group, make_product, sign_in
from tests.payouts.conftest import deliver, india, order, pay, refund

OCT = {"from": "2025-10-01", "to": "2025-10-31"}


def sell(shop, count: int, *, products=None) -> None:
    """`count` delivered orders in October (each with a part of every product given), with a
    refund and a payout now and then."""
    products = products or [shop.pickle, shop.honey]
    for n in range(count):
        sold = deliver(order(shop, dict.fromkeys(products, 1)), shop.staff,
                       india(2025, 10, 1 + n % 28, 12))
        if n % 10 == 0:
            refund(sold, 1000, india(2025, 10, 29, 9))
            pay(shop.jai, 100, date(2025, 10, 30), shop.staff, reference=f"UTR{n}")


def queries_for(client, count_queries, path: str) -> int:
    client.get(path, query_string=OCT)  # reference data kept again after the sales' writes
    with count_queries() as statements:
        response = client.get(path, query_string=OCT)
    assert response.status_code == 200
    return len(statements)


def test_a_statement_page_costs_the_same_for_3_or_30_orders(app, shop, count_queries):
    staff, member = app.test_client(), app.test_client()
    sign_in(staff, shop.staff)
    sign_in(member, shop.jai_leader)
    pages = {staff: [f"/panel/payouts/groups/{shop.jai.id}",
                     f"/panel/payouts/groups/{shop.jai.id}/print"],
             member: ["/shg/statement", "/shg/statement/print"]}
    sell(shop, 3)
    few = {path: queries_for(client, count_queries, path)
           for client, paths in pages.items() for path in paths}
    sell(shop, 27)
    many = {path: queries_for(client, count_queries, path)
            for client, paths in pages.items() for path in paths}
    assert few == many
    assert max(few.values()) <= 12, few


def test_the_overview_costs_the_same_for_few_or_many_groups_and_orders(app, shop,
                                                                       count_queries):
    client = app.test_client()
    sign_in(client, shop.staff)
    sell(shop, 3)
    few = queries_for(client, count_queries, "/panel/payouts")
    more_products = []
    for n in range(4):
        group, _ = make_group(shop.nadaun, name=f"Group {n}")
        more_products.append(make_product(group, price_paise=5000 + n, stock=100))
    sell(shop, 27, products=[shop.pickle, shop.ghee, *more_products])
    many = queries_for(client, count_queries, "/panel/payouts")
    assert few == many and few <= 10, (few, many)


def test_the_payout_page_costs_the_same_for_3_or_30_orders(app, shop, count_queries):
    client = app.test_client()
    sign_in(client, shop.staff)
    path = f"/panel/payouts/groups/{shop.jai.id}/pay"
    sell(shop, 3)
    few = queries_for(client, count_queries, path)
    sell(shop, 27)
    assert queries_for(client, count_queries, path) == few
