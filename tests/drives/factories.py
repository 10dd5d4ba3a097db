"""A drive in October 2026 in Nadaun with a partner, two blocks' targets and camps; the
clock set to a day of it, so the tests pass whatever day they run."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.core.db import today_in_india
from marketplace.drives import services
from marketplace.drives.models import PartnerKind
from marketplace.extensions import db
from marketplace.places.models import Block, SubDivision, Village
from marketplace.places.services import ensure_block, ensure_panchayat, ensure_village
from marketplace.workers.models import WorkerCategory
from marketplace.workers.services import ProfileInput
from tests.helpers import first_village, make_user

START, END = date(2026, 10, 1), date(2026, 10, 15)
#: 10:00 in India on the 5th
CAMP_DAY = date(2026, 10, 5)
CAMP_MOMENT = datetime(2026, 10, 5, 4, 30, tzinfo=UTC)


def second_village(sub_division) -> Village:
    """A village in a second block of the sub-division."""
    block = ensure_block(sub_division, name_en="Bijhar Block", name_hi="बिझड़ खंड")
    panchayat = ensure_panchayat(block, name_en="Bijhar GP", name_hi="बिझड़ ग्राम पंचायत")
    return ensure_village(panchayat, name_en="Bijhar", name_hi="बिझड़", latitude=31.7,
                          longitude=76.4)


def staff_of(sub_division, **kwargs) -> User:
    return make_user(Role.STAFF, sub_division=sub_division, name="SDM Staff", **kwargs)


def operator_of(sub_division, name="CSC Jalari", language="en") -> User:
    return make_user(Role.OPERATOR, sub_division=sub_division, name=name, language=language)


def make_drive(sub_division, staff, *, targets: dict | None = None, partner_targets=None):
    blocks = db.session.scalars(sa.select(Block.id).where(
        Block.sub_division_id == sub_division.id).order_by(Block.id)).all()
    return services.create_drive(sub_division, services.DriveInput(
        "October drive", START, END,
        block_targets=targets if targets is not None else dict.fromkeys(blocks, 30),
        partner_targets=partner_targets or {}), actor=staff)


def make_partner(sub_division, staff, name="ITI Nadaun", name_hi=""):
    return services.add_partner(sub_division, kind=PartnerKind.ITI, name_en=name,
                                name_hi=name_hi, actor=staff)


def make_camp(drive, staff, operators, *, day=CAMP_DAY, village=None, partner=None):
    village = village or first_village(db.session.get_one(SubDivision, drive.sub_division_id))
    return services.plan_camp(drive, services.CampInput(
        held_on=day, village_id=village.id, operator_ids=[o.id for o in operators],
        partner_id=partner.id if partner else None, expected_footfall=80), actor=staff,
        today=today_in_india())


def profile_input(village_id: int, name: str = "बलदेव सिंह") -> ProfileInput:
    mason = db.session.scalar(sa.select(WorkerCategory.id).where(WorkerCategory.slug == "mason"))
    return ProfileInput(display_name=name, main_category_id=mason, rate_paise=70000,
                        rate_unit="day", home_village_id=village_id)


def counter_form(village_id: int, phone: str, name: str = "बलदेव सिंह") -> dict:
    mason = db.session.scalar(sa.select(WorkerCategory.id).where(WorkerCategory.slug == "mason"))
    return {"phone": phone, "language": "hi", "display_name": name, "main_category": mason,
            "experience_years": "12", "languages": ["hi"], "rate": "700", "rate_unit": "day",
            "home_village": village_id, "availability": "available", "eshram_uan": ""}
