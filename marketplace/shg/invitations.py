"""A woman who has a Swarozgar account already is asked before a leader's "add member" makes
her one: she gets a signed link (no state is kept until she answers) and becomes a member
when she agrees on the page it opens (services.join_group). A number without an account is
enrolled at once, as the group's way of bringing in members without phones of their own."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

#: how long an invitation's link works
INVITATION_MAX_AGE = 14 * 24 * 3600
_SALT = "shg-invitation"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def invitation_url(group_id: int, user_id: int) -> str:
    token = _serializer().dumps({"g": group_id, "u": user_id})
    return f"{current_app.config['PUBLIC_BASE_URL']}/shg/join/{token}"


def read_invitation(token: str) -> tuple[int, int] | None:
    """(group id, user id) of a link we signed and that has not expired; else None."""
    try:
        data = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except BadSignature:
        return None
    if not (isinstance(data, dict) and isinstance(data.get("g"), int)
            and isinstance(data.get("u"), int)):
        return None
    return data["g"], data["u"]
