"""`inserted`: the first of two rows a unique constraint allows once wins; the second leaves
nothing behind and the transaction goes on."""

import sqlalchemy as sa

from marketplace.core.locks import inserted
from marketplace.extensions import db
from marketplace.payments.models import ProcessedWebhookEvent


def _event(kind: str) -> ProcessedWebhookEvent:
    return ProcessedWebhookEvent(provider="stripe", event_id="evt_1", event_type=kind)


def _kinds() -> list[str]:
    return db.session.scalars(sa.select(ProcessedWebhookEvent.event_type)).all()


def test_the_first_row_is_inserted_and_the_second_is_refused_without_a_trace(app):
    assert inserted(_event("first")) is True
    second = _event("second")
    assert inserted(second) is False
    assert second not in db.session  # not left pending for the next flush
    assert _kinds() == ["first"]
    # The savepoint was rolled back, not the transaction: later work still commits with it.
    assert inserted(ProcessedWebhookEvent(provider="stripe", event_id="evt_2",
                                          event_type="third")) is True
    db.session.flush()
    assert sorted(_kinds()) == ["first", "third"]
