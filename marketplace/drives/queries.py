"""Reads of drives, partners and camps; each page's figures in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from marketplace.accounts.models import Role, User
from marketplace.drives.models import (
    Camp,
    Drive,
    DriveTarget,
    Partner,
    PartnerOperator,
    camp_operators,
)
from marketplace.extensions import db
from marketplace.places.models import Block
from marketplace.workers.models import WorkerCategory, WorkerProfile, WorkerStatus


def get_drive(drive_id: int) -> Drive | None:
    return db.session.get(Drive, drive_id)


def list_drives(sub_division_id: int | None) -> sa.Select:
    """The drives of a sub-division (None: every one), the latest first."""
    query = sa.select(Drive).order_by(Drive.starts_on.desc(), Drive.id.desc())
    if sub_division_id is not None:
        query = query.where(Drive.sub_division_id == sub_division_id)
    return query


def _partner_order():
    """Partners by their English name, else their Hindi one."""
    return sa.func.coalesce(sa.func.nullif(Partner.name_en, ""), Partner.name_hi)


def list_partners(sub_division_id: int) -> list[Partner]:
    return list(db.session.scalars(sa.select(Partner).where(
        Partner.sub_division_id == sub_division_id).order_by(_partner_order(), Partner.id)))


def list_partners_of_operators(sub_division_id: int) -> dict[int, Partner]:
    """{operator's user id: the partner they work for}, in the sub-division."""
    return dict(db.session.execute(
        sa.select(PartnerOperator.user_id, Partner)
        .join(Partner, Partner.id == PartnerOperator.partner_id)
        .where(Partner.sub_division_id == sub_division_id)).all())


def list_operators(sub_division_id: int) -> list[User]:
    """The sub-division's CSC operators who can sign in, to assign to camps."""
    return list(db.session.scalars(sa.select(User).where(
        User.role == Role.OPERATOR, User.sub_division_id == sub_division_id,
        User.is_active_account.is_(True)).order_by(User.name)))


@dataclass(frozen=True)
class TargetRow:
    id: int
    block_id: int | None
    partner_id: int | None
    target: int
    name_en: str
    name_hi: str


def list_targets(drive_id: int) -> list[TargetRow]:
    """The drive's targets with the names of their blocks and partners: blocks first."""
    rows = db.session.execute(
        sa.select(DriveTarget.id, DriveTarget.block_id, DriveTarget.partner_id,
                  DriveTarget.target,
                  sa.func.coalesce(Block.name_en, Partner.name_en).label("name_en"),
                  sa.func.coalesce(Block.name_hi, Partner.name_hi).label("name_hi"))
        .outerjoin(Block, Block.id == DriveTarget.block_id)
        .outerjoin(Partner, Partner.id == DriveTarget.partner_id)
        .where(DriveTarget.drive_id == drive_id)
        .order_by(DriveTarget.partner_id.is_not(None), Block.name_en, _partner_order()))
    return [TargetRow(row.id, row.block_id, row.partner_id, row.target, row.name_en,
                      row.name_hi) for row in rows]


def get_camp(camp_id: int) -> Camp | None:
    return db.session.get(Camp, camp_id)


def _camps() -> sa.Select:
    return sa.select(Camp).options(joinedload(Camp.village), joinedload(Camp.partner),
                                   selectinload(Camp.operators))


def list_camps(drive_id: int) -> list[Camp]:
    return list(db.session.scalars(_camps().where(Camp.drive_id == drive_id)
                                   .order_by(Camp.held_on, Camp.id)).unique())


def list_camps_of_operator(operator_id: int, day: date) -> list[Camp]:
    """The camps `operator_id` is assigned to on `day`, whatever their status."""
    return list(db.session.scalars(
        _camps().options(joinedload(Camp.drive)).join(
            camp_operators, camp_operators.c.camp_id == Camp.id)
        .where(camp_operators.c.user_id == operator_id, Camp.held_on == day)
        .order_by(Camp.id)).unique())


@dataclass(frozen=True)
class CampCount:
    camp_id: int
    day: date
    block_id: int
    partner_id: int | None
    registered: int
    #: who registered them (None: an account since deleted)
    operator_id: int | None = None
    operator: str = ""


def count_registrations(drive_id: int) -> list[CampCount]:
    """Registrations made at each of the drive's camps by each operator (withdrawn ones not
    counted), with the camp's day, block and partner: one grouped query whatever the
    numbers, from which the drive's progress and its operators' ranking are both made."""
    counted = sa.func.count(WorkerProfile.id)
    rows = db.session.execute(
        sa.select(Camp.id, Camp.held_on, Camp.block_id, Camp.partner_id, counted,
                  WorkerProfile.registered_by_id, User.name)
        .join(WorkerProfile, WorkerProfile.camp_id == Camp.id)
        .outerjoin(User, User.id == WorkerProfile.registered_by_id)
        .where(Camp.drive_id == drive_id, WorkerProfile.status != WorkerStatus.WITHDRAWN)
        .group_by(Camp.id, Camp.held_on, Camp.block_id, Camp.partner_id,
                  WorkerProfile.registered_by_id, User.name))
    return [CampCount(*row[:6], row[6] or "") for row in rows]


def count_camp_statuses(camp_id: int) -> dict[WorkerStatus, int]:
    rows = db.session.execute(
        sa.select(WorkerProfile.status, sa.func.count(WorkerProfile.id))
        .where(WorkerProfile.camp_id == camp_id).group_by(WorkerProfile.status))
    return {WorkerStatus(status): count for status, count in rows}


def list_camp_registrations(camp_id: int) -> list[sa.Row]:
    """Each registration of the camp: name, status, the reason it was not approved, who
    registered it; by name (a camp registers tens, at most a few hundred)."""
    return list(db.session.execute(
        sa.select(WorkerProfile.id, WorkerProfile.display_name, WorkerProfile.status,
                  WorkerProfile.review_note, User.name.label("operator"))
        .outerjoin(User, User.id == WorkerProfile.registered_by_id)
        .where(WorkerProfile.camp_id == camp_id,
               WorkerProfile.status != WorkerStatus.WITHDRAWN)
        .order_by(WorkerProfile.display_name, WorkerProfile.id)))


def count_by_camps(camp_ids: list[int]) -> dict[int, int]:
    """Registrations (withdrawn ones not counted) made at each of these camps."""
    if not camp_ids:
        return {}
    return dict(db.session.execute(
        sa.select(WorkerProfile.camp_id, sa.func.count(WorkerProfile.id))
        .where(WorkerProfile.camp_id.in_(camp_ids),
               WorkerProfile.status != WorkerStatus.WITHDRAWN)
        .group_by(WorkerProfile.camp_id)).all())


@dataclass(frozen=True)
class OperatorCount:
    operator_id: int | None
    name: str
    registered: int


#: registrations waiting for consent or approval, still waiting after this long
WAITING = (WorkerStatus.PENDING_CONSENT, WorkerStatus.PENDING_REVIEW)


def list_waiting_since(drive_id: int, before, *, limit: int = 100) -> list[sa.Row]:
    """The drive's registrations still waiting (consent or approval) that were made before
    `before`, the oldest first, at most `limit`."""
    return list(db.session.execute(
        sa.select(WorkerProfile.id, WorkerProfile.display_name, WorkerProfile.status,
                  WorkerProfile.created_at, Camp.held_on)
        .join(Camp, Camp.id == WorkerProfile.camp_id)
        .where(Camp.drive_id == drive_id, WorkerProfile.status.in_(WAITING),
               WorkerProfile.created_at < before)
        .order_by(WorkerProfile.created_at, WorkerProfile.id).limit(limit)))


def count_of_operator(operator_id: int, drive_ids: list[int]) -> dict[int, int]:
    """The registrations (withdrawn ones not counted) `operator_id` made at each drive's camps:
    an operator's own numbers."""
    if not drive_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Camp.drive_id, sa.func.count(WorkerProfile.id))
        .join(WorkerProfile, WorkerProfile.camp_id == Camp.id)
        .where(Camp.drive_id.in_(drive_ids), WorkerProfile.registered_by_id == operator_id,
               WorkerProfile.status != WorkerStatus.WITHDRAWN)
        .group_by(Camp.drive_id)).all())


def list_poster_workers(village_id: int, *, limit: int) -> list[sa.Row]:
    """The workers printed on a village's paper poster, by kind of work, then name: those
    who live there, are approved (listed), chose the poster themselves and do not hide their
    number. Never anyone else: a poster cannot be taken back once it is on a wall."""
    return db.session.execute(
        sa.select(WorkerProfile.id, WorkerProfile.display_name, User.phone,
                  WorkerCategory.id.label("category_id"),
                  WorkerCategory.name_en, WorkerCategory.name_hi)
        .join(User, User.id == WorkerProfile.user_id)
        .join(WorkerCategory, WorkerCategory.id == WorkerProfile.main_category_id)
        .where(WorkerProfile.home_village_id == village_id,
               WorkerProfile.status == WorkerStatus.APPROVED,
               WorkerProfile.on_posters.is_(True), WorkerProfile.hide_phone.is_(False))
        .order_by(WorkerCategory.sort_order, WorkerCategory.id, WorkerProfile.display_name,
                  WorkerProfile.id)
        .limit(limit)).all()
