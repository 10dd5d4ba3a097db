"""Each sale keeps the commission in force when its order was placed: a later change of the
rate applies to later orders only, so a settled balance stays settled (neither overpaid when
the rate goes up nor owed again when it goes down)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.core.db import today_in_india, utcnow
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from marketplace.orders.models import OrderPart
from marketplace.payouts.errors import PayoutError
from marketplace.payouts.queries import (
    Period,
    current_balance,
    get_statement,
    list_group_figures,
)
from marketplace.payouts.services import record_payout, set_commission
from tests.helpers import sign_in, submit
from tests.payouts.conftest import deliver, order


def sell_and_settle(shop, pickles: int) -> int:
    """Jai Maa sells `pickles` pickles, delivered now, and is paid its whole balance (through
    the real service); returns the order's id."""
    sold = deliver(order(shop, {shop.pickle: pickles}), shop.staff, utcnow())
    balance = current_balance(shop.jai, today_in_india())
    record_payout(shop.jai, amount_paise=balance, paid_on=today_in_india(), reference="UTR-1",
                  actor=shop.staff)
    assert current_balance(shop.jai, today_in_india()) == 0
    return sold.id


def rates_of_parts(shop) -> dict[int, int]:
    return dict(db.session.execute(sa.select(OrderPart.order_id, OrderPart.commission_bp)
                                   .where(OrderPart.group_id == shop.jai.id)).all())


def balances_on_the_overview(client) -> list[str]:
    """The 'balance due at the end' column of the panel's overview (the groups, then the
    total), this month."""
    html = client.get("/panel/payouts").get_data(as_text=True)
    return re.findall(r'<td class="amount"><strong>(.*?)</strong></td>', html)


def balance_on_the_statement(client) -> str:
    """The balance due on the group's own statement, this month."""
    html = client.get("/shg/statement").get_data(as_text=True)
    return re.search(r'Balance due on.*?<td class="amount"><strong>(.*?)</strong>', html,
                     re.DOTALL)[1]


@pytest.fixture
def clients(app, shop):
    staff, leader = app.test_client(), app.test_client()
    sign_in(staff, shop.staff)
    sign_in(leader, shop.jai_leader)
    return staff, leader


def test_raising_the_rate_after_a_payout_leaves_the_settled_balance_at_nothing(shop, clients):
    staff, leader = clients
    set_commission(shop.nadaun.id, commission_bp=0, actor=shop.staff)
    first = sell_and_settle(shop, 4)  # ₹720 at 0 %, paid in full

    response = submit(staff, "/panel/payouts/commission", {"commission": "10"},
                      page="/panel/payouts")
    assert response.status_code == 303
    assert balances_on_the_overview(staff) == ["₹0", "₹0", "₹0"]  # Jai Maa, Shakti, total
    assert balance_on_the_statement(leader) == "₹0"
    assert current_balance(shop.jai, today_in_india()) == 0

    later = deliver(order(shop, {shop.pickle: 1}), shop.staff, utcnow())  # ₹180 at 10 %
    assert rates_of_parts(shop) == {first: 0, later.id: 1000}
    assert current_balance(shop.jai, today_in_india()) == 18000 - 1800
    assert balances_on_the_overview(staff)[0] == "₹162"
    assert balance_on_the_statement(leader) == "₹162"
    statement = get_statement(shop.jai, Period.month_of(today_in_india()))
    assert statement.commission_bp == 1000
    assert statement.figures.commission_paise == 1800  # the later order's only
    assert {line.order_id: (line.commission_bp, line.commission_paise)
            for line in statement.sales} == {first: (0, 0), later.id: (1000, 1800)}


def test_lowering_the_rate_does_not_make_a_paid_period_owed_again(shop):
    set_commission(shop.nadaun.id, commission_bp=1000, actor=shop.staff)
    sell_and_settle(shop, 2)  # ₹360 less 10 %: ₹324 paid

    set_commission(shop.nadaun.id, commission_bp=0, actor=shop.staff)
    assert current_balance(shop.jai, today_in_india()) == 0
    _rate, rows = list_group_figures(shop.nadaun.id, Period.month_of(today_in_india()), "en")
    jai = next(row.figures for row in rows if row.group.id == shop.jai.id)
    assert (jai.sales_paise, jai.commission_paise, jai.balance_paise) == (36000, 3600, 0)
    with pytest.raises(Conflict) as refused:  # the same sales cannot be paid out twice
        record_payout(shop.jai, amount_paise=3600, paid_on=today_in_india(),
                      reference="UTR-2", actor=shop.staff)
    assert refused.value.code == PayoutError.ABOVE_BALANCE


def test_an_order_keeps_the_rate_in_force_when_it_was_placed_not_when_delivered(shop):
    placed = order(shop, {shop.pickle: 1})  # at 2.5 %
    set_commission(shop.nadaun.id, commission_bp=1000, actor=shop.staff)
    deliver(placed, shop.staff, utcnow())
    assert rates_of_parts(shop) == {placed.id: 250}
    assert current_balance(shop.jai, today_in_india()) == 18000 - 450
