"""The drive's page, its CSV, a camp's page and today's camp run the same number of queries
whatever the number of camps, targets and registrations."""

from __future__ import annotations

import pytest

from marketplace.drives import services
from marketplace.extensions import db
from marketplace.places.models import Block
from marketplace.places.services import ensure_block, ensure_panchayat, ensure_village
from tests.drives.factories import (
    CAMP_DAY,
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    profile_input,
    staff_of,
)
from tests.helpers import sign_in

_phones = iter(range(10_000, 99_999))


def _grow(nadaun, drive, staff, operator, n: int) -> None:
    """n more blocks with targets, n partners, n camps (one today) and n registrations each."""
    for k in range(n):
        block = ensure_block(nadaun, name_en=f"Block {k}-{next(_phones)}", name_hi="खंड")
        panchayat = ensure_panchayat(block, name_en="GP", name_hi="पंचायत")
        village = ensure_village(panchayat, name_en=f"V{k}", name_hi="गाँव", latitude=31.7,
                                 longitude=76.4)
        partner = make_partner(nadaun, staff, name=f"NGO {next(_phones)}")
        camp = make_camp(drive, staff, [operator, operator_of(nadaun, name=f"Op {k}")],
                         village=village, partner=partner)
        for _ in range(n):
            services.register_at_camp(camp, actor=operator, phone=f"+91981{next(_phones):07d}",
                                      name="W", language="en", today=CAMP_DAY,
                                      data=profile_input(village.id, "W"))
    blocks = {b.id: 5 for b in db.session.query(Block).filter_by(sub_division_id=nadaun.id)}
    services.update_drive(drive, services.DriveInput(drive.name_en, drive.starts_on, drive.ends_on,
                                                     blocks, {}), actor=staff,
                          expected_version=drive.version)
    db.session.refresh(drive)


def _count(client, count_queries, url: str) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("page", ["drive", "csv", "camp", "today", "list", "review",
                                  "review_csv"])
def test_the_same_number_of_queries_for_a_small_and_a_big_drive(app, nadaun, count_queries,
                                                               page):
    staff = staff_of(nadaun)
    operator = operator_of(nadaun)
    drive = make_drive(nadaun, staff)
    first = make_camp(drive, staff, [operator])
    urls = {"drive": f"/panel/drives/{drive.id}",
            "csv": f"/panel/drives/{drive.id}/progress.csv",
            "camp": f"/panel/camps/{first.id}", "today": "/drives/today",
            "list": "/panel/drives", "review": f"/panel/drives/{drive.id}/review",
            "review_csv": f"/panel/drives/{drive.id}/review.csv"}
    client = app.test_client()
    sign_in(client, operator if page == "today" else staff)
    _grow(nadaun, drive, staff, operator, 1)
    little = _count(client, count_queries, urls[page])
    _grow(nadaun, drive, staff, operator, 6)
    assert _count(client, count_queries, urls[page]) == little
    assert little <= 14, page
