"""The worker cannot set any amount: the quote (rate × units) is fixed at acceptance; a
changed amount is payable only after the resident agrees, and never above the rate card."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.bookings import services
from marketplace.bookings.models import Booking, BookingStatus
from marketplace.core.errors import Conflict, Forbidden
from marketplace.extensions import db
from marketplace.payments.models import Payment
from marketplace.workers.models import RateUnit, WorkerCategory
from marketplace.workers.services import set_rate_card
from tests.bookings.test_booking_flow import book
from tests.helpers import clock_on, make_user, make_worker, messages_to, sign_in, submit


@pytest.fixture
def worker(nadaun):
    return make_worker(nadaun, name="Sohan Lal", category="plumber", rate_paise=40000)


@pytest.fixture
def accepted(app, client, nadaun, worker):
    resident = make_user(name="Sunita Devi")
    sign_in(client, resident)
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    services.answer_booking(booking, accept=True, actor=worker.user)
    clock_on(booking.work_date)  # the booked day: the work can be marked done
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    return booking, resident, worker_client


def complete(worker_client, booking, rupees: str):
    page = f"/bookings/{booking.id}"
    return submit(worker_client, f"{page}/complete", {"amount": rupees}, page=page)


def test_the_quote_is_fixed_when_the_worker_accepts(accepted, worker):
    booking, _resident, _ = accepted
    worker.rate_paise = 90000  # a later change of rate does not touch this booking
    assert (booking.quote_paise, booking.quote_units) == (40000, 1)


def test_a_worker_cannot_complete_at_any_amount(accepted):
    booking, resident, worker_client = accepted
    response = complete(worker_client, booking, "49999")
    assert response.status_code == 400
    assert "rate card" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.status is BookingStatus.ACCEPTED and booking.amount_paise is None


def test_completing_at_the_quote_makes_it_payable(accepted):
    booking, resident, worker_client = accepted
    assert complete(worker_client, booking, "400").status_code == 303
    db.session.refresh(booking)
    assert (booking.amount_paise, booking.proposed_paise, booking.is_payable) == (
        40000, None, True)


def test_a_changed_amount_is_payable_only_after_the_resident_agrees(client, accepted):
    booking, resident, worker_client = accepted
    assert complete(worker_client, booking, "500").status_code == 303  # ≤ 150 % of ₹400
    db.session.refresh(booking)
    assert (booking.amount_paise, booking.proposed_paise) == (40000, 50000)
    assert messages_to(resident.phone)[-1].kind == "booking_amount_proposed"
    page = f"/bookings/{booking.id}"
    # Nothing can be paid while it waits: neither cash nor online.
    assert submit(worker_client, f"{page}/cash", page=page).status_code == 409
    with pytest.raises(Forbidden):  # only the resident answers
        services.confirm_amount(booking, actor=booking.worker.user, accept=True)

    assert submit(client, f"{page}/amount", {"decision": "accept"}, page=page).status_code == 303
    db.session.refresh(booking)
    assert (booking.amount_paise, booking.proposed_paise, booking.amount_version) == (
        50000, None, 2)
    assert messages_to(booking.worker.user.phone)[-1].kind == "booking_amount_confirmed"
    with pytest.raises(Conflict):  # a second answer changes nothing
        services.confirm_amount(booking, actor=resident, accept=False)
    assert submit(worker_client, f"{page}/cash", page=page).status_code == 303
    assert db.session.scalars(sa.select(Payment.amount_paise)).one() == 50000


def test_a_refused_change_leaves_the_quote_payable(client, accepted):
    booking, resident, worker_client = accepted
    complete(worker_client, booking, "550")
    page = f"/bookings/{booking.id}"
    assert submit(client, f"{page}/amount", {"decision": "refuse"}, page=page).status_code == 303
    db.session.refresh(booking)
    assert (booking.amount_paise, booking.proposed_paise, booking.amount_version) == (
        40000, None, 1)
    assert messages_to(booking.worker.user.phone)[-1].kind == "booking_amount_refused"


def test_the_rate_card_of_the_category_bounds_a_change(nadaun, accepted):
    booking, _resident, worker_client = accepted
    plumber = db.session.scalar(sa.select(WorkerCategory).where(WorkerCategory.slug == "plumber"))
    set_rate_card(nadaun, plumber, min_paise=30000, max_paise=70000, unit=RateUnit.DAY,
                  actor=make_user(Role.STAFF, sub_division=nadaun))
    assert services.amount_ceiling(booking) == 70000
    assert complete(worker_client, booking, "700.01").status_code == 400
    assert complete(worker_client, booking, "700").status_code == 303
    db.session.refresh(booking)
    assert booking.proposed_paise == 70000
