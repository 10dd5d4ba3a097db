"""Reads of the audit log for the panel: search, one subject's history, who acted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.core.audit import AuditEvent
from marketplace.core.db import INDIA
from marketplace.core.text import ascii_digits
from marketplace.extensions import db

SUBJECT_LABELS = {
    "worker_profile": _l("Worker"), "shg": _l("Self-help group"), "product": _l("Product"),
    "review": _l("Review"), "booking": _l("Booking"), "order": _l("Order"),
    "payment": _l("Payment"), "payout": _l("Payout"), "delivery_run": _l("Delivery run"),
    "run_stop": _l("Delivery stop"), "delivery_slot": _l("Delivery slot"),
    "category": _l("Worker category"), "sub_division": _l("Sub-division"),
    "user": _l("Account"),
}

#: the decisions of the approval queue in words; other actions show their code
ACTION_LABELS = {
    "worker.approved": _l("Worker approved"), "worker.rejected": _l("Worker not approved"),
    "worker.changes_approved": _l("Worker's changes approved"),
    "worker.changes_rejected": _l("Worker's changes not approved"),
    "shg.approved": _l("Group approved"), "shg.rejected": _l("Group not approved"),
    "product.approved": _l("Product approved"), "product.rejected": _l("Product not approved"),
    "product.changes_approved": _l("Product's changes approved"),
    "product.changes_rejected": _l("Product's changes not approved"),
    "review.flagged": _l("Review reported by the worker"), "review.hidden": _l("Review hidden"),
    "review.flag_cleared": _l("Review kept (report cleared)"),
}


@dataclass
class AuditSearch:
    action: str = ""
    actor: str = ""
    subject_type: str = ""
    subject_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=INDIA).astimezone(UTC)


def _actors_matching(words: str) -> sa.Select:
    """Accounts whose name contains the words, or whose number contains the digits typed
    (four at least, so that "2" does not match everyone)."""
    conditions = [User.name.icontains(words, autoescape=True)]
    digits = "".join(ch for ch in ascii_digits(words) if ch.isdigit())
    if len(digits) >= 4:
        conditions.append(User.phone.contains(digits[-10:], autoescape=True))
    return sa.select(User.id).where(sa.or_(*conditions))


def search_events(scope: int | None, search: AuditSearch) -> sa.Select:
    """Events newest first; `scope` keeps a staff member to their sub-division (None: all,
    for admins). One SELECT; page it with core.pagination.paginate."""
    query = sa.select(AuditEvent)
    if scope is not None:
        query = query.where(AuditEvent.sub_division_id == scope)
    if search.action.strip():
        query = query.where(AuditEvent.action.startswith(search.action.strip().lower(),
                                                         autoescape=True))
    if search.actor.strip():
        query = query.where(AuditEvent.actor_id.in_(_actors_matching(search.actor.strip())))
    if search.subject_type:
        query = query.where(AuditEvent.subject_type == search.subject_type)
    if search.subject_id is not None:
        query = query.where(AuditEvent.subject_id == search.subject_id)
    if search.date_from is not None:
        query = query.where(AuditEvent.created_at >= _start_of(search.date_from))
    if search.date_to is not None:
        query = query.where(AuditEvent.created_at
                            < _start_of(search.date_to + timedelta(days=1)))
    if search.text.strip():
        query = query.where(AuditEvent.reason.icontains(search.text.strip(), autoescape=True))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


def list_subject_events(subject_type: str, subject_id: int, limit: int = 20) -> list[AuditEvent]:
    """The latest decisions about one thing, newest first."""
    return list(db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.subject_type == subject_type,
                                    AuditEvent.subject_id == subject_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(limit)))


def get_actors(events: list[AuditEvent]) -> dict[int, User]:
    """The accounts that acted in these events, by id (one query, none when nobody did)."""
    ids = {event.actor_id for event in events if event.actor_id}
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}
