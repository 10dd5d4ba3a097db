"""Drives, their targets and camps: the verbs. Services flush, never commit; they take the
acting account and raise DomainErrors: InvalidInput (bad values), Forbidden (not theirs),
Conflict (state, or a drive changed meanwhile). Operators hear of a cancelled or moved camp
through the outbox."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from marketplace.accounts.access import is_staff_for
from marketplace.accounts.models import Role, User
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.core.i18n import localized
from marketplace.core.locks import inserted
from marketplace.core.text import one_line, two_names
from marketplace.drives.errors import DriveError
from marketplace.drives.models import (
    MAX_DRIVE_NAME,
    MAX_FOOTFALL,
    MAX_PARTNER_NAME,
    MAX_TARGET,
    Camp,
    CampStatus,
    Drive,
    DriveTarget,
    Partner,
    PartnerKind,
    PartnerOperator,
    drive_categories,
)
from marketplace.drives.workflow import OPEN, transition
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.places.models import Block, SubDivision, Village
from marketplace.workers.assisted import register_for_worker
from marketplace.workers.importing import save_batch
from marketplace.workers.models import ImportBatch, WorkerCategory, WorkerProfile
from marketplace.workers.services import ProfileInput

#: the longest drive: a year
MAX_DAYS = 366


def _check_staff(actor: User, sub_division_id: int) -> None:
    if not is_staff_for(actor, sub_division_id):
        raise Forbidden(DriveError.MANAGE)


def add_partner(sub_division: SubDivision, *, kind: PartnerKind, name_en: str = "",
                name_hi: str = "", actor: User) -> Partner:
    """A partner of the sub-division (e.g. 'ITI Nadaun', 'आईटीआई नादौन'), named in English or
    Hindi or both; InvalidInput('partner_name') with neither, Conflict('partner_exists') if
    either name is another partner's of the sub-division."""
    _check_staff(actor, sub_division.id)
    name_en, name_hi = two_names(name_en, name_hi, MAX_PARTNER_NAME, DriveError.PARTNER_NAME)
    partner = Partner(sub_division_id=sub_division.id, kind=PartnerKind(kind), name_en=name_en,
                      name_hi=name_hi)
    if not inserted(partner):  # a unique index per language decides, even between two at once
        raise Conflict(DriveError.PARTNER_EXISTS)
    record_event("drive.partner_added", actor_id=actor.id, subject_type="partner",
                 subject_id=partner.id, sub_division_id=sub_division.id,
                 data={"kind": partner.kind.value})
    return partner


@dataclass
class DriveInput:
    name_en: str
    starts_on: date
    ends_on: date
    #: block id → target; a block left out has none
    block_targets: dict[int, int] = field(default_factory=dict)
    #: partner id → target
    partner_targets: dict[int, int] = field(default_factory=dict)
    category_ids: list[int] = field(default_factory=list)
    #: one of the two names is enough
    name_hi: str = ""


def _ids_of(model, ids, sub_division_id: int) -> set[int]:
    if not ids:
        return set()
    return set(db.session.scalars(sa.select(model.id).where(
        model.id.in_(list(ids)), model.sub_division_id == sub_division_id)))


def _checked(data: DriveInput, sub_division_id: int) -> DriveInput:
    """The input with its names cleaned; InvalidInput for a value the drive cannot have."""
    name_en, name_hi = two_names(data.name_en, data.name_hi, MAX_DRIVE_NAME, DriveError.NAME)
    if data.ends_on < data.starts_on or (data.ends_on - data.starts_on).days >= MAX_DAYS:
        raise InvalidInput(DriveError.DATES)
    for target in [*data.block_targets.values(), *data.partner_targets.values()]:
        if not isinstance(target, int) or isinstance(target, bool) \
                or not 0 <= target <= MAX_TARGET:
            raise InvalidInput(DriveError.TARGET)
    if _ids_of(Block, data.block_targets, sub_division_id) != set(data.block_targets) or \
            _ids_of(Partner, data.partner_targets, sub_division_id) != set(data.partner_targets):
        raise InvalidInput(DriveError.TARGET_PLACE)
    categories = set(data.category_ids)
    if categories and len(categories) != db.session.scalar(sa.select(sa.func.count()).where(
            WorkerCategory.id.in_(categories))):
        raise InvalidInput(DriveError.CATEGORY)
    return DriveInput(name_en, data.starts_on, data.ends_on, dict(data.block_targets),
                      dict(data.partner_targets), sorted(categories), name_hi)


