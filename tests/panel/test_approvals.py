"""One approval queue: what waits, filters, one item's page with what changed, decisions."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductStatus
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.shg.models import SHGStatus
from marketplace.workers.models import WorkerStatus
from tests.access.approvals import reviewed_booking, waiting_items
from tests.helpers import (
    make_group,
    make_product,
    make_user,
    make_worker,
    messages_to,
    sign_in,
    submit,
)

W = WorkerStatus


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def waiting(nadaun):
    return waiting_items(nadaun)


@pytest.fixture
def staff_client(app, nadaun):
    client = app.test_client()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun, name="Sunita Staff"))
    return client


@pytest.fixture
def elsewhere_client(app, other_sub_division):
    client = app.test_client()
    sign_in(client, make_user(Role.STAFF, sub_division=other_sub_division))
    return client


TITLES = ["Naya Mistri", "Purana Plumber", "Naya Savera SHG", "Rhododendron juice",
          "Mango pickle", "Reviewed Worker"]


def test_the_queue_lists_every_kind_waiting_oldest_first(staff_client, waiting):
    html = staff_client.get("/panel/approvals").get_data(as_text=True)
    positions = [html.index(title) for title in TITLES]
    assert positions == sorted(positions)
    assert "Changes to a listed one" in html and "Reported by the worker" in html


def test_the_queue_can_show_newest_first(staff_client, waiting):
    html = staff_client.get("/panel/approvals?order=newest").get_data(as_text=True)
    positions = [html.index(title) for title in TITLES]
    assert positions == sorted(positions, reverse=True)


def test_the_queue_filters_by_kind(staff_client, waiting):
    html = staff_client.get("/panel/approvals?kind=shg").get_data(as_text=True)
    assert "Naya Savera SHG" in html
    assert "Naya Mistri" not in html and "Rhododendron juice" not in html
    html = staff_client.get("/panel/approvals?kind=review").get_data(as_text=True)
    assert "Reviewed Worker" in html and "Naya Mistri" not in html


def test_the_queue_filters_by_block(staff_client, nadaun, waiting):
    from marketplace.places.services import ensure_block, ensure_panchayat, ensure_village

    block = ensure_block(nadaun, name_en="Bijhar", name_hi="बिझड़")
    village = ensure_village(ensure_panchayat(block, name_en="Bijhar GP", name_hi="बिझड़ जीपी"),
                             name_en="Bijhar", name_hi="बिझड़", latitude=31.7, longitude=76.4)
    make_worker(nadaun, name="Bijhar Mason", status=W.PENDING_REVIEW, village=village)
    html = staff_client.get(f"/panel/approvals?block={block.id}").get_data(as_text=True)
    assert "Bijhar Mason" in html and "Naya Mistri" not in html
    assert "Bijhar Mason" in staff_client.get("/panel/approvals?block=junk").get_data(
        as_text=True)


def test_staff_of_another_sub_division_see_nothing_of_it(elsewhere_client, waiting):
    html = elsewhere_client.get("/panel/approvals").get_data(as_text=True)
    assert not any(title in html for title in TITLES)
    assert "बुरांश जूस" not in html
    for kind, item in (("worker", waiting["new_worker"]), ("shg", waiting["group"]),
                       ("product", waiting["new_product"]), ("review", waiting["review"])):
        assert elsewhere_client.get(f"/panel/approvals/{kind}/{item.id}").status_code == 404
        response = submit(elsewhere_client, f"/panel/approvals/{kind}/{item.id}",
                          {"decision": "approve", "reason": "x"}, page="/panel/approvals")
        assert response.status_code == 404
    assert waiting["new_worker"].status is W.PENDING_REVIEW


def test_an_unknown_kind_or_item_is_404(staff_client, waiting):
    assert staff_client.get("/panel/approvals/booking/1").status_code == 404
    assert staff_client.get("/panel/approvals/worker/999999").status_code == 404


def test_a_workers_edit_shows_old_and_new_side_by_side(staff_client, waiting):
    worker = waiting["edited_worker"]
    html = staff_client.get(f"/panel/approvals/worker/{worker.id}").get_data(as_text=True)
    table = html[html.index("What changed"):]
    assert table.index("Purana Plumber") < table.index("<ins>Purana Plumber Ji</ins>")
    assert "Pipes and taps" in table


def test_a_products_edit_shows_old_and_new_side_by_side(staff_client, waiting):
    product = waiting["edited_product"]
    html = staff_client.get(f"/panel/approvals/product/{product.id}").get_data(as_text=True)
    table = html[html.index("What changed"):]
    assert "<td>Mango pickle</td>" in table and "<ins>Sweet mango pickle</ins>" in table
    assert "<ins>Made with jaggery</ins>" in table


def test_a_new_photo_is_shown_next_to_the_old_one(staff_client, waiting):
    from marketplace.media.models import StoredImage

    images = [StoredImage(key=f"{n:032d}", width=800, height=600) for n in (1, 2)]
    db.session.add_all(images)
    db.session.flush()
    worker = waiting["edited_worker"]
    worker.photo_id = images[0].id
    worker.pending_changes = {"photo_id": images[1].id}
    db.session.flush()
    html = staff_client.get(f"/panel/approvals/worker/{worker.id}").get_data(as_text=True)
    table = html[html.index("What changed"):]
    assert table.index(images[0].key) < table.index(images[1].key)


def test_staff_approve_a_new_worker_who_is_told(staff_client, waiting):
    worker = waiting["new_worker"]
    response = submit(staff_client, f"/panel/approvals/worker/{worker.id}",
                      {"decision": "approve", "reason": ""})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/panel/approvals?kind=worker")
    db.session.refresh(worker)
    assert worker.status is W.APPROVED
    assert [e.subject_id for e in events("worker.approved")] == [worker.id]
    assert messages_to(worker.user.phone)[-1].kind == "worker_approved"


def test_approving_an_edit_applies_the_waiting_values(staff_client, waiting):
    product = waiting["edited_product"]
    submit(staff_client, f"/panel/approvals/product/{product.id}", {"decision": "approve"})
    db.session.refresh(product)
    assert (product.name_en, product.pending_changes) == ("Sweet mango pickle", None)
    assert events("product.changes_approved")


def test_rejecting_needs_a_reason_and_changes_nothing_without_one(staff_client, waiting):
    product = waiting["new_product"]
    response = submit(staff_client, f"/panel/approvals/product/{product.id}",
                      {"decision": "reject", "reason": "   "})
    assert response.status_code == 400
    assert "Write the reason." in response.get_data(as_text=True)
    db.session.refresh(product)
    assert product.status is ProductStatus.PENDING_REVIEW
    assert not events("product.rejected")


def test_staff_reject_a_group_with_a_reason_its_leader_hears(staff_client, waiting):
    group = waiting["group"]
    response = submit(staff_client, f"/panel/approvals/shg/{group.id}",
                      {"decision": "reject", "reason": "No NRLM registration yet"})
    assert response.status_code == 303
    db.session.refresh(group)
    assert group.status is SHGStatus.REJECTED
    assert events("shg.rejected")[0].reason == "No NRLM registration yet"
    leader = next(m.user for m in group.members if m.is_leader)
    assert messages_to(leader.phone)[-1].kind == "shg_rejected"


def test_a_forged_decision_or_a_too_long_reason_is_refused(staff_client, waiting):
    worker = waiting["new_worker"]
    url = f"/panel/approvals/worker/{worker.id}"
    assert submit(staff_client, url, {"decision": "hide", "reason": "x"}).status_code == 400
    response = submit(staff_client, url, {"decision": "reject", "reason": "x" * 501})
    assert response.status_code == 400
    assert staff_client.post(url, data={"decision": "approve"}).status_code == 400  # no CSRF
    db.session.refresh(worker)
    assert worker.status is W.PENDING_REVIEW


def test_deciding_what_was_already_decided_is_a_conflict(staff_client, waiting):
    worker = waiting["edited_worker"]
    url = f"/panel/approvals/worker/{worker.id}"
    page = staff_client.get(url)
    worker.pending_changes = None  # someone else decided meanwhile
    db.session.flush()
    response = submit(staff_client, url, {"decision": "approve"}, page=url)
    assert response.status_code == 409
    assert "nothing waiting" in response.get_data(as_text=True).lower()
    assert page.status_code == 200 and not events("worker.changes_approved")


def test_the_item_page_shows_the_decisions_so_far(staff_client, waiting):
    group = waiting["group"]
    html = staff_client.get(f"/panel/approvals/shg/{group.id}").get_data(as_text=True)
    assert "Decisions so far" in html and "Group applied" in html and "Kamla Applicant" in html
    assert "shg.applied" not in html


def test_the_queue_runs_a_fixed_number_of_queries(staff_client, nadaun, waiting,
                                                  count_queries):
    db.session.flush()
    with count_queries() as few:
        staff_client.get("/panel/approvals")
    seller, _leader = make_group(nadaun, name="Busy SHG")
    for n in range(12):
        make_worker(nadaun, name=f"Waiting {n}", status=W.PENDING_REVIEW)
        make_product(seller, name_en=f"Product {n}", approved=False)
        reviewed_booking(nadaun, worker=make_worker(nadaun, name=f"Rated {n}"))
    db.session.flush()
    with count_queries() as many:
        html = staff_client.get("/panel/approvals").get_data(as_text=True)
    assert "Waiting 11" in html and "Product 11" in html and "Rated 11" in html
    assert len(many) == len(few)


def test_admins_see_every_sub_division_until_they_choose(app, nadaun, other_sub_division,
                                                         waiting):
    make_worker(other_sub_division, name="Barsar Barber", status=W.PENDING_REVIEW)
    client = app.test_client()
    sign_in(client, make_user(Role.ADMIN))
    html = client.get("/panel/approvals").get_data(as_text=True)
    assert "Barsar Barber" in html and "Naya Mistri" in html
    submit(client, "/panel/", {"sub_division": str(other_sub_division.id)})
    html = client.get("/panel/approvals").get_data(as_text=True)
    assert "Barsar Barber" in html and "Naya Mistri" not in html
    assert client.get(f"/panel/approvals/worker/{waiting['new_worker'].id}").status_code == 404
