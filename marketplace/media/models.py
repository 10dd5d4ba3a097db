"""A stored image: only our own WebP re-encodings of an upload are kept."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Created, Keyed
from marketplace.extensions import db

#: variant name → longest side in pixels (never upscaled), largest first
VARIANTS = {"large": 1200, "medium": 600, "thumb": 200}


def fit(width: int, height: int, longest: int) -> tuple[int, int]:
    """The size that fits `longest` on the long side, keeping the ratio; never larger."""
    side = max(width, height)
    if side <= longest:
        return width, height
    return max(1, round(width * longest / side)), max(1, round(height * longest / side))


class StoredImage(Keyed, Created, db.Model):
    __tablename__ = "stored_images"

    #: random and unguessable; part of every file name and URL
    key: Mapped[str] = mapped_column(sa.String(32), unique=True)
    #: size of the "large" variant; the others are fit() from it
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    #: bytes of each stored variant, e.g. {"large": 81234, "thumb": 5120}
    sizes: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    def file_name(self, variant: str) -> str:
        return f"{self.key[:2]}/{self.key}-{variant}.webp"

    def dimensions(self, variant: str) -> tuple[int, int]:
        """Width and height of a variant's file, for <img width height> and srcset."""
        return fit(self.width, self.height, VARIANTS[variant])

    def srcset_widths(self) -> list[tuple[str, int]]:
        """(variant, width) from smallest, without repeats (a small photo's are all alike)."""
        seen: dict[int, str] = {}
        for variant in sorted(VARIANTS, key=VARIANTS.get):
            seen.setdefault(self.dimensions(variant)[0], variant)
        return [(variant, width) for width, variant in seen.items()]
