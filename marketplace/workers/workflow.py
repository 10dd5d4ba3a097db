"""The life of a worker profile: its transition table and the only place that changes its
status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.core.workflow import Audit, change_status, register
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
WORKERS = register(WorkerProfile, TRANSITIONS, code=WorkerError.WORKER_TRANSITION,
                   stamps={S.APPROVED: "approved_at"},
                   audit=Audit("worker", "worker_profile", with_moves=True))


def transition(profile: WorkerProfile, to: WorkerStatus, *, actor: User | None,
               reason: str | None = None) -> None:
    """Move the profile to `to`, stamp it and audit it; an approved profile is verified, a
    rejected one keeps the reason. Conflict('worker_transition') if illegal."""
    change_status(profile, to, actor_id=actor.id if actor else None, reason=reason)
    if to is S.APPROVED:
        profile.is_verified = True
    profile.review_note = reason if to is S.REJECTED else None
