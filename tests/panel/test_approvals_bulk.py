"""Bulk approve: each ticked item through its own service; failures named; forged ids 404."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductStatus
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.shg.models import SHGStatus
from marketplace.workers.models import WorkerStatus
from tests.access.approvals import waiting_items
from tests.helpers import make_user, make_worker, messages_to, sign_in, submit

W = WorkerStatus
QUEUE = "/panel/approvals"


@pytest.fixture
def waiting(nadaun):
    return waiting_items(nadaun)


@pytest.fixture
def staff_client(app, nadaun):
    client = app.test_client()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    return client


@pytest.fixture
def elsewhere_client(app, other_sub_division):
    client = app.test_client()
    sign_in(client, make_user(Role.STAFF, sub_division=other_sub_division))
    return client


def bulk(client, *items, **extra):
    return submit(client, f"{QUEUE}/bulk", {"items": list(items), **extra}, page=QUEUE)


def box(kind, item) -> str:
    return f"{kind}-{item.id}"


def approvals() -> list[str]:
    return db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.action.like("%approved")).order_by(AuditEvent.id)).all()


def test_the_queue_offers_a_box_for_each_item_that_can_be_bulk_approved(staff_client,
                                                                         waiting):
    html = staff_client.get(QUEUE).get_data(as_text=True)
    assert f'value="worker-{waiting["new_worker"].id}"' in html
    assert f'value="product-{waiting["edited_product"].id}"' in html
    assert f'value="review-{waiting["review"].id}"' not in html  # needs a reason


def test_staff_approve_ticked_items_of_every_kind_at_once(staff_client, waiting):
    response = bulk(staff_client, box("worker", waiting["new_worker"]),
                    box("worker", waiting["edited_worker"]), box("shg", waiting["group"]),
                    box("product", waiting["new_product"]),
                    box("product", waiting["edited_product"]), kind="", order="newest")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{QUEUE}?order=newest")
    for name in waiting:
        if name != "booking":
            db.session.refresh(waiting[name])
    assert waiting["new_worker"].status is W.APPROVED
    assert waiting["edited_worker"].display_name == "Purana Plumber Ji"
    assert waiting["group"].status is SHGStatus.APPROVED
    assert waiting["new_product"].status is ProductStatus.APPROVED
    assert waiting["edited_product"].name_en == "Sweet mango pickle"
    assert sorted(approvals()) == sorted([
        "worker.approved", "worker.changes_approved", "shg.approved", "product.approved",
        "product.changes_approved"])
    assert messages_to(waiting["new_worker"].user.phone)[-1].kind == "worker_approved"
    html = staff_client.get(QUEUE).get_data(as_text=True)
    assert "5 approved" in html and "Naya Mistri" not in html


def test_one_that_cannot_be_approved_does_not_stop_the_others(staff_client, waiting):
    edited = waiting["edited_worker"]
    edited.pending_changes = None  # decided by someone else after the page was shown
    db.session.flush()
    response = bulk(staff_client, box("worker", edited), box("worker", waiting["new_worker"]))
    assert response.status_code == 303
    db.session.refresh(waiting["new_worker"])
    assert waiting["new_worker"].status is W.APPROVED
    assert approvals() == ["worker.approved"]
    html = staff_client.get(QUEUE).get_data(as_text=True)
    assert "1 approved" in html
    assert "Not approved: Purana Plumber: There is nothing waiting for review" in html


def test_when_none_can_be_approved_nothing_is_written_and_the_page_says_why(staff_client,
                                                                            waiting):
    group = waiting["group"]
    group.status = SHGStatus.REJECTED
    db.session.flush()
    response = bulk(staff_client, box("shg", group))
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Nothing was approved" in html and "Naya Savera SHG" in html
    assert approvals() == []


def test_forged_ids_of_another_sub_division_are_404_and_nothing_is_approved(
        elsewhere_client, staff_client, waiting, other_sub_division):
    own = make_worker(other_sub_division, name="Barsar Barber", status=W.PENDING_REVIEW)
    response = bulk(elsewhere_client, box("worker", own), box("worker", waiting["new_worker"]))
    assert response.status_code == 404
    response = bulk(elsewhere_client, box("product", waiting["new_product"]))
    assert response.status_code == 404
    db.session.refresh(own)
    db.session.refresh(waiting["new_worker"])
    assert own.status is W.PENDING_REVIEW and waiting["new_worker"].status is W.PENDING_REVIEW
    assert approvals() == []
    assert bulk(staff_client, "worker-999999").status_code == 404


def test_bad_selections_are_refused_with_a_clear_answer(staff_client, waiting):
    response = bulk(staff_client)
    assert response.status_code == 400
    assert "Tick at least one item" in response.get_data(as_text=True)
    assert bulk(staff_client, box("review", waiting["review"])).status_code == 400
    assert bulk(staff_client, "worker-").status_code == 400
    # Devanagari digits are digits (the one digits rule): worker 9999999 is not found.
    assert bulk(staff_client, "worker-९९९९९९९").status_code == 404
    assert bulk(staff_client, "worker-²").status_code == 400
    assert bulk(staff_client, "order-1").status_code == 400
    too_many = [f"worker-{n}" for n in range(1, 52)]
    assert bulk(staff_client, *too_many).status_code == 400
    unprotected = staff_client.post(f"{QUEUE}/bulk",
                                    data={"items": [box("worker", waiting["new_worker"])]})
    assert unprotected.status_code == 400
    assert approvals() == []


def test_a_worker_cannot_approve_their_own_profile_in_bulk(app, nadaun):
    """The domain rule (nobody moderates themself) holds in bulk too."""
    staff = make_user(Role.STAFF, sub_division=nadaun, name="Staff Who Works")
    from marketplace.workers.services import ProfileInput, register_worker
    from tests.helpers import first_village

    worker = make_worker(nadaun, name="Other", status=W.PENDING_REVIEW)
    own = register_worker(staff, ProfileInput(
        display_name="Staff Who Works", main_category_id=worker.main_category_id,
        rate_paise=50000, rate_unit=worker.rate_unit,
        home_village_id=first_village(nadaun).id), sub_division=nadaun, actor=staff,
        today=worker.created_at.date())
    client = app.test_client()
    sign_in(client, staff)
    response = bulk(client, box("worker", own), box("worker", worker))
    assert response.status_code == 303
    db.session.refresh(own)
    assert own.status is W.PENDING_REVIEW
    assert approvals() == ["worker.approved"]
