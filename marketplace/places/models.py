"""Places of a sub-division; the sub-division is the tenant everything else belongs to."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import Created, Keyed, OfSubDivision, enum_column_type
from marketplace.extensions import db


class SubDivision(Keyed, Created, db.Model):
    __tablename__ = "sub_divisions"

    #: short code used in human numbers such as NDN-2026-000123
    code: Mapped[str] = mapped_column(sa.String(6), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_hi: Mapped[str] = mapped_column(sa.String(80))
    district_en: Mapped[str] = mapped_column(sa.String(80))
    district_hi: Mapped[str] = mapped_column(sa.String(80))
    state_en: Mapped[str] = mapped_column(sa.String(80))
    state_hi: Mapped[str] = mapped_column(sa.String(80))
    #: Meta's id of the sub-division's WhatsApp Business number: messages sent to it are
    #: served here (a site with one sub-division serves every number without it)
    whatsapp_phone_number_id: Mapped[str | None] = mapped_column(sa.String(32), unique=True)

    blocks: Mapped[list[Block]] = relationship(
        back_populates="sub_division", order_by="Block.name_en"
    )

    __table_args__ = (sa.CheckConstraint("code = upper(code)", name="code_upper"),)


class Block(Keyed, db.Model):
    __tablename__ = "blocks"

    sub_division_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sub_divisions.id", ondelete="CASCADE"), index=True
    )
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_hi: Mapped[str] = mapped_column(sa.String(80))

    sub_division: Mapped[SubDivision] = relationship(back_populates="blocks")
    panchayats: Mapped[list[Panchayat]] = relationship(
        back_populates="block", order_by="Panchayat.name_en"
    )

    __table_args__ = (sa.UniqueConstraint("sub_division_id", "name_en"),)


class Panchayat(Keyed, db.Model):
    """A gram panchayat, or for a town its nagar panchayat / municipal body."""

    __tablename__ = "panchayats"

    block_id: Mapped[int] = mapped_column(
        sa.ForeignKey("blocks.id", ondelete="CASCADE"), index=True
    )
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_hi: Mapped[str] = mapped_column(sa.String(80))
    is_urban: Mapped[bool] = mapped_column(default=False)

    block: Mapped[Block] = relationship(back_populates="panchayats")
    villages: Mapped[list[Village]] = relationship(
        back_populates="panchayat", order_by="Village.name_en"
    )

    __table_args__ = (sa.UniqueConstraint("block_id", "name_en"),)


class VillageKind(enum.StrEnum):
    VILLAGE = "village"
    WARD = "ward"


class Village(OfSubDivision, db.Model):
    """A village of a gram panchayat or a ward of a town: where people live and get deliveries."""

    __tablename__ = "villages"

    panchayat_id: Mapped[int] = mapped_column(
        sa.ForeignKey("panchayats.id", ondelete="CASCADE"), index=True
    )
    #: copied from the panchayat's block so tenant filters need no joins
    block_id: Mapped[int] = mapped_column(sa.ForeignKey("blocks.id"), index=True)
    kind: Mapped[VillageKind] = mapped_column(
        enum_column_type(VillageKind, "village_kind"), default=VillageKind.VILLAGE
    )
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_hi: Mapped[str] = mapped_column(sa.String(80))
    #: WGS84 degrees, for distance search
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)

    panchayat: Mapped[Panchayat] = relationship(back_populates="villages")

    __table_args__ = (
        sa.UniqueConstraint("panchayat_id", "name_en"),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
    )
