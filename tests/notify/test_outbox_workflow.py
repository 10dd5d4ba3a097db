"""The outbox message status table, as a matrix."""

from __future__ import annotations

import itertools

import pytest

from marketplace.core.errors import Conflict
from marketplace.notify.models import OutboxMessage, OutboxStatus
from marketplace.notify.workflow import CLOSED, MESSAGES, TRANSITIONS, transition

S = OutboxStatus
ALL = list(OutboxStatus)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(start, end):
    message = OutboxMessage(status=start, secret="482913")
    if end in TRANSITIONS[start]:
        transition(message, end)
        assert message.status is end
        assert (message.sent_at is not None) is (end is S.SENT)
        assert (message.secret is None) is (end in CLOSED)
    else:
        with pytest.raises(Conflict) as error:
            transition(message, end)
        assert error.value.code == "outbox_transition"
        assert (message.status, message.secret) == (start, "482913")


def test_the_claims_and_the_redrive_move_along_the_table():
    """They are conditional UPDATEs of their own (due, lease, expiry), in notify.delivery
    and notify.services; these are the moves they make."""
    assert MESSAGES.sources(S.SENDING) == (S.PENDING, S.SENDING)
    assert MESSAGES.allows(S.FAILED, S.PENDING) and MESSAGES.allows(S.FAILED, S.EXPIRED)
