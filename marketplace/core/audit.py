"""The audit log: who did what to which thing, when and why."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Keyed, UTCDateTime, utcnow
from marketplace.extensions import db


class AuditEvent(Keyed, db.Model):
    __tablename__ = "audit_events"

    #: the account that acted; None for the system or an anonymous visitor
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: dotted verb, e.g. "account.password_changed"
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    subject_type: Mapped[str] = mapped_column(sa.String(32))
    subject_id: Mapped[int | None] = mapped_column()
    #: the tenant the event belongs to, for per-sub-division audit views
    sub_division_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sub_divisions.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(sa.String(500))
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    __table_args__ = (sa.Index("ix_audit_events_subject", "subject_type", "subject_id"),)


def record_event(
    action: str,
    *,
    actor_id: int | None,
    subject_type: str,
    subject_id: int | None,
    sub_division_id: int | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the caller's transaction (flushes nothing, commits nothing)."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        subject_type=subject_type,
        subject_id=subject_id,
        sub_division_id=sub_division_id,
        reason=reason,
        data=data or {},
    )
    db.session.add(event)
    return event
