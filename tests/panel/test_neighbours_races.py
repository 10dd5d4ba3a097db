"""Two staff of the asked sub-division deciding one neighbour listing at once, on
PostgreSQL: one wins, the other is told (409), nothing fails."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.workers import neighbours
from marketplace.workers.models import NeighbourListing, NeighbourStatus
from tests.helpers import make_sub_division, make_user, make_worker, run_together, signed_in_clients

pytestmark = pytest.mark.postgres


def test_two_staff_accepting_at_once_list_the_worker_once(committed_app):
    app = committed_app
    with app.app_context():
        nadaun, sonepur = make_sub_division(), make_sub_division("SNP", "Sonepur")
        admin = make_user(Role.ADMIN)
        listing = neighbours.propose_listing(make_worker(nadaun), sonepur, actor=admin)
        staff = [make_user(Role.STAFF, sub_division=sonepur, name=f"Staff {n}")
                 for n in range(2)]
        db.session.commit()
        listing_id = listing.id
        people = [SimpleNamespace(phone=s.phone, needs_second_factor=s.needs_second_factor)
                  for s in staff]
        db.session.remove()
    clients = signed_in_clients(app, people, "/panel/approvals")
    url = f"/panel/approvals/neighbour/{listing_id}"

    def accept(index: int) -> int:
        client, token = clients[index]
        return client.post(url, data={"decision": "accept", "csrf_token": token}).status_code

    assert sorted(run_together(2, accept)) == [303, 409]
    with app.app_context():
        assert db.session.get(NeighbourListing, listing_id).status is NeighbourStatus.ACCEPTED
        assert db.session.scalar(sa.select(sa.func.count()).where(
            AuditEvent.action == "neighbour.accepted")) == 1
        db.session.remove()
