"""Reads of stored images."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.media.models import StoredImage


def get_image_by_key(key: str) -> StoredImage | None:
    if not (len(key) == 32 and key.isascii() and key.isalnum()):
        return None
    return db.session.scalar(sa.select(StoredImage).where(StoredImage.key == key))
