"""Registration drives: partners of a sub-division, drives with their targets, and camps.

A drive runs between two dates in one sub-division with targets per block and, optionally,
per partner (ITI, employment office…). Camps are held in a village on a day by operators;
a worker registered at a camp carries the camp's id (workers.models.WorkerProfile.camp_id),
so a camp's, its block's and its partner's numbers are counted, never copied.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import Created, Keyed, OfSubDivision, UTCDateTime, enum_column_type
from marketplace.extensions import db
from marketplace.places.models import Village
from marketplace.workers.models import WorkerCategory

#: the highest target a block or partner may be given in one drive
MAX_TARGET = 1_000_000
MAX_FOOTFALL = 100_000
#: the longest name, in each language, of a partner and of a drive
MAX_PARTNER_NAME = 80
MAX_DRIVE_NAME = 120


class PartnerKind(enum.StrEnum):
    """The kinds of office or body that run camps with the SDM office (reference data: the
    schema's CHECK lists them)."""

    ITI = "iti"
    EMPLOYMENT_OFFICE = "employment_office"
    LABOUR_OFFICE = "labour_office"
    NRLM = "nrlm"
    NGO = "ngo"


class Partner(OfSubDivision, Created, db.Model):
    """A department or body of one sub-division that registers workers with it."""

    __tablename__ = "drive_partners"

    kind: Mapped[PartnerKind] = mapped_column(enum_column_type(PartnerKind, "partner_kind"))
    #: one of the two names is enough; each given one is the sub-division's only partner of it
    name_en: Mapped[str] = mapped_column(sa.String(MAX_PARTNER_NAME), default="")
    name_hi: Mapped[str] = mapped_column(sa.String(MAX_PARTNER_NAME), default="")

    __table_args__ = (
        sa.CheckConstraint("name_en <> '' OR name_hi <> ''", name="has_a_name"),
        *(sa.Index(f"uq_drive_partners_sub_division_id_{column}", "sub_division_id", column,
                   unique=True, sqlite_where=sa.text(f"{column} <> ''"),
                   postgresql_where=sa.text(f"{column} <> ''"))
          for column in ("name_en", "name_hi")),
    )


class PartnerOperator(db.Model):
    """A CSC operator who works for a partner (at most one): a drive's ranking of partners
    counts the operator's registrations to it."""

    __tablename__ = "drive_partner_operators"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("drive_partners.id", ondelete="CASCADE"), index=True)


drive_categories = sa.Table(
    "drive_categories",
    db.metadata,
    sa.Column("drive_id", sa.ForeignKey("drives.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("category_id", sa.ForeignKey("worker_categories.id", ondelete="CASCADE"),
              primary_key=True),
)


class Drive(OfSubDivision, Created, db.Model):
    __tablename__ = "drives"

    #: one of the two names is enough
    name_en: Mapped[str] = mapped_column(sa.String(MAX_DRIVE_NAME), default="")
    name_hi: Mapped[str] = mapped_column(sa.String(MAX_DRIVE_NAME), default="")
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    #: raised by every edit; an edit sent from an older version is refused (two staff editing
    #: at once: the second is told, not silently overwritten)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    targets: Mapped[list[DriveTarget]] = relationship(
        back_populates="drive", cascade="all, delete-orphan", order_by="DriveTarget.id")
    #: the kinds of work the drive looks for most
    categories: Mapped[list[WorkerCategory]] = relationship(
        secondary=drive_categories, order_by=lambda: WorkerCategory.sort_order)

    __table_args__ = (
        sa.CheckConstraint("name_en <> '' OR name_hi <> ''", name="has_a_name"),
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )


class DriveTarget(Keyed, db.Model):
    """Registrations a drive aims for in one block, or through one partner (exactly one)."""

    __tablename__ = "drive_targets"

    drive_id: Mapped[int] = mapped_column(sa.ForeignKey("drives.id", ondelete="CASCADE"),
                                          index=True)
    block_id: Mapped[int | None] = mapped_column(sa.ForeignKey("blocks.id"))
    partner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("drive_partners.id"))
    target: Mapped[int] = mapped_column()

    drive: Mapped[Drive] = relationship(back_populates="targets")

    __table_args__ = (
        sa.CheckConstraint(f"target >= 0 AND target <= {MAX_TARGET}", name="target_range"),
        sa.CheckConstraint("(block_id IS NULL) <> (partner_id IS NULL)", name="block_or_partner"),
        sa.UniqueConstraint("drive_id", "block_id", "partner_id"),
    )


class CampStatus(enum.StrEnum):
    PLANNED = "planned"
    #: to another day or place; still to be held
    MOVED = "moved"
    HELD = "held"
    CANCELLED = "cancelled"


camp_operators = sa.Table(
    "camp_operators",
    db.metadata,
    sa.Column("camp_id", sa.ForeignKey("drive_camps.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_camp_operators_user", "user_id", "camp_id"),
)


class Camp(OfSubDivision, Created, db.Model):
    """A day in a village when operators (and a partner) register workers for a drive."""

    __tablename__ = "drive_camps"

    drive_id: Mapped[int] = mapped_column(sa.ForeignKey("drives.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(sa.Date)
    village_id: Mapped[int] = mapped_column(sa.ForeignKey("villages.id"))
    #: copied from the village, so a block's registrations are counted without joins
    block_id: Mapped[int] = mapped_column(sa.ForeignKey("blocks.id"))
    partner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("drive_partners.id", ondelete="SET NULL"))
    expected_footfall: Mapped[int] = mapped_column(default=0)
    status: Mapped[CampStatus] = mapped_column(enum_column_type(CampStatus, "camp_status"),
                                               default=CampStatus.PLANNED)
    #: why it was cancelled or moved
    note: Mapped[str | None] = mapped_column(sa.String(300))
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    drive: Mapped[Drive] = relationship()
    village: Mapped[Village] = relationship()
    partner: Mapped[Partner | None] = relationship()
    operators: Mapped[list[User]] = relationship(secondary=camp_operators,
                                                 order_by=lambda: User.name)

    __table_args__ = (
        sa.CheckConstraint(f"expected_footfall >= 0 AND expected_footfall <= {MAX_FOOTFALL}",
                           name="footfall_range"),
        sa.Index("ix_drive_camps_drive", "drive_id", "held_on"),
    )
