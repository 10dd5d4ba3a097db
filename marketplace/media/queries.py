"""Reads of stored images."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.media.models import StoredImage


def get_image_by_key(key: str) -> StoredImage | None:
    if not (len(key) == 32 and key.isascii() and key.isalnum()):
        return None
    return db.session.scalar(sa.select(StoredImage).where(StoredImage.key == key))


def get_images(image_ids) -> dict[int, StoredImage]:
    """The stored images with these ids, by id (one query; unknown ids are left out)."""
    ids = {i for i in image_ids if isinstance(i, int)}
    if not ids:
        return {}
    return {image.id: image for image in db.session.scalars(
        sa.select(StoredImage).where(StoredImage.id.in_(ids)))}
