"""Keep an uploaded LGD village list for its preview, then import it once, whole.

The import is one transaction: the sub-division (made on the first upload of a sub-district,
found by its LGD code after that), its blocks, panchayats and villages, and one audit event
with what changed. Rows the preview refuses are left out and listed; if anything else goes
wrong nothing is written. Importing the same list again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.core.text import without_refused_characters
from marketplace.extensions import db
from marketplace.places import services
from marketplace.places.errors import LgdError, PlaceError
from marketplace.places.lgd import decode_upload, read_list, sub_districts_in
from marketplace.places.lgd_check import Action, PlacePlan, PlaceRow, Plan, check_upload
from marketplace.places.models import Block, LgdUpload, Panchayat, SubDivision, Village

#: Hindi names of the states and union territories, for a list without local-language names
STATES_HI = {
    "andaman and nicobar islands": "अंडमान और निकोबार द्वीपसमूह",
    "andhra pradesh": "आंध्र प्रदेश", "arunachal pradesh": "अरुणाचल प्रदेश", "assam": "असम",
    "bihar": "बिहार", "chandigarh": "चंडीगढ़", "chhattisgarh": "छत्तीसगढ़", "delhi": "दिल्ली",
    "the dadra and nagar haveli and daman and diu": "दादरा और नगर हवेली और दमन और दीव",
    "goa": "गोवा", "gujarat": "गुजरात", "haryana": "हरियाणा", "himachal pradesh": "हिमाचल प्रदेश",
    "jammu and kashmir": "जम्मू और कश्मीर", "jharkhand": "झारखंड", "karnataka": "कर्नाटक",
    "kerala": "केरल", "ladakh": "लद्दाख", "lakshadweep": "लक्षद्वीप",
    "madhya pradesh": "मध्य प्रदेश", "maharashtra": "महाराष्ट्र", "manipur": "मणिपुर",
    "meghalaya": "मेघालय", "mizoram": "मिज़ोरम", "nagaland": "नागालैंड", "odisha": "ओडिशा",
    "puducherry": "पुडुचेरी", "punjab": "पंजाब", "rajasthan": "राजस्थान", "sikkim": "सिक्किम",
    "tamil nadu": "तमिलनाडु", "telangana": "तेलंगाना", "tripura": "त्रिपुरा",
    "uttar pradesh": "उत्तर प्रदेश", "uttarakhand": "उत्तराखंड", "west bengal": "पश्चिम बंगाल",
}


def save_upload(raw: bytes, file_name: str | None, *, sub_district_code: int | None,
                code: str | None, name_hi: str | None, district_hi: str | None,
                centre: tuple[float, float] | None, defaults_from_id: int | None,
                actor_id: int) -> LgdUpload:
    """Read the file and keep its rows until the import (flushes). InvalidInput for a file
    that cannot be read as an LGD village list (see `places.lgd`), 'lgd_sub_district_choice'
    (several sub-districts and none chosen), 'lgd_sub_district_absent', 'lgd_code_needed' or
    'sub_division_code'; Conflict('sub_division_exists') for a new one's code."""
    rows = read_list(decode_upload(raw))
    found = sub_districts_in(rows)
    if sub_district_code is None:
        if len(found) != 1:
            raise InvalidInput(LgdError.SUB_DISTRICT_CHOICE, ", ".join(map(str, found[:20])))
        sub_district_code = found[0]
    elif sub_district_code not in found:
        raise InvalidInput(LgdError.SUB_DISTRICT_ABSENT)
    if not db.session.scalar(sa.select(SubDivision.id).where(
            SubDivision.lgd_code == sub_district_code)):
        code = _new_code(code)
    upload = LgdUpload(
        uploaded_by_id=actor_id,
        file_name=without_refused_characters(file_name).strip()[:120] or "lgd.csv",
        sub_district_code=sub_district_code, code=code,
        name_hi=services.clean_place_name(name_hi), district_hi=services.clean_place_name(
            district_hi), centre_latitude=centre[0] if centre else None,
        centre_longitude=centre[1] if centre else None, defaults_from_id=defaults_from_id,
        rows=rows)
    db.session.add(upload)
    db.session.flush()
    return upload


def _new_code(code: str | None) -> str:
    code = (code or "").strip().upper()
    if not code:
        raise InvalidInput(LgdError.CODE_NEEDED)
    if not (code.isascii() and code.isalpha() and 2 <= len(code) <= 6):
        raise InvalidInput(PlaceError.SUB_DIVISION_CODE)
    if db.session.scalar(sa.select(SubDivision.id).where(SubDivision.code == code)):
        raise Conflict(PlaceError.SUB_DIVISION_EXISTS)
    return code


@dataclass
class ImportResult:
    sub_division: SubDivision
    created: bool
    counts: dict[str, int] = field(default_factory=dict)
    #: the rows left out, with their reasons
    left_out: list[PlaceRow] = field(default_factory=list)


