"""The booking status table, as a matrix."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from marketplace.bookings.models import Booking, BookingStatus, Slot
from marketplace.bookings.workflow import TRANSITIONS, transition
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from tests.helpers import first_village, make_user, make_worker

ALL = list(BookingStatus)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(nadaun, start, end):
    worker = make_worker(nadaun)
    resident = make_user()
    booking = Booking(sub_division_id=nadaun.id, worker=worker, resident_id=resident.id,
                      contact_name="R", contact_phone=resident.phone,
                      village_id=first_village(nadaun).id, address="a", description="d",
                      work_date=date(2026, 12, 1), slot=Slot.MORNING, status=start,
                      created_by_id=resident.id)
    db.session.add(booking)
    db.session.flush()
    if end in TRANSITIONS[start]:
        transition(booking, end, actor=resident)
        assert booking.status is end
    else:
        with pytest.raises(Conflict):
            transition(booking, end, actor=resident)
        assert booking.status is start
