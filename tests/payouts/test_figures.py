"""The sums of a statement on a worked example (tests/payouts/conftest.py: `worked`)."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.core.db import today_in_india
from marketplace.payouts.queries import (
    Period,
    commission_on,
    compute_figures,
    current_balance,
    get_statement,
    list_group_figures,
    refund_share,
)
from marketplace.payouts.services import set_commission
from tests.payouts.conftest import NOVEMBER, OCTOBER, deliver, india, order


@pytest.mark.parametrize(("items", "bp", "expected"), [
    (36000, 250, 900), (12345, 250, 309),  # 308.625 → 309 (half up)
    (12340, 250, 309), (12338, 250, 308),  # 308.5 → 309, 308.45 → 308
    (18000, 0, 0), (100, 5000, 50), (1, 5000, 1),  # half a paisa goes up
])
def test_commission_is_per_part_and_rounded_half_up_to_the_paisa(items, bp, expected):
    assert commission_on(items, bp) == expected


def test_a_refund_is_shared_by_each_part_of_the_order_total():
    assert refund_share(10000, 36000, 71000) == 5070  # 5070.42
    assert refund_share(10000, 35000, 71000) == 4930  # 4929.58
    assert refund_share(74000, 36000, 74000) == 36000  # a full refund takes the whole sale


def test_the_worked_example_for_october(worked, shop):
    figures = compute_figures(OCTOBER, sub_division_id=shop.nadaun.id)

    jai = figures[shop.jai.id]
    # Order A only: C was cancelled, D was delivered on 1 November in India.
    assert (jai.sales_paise, jai.commission_paise, jai.refunds_paise) == (36000, 900, 5070)
    assert jai.owed_paise == 30030
    assert (jai.paid_paise, jai.balance_paise) == (10000, 20030)

    shakti = figures[shop.shakti.id]
    # Honey of A, and ghee of E (1 Oct 01:00 in India) and F: commission per part
    # 875 + 309 + 309 = 1493, where 2.5 % of the total 59690 would be 1492.25.
    assert (shakti.sales_paise, shakti.commission_paise) == (59690, 1493)
    assert shakti.refunds_paise == 4930
    assert shakti.owed_paise == 53267
    assert (shakti.paid_paise, shakti.balance_paise) == (0, 53267)


def test_the_next_period_carries_the_balance_on(worked, shop):
    jai = compute_figures(NOVEMBER, group_id=shop.jai.id)[shop.jai.id]
    assert (jai.sales_paise, jai.commission_paise, jai.refunds_paise) == (18000, 450, 0)
    assert (jai.owed_paise, jai.paid_paise) == (17550, 3000)
    assert jai.balance_paise == 20030 + 17550 - 3000


def test_a_period_before_anything_happened_is_empty(worked, shop):
    figures = compute_figures(Period(date(2025, 9, 1), date(2025, 9, 30)),
                              sub_division_id=shop.nadaun.id)
    assert figures == {}


def test_the_current_balance_counts_everything_to_date(worked, shop):
    today = today_in_india()
    assert current_balance(shop.jai, today) == 36000 - 900 - 5070 + 18000 - 450 - 13000
    assert current_balance(shop.shakti, today) == 53267


def test_the_statement_lists_each_delivered_order_of_the_group(worked, shop):
    statement = get_statement(shop.shakti, OCTOBER)
    assert [(line.number, line.items_paise, line.commission_paise)
            for line in statement.sales] == [
        (worked.e.number, 12345, 309), (worked.a.number, 35000, 875),
        (worked.f.number, 12345, 309)]
    assert statement.commission_bp == 250 and statement.payouts == []
    jai = get_statement(shop.jai, OCTOBER)
    assert [line.number for line in jai.sales] == [worked.a.number]
    assert [(p.payout.reference, p.recorded_by_name) for p in jai.payouts] == [
        ("UTR-OCT", "Office Staff")]


def test_a_changed_rate_leaves_past_sales_at_the_rate_they_were_made_at(worked, shop):
    set_commission(shop.nadaun.id, commission_bp=0, actor=shop.staff)
    statement = get_statement(shop.jai, OCTOBER)
    assert statement.commission_bp == 0  # for orders placed from now on
    assert statement.figures.commission_paise == 900
    assert statement.figures.owed_paise == 36000 - 900 - 5070
    assert [(line.commission_bp, line.commission_paise) for line in statement.sales] == [
        (250, 900)]


def test_the_overview_has_every_approved_group_with_the_totals(worked, shop):
    commission_bp, rows = list_group_figures(shop.nadaun.id, OCTOBER, "en")
    assert commission_bp == 250
    assert [(row.group.name_en, row.figures.balance_paise) for row in rows] == [
        ("Jai Maa", 20030), ("Shakti", 53267)]


def test_groups_of_another_sub_division_are_not_counted(worked, shop):
    from tests.helpers import make_group, make_product, make_slot, make_user, place_order

    barsar = shop.elsewhere.sub_division
    other, _ = make_group(barsar, name="Barsar SHG")
    product = make_product(other, price_paise=20000, stock=5)
    sold = place_order(make_user(), {product: 1}, slot=make_slot(barsar))
    deliver(sold, shop.elsewhere, india(2025, 10, 15, 12))
    _, rows = list_group_figures(shop.nadaun.id, OCTOBER, "en")
    assert {row.group.id for row in rows} == {shop.jai.id, shop.shakti.id}
    _, rows = list_group_figures(barsar.id, OCTOBER, "en")
    assert [(row.group.id, row.figures.sales_paise) for row in rows] == [(other.id, 20000)]


def test_a_delivery_on_the_last_evening_in_india_belongs_to_that_day(shop):
    # 31 Oct 23:59 in India is 18:29 UTC the same day; 1 Nov 00:01 is 31 Oct in UTC.
    deliver(order(shop, {shop.pickle: 1}), shop.staff, india(2025, 10, 31, 23, 59))
    deliver(order(shop, {shop.pickle: 2}), shop.staff, india(2025, 11, 1, 0, 1))
    jai = compute_figures(OCTOBER, group_id=shop.jai.id)[shop.jai.id]
    assert jai.sales_paise == 18000
