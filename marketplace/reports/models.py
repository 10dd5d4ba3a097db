"""Registration targets that staff set per block and kind of work."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Keyed, UTCDateTime, utcnow
from marketplace.extensions import db


class RegistrationTarget(Keyed, db.Model):
    __tablename__ = "registration_targets"

    block_id: Mapped[int] = mapped_column(sa.ForeignKey("blocks.id"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("worker_categories.id"))
    target: Mapped[int] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    __table_args__ = (
        sa.UniqueConstraint("block_id", "category_id"),
        sa.CheckConstraint("target >= 0 AND target <= 100000", name="target_range"),
    )
