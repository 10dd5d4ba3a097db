"""Serve our WebP variants: image type, nosniff, cached for a year (names never change)."""

from __future__ import annotations

from flask import Blueprint, abort, send_file, url_for

from marketplace.media.models import VARIANTS
from marketplace.media.queries import get_image_by_key
from marketplace.media.services import storage

bp = Blueprint("media", __name__, url_prefix="/media")


@bp.app_template_global()
def srcset_of_key(key: str, largest: str = "medium") -> str:
    """The srcset of a photo known only by its key (cards: no query per card), each variant up
    to `largest` at its nominal width; one not made yet is served by the next larger one."""
    upto = VARIANTS[largest]
    return ", ".join(f"{url_for('media.serve', key=key, size=variant)} {width}w"
                     for variant, width in sorted(VARIANTS.items(), key=lambda item: item[1])
                     if width <= upto)


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
