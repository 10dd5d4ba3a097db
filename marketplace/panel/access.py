"""Which sub-division a panel page works on: the staff member's own; admins see all."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.places.queries import get_default_sub_division


def sub_division_scope() -> int | None:
    """The id that lists are filtered by, or None for an admin (every sub-division)."""
    return None if current_user.role is Role.ADMIN else current_user.sub_division_id


def working_sub_division():
    """The one sub-division a page acts on (an admin acts on the first)."""
    return current_user.sub_division or get_default_sub_division() or abort(404)
