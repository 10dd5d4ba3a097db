"""Serve our WebP variants: image type, nosniff, cached for a year (names never change)."""

from __future__ import annotations

from flask import Blueprint, abort, send_file

from marketplace.media.models import VARIANTS
from marketplace.media.queries import get_image_by_key
from marketplace.media.services import storage

bp = Blueprint("media", __name__, url_prefix="/media")


@bp.route("/<key>/<size>.webp")
def serve(key: str, size: str):
    if size not in VARIANTS:
        abort(404)
    image = get_image_by_key(key) or abort(404)
    stored = image.stored_variant(size)
    path = storage().path_of(image.file_name(stored)) or abort(404)
    final = stored == size
    response = send_file(path, mimetype="image/webp", conditional=True,
                         max_age=31536000 if final else None)
    # While the job makes this size the display size stands in: ask again next time.
    response.headers["Cache-Control"] = ("public, max-age=31536000, immutable" if final
                                         else "no-cache")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response
