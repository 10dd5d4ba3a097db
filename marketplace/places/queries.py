"""Reads of the geography."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.places.models import Block, SubDivision, Village


def get_sub_division(sub_division_id: int) -> SubDivision | None:
    return db.session.get(SubDivision, sub_division_id)


def get_village(village_id: int) -> Village | None:
    return db.session.get(Village, village_id)


def get_sub_division_by_code(code: str) -> SubDivision | None:
    return db.session.scalar(sa.select(SubDivision).where(SubDivision.code == code.upper()))


def list_sub_divisions() -> sa.Select:
    return sa.select(SubDivision).order_by(SubDivision.name_en)


def list_blocks(sub_division_id: int) -> sa.Select:
    return (
        sa.select(Block).where(Block.sub_division_id == sub_division_id).order_by(Block.name_en)
    )


def list_villages(sub_division_id: int) -> sa.Select:
    return (
        sa.select(Village)
        .where(Village.sub_division_id == sub_division_id)
        .order_by(Village.name_en)
    )


def count_villages(sub_division_id: int) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Village.id)).where(Village.sub_division_id == sub_division_id)
    )


def count_villages_by_sub_division(sub_division_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        sa.select(Village.sub_division_id, sa.func.count(Village.id))
        .where(Village.sub_division_id.in_(sub_division_ids))
        .group_by(Village.sub_division_id)
    )
    return dict(rows.all())


def list_blocks_by_sub_division(sub_division_ids: list[int]) -> dict[int, list[Block]]:
    blocks = db.session.scalars(
        sa.select(Block).where(Block.sub_division_id.in_(sub_division_ids)).order_by(Block.name_en)
    )
    grouped: dict[int, list[Block]] = {sub_division_id: [] for sub_division_id in sub_division_ids}
    for block in blocks:
        grouped[block.sub_division_id].append(block)
    return grouped


def get_default_sub_division() -> SubDivision | None:
    """The sub-division a visitor sees first (the oldest; most installations run one)."""
    return db.session.scalar(sa.select(SubDivision).order_by(SubDivision.id).limit(1))


def list_villages_with_blocks(sub_division_id: int) -> list[Village]:
    return list(db.session.scalars(list_villages(sub_division_id)))
