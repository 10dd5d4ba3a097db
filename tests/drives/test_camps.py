"""Camps of a drive: planned within its dates and sub-division with its operators; held,
cancelled or moved through the transition table, the operators told by the outbox."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict, InvalidInput
from marketplace.drives import services
from marketplace.drives.errors import DriveError
from marketplace.drives.models import Camp, CampStatus
from marketplace.drives.workflow import CAMPS, TRANSITIONS, transition
from marketplace.extensions import db
from tests.drives.factories import (
    CAMP_DAY,
    make_camp,
    make_drive,
    make_partner,
    operator_of,
    second_village,
    staff_of,
)
from tests.helpers import clock_on, first_village, messages_to, submit


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


PAST_DAY = {"en": "That day has already passed",
            "hi": "वह दिन बीत चुका है"}
HELD_EARLY = {"en": "A camp can be marked as held only on its day",
              "hi": "शिविर को उसके दिन या उसके बाद ही"}


def _reading(client, language: str) -> None:
    """The staff member reads the panel in `language` (as the language switch leaves it)."""
    with client.session_transaction() as session:
        session["lang"] = language


@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_camp_cannot_be_planned_on_a_day_that_has_passed(client, nadaun, staff, language):
    _reading(client, language)
    drive, operator = make_drive(nadaun, staff), operator_of(nadaun)
    two_days_ago = "2026-10-03"  # within the drive; the clock reads the 5th
    response = submit(client, f"/panel/drives/{drive.id}/camps",
                      _camp_form(first_village(nadaun), [operator], held_on=two_days_ago,
                                 expected_footfall="75"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert PAST_DAY[language] in page
    assert f'value="{two_days_ago}"' in page and 'value="75"' in page
    assert _camps() == 0 and messages_to(operator.phone) == []


def test_a_camp_can_be_planned_for_today(client, nadaun, staff):
    drive = make_drive(nadaun, staff)
    response = submit(client, f"/panel/drives/{drive.id}/camps",
                      _camp_form(first_village(nadaun), [operator_of(nadaun)],
                                 held_on=CAMP_DAY.isoformat()))
    assert response.status_code == 303
    assert db.session.scalars(sa.select(Camp.held_on)).one() == CAMP_DAY


@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_camp_cannot_be_moved_to_a_day_that_has_passed(client, nadaun, staff, language):
    _reading(client, language)
    operator = operator_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator], day=date(2026, 10, 9))
    village = second_village(nadaun)
    response = submit(client, f"/panel/camps/{camp.id}/move",
                      {"held_on": "2026-10-03", "village": village.id, "reason": "Mela"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert PAST_DAY[language] in page
    assert 'value="2026-10-03"' in page and 'value="Mela"' in page
    db.session.refresh(camp)
    assert (camp.status, camp.held_on, camp.village_id) == (
        CampStatus.PLANNED, date(2026, 10, 9), first_village(nadaun).id)
    assert messages_to(operator.phone) == []
    assert db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(
        AuditEvent.action == "camp.moved")) == 0


def test_a_camp_can_be_moved_to_today(client, nadaun, staff):
    operator = operator_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator], day=date(2026, 10, 9))
    response = submit(client, f"/panel/camps/{camp.id}/move",
                      {"held_on": CAMP_DAY.isoformat(), "village": camp.village_id,
                       "reason": "Rain coming"})
    assert response.status_code == 303
    db.session.refresh(camp)
    assert (camp.status, camp.held_on) == (CampStatus.MOVED, CAMP_DAY)
    [message] = messages_to(operator.phone)
    assert "5 October 2026" in message.body


def test_the_services_refuse_a_past_day_however_they_are_called(nadaun):
    staff, operator = staff_of(nadaun), operator_of(nadaun)
    drive = make_drive(nadaun, staff)
    with pytest.raises(InvalidInput) as refused:
        services.plan_camp(drive, services.CampInput(
            date(2026, 10, 4), first_village(nadaun).id, [operator.id]),
            actor=staff, today=CAMP_DAY)
    assert refused.value.code is DriveError.CAMP_DAY_PAST
    camp = make_camp(drive, staff, [operator])
    with pytest.raises(InvalidInput) as refused:
        services.move_camp(camp, held_on=date(2026, 10, 4), village_id=camp.village_id,
                           actor=staff, reason="r", today=CAMP_DAY)
    assert refused.value.code is DriveError.CAMP_DAY_PAST
    assert camp.held_on == CAMP_DAY and messages_to(operator.phone) == []


@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_camp_cannot_be_marked_held_before_its_day(client, nadaun, staff, language):
    _reading(client, language)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator_of(nadaun)],
                     day=date(2026, 10, 8))
    page = client.get(f"/panel/camps/{camp.id}").get_data(as_text=True)
    assert f"/panel/camps/{camp.id}/held" not in page
    response = submit(client, f"/panel/camps/{camp.id}/held", {}, page=f"/panel/camps/{camp.id}")
    assert response.status_code == 409
    assert HELD_EARLY[language] in response.get_data(as_text=True)
    db.session.refresh(camp)
    assert camp.status is CampStatus.PLANNED and camp.held_at is None
    with pytest.raises(Conflict) as refused:
        services.mark_held(camp, actor=staff, today=date(2026, 10, 7))
    assert refused.value.code is DriveError.HELD_EARLY


def test_on_its_day_a_camp_shows_the_button_and_is_marked_held(client, nadaun, staff):
    camp = make_camp(make_drive(nadaun, staff), staff, [operator_of(nadaun)],
                     day=date(2026, 10, 8))
    clock_on(date(2026, 10, 8), hour=17)
    page = client.get(f"/panel/camps/{camp.id}").get_data(as_text=True)
    assert f"/panel/camps/{camp.id}/held" in page and "Mark as held" in page
    response = submit(client, f"/panel/camps/{camp.id}/held", {}, page=f"/panel/camps/{camp.id}")
    assert response.status_code == 303
    db.session.refresh(camp)
    assert camp.status is CampStatus.HELD


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


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Workers have already been registered at this camp"),
    ("hi", "इस शिविर में कामगारों का पंजीकरण हो चुका है")])
def test_a_camp_with_registrations_cannot_be_moved(client, nadaun, staff, language, words):
    """Its registrations were made on its day in its village: moved, the drive's page counted
    them on the new day (perhaps still to come) and in the new village's block."""
    from tests.helpers import make_worker

    operator = operator_of(nadaun)
    camp = make_camp(make_drive(nadaun, staff), staff, [operator])
    worker = make_worker(nadaun)
    worker.camp_id, worker.registered_by_id = camp.id, operator.id
    db.session.flush()
    _reading(client, language)
    response = submit(client, f"/panel/camps/{camp.id}/move",
                      {"held_on": "2026-10-09", "village": second_village(nadaun).id,
                       "reason": "Mela"})
    assert response.status_code == 409
    assert words in response.get_data(as_text=True)
    db.session.refresh(camp)
    assert (camp.status, camp.held_on) == (CampStatus.PLANNED, CAMP_DAY)
    assert messages_to(operator.phone) == []
