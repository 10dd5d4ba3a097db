"""A stored image: only our own WebP re-encodings of an upload are kept."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import UTCDateTime, utcnow
from marketplace.extensions import db

#: variant name → longest side in pixels (never upscaled)
VARIANTS = {"large": 1200, "medium": 600, "thumb": 200}


class StoredImage(db.Model):
    __tablename__ = "stored_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: random and unguessable; part of every file name and URL
    key: Mapped[str] = mapped_column(sa.String(32), unique=True)
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    #: bytes of each stored variant, e.g. {"large": 81234, "thumb": 5120}
    sizes: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def file_name(self, variant: str) -> str:
        return f"{self.key[:2]}/{self.key}-{variant}.webp"
