"""Changes to the geography: add a sub-division and its blocks, panchayats and villages."""

from __future__ import annotations

import math
import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from marketplace.core.audit import record_event
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.phone import try_normalize_phone
from marketplace.core.text import is_clean_text
from marketplace.extensions import db
from marketplace.places.errors import PlaceError
from marketplace.places.models import Block, Panchayat, SubDivision, Village, VillageKind


def ensure_sub_division(*, code: str, name_en: str, name_hi: str, district_en: str,
                        district_hi: str, state_en: str, state_hi: str) -> SubDivision:
    """Return the sub-division with `code`, creating it if missing (flushes)."""
    code = code.strip().upper()
    if not code.isalpha() or not 2 <= len(code) <= 6:
        raise InvalidInput(PlaceError.SUB_DIVISION_CODE)
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
        raise InvalidInput(PlaceError.COORDINATES)
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


# Settings pages: add places one by one, refusing twins and bad names (audited).

_SUB_DIVISION_CODE = re.compile(r"[A-Z]{2,6}")
PLACE_NAME_LIMIT = 80


def village_of(sub_division_id: int, village_id: int | None) -> Village:
    """The village or ward with this id, when it is of this sub-division (an address, a
    group's home); InvalidInput('village') otherwise."""
    village = db.session.get(Village, village_id) if village_id else None
    if village is None or village.sub_division_id != sub_division_id:
        raise InvalidInput(PlaceError.VILLAGE)
    return village


def clean_place_name(raw: str | None) -> str | None:
    """The name as kept (one line, single spaces, NFC), or None when it is not 1–80
    printable characters (any script): the one rule for a place's name."""
    name = unicodedata.normalize("NFC", " ".join((raw or "").split()))
    if not name or len(name) > PLACE_NAME_LIMIT or not is_clean_text(name):
        return None
    return name


def _place_name(raw: str | None, code: PlaceError) -> str:
    name = clean_place_name(raw)
    if name is None:
        raise InvalidInput(code)
    return name


def _audit(action: str, kind: str, place, sub_division_id: int, actor_id: int) -> None:
    record_event(action, actor_id=actor_id, subject_type=kind,
                 subject_id=place.id, sub_division_id=sub_division_id,
                 data={"name_en": place.name_en})


def add_sub_division(*, code: str, name_en: str, name_hi: str, district_en: str,
                     district_hi: str, state_en: str, state_hi: str,
                     actor_id: int) -> SubDivision:
    """A new sub-division (flushes, audits). Raises InvalidInput('sub_division_code': not
    2–6 letters A–Z; 'name', 'district', 'state') or Conflict('sub_division_exists')."""
    code = (code or "").strip().upper()
    if not _SUB_DIVISION_CODE.fullmatch(code):
        raise InvalidInput(PlaceError.SUB_DIVISION_CODE)
    values = {"name_en": _place_name(name_en, PlaceError.NAME),
              "name_hi": _place_name(name_hi, PlaceError.NAME),
              "district_en": _place_name(district_en, PlaceError.DISTRICT),
              "district_hi": _place_name(district_hi, PlaceError.DISTRICT),
              "state_en": _place_name(state_en, PlaceError.STATE),
              "state_hi": _place_name(state_hi, PlaceError.STATE)}
    if db.session.scalar(sa.select(SubDivision.id).where(SubDivision.code == code)):
        raise Conflict(PlaceError.SUB_DIVISION_EXISTS)
    sub_division = SubDivision(code=code, **values)
    db.session.add(sub_division)
    db.session.flush()
    _audit("place.sub_division_added", "sub_division", sub_division, sub_division.id, actor_id)
    return sub_division


def set_whatsapp_number(sub_division: SubDivision, phone_number_id: str | None, *,
                        actor_id: int, display_number: str | None = None) -> SubDivision:
    """Messages to this WhatsApp Business number (Meta's phone_number_id) are served in the
    sub-division, and posters print the number people write to (`display_number`); empty
    takes each away (flushes, audits). Raises InvalidInput('whatsapp_number': not 1–32
    digits; 'whatsapp_display_number': not an Indian mobile number) or
    Conflict('whatsapp_number_taken')."""
    number = (phone_number_id or "").strip() or None
    if number is not None and not (number.isascii() and number.isdigit() and len(number) <= 32):
        raise InvalidInput(PlaceError.WHATSAPP_NUMBER)
    shown = None
    if (display_number or "").strip():
        shown = try_normalize_phone(display_number)
        if shown is None:
            raise InvalidInput(PlaceError.WHATSAPP_DISPLAY_NUMBER)
    if number is not None and db.session.scalar(sa.select(SubDivision.id).where(
            SubDivision.whatsapp_phone_number_id == number, SubDivision.id != sub_division.id)):
        raise Conflict(PlaceError.WHATSAPP_NUMBER_TAKEN)
    sub_division.whatsapp_phone_number_id = number
    sub_division.whatsapp_display_number = shown
    db.session.flush()
    record_event("place.whatsapp_number_set", actor_id=actor_id, subject_type="sub_division",
                 subject_id=sub_division.id, sub_division_id=sub_division.id,
                 data={"phone_number_id": number, "display_number": shown})
    return sub_division


