"""A demo sub-division's registration drive: partners, a fortnight's drive around today with targets
per block and partner, a camp held three days ago (with registrations), today's camp for
the demo operator, and one still to come."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.demo.recipe import Recipe
from marketplace.drives import services
from marketplace.drives.models import CampStatus, Drive
from marketplace.drives.workflow import transition
from marketplace.extensions import db
from marketplace.places.models import Block, SubDivision, Village
from marketplace.workers.models import WorkerCategory, WorkerProfile

FOCUS = ("mason", "electrician", "plumber", "tailor")
#: demo workers counted to the camp held three days ago
HELD_CAMP_REGISTRATIONS = 14


def _person(sub_division: SubDivision, role: Role) -> User:
    return db.session.scalars(sa.select(User).where(
        User.role == role, User.sub_division_id == sub_division.id).order_by(User.id)).first()


def seed_drive(sub_division: SubDivision, recipe: Recipe, today: date) -> Drive | None:
    """The drive with the recipe's partners, once (None when the sub-division has one
    already)."""
    if db.session.scalar(sa.select(Drive.id).where(Drive.sub_division_id == sub_division.id)):
        return None
    staff, operator = _person(sub_division, Role.STAFF), _person(sub_division, Role.OPERATOR)
    partners = [services.add_partner(sub_division, kind=kind, name_en=name_en,
                                     name_hi=name_hi, actor=staff)
                for kind, name_en, name_hi in recipe.partners]
    blocks = db.session.scalars(sa.select(Block.id).where(
        Block.sub_division_id == sub_division.id).order_by(Block.id)).all()
    focus = db.session.scalars(sa.select(WorkerCategory.id).where(
        WorkerCategory.slug.in_(FOCUS))).all()
    drive = services.create_drive(sub_division, services.DriveInput(
        "Workers' registration fortnight", today - timedelta(days=4),
        today + timedelta(days=10),
        block_targets={block: 60 + 20 * n for n, block in enumerate(blocks)},
        partner_targets={partners[0].id: 40, partners[2].id: 50},
        category_ids=list(focus), name_hi="श्रमिक पंजीकरण पखवाड़ा"), actor=staff)
    villages = db.session.scalars(sa.select(Village).where(
        Village.sub_division_id == sub_division.id).order_by(Village.id)).all()
    # Each camp is planned as the office planned it on the drive's first day: the one held
    # three days ago could not be planned today.
    held, _today, _later = [
        services.plan_camp(drive, services.CampInput(
            held_on=today + timedelta(days=days), village_id=village.id,
            operator_ids=[operator.id], partner_id=partner.id, expected_footfall=footfall),
            actor=staff, today=drive.starts_on)
        for days, village, partner, footfall in ((-3, villages[0], partners[0], 120),
                                                 (0, villages[len(villages) // 2],
                                                  partners[2], 80),
                                                 (4, villages[-1], partners[1], 100))]
    transition(held, CampStatus.HELD, actor=staff)
    workers = db.session.scalars(sa.select(WorkerProfile.id).where(
        WorkerProfile.sub_division_id == sub_division.id).order_by(WorkerProfile.id)
        .limit(HELD_CAMP_REGISTRATIONS)).all()
    # Registered there by the camp's operator: the drive ranks operators by them.
    db.session.execute(sa.update(WorkerProfile).where(WorkerProfile.id.in_(workers))
                       .values(camp_id=held.id, registered_by_id=operator.id))
    db.session.flush()
    return drive

