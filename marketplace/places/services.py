"""Changes to the geography: add a sub-division and its blocks, panchayats and villages."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.places.models import Block, Panchayat, SubDivision, Village, VillageKind


def ensure_sub_division(*, code: str, name_en: str, name_hi: str, district_en: str,
                        district_hi: str, state_en: str, state_hi: str) -> SubDivision:
    """Return the sub-division with `code`, creating it if missing (flushes)."""
    code = code.strip().upper()
    if not code.isalpha() or not 2 <= len(code) <= 6:
        raise InvalidInput("sub_division_code")
    existing = db.session.scalar(sa.select(SubDivision).where(SubDivision.code == code))
    if existing:
        return existing
    sub_division = SubDivision(code=code, name_en=name_en, name_hi=name_hi,
                               district_en=district_en, district_hi=district_hi,
                               state_en=state_en, state_hi=state_hi)
    db.session.add(sub_division)
    db.session.flush()
    return sub_division


def ensure_block(sub_division: SubDivision, *, name_en: str, name_hi: str) -> Block:
    block = db.session.scalar(
        sa.select(Block).where(Block.sub_division_id == sub_division.id, Block.name_en == name_en)
    )
    if block is None:
        block = Block(sub_division=sub_division, name_en=name_en, name_hi=name_hi)
        db.session.add(block)
        db.session.flush()
    return block


def ensure_panchayat(block: Block, *, name_en: str, name_hi: str,
                     is_urban: bool = False) -> Panchayat:
    panchayat = db.session.scalar(
        sa.select(Panchayat).where(Panchayat.block_id == block.id, Panchayat.name_en == name_en)
    )
    if panchayat is None:
        panchayat = Panchayat(block=block, name_en=name_en, name_hi=name_hi, is_urban=is_urban)
        db.session.add(panchayat)
        db.session.flush()
    return panchayat


def ensure_village(panchayat: Panchayat, *, name_en: str, name_hi: str, latitude: float,
                   longitude: float, kind: VillageKind = VillageKind.VILLAGE) -> Village:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("coordinates")
    village = db.session.scalar(
        sa.select(Village).where(Village.panchayat_id == panchayat.id, Village.name_en == name_en)
    )
    if village is None:
        village = Village(
            panchayat=panchayat,
            block_id=panchayat.block_id,
            sub_division_id=panchayat.block.sub_division_id,
            name_en=name_en,
            name_hi=name_hi,
            latitude=latitude,
            longitude=longitude,
            kind=kind,
        )
        db.session.add(village)
        db.session.flush()
    return village
