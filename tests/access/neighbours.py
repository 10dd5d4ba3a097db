"""Authorization rows: a worker also listed in a neighbouring sub-division (the list, the
worker's page where their own staff ask, ending one)."""

from __future__ import annotations

from tests.access.roles import PANEL, by_role

_NADAUN_S = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}

ACCESS = {
    "panel.neighbours.index": ("GET", "/panel/neighbours", by_role(302, PANEL)),
    "panel.neighbours.worker": ("GET", "/panel/neighbours/workers/{neighbour_worker}",
                                _NADAUN_S),
    # Ended by Nadaun's staff (the worker's own) or an admin; Barsar's staff are strangers.
    "panel.neighbours.end": ("POST", "/panel/neighbours/{neighbour_listing}/end",
                             {**by_role(302, {"staff", "admin"}, allowed_status=303),
                              "staff_elsewhere": 404}),
}


def add_ids(ids, *, nadaun, people, **_world):
    """A Nadaun worker listed in Sonepur too (accepted by an admin)."""
    from marketplace.workers import neighbours
    from tests.helpers import make_sub_division, make_worker

    worker = make_worker(nadaun, name="Neighbour Worker")
    listing = neighbours.propose_listing(worker, make_sub_division("SNP", "Sonepur"),
                                         actor=people["admin"])
    neighbours.accept_listing(listing, actor=people["admin"])
    ids["neighbour_worker"], ids["neighbour_listing"] = worker.id, listing.id
