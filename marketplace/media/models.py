"""A stored image: only our own re-encodings of an upload are kept."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.core.db import Created, Keyed, UTCDateTime
from marketplace.extensions import db

#: variant name → longest side in pixels (never upscaled), largest first; served as WebP.
#: "card" is a product card's or a worker profile's 140 px slot at twice the pixel density (phones
#: take the first candidate at least as dense as the screen: 200 px gave them 600), "small" a
#: worker card's 72 px one.
VARIANTS = {"large": 1200, "medium": 600, "card": 300, "thumb": 200, "small": 144}
#: made in the request, and served in place of a variant the job has not made yet
DISPLAY = "medium"
#: made by the job queue from the stored original (media.jobs)
DERIVED = tuple(variant for variant in VARIANTS if variant != DISPLAY)
#: the kept original's longest side: JPEG decoding at 1/2, 1/4, 1/8 scale for the large variant
#: lands below twice its size, so a phone photo is stored as decoded, without a resize
ORIGINAL_LONGEST = 2 * VARIANTS["large"]


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
    #: bytes of each stored variant, e.g. {"large": 81234, "thumb": 5120}; a variant not here
    #: is still being made, and DISPLAY is served instead
    sizes: Mapped[dict[str, int]] = mapped_column(sa.JSON, default=dict)
    uploaded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: when the job made the DERIVED variants; None while it has not (queued, or failed)
    derived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why the last attempt to make them failed (for `flask media pending`)
    derive_error: Mapped[str | None] = mapped_column(sa.String(200))

    def file_name(self, variant: str) -> str:
        return f"{self.key[:2]}/{self.key}-{variant}.webp"

    def original_name(self) -> str:
        """The kept original: our JPEG (or PNG when it has transparency), never served."""
        return f"{self.key[:2]}/{self.key}-original"

    def stored_variant(self, variant: str) -> str:
        """The variant itself once it is stored, else the smallest stored one at least as
        large standing in for it (an image stored before "small" existed has its thumb), else
        the display size."""
        if variant in self.sizes:
            return variant
        larger = [v for v in self.sizes if VARIANTS.get(v, 0) >= VARIANTS[variant]]
        return min(larger, key=VARIANTS.__getitem__, default=DISPLAY)

    def has_all_variants(self) -> bool:
        return all(variant in self.sizes for variant in VARIANTS)

    def dimensions(self, variant: str) -> tuple[int, int]:
        """Width and height of a variant's file, for <img width height> and srcset."""
        return fit(self.width, self.height, VARIANTS[variant])

    def srcset_widths(self) -> list[tuple[str, int]]:
        """(variant, width) of the stored variants from smallest, without repeats (a small
        photo's are all alike)."""
        seen: dict[int, str] = {}
        for variant in sorted(VARIANTS, key=VARIANTS.get):
            if variant in self.sizes:
                seen.setdefault(self.dimensions(variant)[0], variant)
        return [(variant, width) for width, variant in seen.items()]
