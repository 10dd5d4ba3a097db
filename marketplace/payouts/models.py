"""The sub-division's commission and the payouts made to self-help groups."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Created, OfSubDivision, UTCDateTime, utcnow
from marketplace.extensions import db


class PayoutTerms(db.Model):
    """What the sub-division keeps of each delivered sale, in basis points (100 = 1 %)."""

    __tablename__ = "payout_terms"

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"),
                                                 primary_key=True)
    commission_bp: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (
        sa.CheckConstraint("commission_bp >= 0 AND commission_bp <= 5000",
                           name="commission_range"),
    )


class Payout(OfSubDivision, Created, db.Model):
    """Money paid to a group (bank transfer, UPI or cash) with its reference."""

    __tablename__ = "payouts"

    group_id: Mapped[int] = mapped_column(sa.ForeignKey("self_help_groups.id"), index=True)
    amount_paise: Mapped[int] = mapped_column()
    paid_on: Mapped[date] = mapped_column(sa.Date)
    #: the bank/UPI transaction reference or cash receipt number
    reference: Mapped[str] = mapped_column(sa.String(100))
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (sa.CheckConstraint("amount_paise > 0", name="amount_positive"),)
