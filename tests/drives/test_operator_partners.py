"""CSC operators belong to a partner of their sub-division; the drive's page ranks the
partners by their operators' registrations."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Forbidden, InvalidInput
from marketplace.drives import services
from marketplace.drives.errors import DriveError
from marketplace.drives.models import PartnerOperator
from marketplace.drives.progress import ranked_partners
from marketplace.drives.queries import OperatorCount, list_partners_of_operators
from marketplace.extensions import db
from tests.drives.factories import (
    CAMP_DAY,
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    profile_input,
    staff_of,
)
from tests.helpers import csrf_token_from, first_village


def test_an_operator_works_for_one_partner_at_a_time_and_each_change_is_recorded(nadaun):
    staff = staff_of(nadaun)
    iti, ngo = make_partner(nadaun, staff), make_partner(nadaun, staff, name="Seva NGO")
    operator = operator_of(nadaun)
    services.set_operator_partner(nadaun, operator.id, iti.id, actor=staff)
    services.set_operator_partner(nadaun, operator.id, ngo.id, actor=staff)
    services.set_operator_partner(nadaun, operator.id, ngo.id, actor=staff)  # no change
    assert {k: p.name_en for k, p in list_partners_of_operators(nadaun.id).items()} == {
        operator.id: "Seva NGO"}
    services.set_operator_partner(nadaun, operator.id, None, actor=staff)
    assert list_partners_of_operators(nadaun.id) == {}
    events = db.session.scalars(sa.select(AuditEvent.data).where(
        AuditEvent.action == "drive.operator_partner_set").order_by(AuditEvent.id)).all()
    assert events == [{"partner_id": iti.id}, {"partner_id": ngo.id}, {"partner_id": None}]


def test_another_sub_divisions_operator_partner_or_staff_is_refused(nadaun,
                                                                   other_sub_division):
    staff, elsewhere = staff_of(nadaun), staff_of(other_sub_division)
    iti, their_iti = make_partner(nadaun, staff), make_partner(other_sub_division, elsewhere)
    ours, theirs = operator_of(nadaun), operator_of(other_sub_division, name="CSC Barsar")
    for operator_id, partner_id, code in ((theirs.id, iti.id, DriveError.OPERATOR),
                                          (staff.id, iti.id, DriveError.OPERATOR),
                                          (ours.id, their_iti.id, DriveError.PARTNER)):
        with pytest.raises(InvalidInput) as refused:
            services.set_operator_partner(nadaun, operator_id, partner_id, actor=staff)
        assert refused.value.code is code
    with pytest.raises(Forbidden):
        services.set_operator_partner(nadaun, ours.id, iti.id, actor=elsewhere)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PartnerOperator)) == 0


def test_partners_are_ranked_by_their_operators_registrations(nadaun):
    staff = staff_of(nadaun)
    iti, ngo = make_partner(nadaun, staff), make_partner(nadaun, staff, name="Seva NGO")
    counts = [OperatorCount(1, "A", 3), OperatorCount(2, "B", 5), OperatorCount(3, "C", 4),
              OperatorCount(4, "D", 9)]
    ranking = ranked_partners(counts, {1: iti, 2: iti, 3: ngo})
    assert [(row.partner.name_en if row.partner else None, row.registered)
            for row in ranking] == [("ITI Nadaun", 8), ("Seva NGO", 4), (None, 9)]


def test_staff_set_the_partner_on_the_page_and_the_drive_ranks_it(client, nadaun, staff):
    iti = make_partner(nadaun, staff)
    operator = operator_of(nadaun, name="CSC Jalari")
    drive = make_drive(nadaun, staff)
    camp = make_camp(drive, staff, [operator])
    for n in range(2):
        services.register_at_camp(camp, actor=operator, phone=f"+9198160711{n}",
                                  name=f"Worker {n}", language="en",
                                  data=profile_input(first_village(nadaun).id, f"Worker {n}"),
                                  today=CAMP_DAY)
    db.session.commit()
    token = csrf_token_from(client, "/panel/drives/partners")
    saved = client.post("/panel/drives/partners/operators",
                        data={"csrf_token": token, "operator": operator.id, "partner": iti.id})
    assert saved.status_code == 303
    page = client.get("/panel/drives/partners").get_data(as_text=True)
    assert "<td>CSC Jalari</td><td>ITI Nadaun</td>" in page
    drive_page = client.get(f"/panel/drives/{drive.id}").get_data(as_text=True)
    ranking = drive_page[drive_page.index("partner-ranking"):]
    assert "<td>1</td><td>ITI Nadaun</td><td class=\"num\">2</td>" in ranking


@pytest.mark.parametrize("fields", [{"operator": "", "partner": ""},
                                    {"operator": "99999", "partner": ""},
                                    {"operator": "१", "partner": ""},
                                    {"operator": "x\u202e", "partner": "1"}])
def test_a_forged_or_empty_choice_is_refused_with_a_message(client, nadaun, staff, fields):
    make_partner(nadaun, staff)
    operator_of(nadaun)
    db.session.commit()
    token = csrf_token_from(client, "/panel/drives/partners")
    response = client.post("/panel/drives/partners/operators",
                           data={"csrf_token": token, **fields})
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PartnerOperator)) == 0
