"""What an uploaded LGD village list means for the site's places: row by row, which places it
adds, which it updates and which are already so, and why a row cannot be imported.

One function, `check_upload`, is the check of the preview and of the import, so a row the
preview calls good is the row imported. Places are matched on their LGD codes (a second upload
of the same list changes nothing); a block, panchayat or village made by hand before, without a
code, is taken over when its English name matches. Without block columns (LGD's plain village
list of a sub-district has none), the villages go under one block of the sub-district's name;
without panchayat (local body) columns, a block's villages go under one panchayat of the
block's name. A later list with those columns moves each village where it belongs.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, field

import sqlalchemy as sa

from marketplace.core.text import ascii_digits
from marketplace.extensions import db
from marketplace.places.errors import LgdError
from marketplace.places.lgd import lgd_code
from marketplace.places.models import (
    Block,
    LgdUpload,
    Panchayat,
    SubDivision,
    Village,
    VillageKind,
)
from marketplace.places.services import clean_place_name

#: how many codes one IN (…) asks for
_CHUNK = 2000
_KINDS = {"village": VillageKind.VILLAGE, "rural": VillageKind.VILLAGE,
          "town": VillageKind.WARD, "ward": VillageKind.WARD, "urban": VillageKind.WARD,
          "गाँव": VillageKind.VILLAGE, "गांव": VillageKind.VILLAGE, "ग्राम": VillageKind.VILLAGE,
          "नगर": VillageKind.WARD, "वार्ड": VillageKind.WARD, "शहर": VillageKind.WARD}


#: places whose columns a list may lack
_OPTIONAL = ("block", "panchayat")


class Action(enum.StrEnum):
    ADD = "add"
    UPDATE = "update"
    SAME = "same"


@dataclass
class PlaceRow:
    """One row of the list, checked: its errors, or the village it adds or updates."""

    line: int
    values: dict[str, str]
    errors: list[LgdError] = field(default_factory=list)
    action: Action | None = None
    code: int | None = None
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    codes: dict[str, int | None] = field(default_factory=dict)
    kind: VillageKind = VillageKind.VILLAGE
    latitude: float | None = None
    longitude: float | None = None
    village: Village | None = None
    block_key: tuple | None = None
    panchayat_key: tuple | None = None

    @property
    def is_good(self) -> bool:
        return not self.errors


@dataclass
class PlacePlan:
    """A block or panchayat the list names: made, renamed (or given its code), or as it is."""

    code: int | None
    name_en: str
    name_hi: str
    existing: Block | Panchayat | None = None
    action: Action = Action.ADD
    block_key: tuple | None = None  # a panchayat's block
    is_urban: bool = False
    used: bool = False


@dataclass
class Plan:
    sub_district_code: int
    sub_division: SubDivision | None
    rows: list[PlaceRow]
    blocks: dict[tuple, PlacePlan] = field(default_factory=dict)
    panchayats: dict[tuple, PlacePlan] = field(default_factory=dict)
    #: names and codes of the sub-division, district and state (from the first good row)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)
    codes: dict[str, int | None] = field(default_factory=dict)

    def villages(self, action: Action) -> int:
        return sum(row.action is action for row in self.rows if row.is_good)

    def places(self, plans: dict, action: Action) -> int:
        return sum(plan.action is action for plan in plans.values() if plan.used)

    @property
    def bad_rows(self) -> list[PlaceRow]:
        return [row for row in self.rows if not row.is_good]

    @property
    def good_rows(self) -> list[PlaceRow]:
        return [row for row in self.rows if row.is_good]


def check_upload(upload: LgdUpload) -> Plan:
    """Check every kept row against the list itself and the places on the site (a fixed
    handful of queries, plus one per 2,000 village codes)."""
    target = db.session.scalar(sa.select(SubDivision).where(
        SubDivision.lgd_code == upload.sub_district_code))
    plan = Plan(upload.sub_district_code, target,
                [_parse(row, upload.sub_district_code) for row in upload.rows])
    _check_district(plan)
    _plan_blocks(plan)
    _plan_panchayats(plan)
    _plan_villages(plan, upload)
    return plan


# One row on its own


def _parse(row: dict, sub_district_code: int) -> PlaceRow:
    values = row["values"]
    result = PlaceRow(line=row["line"], values=dict(values))
    if lgd_code(values.get("sub_district_code")) != sub_district_code:
        result.errors.append(LgdError.OTHER_SUB_DISTRICT)
        return result
    for place in ("state", "district", "sub_district", "block", "place", "panchayat"):
        raw_code = values.get(f"{place}_code")
        result.codes[place] = lgd_code(raw_code)
        if result.codes[place] is None and (raw_code or place not in _OPTIONAL):
            result.errors.append(LgdError.ROW_CODE)
        names = _names(values, place)
        if names is None:
            result.errors.append(LgdError.ROW_NAME)
        elif names[0]:
            result.names[place] = names
    if any(result.codes.get(place) is not None and place not in result.names
           for place in _OPTIONAL):
        result.errors.append(LgdError.ROW_NAME)
    result.code = result.codes.get("place")
    result.block_key = _block_key(result)
    _parse_where(result, values)
    result.errors = list(dict.fromkeys(result.errors))
    return result


def _names(values: dict[str, str], place: str) -> tuple[str, str] | None:
    """(English, local) names of a place in the row; the local one is the English one when
    the list has none. None when one is given but bad, or the English one is missing (but
    for a block or panchayat, whose columns are optional: ("", "") then)."""
    raw_en, raw_hi = values.get(f"{place}_name_en"), values.get(f"{place}_name_hi")
    if not raw_en and place in _OPTIONAL and not raw_hi:
        return "", ""
    name_en = clean_place_name(raw_en)
    name_hi = clean_place_name(raw_hi) if raw_hi else name_en
    if name_en is None or name_hi is None:
        return None
    return name_en, name_hi


def _parse_where(result: PlaceRow, values: dict[str, str]) -> None:
    raw = [values.get("latitude"), values.get("longitude")]
    if any(raw):
        degrees = [_degrees(text, limit) for text, limit in zip(raw, (90, 180), strict=True)]
        if None in degrees:
            result.errors.append(LgdError.COORDINATES)
        else:
            result.latitude, result.longitude = degrees
    kind = values.get("kind")
    if kind:
        chosen = _KINDS.get(kind.strip().lower())
        if chosen is None:
            result.errors.append(LgdError.KIND)
        else:
            result.kind = chosen


def _degrees(text: str | None, limit: int) -> float | None:
    raw = ascii_digits((text or "").strip())
    if not raw or len(raw) > 20 or not raw.isascii():
        return None
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


# The rows together


def _check_district(plan: Plan) -> None:
    first = next((row for row in plan.rows if row.is_good), None)
    if first is None:
        return
    plan.names = {place: first.names[place] for place in ("state", "district", "sub_district")}
    plan.codes = {place: first.codes[place] for place in ("state", "district")}
    for row in plan.good_rows:
        if (row.codes["state"], row.codes["district"]) != (plan.codes["state"],
                                                           plan.codes["district"]):
            row.errors.append(LgdError.OTHER_DISTRICT)


def _same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _block_key(row: PlaceRow) -> tuple:
    """Its code, or its name, or (no block columns) the sub-district's own block."""
    if row.codes.get("block") is not None:
        return "code", row.codes["block"]
    if "block" in row.names:
        return "name", row.names["block"][0].casefold()
    if "sub_district" in row.names:
        row.names["block"] = row.names["sub_district"]
    return ("own",)