def _write_targets_and_categories(drive_id: int, data: DriveInput) -> None:
    db.session.execute(sa.delete(DriveTarget).where(DriveTarget.drive_id == drive_id))
    db.session.execute(sa.delete(drive_categories).where(drive_categories.c.drive_id == drive_id))
    db.session.add_all(
        [DriveTarget(drive_id=drive_id, block_id=block_id, target=target)
         for block_id, target in sorted(data.block_targets.items())]
        + [DriveTarget(drive_id=drive_id, partner_id=partner_id, target=target)
           for partner_id, target in sorted(data.partner_targets.items())])
    if data.category_ids:
        db.session.execute(sa.insert(drive_categories), [
            {"drive_id": drive_id, "category_id": category_id}
            for category_id in data.category_ids])


def create_drive(sub_division: SubDivision, data: DriveInput, *, actor: User) -> Drive:
    _check_staff(actor, sub_division.id)
    data = _checked(data, sub_division.id)
    drive = Drive(sub_division_id=sub_division.id, name_en=data.name_en, name_hi=data.name_hi,
                  starts_on=data.starts_on, ends_on=data.ends_on, created_by_id=actor.id)
    db.session.add(drive)
    db.session.flush()
    _write_targets_and_categories(drive.id, data)
    db.session.flush()
    record_event("drive.created", actor_id=actor.id, subject_type="drive", subject_id=drive.id,
                 sub_division_id=sub_division.id)
    return drive


