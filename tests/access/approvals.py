"""Authorization rows: the approval queue, one item, bulk approve, the audit log, and a
worker reporting a review."""

from __future__ import annotations

from datetime import timedelta

from tests.access.roles import PANEL, by_role

ACCESS = {
    "panel.approvals.index": ("GET", "/panel/approvals", by_role(302, PANEL)),
    "panel.approvals.audit_log": ("GET", "/panel/approvals/audit", by_role(302, PANEL)),
    "panel.approvals.item": ("GET", "/panel/approvals/review/{approvals_review}",
                             {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    # Nothing ticked: a clear 400 for the panel; the rows above still see the queue unchanged.
    "panel.approvals.bulk_approve": ("POST", "/panel/approvals/bulk",
                                     by_role(302, PANEL, allowed_status=400)),
    # Only the worker the review is about may report it (none of the table's roles is).
    "bookings.flag_review": ("POST", "/bookings/{approvals_booking}/review/flag",
                             by_role(302, {"staff", "admin"}, allowed_status=403, others=404)),
}


def reviewed_booking(sub_division, *, rating: int = 1, text: str = "Bad", flag: bool = True,
                     worker=None):
    """A completed booking with a review, reported by its worker unless flag=False:
    (booking, review)."""
    from marketplace.bookings import services
    from marketplace.bookings.models import Slot
    from marketplace.core.db import today_in_india
    from tests.helpers import early_today, first_village, make_user, make_worker

    worker = worker or make_worker(sub_division, name="Reviewed Worker")
    resident = make_user(name="Reviewing Resident")
    booking = services.request_booking(
        worker, services.BookingRequest(
            work_date=early_today(), slot=Slot.EVENING,
            village_id=first_village(sub_division).id, address="House 2", description="Wiring"),
        actor=resident, today=today_in_india())
    services.answer_booking(booking, accept=True, actor=worker.user)
    services.complete_work(booking, actor=worker.user, amount_paise=40000)
    review = services.review_booking(booking, author=resident, rating=rating, text=text)
    if flag:
        services.flag_review(review, actor=worker.user, reason="Not true")
    return booking, review


def waiting_items(nadaun):
    """One of each kind waiting in Nadaun, oldest first in this order (tests/panel)."""
    from marketplace.core.db import utcnow
    from marketplace.extensions import db
    from marketplace.shg.services import GroupInput, apply_for_group
    from marketplace.workers.models import WorkerStatus as W
    from tests.helpers import first_village, make_group, make_product, make_user, make_worker

    now = utcnow()
    new_worker = make_worker(nadaun, name="Naya Mistri", status=W.PENDING_REVIEW)
    edited_worker = make_worker(nadaun, name="Purana Plumber")
    edited_worker.pending_changes = {"display_name": "Purana Plumber Ji",
                                     "skills": "Pipes and taps"}
    applicant = make_user(name="Kamla Applicant")
    group = apply_for_group(GroupInput(village_id=first_village(nadaun).id,
                                       name_en="Naya Savera SHG"),
                            sub_division=nadaun, actor=applicant)
    seller, _leader = make_group(nadaun, name="Jai Maa SHG")
    new_product = make_product(seller, name_en="Rhododendron juice", name_hi="बुरांश जूस",
                               approved=False)
    edited_product = make_product(seller, name_en="Mango pickle", name_hi="आम का अचार")
    edited_product.pending_changes = {"name_en": "Sweet mango pickle",
                                      "description": "Made with jaggery"}
    booking, review = reviewed_booking(nadaun)
    new_worker.updated_at = now - timedelta(hours=6)
    edited_worker.updated_at = now - timedelta(hours=5)
    group.created_at = now - timedelta(hours=4)
    new_product.updated_at = now - timedelta(hours=3)
    edited_product.updated_at = now - timedelta(hours=2)
    review.flagged_at = now - timedelta(hours=1)
    db.session.flush()
    return {"new_worker": new_worker, "edited_worker": edited_worker, "group": group,
            "new_product": new_product, "edited_product": edited_product, "review": review,
            "booking": booking}


def add_ids(ids, *, nadaun, **_world):
    """A completed booking in Nadaun whose review its worker has reported."""
    booking, review = reviewed_booking(nadaun)
    ids["approvals_booking"], ids["approvals_review"] = booking.id, review.id
