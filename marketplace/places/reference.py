"""The geography as public pages show it: plain rows kept per process until staff change it
(core/freshness.py), so a list page reads none of it from the database."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core import freshness
from marketplace.core.text import search_key
from marketplace.places.models import Block, SubDivision, Village


def sub_divisions() -> tuple[sa.Row, ...]:
    """Every sub-division (id, code, name, district, state in both languages), by name."""
    return freshness.rows("sub-divisions", lambda: sa.select(
        SubDivision.id, SubDivision.code, SubDivision.name_en, SubDivision.name_hi,
        SubDivision.district_en, SubDivision.district_hi, SubDivision.state_en,
        SubDivision.state_hi).order_by(SubDivision.name_en))


def default_sub_division() -> sa.Row | None:
    """The sub-division a visitor sees first: the oldest (queries.get_default_sub_division)."""
    return min(sub_divisions(), key=lambda row: row.id, default=None)


def sub_division(sub_division_id: int | None) -> sa.Row | None:
    return next((row for row in sub_divisions() if row.id == sub_division_id), None)


def villages(sub_division_id: int) -> tuple[sa.Row, ...]:
    """id, name_en, name_hi, latitude, longitude, block_id of its villages, by name."""
    return freshness.rows(("villages", sub_division_id), lambda: sa.select(
        Village.id, Village.name_en, Village.name_hi, Village.latitude, Village.longitude,
        Village.block_id).where(Village.sub_division_id == sub_division_id)
        .order_by(Village.name_en))


def village_name_keys(sub_division_id: int) -> dict[int, tuple[str, ...]]:
    """Each village's id → its names in both scripts as search keys (core.text.search_key),
    folded once per version rather than for every message that names a place."""
    return freshness.remembered(("village-name-keys", sub_division_id), lambda: {
        row.id: tuple(dict.fromkeys(key for key in (search_key(row.name_en),
                                                     search_key(row.name_hi)) if key))
        for row in villages(sub_division_id)})


def blocks(sub_division_id: int) -> tuple[sa.Row, ...]:
    return freshness.rows(("blocks", sub_division_id), lambda: sa.select(
        Block.id, Block.name_en, Block.name_hi).where(Block.sub_division_id == sub_division_id)
        .order_by(Block.name_en))


def sub_division_by_code(code: str | None) -> sa.Row | None:
    """Looked up in a dict kept beside the rows: every public page asks, some twice, and a
    site may run a whole state's sub-divisions."""
    return _by_code().get((code or "").upper())


def _by_code() -> dict[str, sa.Row]:
    def index() -> dict[str, sa.Row]:
        by_code: dict[str, sa.Row] = {}
        for row in sub_divisions():
            by_code.setdefault(row.code, row)
        return by_code

    return freshness.remembered("sub-divisions by code", index)


def centres() -> dict[int, tuple[float, float]]:
    """Each sub-division's middle (the mean of its villages' coordinates, where known), for the
    start page's "use my location"."""
    rows = freshness.rows("sub-division-centres", lambda: sa.select(
        Village.sub_division_id, sa.func.avg(Village.latitude), sa.func.avg(Village.longitude))
        .where(Village.latitude.is_not(None), Village.longitude.is_not(None))
        .group_by(Village.sub_division_id))
    return {row[0]: (round(float(row[1]), 4), round(float(row[2]), 4)) for row in rows}
