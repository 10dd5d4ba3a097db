"""Setting the commission and recording payouts: the rules, the refusals and the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.db import today_in_india
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.extensions import db
from marketplace.payouts.models import Payout, PayoutTerms
from marketplace.payouts.queries import current_balance
from marketplace.payouts.services import record_payout, set_commission
from tests.helpers import make_user
from tests.payouts.conftest import deliver, india, order


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)).all()


def payouts() -> list[Payout]:
    return db.session.scalars(sa.select(Payout).order_by(Payout.id)).all()


def test_setting_the_commission_is_audited_with_who_and_the_old_and_new_rate(shop):
    admin = make_user(Role.ADMIN)
    set_commission(shop.nadaun.id, commission_bp=175, actor=admin)
    assert db.session.get(PayoutTerms, shop.nadaun.id).commission_bp == 175
    first, second = events("payouts.commission_set")  # the shop fixture set 2.5 % first
    assert (first.actor_id, first.data) == (shop.staff.id, {"old_bp": 0, "new_bp": 250})
    assert (second.actor_id, second.data) == (admin.id, {"old_bp": 250, "new_bp": 175})
    assert second.sub_division_id == shop.nadaun.id


@pytest.mark.parametrize("bad", [-1, 5001, 6000, 2.5, True, "250"])
def test_a_commission_outside_0_to_50_percent_is_refused(shop, bad):
    with pytest.raises(InvalidInput):
        set_commission(shop.nadaun.id, commission_bp=bad, actor=shop.staff)
    assert db.session.get(PayoutTerms, shop.nadaun.id).commission_bp == 250


def test_staff_of_another_sub_division_cannot_set_the_commission(shop):
    with pytest.raises(Forbidden):
        set_commission(shop.nadaun.id, commission_bp=0, actor=shop.elsewhere)


@pytest.fixture
def owed(shop):
    """Jai Maa is owed ₹351 (₹360 sold, ₹9 commission)."""
    deliver(order(shop, {shop.pickle: 2}), shop.staff, india(2025, 10, 10, 11))
    assert current_balance(shop.jai, today_in_india()) == 35100
    return 35100


def pay(shop, amount_paise, **changes):
    if changes.get("paid_on") == "tomorrow":
        changes["paid_on"] = today_in_india() + timedelta(days=1)
    details = {"paid_on": today_in_india(), "reference": "UPI 431122334455", "note": "",
               "actor": shop.staff, **changes}
    return record_payout(shop.jai, amount_paise=amount_paise, **details)


def test_a_payout_is_recorded_and_audited(shop, owed):
    payout = pay(shop, 20000, note="First payment")
    assert (payout.amount_paise, payout.reference, payout.recorded_by_id) == (
        20000, "UPI 431122334455", shop.staff.id)
    [event] = events("payouts.payout_recorded")
    assert event.actor_id == shop.staff.id and event.subject_id == payout.id
    assert event.data["amount_paise"] == 20000 and event.data["balance_before_paise"] == owed
    assert current_balance(shop.jai, today_in_india()) == owed - 20000


def test_the_whole_balance_can_be_paid_but_not_a_paisa_more(shop, owed):
    with pytest.raises(Conflict) as refused:
        pay(shop, owed + 1)
    assert refused.value.code == "above_balance" and str(refused.value) == str(owed)
    pay(shop, owed)
    with pytest.raises(Conflict):
        pay(shop, 1)
    assert [p.amount_paise for p in payouts()] == [owed]


def test_nothing_can_be_paid_to_a_group_that_is_owed_nothing(shop):
    with pytest.raises(Conflict):
        pay(shop, 100)
    assert payouts() == []


@pytest.mark.parametrize(("amount", "changes", "code"), [
    (0, {}, "amount_not_positive"),
    (-500, {}, "amount_not_positive"),
    (100, {"paid_on": "tomorrow"}, "paid_on_future"),  # worked out when the test runs
    (100, {"paid_on": date(2024, 12, 31)}, "paid_on_too_early"),
    (100, {"reference": "   "}, "reference_required"),
    (100, {"reference": "x" * 101}, "reference_too_long"),
    (100, {"note": "x" * 301}, "note_too_long"),
])
def test_a_bad_payout_is_refused_and_nothing_is_written(shop, owed, amount, changes, code):
    with pytest.raises(InvalidInput) as refused:
        pay(shop, amount, **changes)
    assert refused.value.code == code
    assert payouts() == [] and events("payouts.payout_recorded") == []


def test_staff_of_another_sub_division_cannot_record_a_payout(shop, owed):
    with pytest.raises(Forbidden):
        pay(shop, 100, actor=shop.elsewhere)
    with pytest.raises(Forbidden):
        pay(shop, 100, actor=shop.jai_leader)
