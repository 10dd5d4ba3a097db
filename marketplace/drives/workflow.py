"""The life of a camp: its transition table and the only place that changes its status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.core.workflow import Audit, change_status, register
from marketplace.drives.errors import DriveError
from marketplace.drives.models import Camp, CampStatus

S = CampStatus
TRANSITIONS: dict[CampStatus, set[CampStatus]] = {
    S.PLANNED: {S.HELD, S.CANCELLED, S.MOVED},
    S.MOVED: {S.HELD, S.CANCELLED, S.MOVED},
    S.HELD: set(),
    S.CANCELLED: set(),
}
CAMPS = register(Camp, TRANSITIONS, code=DriveError.CAMP_TRANSITION,
                 stamps={S.HELD: "held_at", S.CANCELLED: "cancelled_at", S.MOVED: "moved_at"},
                 audit=Audit("camp", "camp", with_moves=True))

#: still to be held: registrations may be counted to it on its day
OPEN = frozenset({S.PLANNED, S.MOVED})


def transition(camp: Camp, to: CampStatus, *, actor: User, reason: str | None = None) -> None:
    """Move the camp to `to`, stamp it and audit it; a cancelled or moved camp keeps the
    reason. Conflict('camp_transition') if the table has no such move."""
    change_status(camp, to, actor_id=actor.id, reason=reason)
    if to in (S.CANCELLED, S.MOVED):
        camp.note = reason
