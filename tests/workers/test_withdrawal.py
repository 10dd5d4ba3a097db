"""A worker deletes their profile: it disappears and personal data and photos are erased."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image

from marketplace.accounts.models import Role
from marketplace.bookings.models import BookingStatus, Slot
from marketplace.bookings.services import BookingRequest, request_booking
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.media.models import VARIANTS, StoredImage
from marketplace.media.services import storage
from marketplace.workers.models import ContactReveal, WorkerStatus
from marketplace.workers.services import reveal_contact
from tests.helpers import first_village, make_user, make_worker, messages_to, sign_in, submit
from tests.media.images import store_and_derive


def a_photo() -> StoredImage:
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (90, 40, 20)).save(out, "JPEG")
    return store_and_derive(out.getvalue())  # every size, as once its job has run


def test_deleting_my_profile_erases_it_but_keeps_past_bookings(app, client, nadaun):
    photo = a_photo()
    worker = make_worker(nadaun, name="Sohan Lal", skills="Taps", eshram_uan="123456789012",
                         photo_id=photo.id)
    files = [storage().path_of(name) for name in (
        photo.original_name(), *(photo.file_name(v) for v in VARIANTS))]
    assert all(files)
    resident = make_user()
    reveal_contact(worker, viewer=resident)
    booking = request_booking(worker, BookingRequest(
        work_date=today_in_india() + timedelta(days=1), slot=Slot.MORNING,
        village_id=first_village(nadaun).id, address="House 1", description="Tap"),
        actor=resident, today=today_in_india())
    sign_in(client, worker.user)
    assert submit(client, "/workers/leave", {}).status_code == 400  # must tick the box
    response = submit(client, "/workers/leave", {"confirm": "y"})
    assert response.status_code == 302

    db.session.refresh(worker)
    assert worker.status is WorkerStatus.WITHDRAWN
    assert (worker.display_name, worker.skills, worker.eshram_uan, worker.photo_id) == (
        "—", "", None, None)
    assert not any(path.exists() for path in files)
    assert db.session.scalar(sa.select(sa.func.count(ContactReveal.id))) == 0
    assert worker.user.role is Role.RESIDENT
    db.session.refresh(booking)
    assert booking.status is BookingStatus.CANCELLED
    assert messages_to(resident.phone)[-1].kind == "booking_cancelled"
    visitor = app.test_client()
    assert visitor.get(f"/ndn/workers/{worker.id}").status_code == 404
    assert "Sohan Lal" not in visitor.get("/ndn/workers").get_data(as_text=True)
