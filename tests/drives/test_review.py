"""The weekly review's A4 sheet and CSV: registrations against each block's and partner's
target, camps held and still to hold, who is ahead and behind, and registrations waiting for
approval longer than three days."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from marketplace.core.db import utcnow
from marketplace.drives import services
from marketplace.drives.models import CampStatus
from marketplace.drives.workflow import transition
from marketplace.extensions import db
from tests.drives.factories import (
    CAMP_DAY,
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    profile_input,
    second_village,
    staff_of,
)
from tests.helpers import sign_in


@pytest.fixture
def drive_with_camps(nadaun):
    staff = staff_of(nadaun)
    village = second_village(nadaun)
    partner = make_partner(nadaun, staff)
    drive = make_drive(nadaun, staff, partner_targets={partner.id: 4})
    asha, ravi = operator_of(nadaun, "Asha"), operator_of(nadaun, "Ravi")
    camp = make_camp(drive, staff, [asha, ravi], village=village, partner=partner)
    make_camp(drive, staff, [ravi], day=CAMP_DAY + timedelta(days=3))
    for n, operator in enumerate([asha, asha, asha, ravi]):
        profile = services.register_at_camp(
            camp, actor=operator, phone=f"+91981607100{n}", name=f"Worker {n}", language="en",
            data=profile_input(village.id, f"Worker {n}"), today=CAMP_DAY)
        if n == 0:  # made four days before the meeting, still waiting
            profile.created_at = utcnow() - timedelta(days=4)
    transition(camp, CampStatus.HELD, actor=staff)
    db.session.flush()
    return drive, staff


def _signed_in(app, staff):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(client, staff)
    return client


def test_the_review_sheet_shows_targets_camps_performers_and_old_waiting(app, nadaun,
                                                                        drive_with_camps):
    drive, staff = drive_with_camps
    client = _signed_in(app, staff)
    html = client.get(f"/panel/drives/{drive.id}/review").get_data(as_text=True)
    assert "Camps held: 1, still to hold: 1, cancelled: 0" in html
    assert "ITI Nadaun (100%)" in html and "Asha (3)" in html and "Ravi (1)" in html
    waiting = html[html.index("Waiting for approval for more than 3 days"):]
    assert "Worker 0" in waiting and "Worker 1" not in waiting


def test_the_review_csv_has_a_row_per_target_with_its_camps(app, nadaun, drive_with_camps):
    drive, staff = drive_with_camps
    client = _signed_in(app, staff)
    body = client.get(f"/panel/drives/{drive.id}/review.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Block or partner", "Registrations", "Target"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Bijhar Block"][1:3] == ["4", "30"]
    assert by_name["ITI Nadaun"][1:6] == ["4", "4", "0", "0", "1"]
    assert by_name["Nadaun Block"][5:] == ["0", "1", "0"]


def test_the_drive_page_ranks_the_operators_by_their_registrations(app, nadaun,
                                                                  drive_with_camps):
    drive, staff = drive_with_camps
    client = _signed_in(app, staff)
    html = client.get(f"/panel/drives/{drive.id}").get_data(as_text=True)
    board = html[html.index("Operators by registrations"):html.index("<h2>Camps</h2>")]
    assert board.index("Asha") < board.index("Ravi")
    assert '<td class="num">3</td>' in board and '<td class="num">1</td>' in board
