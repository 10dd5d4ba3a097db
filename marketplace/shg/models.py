"""Self-help groups and their members."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import Created, Keyed, OfSubDivision, UTCDateTime, enum_column_type, utcnow
from marketplace.core.workflow import ReviewStatus
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.places.models import Village

#: its own name, so that code about groups reads as such
SHGStatus = ReviewStatus


class SelfHelpGroup(OfSubDivision, Created, db.Model):
    __tablename__ = "self_help_groups"

    #: one of the two names is enough
    name_en: Mapped[str] = mapped_column(sa.String(100), default="")
    name_hi: Mapped[str] = mapped_column(sa.String(100), default="")
    village_id: Mapped[int] = mapped_column(sa.ForeignKey("villages.id"))
    #: NRLM / state livelihood mission registration code, when the group has one
    nrlm_code: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    story: Mapped[str] = mapped_column(sa.String(1000), default="")
    photo_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stored_images.id", ondelete="SET NULL"))
    #: payout details: shown to staff only
    upi_id: Mapped[str | None] = mapped_column(sa.String(100))
    bank_account_name: Mapped[str | None] = mapped_column(sa.String(100))
    bank_account_number: Mapped[str | None] = mapped_column(sa.String(20))
    bank_ifsc: Mapped[str | None] = mapped_column(sa.String(11))
    status: Mapped[SHGStatus] = mapped_column(enum_column_type(SHGStatus, "shg_status"),
                                              default=SHGStatus.PENDING_REVIEW, index=True)
    review_note: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    village: Mapped[Village] = relationship()
    photo: Mapped[StoredImage | None] = relationship()
    members: Mapped[list[SHGMember]] = relationship(back_populates="group",
                                                    order_by="SHGMember.id")

    __table_args__ = (
        sa.CheckConstraint("name_en <> '' OR name_hi <> ''", name="has_a_name"),
    )

    @property
    def is_listed(self) -> bool:
        """Approved by staff: its storefront is public and its products may be listed."""
        return self.status is SHGStatus.APPROVED


class SHGMember(Keyed, db.Model):
    """A woman's account in her group; leaders add and remove members."""

    __tablename__ = "shg_members"

    group_id: Mapped[int] = mapped_column(
        sa.ForeignKey("self_help_groups.id", ondelete="CASCADE"), index=True)
    #: one group per person
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    is_leader: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[SelfHelpGroup] = relationship(back_populates="members")
    user: Mapped[User] = relationship()