def update_drive(drive: Drive, data: DriveInput, *, expected_version: int,
                 actor: User) -> Drive:
    """Save an edit made from the drive as it was at `expected_version`. The version is
    raised by a compare-and-set UPDATE, so of two staff saving at once exactly one wins and
    the other gets Conflict('drive_changed_meanwhile'), with nothing of theirs written.
    InvalidInput('drive_camps_outside') when a camp still on would fall outside the dates."""
    _check_staff(actor, drive.sub_division_id)
    data = _checked(data, drive.sub_division_id)
    outside = db.session.scalar(sa.select(Camp.id).where(
        Camp.drive_id == drive.id, Camp.status != CampStatus.CANCELLED,
        sa.or_(Camp.held_on < data.starts_on, Camp.held_on > data.ends_on)).limit(1))
    if outside is not None:
        raise InvalidInput(DriveError.CAMPS_OUTSIDE)
    moved = db.session.execute(
        sa.update(Drive).where(Drive.id == drive.id, Drive.version == expected_version)
        .values(version=Drive.version + 1, name_en=data.name_en, name_hi=data.name_hi,
                starts_on=data.starts_on, ends_on=data.ends_on, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise Conflict(DriveError.CHANGED_MEANWHILE)
    _write_targets_and_categories(drive.id, data)
    db.session.flush()
    db.session.expire(drive)
    record_event("drive.edited", actor_id=actor.id, subject_type="drive", subject_id=drive.id,
                 sub_division_id=drive.sub_division_id, data={"version": expected_version + 1})
    return drive


@dataclass
class CampInput:
    held_on: date
    village_id: int
    operator_ids: list[int]
    partner_id: int | None = None
    expected_footfall: int = 0


def _checked_place_and_day(drive: Drive, held_on: date, village_id: int,
                           today: date) -> Village:
    """The village of a camp to be held on `held_on`: a day within the drive and not yet
    past (operators would be sent to a camp that can no longer happen), in the drive's
    sub-division. InvalidInput: camp_date, camp_day_past, camp_village."""
    if not drive.starts_on <= held_on <= drive.ends_on:
        raise InvalidInput(DriveError.CAMP_DATE)
    if held_on < today:
        raise InvalidInput(DriveError.CAMP_DAY_PAST)
    village = db.session.get(Village, village_id)
    if village is None or village.sub_division_id != drive.sub_division_id:
        raise InvalidInput(DriveError.CAMP_VILLAGE)
    return village


def plan_camp(drive: Drive, data: CampInput, *, actor: User, today: date) -> Camp:
    """A camp of the drive on a day within its dates and not before `today` (India's), in a
    village of its sub-division, with that sub-division's operators (one at least) and
    optionally one of its partners."""
    _check_staff(actor, drive.sub_division_id)
    village = _checked_place_and_day(drive, data.held_on, data.village_id, today)
    if data.partner_id is not None and not _ids_of(Partner, [data.partner_id],
                                                   drive.sub_division_id):
        raise InvalidInput(DriveError.PARTNER)
    if not 0 <= data.expected_footfall <= MAX_FOOTFALL:
        raise InvalidInput(DriveError.FOOTFALL)
    wanted = set(data.operator_ids)
    operators = db.session.scalars(sa.select(User).where(
        User.id.in_(wanted), User.role == Role.OPERATOR, User.is_active_account.is_(True),
        User.sub_division_id == drive.sub_division_id)).all() if wanted else []
    if not operators or len(operators) != len(wanted):
        raise InvalidInput(DriveError.CAMP_OPERATORS)
    camp = Camp(sub_division_id=drive.sub_division_id, drive_id=drive.id, held_on=data.held_on,
                village_id=village.id, block_id=village.block_id, partner_id=data.partner_id,
                expected_footfall=data.expected_footfall, operators=list(operators))
    db.session.add(camp)
    db.session.flush()
    record_event("camp.planned", actor_id=actor.id, subject_type="camp", subject_id=camp.id,
                 sub_division_id=camp.sub_division_id, data={"drive": drive.id})
    return camp


def _tell_operators(camp: Camp, kind: str, **params) -> None:
    """One message per assigned operator, in their language, with the camp's day and place
    written in it."""
    for operator in camp.operators:
        language = operator.preferred_language
        queue_message(operator.phone, kind, language=language,
                      sub_division_id=camp.sub_division_id,
                      drive=localized(camp.drive, "name", language), day=camp.held_on,
                      place=localized(camp.village, "name", language), **params)


def has_camp_day_come(camp: Camp, today: date) -> bool:
    """A camp is marked held on its day or later, never before: held, it takes no more
    registrations and counts among the drive's camps held."""
    return camp.held_on <= today


def mark_held(camp: Camp, *, actor: User, today: date) -> None:
    """Conflict('camp_held_early') before the camp's day; the transition's own refusals."""
    _check_staff(actor, camp.sub_division_id)
    if not has_camp_day_come(camp, today):
        raise Conflict(DriveError.HELD_EARLY)
    transition(camp, CampStatus.HELD, actor=actor)


def cancel_camp(camp: Camp, *, actor: User, reason: str) -> None:
    """Cancel a camp still to be held and tell its operators why."""
    _check_staff(actor, camp.sub_division_id)
    reason = one_line(reason, 300, DriveError.REASON)
    transition(camp, CampStatus.CANCELLED, actor=actor, reason=reason)
    _tell_operators(camp, "camp_cancelled", reason=reason)


def move_camp(camp: Camp, *, held_on: date, village_id: int, actor: User, reason: str,
              today: date) -> None:
    """Move a camp still to be held to another day (within the drive, not before `today`) or
    place, and tell its operators where and when it is now. Conflict('camp_move_registered')
    once workers are registered at it: they count on its day and in its block."""
    _check_staff(actor, camp.sub_division_id)
    reason = one_line(reason, 300, DriveError.REASON)
    village = _checked_place_and_day(camp.drive, held_on, village_id, today)
    if held_on == camp.held_on and village.id == camp.village_id:
        raise InvalidInput(DriveError.MOVE_SAME)
    if db.session.scalar(sa.select(WorkerProfile.id).where(
            WorkerProfile.camp_id == camp.id).limit(1)) is not None:
        raise Conflict(DriveError.MOVE_REGISTERED)
    transition(camp, CampStatus.MOVED, actor=actor, reason=reason)
    camp.held_on, camp.village, camp.block_id = held_on, village, village.block_id
    db.session.flush()
    _tell_operators(camp, "camp_moved", reason=reason)


def takes_registrations(camp: Camp, today: date) -> bool:
    """A camp counts registrations on its day only, while it is still on (planned or moved
    there): not once held or cancelled."""
    return camp.held_on == today and camp.status in OPEN


def may_register_at(actor: User, camp: Camp, today: date) -> DriveError | None:
    """Why `actor` may not count a registration to `camp` today, or None if they may."""
    if actor.id not in {operator.id for operator in camp.operators}:
        return DriveError.NOT_ASSIGNED
    if not takes_registrations(camp, today):
        return DriveError.NOT_TODAY
    return None


def check_camp_import(camp_id: int, today: date) -> None:
    """A list checked at a camp (workers.importing.on_camp_import) is imported only while the
    camp takes registrations; Conflict('camp_not_today') after it (a later day, or once
    held or cancelled)."""
    camp = db.session.get(Camp, camp_id)
    if camp is None or not takes_registrations(camp, today):
        raise Conflict(DriveError.NOT_TODAY)


def _check_may_register(actor: User, camp: Camp, today: date) -> None:
    refused = may_register_at(actor, camp, today)
    if refused is DriveError.NOT_ASSIGNED:
        raise Forbidden(refused)
    if refused is not None:
        raise Conflict(refused)


def upload_at_camp(camp: Camp, content_of: Callable[[], str], file_name: str, *,
                   actor: User, today: date) -> ImportBatch:
    """A skill-mapping list collected at a camp, by one of its operators on its day, kept for
    the import's preview (workers.importing): the workers it imports count to the camp.
    `content_of` reads the upload once the operator may make it. Forbidden and Conflict as
    register_at_camp; InvalidInput for a file that is not a skill-mapping list."""
    _check_may_register(actor, camp, today)
    return save_batch(content_of(), file_name,
                      sub_division=db.session.get(SubDivision, camp.sub_division_id),
                      actor=actor, camp_id=camp.id)


def register_at_camp(camp: Camp, *, actor: User, phone: str, name: str, language: str,
                     data: ProfileInput, today: date) -> WorkerProfile:
    """The counter's assisted registration (workers.assisted), made at a camp by one of its
    operators on its day: the profile carries the camp, which counts it to the camp, its
    block and its partner. Forbidden('camp_not_assigned') for anyone not assigned;
    Conflict('camp_not_today') on another day or once the camp is held or cancelled."""
    _check_may_register(actor, camp, today)
    profile = register_for_worker(actor=actor,
                                  sub_division=db.session.get(SubDivision, camp.sub_division_id),
                                  phone=phone, name=name, language=language, data=data,
                                  today=today)
    profile.camp_id = camp.id
    db.session.flush()
    return profile



def set_operator_partner(sub_division: SubDivision, operator_id: int, partner_id: int | None,
                         *, actor: User) -> None:
    """Say which partner a CSC operator of the sub-division works for (None: none); flushes
    and records it. Raises Forbidden(drive_manage) for staff of another sub-division,
    InvalidInput: partner_operator (not an operator of this sub-division), camp_partner (not
    a partner of it)."""
    _check_staff(actor, sub_division.id)
    operator = db.session.get(User, operator_id)
    if (operator is None or operator.role is not Role.OPERATOR
            or operator.sub_division_id != sub_division.id):
        raise InvalidInput(DriveError.OPERATOR)
    if partner_id is not None and partner_id not in _ids_of(Partner, [partner_id],
                                                            sub_division.id):
        raise InvalidInput(DriveError.PARTNER)
    current = db.session.get(PartnerOperator, operator.id)
    if current is not None and current.partner_id == partner_id:
        return
    if current is not None:
        db.session.delete(current)
    if partner_id is not None:
        db.session.add(PartnerOperator(user_id=operator.id, partner_id=partner_id))
    record_event("drive.operator_partner_set", actor_id=actor.id, subject_type="user",
                 subject_id=operator.id, sub_division_id=sub_division.id,
                 data={"partner_id": partner_id})
    db.session.flush()
