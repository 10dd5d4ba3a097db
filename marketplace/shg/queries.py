"""Reads of self-help groups."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from marketplace.extensions import db
from marketplace.shg.models import SelfHelpGroup, SHGMember, SHGStatus


def get_group(group_id: int) -> SelfHelpGroup | None:
    return db.session.scalar(sa.select(SelfHelpGroup).where(SelfHelpGroup.id == group_id)
                             .options(joinedload(SelfHelpGroup.village),
                                      joinedload(SelfHelpGroup.photo),
                                      selectinload(SelfHelpGroup.members)
                                      .joinedload(SHGMember.user)))


def get_member(member_id: int) -> SHGMember | None:
    return db.session.get(SHGMember, member_id)


def list_groups(sub_division_id: int | None, *, status: SHGStatus | None = None) -> sa.Select:
    query = sa.select(SelfHelpGroup).options(joinedload(SelfHelpGroup.village)).order_by(
        SelfHelpGroup.status, SelfHelpGroup.name_en, SelfHelpGroup.id)
    if sub_division_id is not None:
        query = query.where(SelfHelpGroup.sub_division_id == sub_division_id)
    if status is not None:
        query = query.where(SelfHelpGroup.status == status)
    return query
