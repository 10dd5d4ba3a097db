"""The payment status table, as a matrix (the helper needs no database row)."""

from __future__ import annotations

import itertools

import pytest

from marketplace.core.errors import Conflict
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payments.workflow import TRANSITIONS, transition

ALL = list(PaymentStatus)
STAMPS = {PaymentStatus.PAID: "paid_at", PaymentStatus.REFUNDED: "refunded_at"}


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(start, end):
    payment = Payment(status=start)
    if end in TRANSITIONS[start]:
        transition(payment, end)
        assert payment.status is end
        stamped = {column for column in STAMPS.values() if getattr(payment, column)}
        assert stamped == ({STAMPS[end]} if end in STAMPS else set())
    else:
        with pytest.raises(Conflict) as error:
            transition(payment, end)
        assert error.value.code == "payment_transition"
        assert payment.status is start
