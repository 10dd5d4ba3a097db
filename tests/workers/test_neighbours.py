"""A worker also listed in a neighbouring sub-division: proposed by the worker's own staff,
accepted or refused by the other's in their approval queue, ended by either; the other's
directory lists the worker with a badge, and the profile stays there."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.extensions import db
from marketplace.workers import neighbours
from marketplace.workers.models import NeighbourListing, NeighbourStatus, WorkerStatus
from tests.helpers import make_sub_division, make_user, make_worker, sign_in, submit


@pytest.fixture
def sonepur():
    return make_sub_division("SNP", "Sonepur")


@pytest.fixture
def people(nadaun, sonepur):
    return {"ndn": make_user(Role.STAFF, sub_division=nadaun, name="Nadaun staff"),
            "snp": make_user(Role.STAFF, sub_division=sonepur, name="Sonepur staff"),
            "admin": make_user(Role.ADMIN, name="Admin")}


def actions() -> list[str]:
    return db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.subject_type == "neighbour_listing").order_by(AuditEvent.id)).all()


def test_staff_of_both_agree_and_either_may_end_it(nadaun, sonepur, people):
    worker = make_worker(nadaun, name="Sohan Lal")
    listing = neighbours.propose_listing(worker, sonepur, actor=people["ndn"])
    assert listing.status is NeighbourStatus.PROPOSED and listing.sub_division_id == sonepur.id
    neighbours.accept_listing(listing, actor=people["snp"])
    assert listing.status is NeighbourStatus.ACCEPTED and listing.decided_at is not None
    neighbours.end_listing(listing, actor=people["ndn"])
    assert listing.status is NeighbourStatus.ENDED and listing.ended_at is not None
    assert actions() == ["neighbour.proposed", "neighbour.accepted", "neighbour.ended"]
    # asked again after it ended; this time the other side ends it
    again = neighbours.propose_listing(worker, sonepur, actor=people["ndn"])
    neighbours.accept_listing(again, actor=people["snp"])
    neighbours.end_listing(again, actor=people["snp"])
    assert again.status is NeighbourStatus.ENDED


def test_the_other_sub_divisions_staff_may_refuse_with_a_reason(nadaun, sonepur, people):
    listing = neighbours.propose_listing(make_worker(nadaun), sonepur, actor=people["ndn"])
    with pytest.raises(InvalidInput):
        neighbours.refuse_listing(listing, actor=people["snp"], reason="  ")
    neighbours.refuse_listing(listing, actor=people["snp"], reason="Too far from our villages")
    assert listing.status is NeighbourStatus.REFUSED
    with pytest.raises(Conflict):
        neighbours.accept_listing(listing, actor=people["snp"])


def test_the_worker_s_own_staff_cannot_accept_their_own_proposal(nadaun, sonepur, people):
    listing = neighbours.propose_listing(make_worker(nadaun), sonepur, actor=people["ndn"])
    with pytest.raises(Forbidden):
        neighbours.accept_listing(listing, actor=people["ndn"])
    with pytest.raises(Forbidden):
        neighbours.refuse_listing(listing, actor=people["ndn"], reason="no")


def test_staff_of_an_unrelated_third_sub_division_are_refused(nadaun, sonepur, people,
                                                              other_sub_division):
    third = make_user(Role.STAFF, sub_division=other_sub_division)
    worker = make_worker(nadaun)
    with pytest.raises(Forbidden):
        neighbours.propose_listing(worker, sonepur, actor=third)
    listing = neighbours.propose_listing(worker, sonepur, actor=people["ndn"])
    for refused in (lambda: neighbours.accept_listing(listing, actor=third),
                    lambda: neighbours.refuse_listing(listing, actor=third, reason="x"),
                    lambda: neighbours.end_listing(listing, actor=third)):
        with pytest.raises(Forbidden):
            refused()
    assert listing.status is NeighbourStatus.PROPOSED


def test_the_other_sub_division_s_staff_cannot_propose_someone_else_s_worker(nadaun, sonepur,
                                                                            people):
    with pytest.raises(Forbidden):
        neighbours.propose_listing(make_worker(nadaun), sonepur, actor=people["snp"])


def test_proposing_the_worker_s_own_sub_division_is_refused(nadaun, people):
    with pytest.raises(InvalidInput):
        neighbours.propose_listing(make_worker(nadaun), nadaun, actor=people["ndn"])


@pytest.mark.parametrize("status", [WorkerStatus.PENDING_REVIEW, WorkerStatus.REJECTED,
                                    WorkerStatus.WITHDRAWN, WorkerStatus.PENDING_CONSENT])
def test_a_worker_not_approved_cannot_be_proposed(nadaun, sonepur, people, status):
    with pytest.raises(Conflict):
        neighbours.propose_listing(make_worker(nadaun, status=status), sonepur,
                                   actor=people["ndn"])


def test_one_live_listing_per_worker_and_sub_division(nadaun, sonepur, people):
    worker = make_worker(nadaun)
    neighbours.propose_listing(worker, sonepur, actor=people["ndn"])
    with pytest.raises(Conflict):
        neighbours.propose_listing(worker, sonepur, actor=people["admin"])


def test_an_admin_may_act_for_both_sides(nadaun, sonepur, people):
    listing = neighbours.propose_listing(make_worker(nadaun), sonepur, actor=people["admin"])
    neighbours.accept_listing(listing, actor=people["admin"])
    neighbours.end_listing(listing, actor=people["admin"])
    assert listing.status is NeighbourStatus.ENDED


# Pages

def _accepted(nadaun, sonepur, people, **worker_fields):
    worker = make_worker(nadaun, **worker_fields)
    listing = neighbours.propose_listing(worker, sonepur, actor=people["ndn"])
    neighbours.accept_listing(listing, actor=people["snp"])
    db.session.commit()
    return worker, listing


def test_the_other_directory_lists_the_worker_with_a_badge_in_both_languages(
        client, nadaun, sonepur, people):
    make_worker(sonepur, name="Sonepur Mason", category="mason")
    waiting = neighbours.propose_listing(make_worker(nadaun, name="Not Yet"), sonepur,
                                         actor=people["ndn"])
    worker, _listing = _accepted(nadaun, sonepur, people, name="Sohan Lal")
    english = client.get("/snp/workers", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "Sohan Lal" in english and "Sonepur Mason" in english and "Not Yet" not in english
    assert "Also serves from Nadaun" in english
    assert f'href="/snp/workers/{worker.id}"' in english
    hindi = client.get("/snp/workers", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "Sohan Lal" in hindi and "Nadaun (हि) से भी सेवा" in hindi
    # its own directory shows no badge
    own = client.get("/ndn/workers", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sohan Lal" in own and "Also serves from" not in own
    assert waiting.status is NeighbourStatus.PROPOSED


def test_the_profile_stays_under_the_other_code_once_listed_there(client, nadaun, sonepur,
                                                                  people, other_sub_division):
    worker, listing = _accepted(nadaun, sonepur, people, name="Sohan Lal")
    response = client.get(f"/snp/workers/{worker.id}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Also serves from Nadaun" in response.get_data(as_text=True)
    own = client.get(f"/ndn/workers/{worker.id}", headers={"Accept-Language": "en"})
    assert own.status_code == 200 and "Also serves from" not in own.get_data(as_text=True)
    # not listed in a third: moved to its own
    moved = client.get(f"/brs/workers/{worker.id}")
    assert moved.status_code == 301 and moved.location.endswith(f"/ndn/workers/{worker.id}")
    neighbours.end_listing(listing, actor=people["snp"])
    db.session.commit()
    assert client.get(f"/snp/workers/{worker.id}").status_code == 301
    assert "Sohan Lal" not in client.get("/snp/workers").get_data(as_text=True)


def test_a_worker_no_longer_approved_leaves_the_other_directory(client, nadaun, sonepur, people):
    worker, _listing = _accepted(nadaun, sonepur, people, name="Sohan Lal")
    db.session.execute(sa.update(type(worker)).where(type(worker).id == worker.id)
                       .values(status=WorkerStatus.PENDING_REVIEW))
    db.session.commit()
    assert "Sohan Lal" not in client.get("/snp/workers").get_data(as_text=True)


def test_the_directory_runs_the_same_queries_with_and_without_neighbours(
        client, nadaun, sonepur, people, count_queries):
    for n in range(3):
        make_worker(sonepur, name=f"Own {n}")
    db.session.commit()
    client.get("/snp/workers?sort=rate")  # warm the per-process copies

    def statements_now() -> list[str]:
        with count_queries() as statements:
            assert client.get("/snp/workers?sort=rate").status_code == 200
        return [str(statement) for statement in statements]

    without = statements_now()
    # listing no neighbour's worker, the page is the own workers' SELECT alone (cheaper to build)
    assert not any("UNION" in statement.upper() for statement in without)
    for n in range(3):
        _accepted(nadaun, sonepur, people, name=f"Guest {n}")
    client.get("/snp/workers?sort=rate")
    with_neighbours = statements_now()
    assert len(with_neighbours) == len(without)
    assert any("UNION" in statement.upper() for statement in with_neighbours)


def test_neighbours_page_through_in_order_with_the_own_workers(client, nadaun, sonepur, people):
    for n in range(25):
        make_worker(sonepur, name=f"Own {n:02d}", rate_paise=10000 + n * 1000)
    for n in range(5):
        _accepted(nadaun, sonepur, people, name=f"Guest {n}", rate_paise=10500 + n * 5000)
    db.session.commit()
    first = client.get("/snp/workers?sort=rate").get_data(as_text=True)
    assert first.count("worker-card") >= 20
    import re
    after = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    second = client.get(after).get_data(as_text=True)
    names = re.findall(r'class="worker-name">([^<]+)<', first + second)
    assert len(names) == 30 and len(set(names)) == 30


def test_staff_propose_on_the_worker_s_page_and_the_other_staff_accept_in_their_queue(
        app, nadaun, sonepur, people):
    worker = make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    ndn = app.test_client()
    sign_in(ndn, people["ndn"])
    page = f"/panel/neighbours/workers/{worker.id}"
    assert ndn.get(page).status_code == 200
    own = submit(ndn, page, {"sub_division": nadaun.id})
    assert own.status_code == 400  # not a choice: the worker's own is not offered
    asked = submit(ndn, page, {"sub_division": sonepur.id, "reason": "He works in both"})
    assert asked.status_code == 303
    twice = submit(ndn, page, {"sub_division": sonepur.id})
    assert twice.status_code == 409
    listing = db.session.scalar(sa.select(NeighbourListing))
    assert ndn.get(f"/panel/approvals/neighbour/{listing.id}").status_code == 404

    snp = app.test_client()
    sign_in(snp, people["snp"])
    assert snp.get(page).status_code == 404
    queue = snp.get("/panel/approvals?kind=neighbour").get_data(as_text=True)
    assert "Sohan Lal" in queue
    item = f"/panel/approvals/neighbour/{listing.id}"
    assert snp.get(item).status_code == 200
    assert submit(snp, item, {"decision": "refuse"}).status_code == 400  # needs a reason
    assert submit(snp, item, {"decision": "accept"}).status_code == 303
    db.session.refresh(listing)
    assert listing.status is NeighbourStatus.ACCEPTED
    assert submit(snp, item, {"decision": "accept"}).status_code == 409

    listed = snp.get("/panel/neighbours").get_data(as_text=True)
    assert "Sohan Lal" in listed
    ended = submit(snp, f"/panel/neighbours/{listing.id}/end", page="/panel/neighbours")
    assert ended.status_code == 303
    again = submit(ndn, f"/panel/neighbours/{listing.id}/end", page="/panel/neighbours")
    assert again.status_code == 303  # refused (already ended): said, no 5xx
    db.session.refresh(listing)
    assert listing.status is NeighbourStatus.ENDED


def test_staff_of_a_third_sub_division_cannot_end_or_see_it(app, nadaun, sonepur, people,
                                                           other_sub_division):
    _worker, listing = _accepted(nadaun, sonepur, people)
    third = app.test_client()
    sign_in(third, make_user(Role.STAFF, sub_division=other_sub_division))
    assert "Ramesh Kumar" not in third.get("/panel/neighbours").get_data(as_text=True)
    response = submit(third, f"/panel/neighbours/{listing.id}/end", page="/panel/neighbours")
    assert response.status_code == 404
    assert third.get(f"/panel/approvals/neighbour/{listing.id}").status_code == 404
