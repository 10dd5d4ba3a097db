"""Which sub-division a panel page works on: staff their own; admins the one they chose.

An admin sees every sub-division until they choose one on the panel home; the choice is kept
in the session (no process memory) and only admins' choices are ever read.
"""

from __future__ import annotations

from flask import abort, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField

from marketplace.accounts.models import Role
from marketplace.core.forms import Form
from marketplace.places.models import SubDivision
from marketplace.places.queries import get_default_sub_division, get_sub_division

_CHOSEN = "panel_sub_division_id"


def require_admin() -> None:
    """Pages for site admins only: anyone else in the panel gets 403."""
    if current_user.role is not Role.ADMIN:
        abort(403)


def chosen_sub_division() -> SubDivision | None:
    """The sub-division an admin chose to work on, or None (staff, no choice, or gone)."""
    if current_user.role is not Role.ADMIN:
        return None
    chosen = session.get(_CHOSEN)
    return get_sub_division(chosen) if isinstance(chosen, int) else None


def choose_sub_division(sub_division: SubDivision | None) -> None:
    """Remember an admin's choice (None: every sub-division again). Callers check the role."""
    if sub_division is None:
        session.pop(_CHOSEN, None)
    else:
        session[_CHOSEN] = sub_division.id


def sub_division_scope() -> int | None:
    """The id that lists are filtered by: the staff member's own; for an admin the chosen
    one, or None (every sub-division) until they choose."""
    if current_user.role is Role.ADMIN:
        chosen = chosen_sub_division()
        return chosen.id if chosen is not None else None
    return current_user.sub_division_id


def working_sub_division() -> SubDivision:
    """The one sub-division a page acts on (an admin who has not chosen: the first)."""
    return (chosen_sub_division() or current_user.sub_division or get_default_sub_division()
            or abort(404))


class SubDivisionChoiceForm(Form):
    """The panel home's switch for admins; choices are set by the view."""

    sub_division = SelectField(_l("Work on"), coerce=str)
