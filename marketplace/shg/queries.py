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


def list_approval_rows(sub_division_id: int | None) -> sa.Select:
    """The panel's approval queue rows of groups that signed up and wait for staff (None:
    every sub-division): kind, id, since, village_id, title_en, title_hi, change."""
    query = sa.select(
        sa.literal("shg").label("kind"), SelfHelpGroup.id.label("id"),
        SelfHelpGroup.created_at.label("since"), SelfHelpGroup.village_id.label("village_id"),
        SelfHelpGroup.name_en.label("title_en"), SelfHelpGroup.name_hi.label("title_hi"),
        sa.literal("new").label("change"),
    ).where(SelfHelpGroup.status == SHGStatus.PENDING_REVIEW)
    if sub_division_id is not None:
        query = query.where(SelfHelpGroup.sub_division_id == sub_division_id)
    return query
