"""The life of a worker profile: the only place that changes its status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import WorkerProfile, WorkerStatus

S = WorkerStatus
TRANSITIONS: dict[WorkerStatus, set[WorkerStatus]] = {
    S.PENDING_CONSENT: {S.PENDING_REVIEW, S.WITHDRAWN},
    S.PENDING_REVIEW: {S.APPROVED, S.REJECTED, S.WITHDRAWN},
    S.APPROVED: {S.PENDING_REVIEW, S.WITHDRAWN},
    S.REJECTED: {S.PENDING_REVIEW, S.WITHDRAWN},
    S.WITHDRAWN: set(),
}


def transition(profile: WorkerProfile, to: WorkerStatus, *, actor: User | None,
               reason: str | None = None) -> None:
    """Move the profile to `to`, stamp it and audit it; Conflict('worker_transition') if illegal."""
    if to not in TRANSITIONS[profile.status]:
        raise Conflict(WorkerError.WORKER_TRANSITION, f"{profile.status} → {to}")
    before = profile.status
    profile.status = to
    if to is S.APPROVED:
        profile.is_verified = True
        profile.approved_at = utcnow()
    profile.review_note = reason if to is S.REJECTED else None
    record_event(
        f"worker.{to.value}",
        actor_id=actor.id if actor else None,
        subject_type="worker_profile",
        subject_id=profile.id,
        sub_division_id=profile.sub_division_id,
        reason=reason,
        data={"from": before.value, "to": to.value},
    )
