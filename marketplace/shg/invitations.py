"""A woman who has a Swarozgar account already is asked before a leader's "add member" makes
her one: she gets a signed link (no state is kept until she answers) and becomes a member
when she agrees on the page it opens (services.join_group). A number without an account is
enrolled at once, as the group's way of bringing in members without phones of their own."""

from __future__ import annotations

from marketplace.core.links import read_signed, signed_url

#: how long an invitation's link works
INVITATION_MAX_AGE = 14 * 24 * 3600
_SALT = "shg-invitation"


def invitation_url(group_id: int, user_id: int) -> str:
    return signed_url(_SALT, "/shg/join", {"g": group_id, "u": user_id})


def read_invitation(token: str) -> tuple[int, int] | None:
    """(group id, user id) of a link we signed and that has not expired; else None."""
    data = read_signed(_SALT, token, max_age=INVITATION_MAX_AGE, keys=("g", "u"))
    return (int(data["g"]), int(data["u"])) if data is not None else None