def _refuse_twin(model, parent_column, parent_id: int, name_en: str, code: PlaceError) -> None:
    twin = db.session.scalar(sa.select(model.id).where(
        parent_column == parent_id, sa.func.lower(model.name_en) == name_en.lower()))
    if twin is not None:
        raise Conflict(code)


def add_block(sub_division: SubDivision, *, name_en: str, name_hi: str,
              actor_id: int) -> Block:
    """Raises InvalidInput('name') or Conflict('block_exists') (same English name)."""
    name_en = _place_name(name_en, PlaceError.NAME)
    name_hi = _place_name(name_hi, PlaceError.NAME)
    _refuse_twin(Block, Block.sub_division_id, sub_division.id, name_en,
                 PlaceError.BLOCK_EXISTS)
    block = Block(sub_division_id=sub_division.id, name_en=name_en, name_hi=name_hi)
    db.session.add(block)
    db.session.flush()
    _audit("place.block_added", "block", block, sub_division.id, actor_id)
    return block


def add_panchayat(block: Block, *, name_en: str, name_hi: str, is_urban: bool,
                  actor_id: int) -> Panchayat:
    """Raises InvalidInput('name') or Conflict('panchayat_exists') (same name in the block)."""
    name_en = _place_name(name_en, PlaceError.NAME)
    name_hi = _place_name(name_hi, PlaceError.NAME)
    _refuse_twin(Panchayat, Panchayat.block_id, block.id, name_en, PlaceError.PANCHAYAT_EXISTS)
    panchayat = Panchayat(block_id=block.id, name_en=name_en, name_hi=name_hi,
                          is_urban=bool(is_urban))
    db.session.add(panchayat)
    db.session.flush()
    _audit("place.panchayat_added", "panchayat", panchayat, block.sub_division_id, actor_id)
    return panchayat


def _centre_of(sub_division_id: int) -> tuple[float, float]:
    """The mean position of the sub-division's villages, for a village given none."""
    latitude, longitude = db.session.execute(
        sa.select(sa.func.avg(Village.latitude), sa.func.avg(Village.longitude))
        .where(Village.sub_division_id == sub_division_id)).one()
    if latitude is None:
        raise InvalidInput(PlaceError.COORDINATES_REQUIRED)
    return round(float(latitude), 6), round(float(longitude), 6)


def add_village(panchayat: Panchayat, *, name_en: str, name_hi: str, kind: VillageKind,
                latitude: float | None, longitude: float | None, actor_id: int) -> Village:
    """A village or ward. Without coordinates it is put at the centre of the sub-division's
    villages (distance search then treats it as central). Raises InvalidInput('name',
    'coordinates': only one given, or out of range; 'coordinates_required': none given and
    no village to take a centre from) or Conflict('village_exists')."""
    name_en = _place_name(name_en, PlaceError.NAME)
    name_hi = _place_name(name_hi, PlaceError.NAME)
    sub_division_id = panchayat.block.sub_division_id
    if (latitude is None) != (longitude is None):
        raise InvalidInput(PlaceError.COORDINATES)
    if latitude is None:
        latitude, longitude = _centre_of(sub_division_id)
    elif not (math.isfinite(latitude) and math.isfinite(longitude)
              and -90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput(PlaceError.COORDINATES)
    _refuse_twin(Village, Village.panchayat_id, panchayat.id, name_en,
                 PlaceError.VILLAGE_EXISTS)
    village = Village(panchayat_id=panchayat.id, block_id=panchayat.block_id,
                      sub_division_id=sub_division_id, name_en=name_en, name_hi=name_hi,
                      latitude=latitude, longitude=longitude, kind=VillageKind(kind))
    db.session.add(village)
    db.session.flush()
    _audit("place.village_added", "village", village, sub_division_id, actor_id)
    return village


def places_of(sub_division_id: int) -> list[Block]:
    """The sub-division's blocks with their panchayats and villages loaded, by name: three
    queries whatever the number of places (a read for the settings page)."""
    return list(db.session.scalars(
        sa.select(Block).where(Block.sub_division_id == sub_division_id)
        .options(selectinload(Block.panchayats).selectinload(Panchayat.villages))
        .order_by(Block.name_en)))
