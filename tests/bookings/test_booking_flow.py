"""Book, answer (also by the link in the message), work, pay cash and rate."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from marketplace.accounts.models import Role
from marketplace.bookings.models import Booking, BookingStatus
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.workers.models import Availability
from tests.helpers import (
    clock_on,
    first_village,
    make_user,
    make_worker,
    messages_to,
    sign_in,
    submit,
)


def booking_data(village_id: int, days: int = 2, slot: str = "morning", **changes) -> dict:
    data = {"work_date": (today_in_india() + timedelta(days=days)).isoformat(), "slot": slot,
            "village": village_id, "address": "House 12, near the temple",
            "description": "Kitchen tap is leaking"}
    data.update(changes)
    return data


@pytest.fixture
def worker(nadaun):
    return make_worker(nadaun, name="Sohan Lal", category="plumber")


@pytest.fixture
def resident(client):
    user = make_user(name="Sunita Devi")
    sign_in(client, user)
    return user


def book(client, worker, nadaun, **changes):
    return submit(client, f"/bookings/new/{worker.id}",
                  booking_data(first_village(nadaun).id, **changes))


def link_in(message_body: str) -> str:
    return re.search(r"(/bookings/answer/\S+)", message_body).group(1)


def test_a_resident_books_and_the_worker_accepts_by_the_link_without_signing_in(
        app, client, nadaun, worker, resident):
    response = book(client, worker, nadaun)
    assert response.status_code == 302
    booking = db.session.scalars(sa.select(Booking)).one()
    assert (booking.status, booking.resident_id) == (BookingStatus.REQUESTED, resident.id)
    request_message = messages_to(worker.user.phone)[-1]
    assert request_message.kind == "booking_requested" and "Kitchen tap" in request_message.body
    # the day in words, as every message writes it (an order's too)
    assert format_date(booking.work_date, "d MMMM y", locale="en") in request_message.body

    stranger = app.test_client()
    link = link_in(request_message.body)
    page = stranger.get(link)
    assert page.status_code == 200 and "Kitchen tap is leaking" in page.get_data(as_text=True)
    response = submit(stranger, link, {"decision": "accept"})
    assert response.status_code == 302
    db.session.refresh(booking)
    assert booking.status is BookingStatus.ACCEPTED and booking.accepted_at
    assert messages_to(resident.phone)[-1].kind == "booking_accepted"
    # The link cannot be used to change it again.
    assert submit(stranger, link, {"decision": "decline"}, page="/").status_code == 409


def test_a_request_whose_day_has_passed_can_only_be_declined(app, client, nadaun, worker,
                                                             resident):
    book(client, worker, nadaun, days=1)
    booking = db.session.scalars(sa.select(Booking)).one()
    link = link_in(messages_to(worker.user.phone)[-1].body)
    clock_on(booking.work_date + timedelta(days=1))  # the worker reads the message too late

    stranger = app.test_client()
    page = stranger.get(link).get_data(as_text=True)
    assert "it can only be declined" in page and 'value="accept"' not in page
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    detail = worker_client.get(f"/bookings/{booking.id}").get_data(as_text=True)
    assert "it can only be declined" in detail and 'value="accept"' not in detail

    for answer_at, client_of in ((link, stranger), (f"/bookings/{booking.id}/answer",
                                                    worker_client)):
        response = submit(client_of, answer_at, {"decision": "accept"}, page=link)
        assert response.status_code == 409
        assert "it can only be declined" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.status is BookingStatus.REQUESTED
    assert not [m for m in messages_to(resident.phone) if m.kind == "booking_accepted"]

    assert submit(stranger, link, {"decision": "decline"}).status_code == 302
    db.session.refresh(booking)
    assert booking.status is BookingStatus.DECLINED
    assert messages_to(resident.phone)[-1].kind == "booking_declined"


def test_a_forged_or_altered_link_is_refused(app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    link = link_in(messages_to(worker.user.phone)[-1].body)
    stranger = app.test_client()
    assert stranger.get(link[:-3] + "abc").status_code == 404
    assert stranger.get("/bookings/answer/not-a-token").status_code == 404


def test_an_expired_link_is_refused(app, client, nadaun, worker, resident, monkeypatch):
    book(client, worker, nadaun)
    link = link_in(messages_to(worker.user.phone)[-1].body)
    monkeypatch.setitem(app.config, "BOOKING_LINK_MAX_AGE", -1)
    response = app.test_client().get(link)
    assert response.status_code == 404 and "not valid any more" in response.get_data(as_text=True)


def test_the_same_worker_and_slot_cannot_be_booked_twice(app, client, nadaun, worker, resident):
    assert book(client, worker, nadaun).status_code == 302
    other = app.test_client()
    sign_in(other, make_user())
    response = book(other, worker, nadaun)
    assert response.status_code == 409
    assert "already booked" in response.get_data(as_text=True)
    assert book(other, worker, nadaun, slot="evening").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 2


def test_a_declined_slot_can_be_booked_again(app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    submit(worker_client, f"/bookings/{booking.id}/answer",
           {"decision": "decline", "reason": "Away at a wedding"}, page=f"/bookings/{booking.id}")
    db.session.refresh(booking)
    assert booking.status is BookingStatus.DECLINED
    assert "Away at a wedding" in messages_to(resident.phone)[-1].body
    assert book(client, worker, nadaun).status_code == 302


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"days": -1}, 400, "today or a later date"),
        ({"days": 61}, 400, "up to 60 days"),
        ({"address": ""}, 400, "Write the address"),
        ({"description": ""}, 400, "Describe the work"),
        ({"slot": "midnight"}, 400, "Not a valid choice"),
        ({"village": "999999"}, 400, "Not a valid choice"),
    ],
)
def test_bad_booking_input_is_refused_and_writes_nothing(client, nadaun, worker, resident,
                                                         changes, status, words):
    response = book(client, worker, nadaun, **changes)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0
    assert messages_to(worker.user.phone) == []


def test_a_slot_already_over_today_is_refused_and_a_later_one_is_taken(client, nadaun, worker,
                                                                       resident):
    clock_on(today_in_india(), hour=13)  # 1 pm: the morning (8–12) is over
    response = book(client, worker, nadaun, days=0, slot="morning")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "already over today" in page and "House 12, near the temple" in page
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0
    assert messages_to(worker.user.phone) == []

    assert book(client, worker, nadaun, days=0, slot="afternoon").status_code == 302
    assert book(client, worker, nadaun, days=1, slot="morning").status_code == 302


def test_a_worker_not_taking_work_cannot_be_booked(client, nadaun, worker, resident):
    worker.availability = Availability.NOT_TAKING
    response = book(client, worker, nadaun)
    assert response.status_code == 409 and "not taking work" in response.get_data(as_text=True)


def test_the_whole_job_work_pay_cash_and_rate(app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    page = f"/bookings/{booking.id}"
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    submit(worker_client, f"{page}/answer", {"decision": "accept"}, page=page)

    # Before the booked day the work can be neither started nor marked done (nor paid).
    shown = worker_client.get(page).get_data(as_text=True)
    assert "you can mark the work started" in shown and "I have started the work" not in shown
    for early in (submit(worker_client, f"{page}/start", page=page),
                  submit(worker_client, f"{page}/complete", {"amount": "600"}, page=page)):
        assert early.status_code == 409
        assert "on its booked day, not before" in early.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.status is BookingStatus.ACCEPTED and booking.amount_paise is None

    clock_on(booking.work_date)
    assert submit(worker_client, f"{page}/start", page=page).status_code == 303
    response = submit(worker_client, f"{page}/complete", {"amount": "600"}, page=page)
    assert response.status_code == 303
    db.session.refresh(booking)
    assert (booking.status, booking.amount_paise) == (BookingStatus.COMPLETED, 60000)
    assert "₹600" in messages_to(resident.phone)[-1].body

    # Only the worker confirms cash, and only once.
    assert submit(client, f"{page}/cash", page=page).status_code == 403
    assert submit(worker_client, f"{page}/cash", page=page).status_code == 303
    assert submit(worker_client, f"{page}/cash", page="/").status_code == 409
    payment = db.session.scalars(sa.select(Payment)).one()
    assert (payment.status, payment.amount_paise) == (PaymentStatus.PAID, 60000)

    response = submit(client, f"{page}/review", {"rating": "4", "text": "Neat work"})
    assert response.status_code == 303
    db.session.refresh(worker)
    assert (worker.rating_count, worker.rating_total) == (1, 4)
    assert submit(client, f"{page}/review", {"rating": "5"}, page="/").status_code == 409
    profile = client.get(f"/ndn/workers/{worker.id}").get_data(as_text=True)
    assert "Neat work" in profile and "★ 4.0 (1)" in profile


def test_rating_is_only_for_the_booker_after_completion(app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    assert submit(client, f"/bookings/{booking.id}/review", {"rating": "5"},
                  page=f"/bookings/{booking.id}").status_code == 403
    outsider = app.test_client()
    sign_in(outsider, make_user())
    assert outsider.get(f"/bookings/{booking.id}").status_code == 404
    assert submit(outsider, f"/bookings/{booking.id}/review", {"rating": "5"},
                  page="/").status_code == 404


def test_a_resident_cancels_with_a_reason_and_the_worker_is_told(client, nadaun, worker,
                                                                 resident):
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    page = f"/bookings/{booking.id}"
    assert submit(client, f"{page}/cancel", {"reason": ""}).status_code == 400
    assert submit(client, f"{page}/cancel", {"reason": "Fixed it myself"}).status_code == 303
    db.session.refresh(booking)
    assert booking.status is BookingStatus.CANCELLED
    assert "Fixed it myself" in messages_to(worker.user.phone)[-1].body


def test_the_worker_sees_bookings_to_answer_and_earnings(app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    html = worker_client.get("/bookings/work").get_data(as_text=True)
    assert "Sunita Devi" in html and "₹0" in html


def test_staff_book_for_a_helpline_caller_who_gets_a_message(app, nadaun, worker,
                                                              other_sub_division):
    staff_client = app.test_client()
    sign_in(staff_client, make_user(Role.STAFF, sub_division=nadaun))
    data = booking_data(first_village(nadaun).id, caller_name="Ram Pyari",
                        caller_phone="98160 55555", caller_language="hi")
    response = submit(staff_client, f"/panel/bookings/helpline/{worker.id}", data)
    assert response.status_code == 302
    booking = db.session.scalars(sa.select(Booking)).one()
    assert booking.via_helpline and booking.resident_id is None
    assert messages_to("+919816055555")[-1].kind == "booking_received"
    assert "Ram Pyari" in staff_client.get("/panel/bookings").get_data(as_text=True)

    elsewhere = app.test_client()
    sign_in(elsewhere, make_user(Role.STAFF, sub_division=other_sub_division))
    assert elsewhere.get(f"/panel/bookings/helpline/{worker.id}").status_code == 404
    assert elsewhere.get(f"/bookings/{booking.id}").status_code == 404


def test_staff_hide_an_abusive_review_and_the_average_drops(app, client, nadaun, worker,
                                                            resident):
    from marketplace.bookings import services

    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    services.answer_booking(booking, accept=True, actor=worker.user)
    clock_on(booking.work_date)
    services.complete_work(booking, actor=worker.user, amount_paise=50000)
    services.review_booking(booking, author=resident, rating=1, text="abusive words")
    db.session.refresh(worker)
    assert worker.rating_count == 1
    staff_client = app.test_client()
    sign_in(staff_client, make_user(Role.STAFF, sub_division=nadaun))
    response = submit(staff_client, f"/panel/bookings/reviews/{booking.review.id}/hide",
                      {"reason": "Abusive language"}, page=f"/bookings/{booking.id}")
    assert response.status_code == 302
    db.session.refresh(worker)
    assert (worker.rating_count, worker.rating_total) == (0, 0)
    assert "abusive words" not in client.get(f"/ndn/workers/{worker.id}").get_data(as_text=True)


def _shows_phone(client, booking_id: int, phone: str) -> bool:
    page = client.get(f"/bookings/{booking_id}")
    assert page.status_code == 200
    return phone[-10:] in page.get_data(as_text=True)


def test_the_worker_sees_the_residents_phone_only_once_they_have_accepted(
        app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    assert not _shows_phone(worker_client, booking.id, resident.phone)

    assert submit(worker_client, f"/bookings/{booking.id}/answer", {"decision": "accept"},
                  page="/").status_code == 303
    assert _shows_phone(worker_client, booking.id, resident.phone)
    clock_on(booking.work_date)
    assert submit(worker_client, f"/bookings/{booking.id}/start", page="/").status_code == 303
    assert _shows_phone(worker_client, booking.id, resident.phone)


def test_a_declined_booking_never_shows_the_worker_the_residents_phone(
        app, client, nadaun, worker, resident):
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    worker_client = app.test_client()
    sign_in(worker_client, worker.user)
    assert submit(worker_client, f"/bookings/{booking.id}/answer",
                  {"decision": "decline", "reason": "Away that day"}, page="/").status_code == 303
    assert not _shows_phone(worker_client, booking.id, resident.phone)


@pytest.mark.parametrize(("changes", "words"), [
    ({"address": "House 2341 2341 2346"}, "looks like an Aadhaar number"),
    ({"description": "Aadhaar २३४१-२३४१-२३४६ for the gate pass"}, "looks like an Aadhaar number"),
    ({"description": "Kitchen \u202etap"}, "hidden control character"),
])
def test_an_aadhaar_number_or_bidi_control_in_a_booking_is_refused(client, nadaun, worker,
                                                                   resident, changes, words):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    resident.preferred_language = "en"
    response = book(client, worker, nadaun, **changes)
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_an_aadhaar_number_in_a_review_is_refused(client, nadaun, worker, resident):
    from marketplace.bookings import services

    resident.preferred_language = "en"
    book(client, worker, nadaun)
    booking = db.session.scalars(sa.select(Booking)).one()
    services.answer_booking(booking, accept=True, actor=worker.user)
    clock_on(booking.work_date)
    services.complete_work(booking, actor=worker.user, amount_paise=50000)
    page = f"/bookings/{booking.id}"
    response = submit(client, f"{page}/review", {"rating": "4", "text": "Good, 2341 2341 2346"})
    assert response.status_code == 400
    assert "looks like an Aadhaar number" in response.get_data(as_text=True)
    db.session.refresh(booking)
    assert booking.review is None


def test_a_day_typed_day_first_in_devanagari_digits_is_booked_for_that_day(client, nadaun,
                                                                          worker, resident):
    """Where a phone shows the date box as plain text, people write the day as India does."""
    day = today_in_india() + timedelta(days=3)
    typed = day.strftime("%d-%m-%Y").translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    response = book(client, worker, nadaun, work_date=typed)
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Booking)).one().work_date == day


def test_a_day_that_is_not_one_is_refused_with_how_to_write_it(client, nadaun, worker,
                                                              resident):
    response = book(client, worker, nadaun, work_date="31-02-2027")
    assert response.status_code == 400
    assert "Write the date as day-month-year" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


@pytest.mark.parametrize(("whose", "words"), [
    ("staff", "not your own"), ("worker", "That is the worker")])
def test_a_helpline_booking_needs_the_callers_own_number(app, nadaun, worker, whose, words):
    staff = make_user(Role.STAFF, sub_division=nadaun)
    staff_client = app.test_client()
    sign_in(staff_client, staff)
    phone = (staff if whose == "staff" else worker.user).phone
    data = booking_data(first_village(nadaun).id, caller_name="Ram Pyari",
                        caller_phone=phone[3:], caller_language="hi")
    response = submit(staff_client, f"/panel/bookings/helpline/{worker.id}", data)
    assert response.status_code == 400 and words in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_the_pages_of_a_booking_of_another_sub_division_lead_back_to_it(app, client, nadaun):
    """The booking's page and the worker's answer link name no sub-division; their menus led
    to the oldest (Nadaun) for a Barsar booking."""
    from marketplace.bookings import services as bookings
    from marketplace.bookings.models import Slot
    from tests.helpers import first_village, make_sub_division, make_user, make_worker

    barsar = make_sub_division("BRS", "Barsar")
    worker, resident = make_worker(barsar), make_user()
    booking = bookings.request_booking(worker, bookings.BookingRequest(
        work_date=today_in_india() + timedelta(days=2), slot=Slot.MORNING,
        village_id=first_village(barsar).id, address="House 1", description="Tap"),
        actor=resident, today=today_in_india())
    db.session.commit()
    link = re.search(r"(/bookings/answer/\S+)", messages_to(worker.user.phone)[-1].body).group(1)
    html = app.test_client().get(link).get_data(as_text=True)
    assert set(re.findall(r'href="/([a-z]{3})/', html)) == {"brs"}
    sign_in(client, resident)
    html = client.get(f"/bookings/{booking.id}").get_data(as_text=True)
    assert set(re.findall(r'href="/([a-z]{3})/', html)) == {"brs"}
