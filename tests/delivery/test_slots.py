"""Delivery slots: which days and windows a buyer is offered, taking a place, the charges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.core.db import INDIA
from marketplace.core.errors import Conflict, InvalidInput, NotFound
from marketplace.delivery.models import DeliveryTerms, SlotLoad
from marketplace.delivery.quote import quote
from marketplace.delivery.services import (
    SlotDetails,
    offered_choices,
    parse_choice,
    save_slot,
    save_terms,
    take_place,
    terms_of,
)
from marketplace.extensions import db
from tests.helpers import make_slot, make_sub_division, make_user

MONDAY = date(2026, 11, 23)
TUESDAY, WEDNESDAY = MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)


def at(day: date, clock: str) -> datetime:
    """That moment in India, as an aware UTC datetime (as `utcnow()` gives)."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=INDIA).astimezone(UTC)


@pytest.fixture
def nadaun(app):
    return make_sub_division()


@pytest.fixture
def slots(nadaun):
    """Mon/Wed/Fri mornings ordered by the evening before, and every evening until 16:00."""
    return (make_slot(nadaun, weekdays="531", starts="09:00", ends="12:00", capacity=2,
                      cutoff_minutes=720),
            make_slot(nadaun, weekdays="1234567", starts="16:00", ends="18:00", capacity=5,
                      cutoff_minutes=0))


def offered(nadaun, now) -> dict[tuple[int, date], int]:
    return {(c.slot.id, c.day): c.places_left for c in offered_choices(nadaun.id, now)}


def booked(slot, day) -> int | None:
    return db.session.scalar(sa.select(SlotLoad.booked).where(
        SlotLoad.slot_id == slot.id, SlotLoad.delivery_date == day))


# What is offered.

def test_the_week_ahead_is_offered_on_the_days_each_slot_runs(nadaun, slots):
    morning, evening = slots
    choices = offered(nadaun, at(MONDAY, "10:00"))
    days = [MONDAY + timedelta(days=n) for n in range(8)]
    assert {day for (slot_id, day) in choices if slot_id == evening.id} == set(days)
    # Today's morning has passed its cut-off; Tuesday and Thursday have no morning slot.
    assert {day for (slot_id, day) in choices if slot_id == morning.id} == {
        WEDNESDAY, MONDAY + timedelta(days=4), MONDAY + timedelta(days=7)}
    assert morning.weekdays == "135"


def test_a_slot_closes_at_its_cut_off(nadaun, slots):
    morning, evening = slots
    # Wednesday 09:00 with 12 hours' notice: open until Tuesday 21:00.
    assert (morning.id, WEDNESDAY) in offered(nadaun, at(TUESDAY, "20:59"))
    assert (morning.id, WEDNESDAY) not in offered(nadaun, at(TUESDAY, "21:00"))
    # No notice: open until the window starts.
    assert (evening.id, MONDAY) in offered(nadaun, at(MONDAY, "15:59"))
    assert (evening.id, MONDAY) not in offered(nadaun, at(MONDAY, "16:00"))


def test_a_full_slot_is_still_shown_but_as_full(nadaun, slots):
    morning, _ = slots
    now = at(MONDAY, "10:00")
    take_place(nadaun.id, morning.id, WEDNESDAY, now)
    assert offered(nadaun, now)[(morning.id, WEDNESDAY)] == 1
    take_place(nadaun.id, morning.id, WEDNESDAY, now)
    full = next(c for c in offered_choices(nadaun.id, now)
                if (c.slot.id, c.day) == (morning.id, WEDNESDAY))
    assert full.is_full and full.places_left == 0
    assert not next(c for c in offered_choices(nadaun.id, now)
                    if (c.slot.id, c.day) == (morning.id, MONDAY + timedelta(days=4))).is_full


def test_inactive_slots_and_other_sub_divisions_slots_are_not_offered(nadaun, slots):
    barsar = make_sub_division("BRS", "Barsar")
    theirs = make_slot(barsar)
    morning, evening = slots
    save_slot(nadaun.id, SlotDetails(weekdays="135", starts_at=time(9), ends_at=time(12),
                                     capacity=2, cutoff_minutes=720, is_active=False),
              actor_id=make_user(Role.ADMIN).id, slot_id=morning.id)
    ids = {slot_id for slot_id, _ in offered(nadaun, at(MONDAY, "10:00"))}
    assert ids == {evening.id}
    assert theirs.id not in ids


def test_a_choice_travels_as_slot_and_date(nadaun, slots):
    choice = offered_choices(nadaun.id, at(MONDAY, "10:00"))[0]
    assert parse_choice(choice.value) == (choice.slot.id, choice.day)
    for bad in (None, "", "7", "x:2026-11-23", "7:23.11.2026", "7:2026-02-30"):
        with pytest.raises(InvalidInput):
            parse_choice(bad)


# Taking a place.

def test_taking_places_counts_up_to_the_capacity_and_no_further(nadaun, slots):
    morning, _ = slots
    now = at(MONDAY, "10:00")
    assert take_place(nadaun.id, morning.id, WEDNESDAY, now) == morning
    take_place(nadaun.id, morning.id, WEDNESDAY, now)
    with pytest.raises(Conflict) as error:
        take_place(nadaun.id, morning.id, WEDNESDAY, now)
    assert error.value.code == "slot_full"
    assert booked(morning, WEDNESDAY) == 2
    assert booked(morning, MONDAY + timedelta(days=4)) is None  # other days untouched


