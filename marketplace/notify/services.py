"""Queue messages in the caller's transaction; they are delivered only after it commits."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from marketplace.notify.texts import render_text

_PENDING_KEY = "outbox_new_ids"


def queue_message(
    to_phone: str,
    kind: str,
    *,
    language: str,
    sub_division_id: int | None = None,
    **params,
) -> OutboxMessage:
    """Write an outbox row for `to_phone` in the current transaction (flushes).

    Raises KeyError for an unknown kind. Delivery is started after the commit by the
    configured dispatcher; if the transaction rolls back, nothing is sent.
    """
    language = language if language in ("hi", "en") else "hi"
    message = OutboxMessage(
        to_phone=to_phone,
        kind=kind,
        language=language,
        body=render_text(kind, language, **params),
        sub_division_id=sub_division_id,
    )
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault(_PENDING_KEY, []).append(message.id)
    return message


def _after_commit(session: Session) -> None:
    # Releasing a SAVEPOINT (begin_nested) fires after_commit too, while the rows are not yet
    # committed: only the outermost commit may hand them on.
    if session.in_nested_transaction():
        return
    ids = session.info.pop(_PENDING_KEY, None)
    if ids:
        current_app.extensions["outbox_dispatch"](ids)


def _after_rollback(session: Session) -> None:
    # Rolled-back rows never existed. A SAVEPOINT rolled back keeps the outer transaction's
    # ids (an id whose row it undid finds nothing to claim later).
    if session.in_nested_transaction():
        return
    session.info.pop(_PENDING_KEY, None)


def watch_commits() -> None:
    """Hand the ids of committed outbox rows to the app's dispatcher after each commit."""
    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