def _plan_blocks(plan: Plan) -> None:
    existing = list(db.session.scalars(sa.select(Block).where(
        Block.sub_division_id == plan.sub_division.id))) if plan.sub_division else []
    by_code = {block.lgd_code: block for block in existing if block.lgd_code is not None}
    for row in plan.good_rows:
        key, (name_en, name_hi) = row.block_key, row.names["block"]
        code = key[1] if key[0] == "code" else None
        known = plan.blocks.get(key)
        if known is None and any(_same_name(p.name_en, name_en) for p in plan.blocks.values()):
            row.errors.append(LgdError.BLOCK_DIFFERS)
            continue
        if known is None:
            known = plan.blocks[key] = _matched(
                PlacePlan(code, name_en, name_hi), by_code.get(code), existing)
        if known.action is None or not _same_name(known.name_en, name_en):
            row.errors.append(LgdError.BLOCK_DIFFERS)


def _matched(plan: PlacePlan, by_code, existing: list) -> PlacePlan:
    """The plan with the place it updates: the one with its code, else one of its name
    without a code. action None: a place of its name has another code (its rows are refused)."""
    named = next((p for p in existing if _same_name(p.name_en, plan.name_en)), None)
    if by_code is None and named is not None and named.lgd_code is not None:
        plan.action = None
        return plan
    plan.existing = by_code or named
    if plan.existing is not None:
        same = (plan.existing.lgd_code, plan.existing.name_en, plan.existing.name_hi) == (
            plan.code, plan.name_en, plan.name_hi)
        plan.action = Action.SAME if same else Action.UPDATE
    return plan


def _panchayat_key(row: PlaceRow) -> tuple:
    """Its code, or its name, or (no panchayat columns) the block's own panchayat."""
    block = row.block_key
    if row.codes.get("panchayat") is not None:
        return block, "code", row.codes["panchayat"]
    if "panchayat" in row.names:
        return block, "name", row.names["panchayat"][0].casefold()
    return block, "block", None