def import_upload(upload: LgdUpload, *, actor_id: int) -> ImportResult:
    """Import the list's good rows, all in one go (flushes, audits). Conflict(
    'lgd_already_imported') for a list imported before (a conditional UPDATE: two clicks
    import once), Conflict('lgd_changed') when the places changed under it; the errors of
    `add_sub_division` for a new sub-division."""
    claimed = db.session.execute(
        sa.update(LgdUpload).where(LgdUpload.id == upload.id, LgdUpload.imported_at.is_(None))
        .values(imported_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        raise Conflict(LgdError.ALREADY_IMPORTED)
    plan = check_upload(upload)
    if not plan.good_rows:
        raise InvalidInput(LgdError.EMPTY)
    try:
        with db.session.begin_nested():
            result = _write(plan, upload, actor_id)
    except IntegrityError as exc:
        raise Conflict(LgdError.CHANGED) from exc
    db.session.execute(sa.update(LgdUpload).where(LgdUpload.id == upload.id)
                       .values(sub_division_id=result.sub_division.id, counts=result.counts)
                       .execution_options(synchronize_session=False))
    record_event("place.lgd_imported", actor_id=actor_id, subject_type="sub_division",
                 subject_id=result.sub_division.id, sub_division_id=result.sub_division.id,
                 data={"upload_id": upload.id, "file_name": upload.file_name,
                       "sub_district_code": upload.sub_district_code,
                       "created": result.created, **result.counts})
    return result


def _write(plan: Plan, upload: LgdUpload, actor_id: int) -> ImportResult:
    sub_division, created = plan.sub_division, plan.sub_division is None
    if created:
        sub_division = services.add_sub_division(code=upload.code, **_names(plan, upload),
                                                 actor_id=actor_id)
    sub_division.lgd_code = plan.sub_district_code
    sub_division.lgd_district_code = plan.codes["district"]
    sub_division.lgd_state_code = plan.codes["state"]
    blocks = {key: _put(p, Block, sub_division_id=sub_division.id)
              for key, p in plan.blocks.items() if p.used}
    db.session.flush()
    panchayats = {key: _put(p, Panchayat, block_id=blocks[p.block_key].id,
                            is_urban=p.is_urban)
                  for key, p in plan.panchayats.items() if p.used}
    db.session.flush()
    for row in plan.good_rows:
        _put_village(row, panchayats[row.panchayat_key], sub_division.id)
    db.session.flush()
    counts = {"villages_added": plan.villages(Action.ADD),
              "villages_updated": plan.villages(Action.UPDATE),
              "villages_unchanged": plan.villages(Action.SAME),
              "blocks_added": plan.places(plan.blocks, Action.ADD),
              "panchayats_added": plan.places(plan.panchayats, Action.ADD),
              "rows_left_out": len(plan.bad_rows)}
    return ImportResult(sub_division, created, counts, plan.bad_rows)


def _names(plan: Plan, upload: LgdUpload) -> dict[str, str]:
    """A new sub-division's names: the form's Hindi names first, then the list's local ones,
    then (state) the table above or (others) those of a sub-division of the same district."""
    (name_en, name_hi), (district_en, district_hi), (state_en, state_hi) = (
        plan.names["sub_district"], plan.names["district"], plan.names["state"])
    neighbour = db.session.scalar(sa.select(SubDivision).where(
        SubDivision.district_en == district_en).limit(1))
    if district_hi == district_en and neighbour is not None:
        district_hi = neighbour.district_hi
    if state_hi == state_en:
        state_hi = STATES_HI.get(" ".join(state_en.casefold().replace("&", "and").split()),
                                 state_en)
    return {"name_en": name_en, "name_hi": upload.name_hi or name_hi, "district_en": district_en,
            "district_hi": upload.district_hi or district_hi, "state_en": state_en,
            "state_hi": state_hi}


def _put(plan: PlacePlan, model, **values):
    """The block or panchayat of the plan: made, or renamed and given its code."""
    place = plan.existing
    if place is None:
        place = model(name_en=plan.name_en, name_hi=plan.name_hi, lgd_code=plan.code, **values)
        db.session.add(place)
    elif plan.action is Action.UPDATE:
        place.name_en, place.name_hi, place.lgd_code = plan.name_en, plan.name_hi, plan.code
    return place


def _put_village(row: PlaceRow, panchayat: Panchayat, sub_division_id: int) -> None:
    name_en, name_hi = row.names["place"]
    village = row.village
    if village is None:
        db.session.add(Village(
            panchayat_id=panchayat.id, block_id=panchayat.block_id,
            sub_division_id=sub_division_id, name_en=name_en, name_hi=name_hi, kind=row.kind,
            latitude=row.latitude, longitude=row.longitude, lgd_code=row.code))
    elif row.action is Action.UPDATE:
        village.name_en, village.name_hi, village.kind = name_en, name_hi, row.kind
        village.lgd_code, village.panchayat_id = row.code, panchayat.id
        village.block_id = panchayat.block_id
        if row.latitude is not None:
            village.latitude, village.longitude = row.latitude, row.longitude
