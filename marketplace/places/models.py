"""Places of a sub-division; the sub-division is the tenant everything else belongs to."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import Created, Keyed, OfSubDivision, UTCDateTime, enum_column_type
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
    #: that number as people write to it (E.164), printed on posters
    whatsapp_display_number: Mapped[str | None] = mapped_column(sa.String(16))
    #: the Local Government Directory's code of the sub-district it was onboarded from: a
    #: second upload of the same list updates this sub-division (one per code)
    lgd_code: Mapped[int | None] = mapped_column(unique=True)
    #: LGD codes of its district and state, as the upload gave them
    lgd_district_code: Mapped[int | None] = mapped_column()
    lgd_state_code: Mapped[int | None] = mapped_column()

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

    #: LGD block code; one block per code in a sub-division (an LGD block may span two
    #: sub-districts, each onboarded sub-division then has its part of it)
    lgd_code: Mapped[int | None] = mapped_column()

    sub_division: Mapped[SubDivision] = relationship(back_populates="blocks")
    panchayats: Mapped[list[Panchayat]] = relationship(
        back_populates="block", order_by="Panchayat.name_en"
    )

    __table_args__ = (sa.UniqueConstraint("sub_division_id", "name_en"),
                      sa.UniqueConstraint("sub_division_id", "lgd_code"))


class Panchayat(Keyed, db.Model):
    """A gram panchayat, or for a town its nagar panchayat / municipal body."""

    __tablename__ = "panchayats"

    block_id: Mapped[int] = mapped_column(
        sa.ForeignKey("blocks.id", ondelete="CASCADE"), index=True
    )
    name_en: Mapped[str] = mapped_column(sa.String(80))
    name_hi: Mapped[str] = mapped_column(sa.String(80))
    is_urban: Mapped[bool] = mapped_column(default=False)
    #: LGD local body code (gram panchayat, nagar panchayat…), one per code in a block
    lgd_code: Mapped[int | None] = mapped_column()

    block: Mapped[Block] = relationship(back_populates="panchayats")
    villages: Mapped[list[Village]] = relationship(
        back_populates="panchayat", order_by="Village.name_en"
    )

    __table_args__ = (sa.UniqueConstraint("block_id", "name_en"),
                      sa.UniqueConstraint("block_id", "lgd_code"))


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
    #: LGD village (or town/ward) code: one place per code on the whole site
    lgd_code: Mapped[int | None] = mapped_column(unique=True)

    panchayat: Mapped[Panchayat] = relationship(back_populates="villages")

    __table_args__ = (
        sa.UniqueConstraint("panchayat_id", "name_en"),
        sa.CheckConstraint("latitude BETWEEN -90 AND 90", name="latitude_range"),
        sa.CheckConstraint("longitude BETWEEN -180 AND 180", name="longitude_range"),
    )


class LgdUpload(Keyed, Created, db.Model):
    """An uploaded LGD village list, parsed: kept between the checked preview and the import
    (no process memory), and marked imported once so that a second click imports nothing."""

    __tablename__ = "lgd_uploads"

    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(sa.String(120))
    #: the LGD sub-district code the list is for
    sub_district_code: Mapped[int] = mapped_column()
    #: the short code a new sub-division gets (unused when the code is onboarded already)
    code: Mapped[str | None] = mapped_column(sa.String(6))
    #: Hindi names typed on the form, used before the file's local-language names
    name_hi: Mapped[str | None] = mapped_column(sa.String(80))
    district_hi: Mapped[str | None] = mapped_column(sa.String(80))
    #: where villages without coordinates go when the file gives none to take a centre from
    centre_latitude: Mapped[float | None] = mapped_column(sa.Float)
    centre_longitude: Mapped[float | None] = mapped_column(sa.Float)
    #: the sub-division whose rate cards, delivery slots and charges and commission a new
    #: sub-division starts with
    defaults_from_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sub_divisions.id", ondelete="SET NULL"))
    #: [{"line": n, "values": {field: text}}]: the accepted columns only
    rows: Mapped[list] = mapped_column(sa.JSON, default=list)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sub_division_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sub_divisions.id", ondelete="SET NULL"))
    #: what the import did: villages added, updated and as they were, places added, rows
    #: left out (as the audit event says)
    counts: Mapped[dict | None] = mapped_column(sa.JSON)