def test_another_sub_divisions_slot_cannot_be_taken(nadaun, slots):
    barsar = make_sub_division("BRS", "Barsar")
    with pytest.raises(InvalidInput) as error:
        take_place(barsar.id, slots[1].id, TUESDAY, at(MONDAY, "10:00"))
    assert error.value.code == "slot"
    assert booked(slots[1], TUESDAY) is None


def test_a_place_after_the_cut_off_is_refused(nadaun, slots):
    morning, evening = slots
    with pytest.raises(Conflict) as error:
        take_place(nadaun.id, morning.id, WEDNESDAY, at(TUESDAY, "21:00"))
    assert error.value.code == "slot_closed"
    with pytest.raises(Conflict):
        take_place(nadaun.id, evening.id, MONDAY - timedelta(days=1), at(MONDAY, "10:00"))
    assert booked(morning, WEDNESDAY) is None


@pytest.mark.parametrize("case", ["inactive", "not_that_weekday", "too_far_ahead", "no_slot"])
def test_a_slot_that_is_not_offered_cannot_be_taken(nadaun, slots, case):
    morning, _ = slots
    day, slot_id = WEDNESDAY, morning.id
    if case == "inactive":
        morning.is_active = False
        db.session.flush()
    elif case == "not_that_weekday":
        day = TUESDAY
    elif case == "too_far_ahead":
        day = MONDAY + timedelta(days=9)
    else:
        slot_id = morning.id + 1000
    with pytest.raises(InvalidInput) as error:
        take_place(nadaun.id, slot_id, day, at(MONDAY, "10:00"))
    assert error.value.code == "slot"


# Saving slots.

def valid(**changes) -> SlotDetails:
    fields = {"weekdays": "123456", "starts_at": time(9), "ends_at": time(12), "capacity": 40,
              "cutoff_minutes": 720} | changes
    return SlotDetails(**fields)


@pytest.mark.parametrize(("changes", "code"), [
    ({"weekdays": "8"}, "slot_weekdays"),
    ({"weekdays": "0"}, "slot_weekdays"),
    ({"weekdays": ""}, "slot_weekdays"),
    ({"weekdays": "113"}, "slot_weekdays"),
    ({"weekdays": "1,2"}, "slot_weekdays"),
    ({"ends_at": time(8)}, "slot_window"),
    ({"ends_at": time(9)}, "slot_window"),
    ({"capacity": 0}, "slot_capacity"),
    ({"capacity": -1}, "slot_capacity"),
    ({"capacity": 1001}, "slot_capacity"),
    ({"cutoff_minutes": -1}, "slot_cutoff"),
    ({"cutoff_minutes": 7 * 24 * 60 + 1}, "slot_cutoff"),
])
def test_a_slot_with_impossible_details_is_refused(nadaun, changes, code):
    with pytest.raises(InvalidInput) as error:
        save_slot(nadaun.id, valid(**changes), actor_id=make_user(Role.ADMIN).id)
    assert error.value.code == code


def test_a_saved_slot_is_audited_and_staff_cannot_edit_another_sub_divisions(nadaun):
    admin = make_user(Role.ADMIN)
    slot = save_slot(nadaun.id, valid(weekdays="642"), actor_id=admin.id)
    assert (slot.weekdays, slot.capacity) == ("246", 40)
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "delivery.slot_saved")).one()
    assert (event.actor_id, event.subject_id, event.data["weekdays"]) == (admin.id, slot.id,
                                                                          "246")
    barsar = make_sub_division("BRS", "Barsar")
    with pytest.raises(NotFound):
        save_slot(barsar.id, valid(capacity=1), actor_id=admin.id, slot_id=slot.id)
    assert slot.capacity == 40


# Charges.

def charge(terms: DeliveryTerms, items_paise: int) -> int:
    return quote(terms, [(1, items_paise)]).delivery_charge_paise


def test_the_default_charge_is_thirty_rupees_and_free_from_five_hundred(nadaun):
    terms = terms_of(nadaun.id)
    assert [charge(terms, p) for p in (1, 49999, 50000, 90000)] == [3000, 3000, 0, 0]


def test_a_sub_divisions_own_terms_decide_the_charge(nadaun):
    admin = make_user(Role.ADMIN)
    save_terms(nadaun.id, charge_paise=2000, free_from_paise=None, minimum_order_paise=10000,
               actor_id=admin.id)
    terms = terms_of(nadaun.id)
    assert [charge(terms, p) for p in (10000, 10_000_000)] == [2000, 2000]
    assert terms.minimum_order_paise == 10000
    save_terms(nadaun.id, charge_paise=0, free_from_paise=20000, minimum_order_paise=0,
               actor_id=admin.id)
    assert charge(db.session.get(DeliveryTerms, nadaun.id), 20000) == 0
    assert charge(terms_of(make_sub_division("BRS", "Barsar").id), 100) == 3000


@pytest.mark.parametrize(("charge", "free_from", "minimum"), [
    (-1, None, 0), (100001, None, 0), (3000, 0, 0), (3000, -5, 0), (3000, None, -1)])
def test_impossible_terms_are_refused(nadaun, charge, free_from, minimum):
    with pytest.raises(InvalidInput):
        save_terms(nadaun.id, charge_paise=charge, free_from_paise=free_from,
                   minimum_order_paise=minimum, actor_id=make_user(Role.ADMIN).id)
    assert db.session.get(DeliveryTerms, nadaun.id) is None
