"""Payouts under contention on PostgreSQL: staff recording payouts to one group at the same
moment never pay out more than the group is owed."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.core.audit import AuditEvent
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.payouts.models import Payout, PayoutTerms
from marketplace.payouts.services import record_payout, set_commission
from marketplace.shg.models import SelfHelpGroup
from tests.helpers import (
    as_request,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    place_order,
    run_together,
)
from tests.payouts.conftest import deliver, india

pytestmark = pytest.mark.postgres


def set_up(app) -> tuple[int, list[int]]:
    """A group owed ₹360 (two pickles delivered, no commission) and six staff. Committed."""
    with app.app_context():
        nadaun = make_sub_division()
        group, _leader = make_group(nadaun)
        pickle = make_product(group, price_paise=18000, stock=10)
        staff = [make_user(Role.STAFF, sub_division=nadaun) for _ in range(6)]
        sold = place_order(make_user(), {pickle: 2}, slot=make_slot(nadaun))
        deliver(sold, staff[0], india(2025, 10, 10, 12))
        db.session.commit()
        ids = group.id, [person.id for person in staff]
        db.session.remove()
    return ids


def pay_as(app, group_id: int, staff_id: int, amount_paise: int,
           reference: str | None = None) -> str:
    """One request: record a payout and commit, or return the refusal's code."""
    return as_request(app, lambda: record_payout(
        db.session.get(SelfHelpGroup, group_id), amount_paise=amount_paise,
        paid_on=today_in_india(), reference=reference or f"UTR-{staff_id}",
        actor=db.session.get(User, staff_id)), done="paid")


def test_six_staff_paying_100_rupees_at_once_to_a_group_owed_360_pay_exactly_three(
        committed_app):
    group_id, staff_ids = set_up(committed_app)

    outcomes = run_together(6, lambda i: pay_as(committed_app, group_id, staff_ids[i], 10000))

    assert sorted(outcomes) == ["above_balance"] * 3 + ["paid"] * 3, outcomes
    with committed_app.app_context():
        paid = db.session.scalars(sa.select(Payout.amount_paise)).all()
        assert sum(paid) == 30000 <= 36000


def test_two_payouts_of_the_whole_balance_at_once_pay_it_once(committed_app):
    group_id, staff_ids = set_up(committed_app)

    outcomes = run_together(2, lambda i: pay_as(committed_app, group_id, staff_ids[i], 36000))

    assert sorted(outcomes) == ["above_balance", "paid"], outcomes
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.sum(Payout.amount_paise))) == 36000


def test_one_transfer_recorded_by_two_staff_at_once_is_recorded_once(committed_app):
    group_id, staff_ids = set_up(committed_app)

    outcomes = run_together(2, lambda i: pay_as(committed_app, group_id, staff_ids[i], 10000,
                                                reference="UTR 77881"))

    assert sorted(outcomes) == ["paid", "reference_used"], outcomes
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.sum(Payout.amount_paise))) == 10000


def test_without_the_lock_the_same_race_would_overpay(committed_app, monkeypatch):
    """What the lock prevents, made certain: every payout reads the balance before any of
    them writes (the lock, were it there, would make the others wait here forever)."""
    from marketplace.payouts import services

    all_read = threading.Barrier(6)
    real_balance = services.current_balance

    def balance_then_wait(group, today):
        balance = real_balance(group, today)
        all_read.wait(timeout=30)
        return balance

    monkeypatch.setattr(services, "_lock_group", lambda group: None)
    monkeypatch.setattr(services, "current_balance", balance_then_wait)
    group_id, staff_ids = set_up(committed_app)

    outcomes = run_together(6, lambda i: pay_as(committed_app, group_id, staff_ids[i], 10000))

    assert outcomes == ["paid"] * 6  # ₹600 paid to a group owed ₹360


def test_two_people_setting_the_commission_for_the_first_time_at_once_both_save(
        committed_app):
    with committed_app.app_context():
        nadaun = make_sub_division()
        staff = [make_user(Role.STAFF, sub_division=nadaun) for _ in range(2)]
        db.session.commit()
        sub_division_id, staff_ids = nadaun.id, [person.id for person in staff]
        db.session.remove()

    def set_rate(index: int) -> str:
        with committed_app.app_context():
            try:
                set_commission(sub_division_id, commission_bp=100 * (index + 1),
                               actor=db.session.get(User, staff_ids[index]))
                db.session.commit()
                return "saved"
            finally:
                db.session.remove()

    assert run_together(2, set_rate) == ["saved", "saved"]
    with committed_app.app_context():
        assert db.session.scalar(sa.select(PayoutTerms.commission_bp)) in (100, 200)
        audit = db.session.scalars(sa.select(AuditEvent.data).where(
            AuditEvent.action == "payouts.commission_set").order_by(AuditEvent.id)).all()
        assert sorted(event["old_bp"] for event in audit) == [0, audit[0]["new_bp"]]
