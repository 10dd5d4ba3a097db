"""Messages to the staff of a sub-division (the SDM office), through the outbox."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from marketplace.notify.services import queue_message


def tell_staff(sub_division_id: int, kind: str, **params) -> int:
    """Queue `kind` to every active staff account of the sub-division, each in their own
    language, in the current transaction. Returns how many were queued."""
    staff = db.session.scalars(sa.select(User).where(
        User.role == Role.STAFF, User.sub_division_id == sub_division_id,
        User.is_active_account.is_(True))
        .order_by(User.id)).all()
    for user in staff:
        queue_message(user.phone, kind, language=user.preferred_language,
                      sub_division_id=sub_division_id, **params)
    return len(staff)
