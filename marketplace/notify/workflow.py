"""The life of an outbox message: its transition table and the only place that changes its
status outside the deliverer's claims.

A deliverer claims a message (pending, or sending with a stale claim → sending) and staff
redrive dead letters (failed → pending, or expired for a one-time code) by conditional
UPDATEs in notify.delivery and notify.services, with conditions beyond the status (due,
lease, expiry); what comes of a send goes through `transition`.
"""

from __future__ import annotations

from marketplace.core.workflow import Workflow, change_status, register
from marketplace.notify.errors import OutboxError
from marketplace.notify.models import DeliveryStatus, OutboxMessage, OutboxStatus

S = OutboxStatus
TRANSITIONS: dict[OutboxStatus, set[OutboxStatus]] = {
    S.PENDING: {S.SENDING},
    # sending → sending: a claim older than the lease is taken over by another deliverer
    S.SENDING: {S.SENDING, S.SENT, S.PENDING, S.FAILED, S.EXPIRED},
    S.FAILED: {S.PENDING, S.EXPIRED},
    S.SENT: set(),
    S.EXPIRED: set(),
}
MESSAGES = register(OutboxMessage, TRANSITIONS, code=OutboxError.OUTBOX_TRANSITION,
                    stamps={S.SENT: "sent_at"})


#: a message in these is not sent by the deliverer again
CLOSED = {S.SENT, S.FAILED, S.EXPIRED}


def transition(message: OutboxMessage, to: OutboxStatus) -> None:
    """Move the message to `to` and stamp it; a closed message forgets its one-time code.
    Conflict('outbox_transition') for a move the table does not have."""
    change_status(message, to)
    if to in CLOSED:
        message.secret = None


D = DeliveryStatus
#: What WhatsApp's status reports may do to a message's delivery status. Reports come twice
#: and out of order, so a report only moves it forward: read is final, and a failure report
#: is overruled by a later delivered or read (the phone did get it). A message without a
#: report yet (NULL) takes any. Applied by the compare-and-set in
#: `notify.services.record_delivery_status` (its WHERE asks `DELIVERY.sources`).
DELIVERY = Workflow(
    model=OutboxMessage, code=OutboxError.OUTBOX_TRANSITION, stamps={}, audit=None,
    moves={D.SENT: frozenset({D.FAILED, D.DELIVERED, D.READ}),
           D.FAILED: frozenset({D.DELIVERED, D.READ}),
           D.DELIVERED: frozenset({D.READ}),
           D.READ: frozenset()})
