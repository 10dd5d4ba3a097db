"""Camps of a drive: planned within its dates and sub-division with its operators; held,
cancelled or moved through the transition table, the operators told by the outbox."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict
from marketplace.drives.models import Camp, CampStatus
from marketplace.drives.workflow import CAMPS, TRANSITIONS, transition
from marketplace.extensions import db
from tests.drives.factories import (
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    second_village,
    staff_of,
)
from tests.helpers import first_village, messages_to, submit


def _camp_form(place, people, **changes) -> dict:
    data = {"held_on": "2026-10-05", "village": place.id, "partner": "",
            "operators": [o.id for o in people], "expected_footfall": "120"}
    data.update(changes)
    return data


def _camps() -> int:
    return db.session.scalar(sa.select(sa.func.count(Camp.id)))


def test_staff_plan_a_camp_in_a_village_with_operators_and_a_partner(client, nadaun, staff):
    drive, partner = make_drive(nadaun, staff), make_partner(nadaun, staff)
    village, operator = second_village(nadaun), operator_of(nadaun)
    response = submit(client, f"/panel/drives/{drive.id}/camps",
                      _camp_form(village, [operator], partner=partner.id))
    assert response.status_code == 303, response.get_data(as_text=True)[-1500:]
    camp = db.session.scalars(sa.select(Camp)).one()
    assert (camp.held_on, camp.village_id, camp.block_id, camp.partner_id) == (
        date(2026, 10, 5), village.id, village.block_id, partner.id)
    assert camp.operators == [operator] and camp.status is CampStatus.PLANNED
    assert camp.expected_footfall == 120
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bijhar" in page and "CSC Jalari" in page


@pytest.mark.parametrize(("changes", "message"), [
    ({"held_on": "2026-09-30"}, "within the drive"),
    ({"held_on": "2026-10-16"}, "within the drive"),
    ({"operators": []}, "at least one CSC operator"),
    ({"expected_footfall": "-3"}, "from 0 to 1,00,000"),
    ({"expected_footfall": "2.5"}, ""),
])
def test_a_camp_outside_the_drive_or_without_operators_is_refused(client, nadaun, staff,
                                                                  changes, message):
    drive = make_drive(nadaun, staff)
    response = submit(client, f"/panel/drives/{drive.id}/camps",
                      _camp_form(first_village(nadaun), [operator_of(nadaun)], **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _camps() == 0


def test_another_sub_divisions_village_operator_or_partner_is_refused(client, nadaun, staff,
                                                                      other_sub_division):
    drive = make_drive(nadaun, staff)
    ours, theirs = operator_of(nadaun), operator_of(other_sub_division, name="Barsar CSC")
    their_partner = make_partner(other_sub_division, staff_of(other_sub_division), "ITI Barsar")
    url = f"/panel/drives/{drive.id}/camps"
    for form in (_camp_form(first_village(other_sub_division), [ours]),
                 _camp_form(first_village(nadaun), [theirs]),
                 _camp_form(first_village(nadaun), [ours], partner=their_partner.id),
                 _camp_form(first_village(nadaun), [ours], village="99999999999")):
        assert submit(client, url, form).status_code == 400
    assert _camps() == 0


def test_cancelling_a_camp_tells_each_operator_in_their_language(client, nadaun, staff):
    hindi, english = operator_of(nadaun, "राकेश", "hi"), operator_of(nadaun, "Asha", "en")
    camp = make_camp(make_drive(nadaun, staff), staff, [hindi, english])
    response = submit(client, f"/panel/camps/{camp.id}/cancel", {"reason": "Heavy rain"})
    assert response.status_code == 303
    db.session.refresh(camp)
    assert camp.status is CampStatus.CANCELLED and camp.cancelled_at and camp.note == "Heavy rain"
    [to_hindi], [to_english] = messages_to(hindi.phone), messages_to(english.phone)
    assert to_hindi.kind == to_english.kind == "camp_cancelled"
    assert to_hindi.language == "hi" and "अक्टूबर" in to_hindi.body and "Heavy rain" in to_hindi.body
    assert "5 October 2026" in to_english.body and "Nadaun Village" in to_english.body
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "camp.cancelled")).one()
    assert event.reason == "Heavy rain" and event.actor_id == staff.id


def test_moving_a_camp_changes_its_day_and_place_and_tells_the_operators(client, nadaun, staff):
    operator = operator_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator])
    village = second_village(nadaun)
    response = submit(client, f"/panel/camps/{camp.id}/move",
                      {"held_on": "2026-10-09", "village": village.id, "reason": "Mela"})
    assert response.status_code == 303
    db.session.refresh(camp)
    assert (camp.status, camp.held_on, camp.block_id) == (
        CampStatus.MOVED, date(2026, 10, 9), village.block_id)
    [message] = messages_to(operator.phone)
    assert message.kind == "camp_moved" and "9 October 2026" in message.body
    assert "Bijhar" in message.body


def test_a_camp_cannot_move_outside_the_drive_nor_nowhere(client, nadaun, staff):
    operator = operator_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator])
    for form in ({"held_on": "2026-11-01", "village": camp.village_id, "reason": "x"},
                 {"held_on": "2026-10-05", "village": camp.village_id, "reason": "x"},
                 {"held_on": "2026-10-06", "village": camp.village_id, "reason": ""}):
        assert submit(client, f"/panel/camps/{camp.id}/move", form).status_code == 400
    db.session.refresh(camp)
    assert camp.status is CampStatus.PLANNED and messages_to(operator.phone) == []


def test_a_held_camp_can_no_longer_be_cancelled(client, nadaun, staff):
    operator = operator_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator])
    assert submit(client, f"/panel/camps/{camp.id}/held", {}).status_code == 303
    response = submit(client, f"/panel/camps/{camp.id}/cancel", {"reason": "Too late"})
    assert response.status_code == 409
    db.session.refresh(camp)
    assert camp.status is CampStatus.HELD and messages_to(operator.phone) == []


@pytest.mark.parametrize("before", list(CampStatus))
@pytest.mark.parametrize("to", list(CampStatus))
def test_the_transition_table_allows_exactly_its_moves(nadaun, before, to):
    staff = staff_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator_of(nadaun)])
    camp.status = before
    if to in TRANSITIONS[before]:
        transition(camp, to, actor=staff, reason="r")
        assert camp.status is to
    else:
        with pytest.raises(Conflict):
            transition(camp, to, actor=staff, reason="r")
        assert camp.status is before
    assert CAMPS.allows(before, to) == (to in TRANSITIONS[before])