def _plan_panchayats(plan: Plan) -> None:
    blocks = [p.existing.id for p in plan.blocks.values() if p.existing is not None]
    existing: dict[int, list[Panchayat]] = {}
    for panchayat in db.session.scalars(sa.select(Panchayat).where(
            Panchayat.block_id.in_(blocks))) if blocks else []:
        existing.setdefault(panchayat.block_id, []).append(panchayat)
    for row in plan.good_rows:
        key = _panchayat_key(row)
        names = row.names.get("panchayat") or row.names["block"]
        known = plan.panchayats.get(key)
        if known is None:
            block = plan.blocks[row.block_key]
            if any(p.block_key == key[0] and _same_name(p.name_en, names[0])
                   for p in plan.panchayats.values()):
                row.errors.append(LgdError.PANCHAYAT_DIFFERS)
                continue
            in_block = existing.get(block.existing.id, []) if block.existing else []
            by_code = next((p for p in in_block if key[1] == "code" and p.lgd_code == key[2]),
                           None)
            known = plan.panchayats[key] = _matched(
                PlacePlan(key[2] if key[1] == "code" else None, *names,
                          block_key=key[0]), by_code, in_block)
        if known.action is None or not _same_name(known.name_en, names[0]):
            row.errors.append(LgdError.PANCHAYAT_DIFFERS)
            continue
        row.panchayat_key = key
        known.is_urban = known.is_urban or row.kind is VillageKind.WARD


def _existing_villages(plan: Plan) -> tuple[dict[int, Village], dict[tuple, Village]]:
    """Villages with the list's codes (anywhere), and the target's villages by panchayat and
    name."""
    by_code: dict[int, Village] = {}
    by_name: dict[tuple, Village] = {}
    if plan.sub_division is not None:
        for village in db.session.scalars(sa.select(Village).where(
                Village.sub_division_id == plan.sub_division.id)):
            by_name[(village.panchayat_id, village.name_en.casefold())] = village
            if village.lgd_code is not None:
                by_code[village.lgd_code] = village
    # Only the codes not found at home are looked for elsewhere (a re-upload finds them all).
    codes = sorted({row.code for row in plan.good_rows} - set(by_code))
    for start in range(0, len(codes), _CHUNK):
        by_code.update((v.lgd_code, v) for v in db.session.scalars(
            sa.select(Village).where(Village.lgd_code.in_(codes[start:start + _CHUNK]))))
    return by_code, by_name


def _plan_villages(plan: Plan, upload: LgdUpload) -> None:
    by_code, by_name = _existing_villages(plan)
    target_id = plan.sub_division.id if plan.sub_division else None
    seen_codes: set[int] = set()
    names_in: dict[tuple, int] = {}  # (panchayat key, English name) → the code that has it
    for row in plan.good_rows:
        panchayat = plan.panchayats[row.panchayat_key].existing
        named = by_name.get((panchayat.id, row.names["place"][0].casefold())) \
            if panchayat else None
        name_key = (row.panchayat_key, row.names["place"][0].casefold())
        village = by_code.get(row.code)
        if row.code in seen_codes:
            row.errors.append(LgdError.DUPLICATE_CODE)
        elif village is not None and village.sub_division_id != target_id:
            row.errors.append(LgdError.CODE_ELSEWHERE)
        elif name_key in names_in or (named is not None and named.lgd_code not in (
                None, row.code)):
            row.errors.append(LgdError.NAME_TWICE)
        seen_codes.add(row.code)
        if row.errors:
            continue
        names_in[name_key] = row.code
        row.village = village or named
        row.action = Action.ADD if row.village is None else (
            Action.SAME if _unchanged(row, plan) else Action.UPDATE)
    _place_without_coordinates(plan, upload)
    for row in plan.good_rows:
        plan.panchayats[row.panchayat_key].used = True
        plan.blocks[row.block_key].used = True


def _unchanged(row: PlaceRow, plan: Plan) -> bool:
    village = row.village
    panchayat = plan.panchayats[row.panchayat_key].existing
    return (village.lgd_code, village.name_en, village.name_hi, village.kind,
            village.panchayat_id) == (row.code, *row.names["place"], row.kind,
                                      panchayat.id if panchayat else None) and (
        row.latitude is None or (village.latitude, village.longitude) == (row.latitude,
                                                                          row.longitude))


def _place_without_coordinates(plan: Plan, upload: LgdUpload) -> None:
    """A new village without coordinates goes to the centre of the list's villages that have
    them, else of the sub-division's villages, else the centre typed on the upload form."""
    given = [(row.latitude, row.longitude) for row in plan.good_rows if row.latitude is not None]
    centre = None
    if given:
        centre = (round(sum(p[0] for p in given) / len(given), 6),
                  round(sum(p[1] for p in given) / len(given), 6))
    elif plan.sub_division is not None:
        latitude, longitude = db.session.execute(
            sa.select(sa.func.avg(Village.latitude), sa.func.avg(Village.longitude))
            .where(Village.sub_division_id == plan.sub_division.id)).one()
        if latitude is not None:
            centre = (round(float(latitude), 6), round(float(longitude), 6))
    if centre is None and upload.centre_latitude is not None:
        centre = (upload.centre_latitude, upload.centre_longitude)
    for row in plan.good_rows:
        if row.action is Action.ADD and row.latitude is None:
            if centre is None:
                row.errors.append(LgdError.COORDINATES_REQUIRED)
                row.action = None
            else:
                row.latitude, row.longitude = centre

