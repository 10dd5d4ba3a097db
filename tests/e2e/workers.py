"""The demo's workers as the browser journeys pick them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.places.queries import get_default_sub_division
from marketplace.workers.models import Availability, WorkerCategory, WorkerProfile


@dataclass(frozen=True)
class DemoWorker:
    id: int
    name: str
    phone: str
    #: the Hindi name of the worker's home village
    village_hi: str


def an_available_plumber(live_server, *, newest: bool = False) -> DemoWorker:
    """The first available demo plumber of the default sub-division (Nadaun; or the last:
    journeys that book one each take different ones)."""
    order = WorkerProfile.id.desc() if newest else WorkerProfile.id
    with live_server.app.app_context():
        worker = db.session.scalars(
            sa.select(WorkerProfile).join(WorkerCategory,
                                          WorkerProfile.main_category_id == WorkerCategory.id)
            .where(WorkerProfile.sub_division_id == get_default_sub_division().id,
                   WorkerCategory.slug == "plumber",
                   WorkerProfile.availability == Availability.AVAILABLE)
            .order_by(order)).first()
        found = DemoWorker(worker.id, worker.display_name, worker.user.phone,
                           worker.home_village.name_hi)
        db.session.remove()
    return found
