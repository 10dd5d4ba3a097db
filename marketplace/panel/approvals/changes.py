"""What an edit of a listed worker or product would change: old | new, field by field.

Both keep the waiting values in pending_changes ({field: new value}); the current values are
still on the row until staff approve.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import gettext as _

from marketplace.catalogue.models import Product, ProductCategory
from marketplace.core.i18n import localized
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.media.queries import get_images
from marketplace.workers.models import WorkerCategory, WorkerProfile


@dataclass
class Change:
    label: str
    before: str = ""
    after: str = ""
    before_images: list[StoredImage] = field(default_factory=list)
    after_images: list[StoredImage] = field(default_factory=list)


def _names(model, ids) -> str:
    """Localized names of these categories, in the order given (one query)."""
    ids = [i for i in ids if isinstance(i, int)]
    if not ids:
        return "—"
    found = {c.id: c for c in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}
    locale = str(get_locale())
    return ", ".join(localized(found[i], "name", locale) for i in ids if i in found) or "—"


def _images(ids: list, images: dict[int, StoredImage]) -> list[StoredImage]:
    return [images[i] for i in ids if i in images]


def worker_changes(worker: WorkerProfile) -> list[Change]:
    waiting = worker.pending_changes or {}
    rows = []
    if "display_name" in waiting:
        rows.append(Change(_("Name"), worker.display_name, waiting["display_name"]))
    if "main_category_id" in waiting:
        rows.append(Change(_("Main work"), _names(WorkerCategory, [worker.main_category_id]),
                           _names(WorkerCategory, [waiting["main_category_id"]])))
    if "other_category_ids" in waiting:
        rows.append(Change(_("Other work"),
                           _names(WorkerCategory, [c.id for c in worker.other_categories]),
                           _names(WorkerCategory, waiting["other_category_ids"] or [])))
    if "skills" in waiting:
        rows.append(Change(_("Skills"), worker.skills or "—", waiting["skills"] or "—"))
    if "photo_id" in waiting:
        images = get_images([worker.photo_id, waiting["photo_id"]])
        rows.append(Change(_("Photo"), "" if worker.photo_id else _("no photo"),
                           "" if waiting["photo_id"] else _("no photo"),
                           _images([worker.photo_id], images),
                           _images([waiting["photo_id"]], images)))
    return rows


def product_changes(product: Product) -> list[Change]:
    waiting = product.pending_changes or {}
    rows = []
    for name, label in (("name_hi", _("Name in Hindi")), ("name_en", _("Name in English")),
                        ("description", _("Description"))):
        if name in waiting:
            rows.append(Change(label, getattr(product, name) or "—", waiting[name] or "—"))
    if "category_id" in waiting:
        rows.append(Change(_("Kind"), _names(ProductCategory, [product.category_id]),
                           _names(ProductCategory, [waiting["category_id"]])))
    if "photo_ids" in waiting:
        current = [photo.image_id for photo in product.photos]
        asked = list(waiting["photo_ids"] or [])
        images = get_images(current + asked)
        rows.append(Change(_("Photos"), "" if current else _("no photo"),
                           "" if asked else _("no photo"),
                           _images(current, images), _images(asked, images)))
    return rows
