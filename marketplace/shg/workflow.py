"""The life of a self-help group: its transition table and the only place that changes its
status."""

from __future__ import annotations

from marketplace.accounts.models import User
from marketplace.core.workflow import Audit, change_status, register
from marketplace.shg.errors import ShgError
from marketplace.shg.models import SelfHelpGroup, SHGStatus

S = SHGStatus
#: a group that signed itself up is decided once; one registered by staff starts approved
TRANSITIONS: dict[SHGStatus, set[SHGStatus]] = {
    S.PENDING_REVIEW: {S.APPROVED, S.REJECTED},
    S.APPROVED: set(),
    S.REJECTED: set(),
}
GROUPS = register(SelfHelpGroup, TRANSITIONS, code=ShgError.SHG_TRANSITION,
                  stamps={S.APPROVED: "approved_at"}, audit=Audit("shg", "shg"))


def transition(group: SelfHelpGroup, to: SHGStatus, *, actor: User,
               reason: str | None = None) -> None:
    """Move the group to `to`, stamp and audit it; a rejected group keeps the reason.
    Conflict('shg_transition') if the table forbids it."""
    change_status(group, to, actor_id=actor.id, reason=reason)
    group.review_note = reason if to is S.REJECTED else None
