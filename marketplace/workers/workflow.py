"""The life of a worker profile and of its listing in a neighbouring sub-division: their
transition tables and the only place that changes their status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.core.workflow import Audit, change_status, register
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import (
    NeighbourListing,
    NeighbourStatus,
    WorkerProfile,
    WorkerStatus,
)

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


N = NeighbourStatus
NEIGHBOUR_TRANSITIONS: dict[NeighbourStatus, set[NeighbourStatus]] = {
    N.PROPOSED: {N.ACCEPTED, N.REFUSED, N.ENDED},
    N.ACCEPTED: {N.ENDED},
    N.REFUSED: set(),
    N.ENDED: set(),
}
#: audited under the sub-division asked (the listing's sub_division_id)
NEIGHBOURS = register(NeighbourListing, NEIGHBOUR_TRANSITIONS,
                      code=WorkerError.NEIGHBOUR_TRANSITION,
                      stamps={N.ACCEPTED: "decided_at", N.REFUSED: "decided_at",
                              N.ENDED: "ended_at"},
                      audit=Audit("neighbour", "neighbour_listing", with_moves=True))


def move_listing(listing: NeighbourListing, to: NeighbourStatus, *, actor: User,
                 reason: str | None = None) -> None:
    """Move a neighbour listing to `to`, stamp it and audit it.
    Conflict('neighbour_transition') if illegal (decided or ended by someone else)."""
    change_status(listing, to, actor_id=actor.id, reason=reason)
