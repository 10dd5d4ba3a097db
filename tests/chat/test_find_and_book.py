"""Find a worker on WhatsApp, see their number or book them: in English and Hindi, by numbers,
by buttons and list rows, by free words in either script, and by a location pin."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.bookings.models import Booking, BookingStatus
from marketplace.chat.models import Conversation
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.workers.models import ContactReveal
from tests.chat.conftest import SENDER, option_ids, say
from tests.helpers import add_village, clock_on, make_user, make_worker, messages_to

pytestmark = pytest.mark.usefixtures("assistant")


@pytest.fixture
def jalari(nadaun):
    return add_village(nadaun, "Jalari", 31.80, 76.36, name_hi="जलाड़ी")


@pytest.fixture
def plumbers(nadaun, jalari):
    near = make_worker(nadaun, name="Ramesh Kumar", village=jalari, rate_paise=60000)
    far = make_worker(nadaun, name="Suresh Lal", rate_paise=50000)
    make_worker(nadaun, name="Mohan Electric", category="electrician", village=jalari)
    return near, far


def _ask_for_the_first_plumbers_number(client):
    say(client, "plumber")
    say(client, "Jalari")
    say(client, "1")
    return say(client, "1")


def _conversation() -> Conversation:
    return db.session.scalar(sa.select(Conversation).where(Conversation.phone == SENDER))


@pytest.mark.parametrize("typed", ["plumbar", "प्लंबर", "nal wala", "मुझे नल वाला चाहिए"])
def test_free_words_in_either_script_reach_the_plumbers(client, plumbers, typed):
    reply = say(client, typed)
    assert _conversation().step == "find.place"
    assert "Plumber" in reply.body or "प्लंबर" in reply.body


def test_a_resident_finds_the_nearest_plumbers_and_sees_a_number_in_english(
        client, plumbers):
    resident = make_user(phone=SENDER, language="en")
    near, far = plumbers
    say(client, "hello")
    assert _conversation().language == "en"
    reply = say(client, "1")  # Find a worker
    assert "What kind of work" in reply.body
    say(client, "plumber")
    reply = say(client, "jalari")
    lines = reply.body.splitlines()
    assert lines[2].startswith("1. Ramesh Kumar – No ratings yet · ₹600 per day · 0.0 km")
    assert lines[3].startswith("2. Suresh Lal")
    assert "Mohan" not in reply.body  # an electrician
    assert option_ids(reply)[:2] == [f"wrk:{near.id}", f"wrk:{far.id}"]
    reply = say(client, "1")
    assert reply.body.startswith("Ramesh Kumar")
    reply = say(client, "1")  # See phone number
    assert f"Ramesh Kumar: {near.user.phone}" in reply.body
    assert db.session.scalar(sa.select(ContactReveal.viewer_id).where(
        ContactReveal.worker_id == near.id)) == resident.id


def test_a_resident_books_a_plumber_by_buttons_and_list_rows_in_hindi(client, plumbers, jalari):
    resident = make_user(phone=SENDER, language="hi")
    near, _far = plumbers
    reply = say(client, "नल वाला")
    reply = say(client, "जलाड़ी")
    assert reply.payload["interactive"]["type"] == "list"
    assert "सबसे पास" in reply.body
    reply = say(client, choose=f"wrk:{near.id}")
    assert reply.payload["interactive"]["type"] == "button"
    reply = say(client, choose="act:book", button=True)
    assert "किस दिन" in reply.body
    day = option_ids(reply)[1]  # tomorrow
    reply = say(client, choose=day)
    assert "कल किस समय?" in reply.body  # "tomorrow", said as a person would
    reply = say(client, choose="slot:morning", button=True)
    booking = db.session.scalar(sa.select(Booking))
    assert (booking.worker_id, booking.resident_id, booking.village_id, booking.status,
            booking.slot) == (near.id, resident.id, jalari.id, BookingStatus.REQUESTED,
                              "morning")
    assert "बुकिंग" in reply.body and str(booking.id) in reply.body
    [told] = messages_to(near.user.phone)
    assert told.kind == "booking_requested"
    assert _conversation().step == "menu"


def test_today_offers_only_the_times_not_over_yet(client, plumbers):
    make_user(phone=SENDER, language="en")
    clock_on(today_in_india(), hour=13)
    say(client, "plumber")
    say(client, "Jalari")
    say(client, "1")
    say(client, "2")  # Book
    reply = say(client, "1")  # today
    assert option_ids(reply)[:2] == ["slot:afternoon", "slot:evening"]
    assert "Which time today?" in reply.body

    clock_on(today_in_india(), hour=21)  # the evening (4–8) is over too
    say(client, "menu")
    say(client, "plumber")
    say(client, "Jalari")
    say(client, "1")
    say(client, "2")  # Book
    reply = say(client, "1")  # today
    assert "already over today" in reply.body and not any(
        option.startswith("slot:") for option in option_ids(reply))
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_a_taken_slot_is_refused_in_the_residents_words_and_nothing_is_booked_twice(
        client, plumbers):
    make_user(phone=SENDER, language="en")
    other = make_user(phone="+919816099999", language="en")
    near, _far = plumbers
    for sender in (SENDER, other.phone):
        say(client, "plumber", sender=sender)
        say(client, "Jalari", sender=sender)
        say(client, "1", sender=sender)
        say(client, "2", sender=sender)  # Book
        say(client, "2", sender=sender)  # tomorrow
        reply = say(client, "1", sender=sender)  # morning
    assert "already booked" in reply.body or "taken" in reply.body.lower()
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1


def test_without_an_account_the_number_and_booking_are_not_given(client, plumbers):
    reply = _ask_for_the_first_plumbers_number(client)
    assert "you need a Swarozgar account" in reply.body
    assert db.session.scalar(sa.select(sa.func.count(ContactReveal.id))) == 0
    assert option_ids(reply)[0] == "menu:office"


def test_a_location_pin_near_the_villages_finds_workers_from_it(client, plumbers):
    say(client, "plumber")
    reply = say(client, pin=(31.801, 76.361))
    assert "1. Ramesh Kumar" in reply.body and " km" in reply.body


@pytest.mark.parametrize("pin", [(28.61, 77.21), (-33.9, 151.2)])
def test_a_location_far_outside_the_sub_division_is_refused_politely(client, plumbers, pin):
    say(client, "plumber")
    reply = say(client, pin=pin)
    assert "outside Nadaun" in reply.body
    assert _conversation().step == "find.place"


def test_a_village_that_does_not_exist_gets_a_clear_answer(client, plumbers):
    say(client, "plumber")
    reply = say(client, "Atlantis")
    assert "No village or ward of that name in Nadaun" in reply.body


def test_no_available_worker_offers_other_work_and_the_office(client, nadaun, jalari):
    make_worker(nadaun, name="Busy", availability="not_taking")
    say(client, "plumber")
    reply = say(client, "Jalari")
    assert "No Plumber is available" in reply.body
    assert option_ids(reply) == ["menu:find", "menu:office", "menu:menu"]


def test_the_site_and_the_assistant_count_reveals_together(client, plumbers):
    from marketplace.core.ratelimit import spend
    from marketplace.workers.services import REVEAL_LIMITS, REVEAL_SCOPE

    resident = make_user(phone=SENDER, language="en")
    for _ in range(30):  # as the site's button would
        assert spend(REVEAL_LIMITS, REVEAL_SCOPE, f"reveal:{resident.id}")
    reply = _ask_for_the_first_plumbers_number(client)
    assert "many numbers" in reply.body
    assert db.session.scalar(sa.select(sa.func.count(ContactReveal.id))) == 0


def test_my_bookings_show_the_senders_booking_with_its_status(client, plumbers, jalari):
    from datetime import timedelta

    from marketplace.bookings.models import Slot
    from marketplace.bookings.services import BookingRequest, request_booking
    from marketplace.core.db import today_in_india

    resident = make_user(phone=SENDER, language="en")
    near, _far = plumbers
    booking = request_booking(near, BookingRequest(
        work_date=today_in_india() + timedelta(days=1), slot=Slot.EVENING,
        village_id=jalari.id, address="House 4", description="Leaking tap"),
        actor=resident, today=today_in_india())
    say(client, "hello")
    reply = say(client, "my bookings")
    assert "1. Ramesh Kumar – Waiting for the worker · " in reply.body
    assert option_ids(reply)[0] == f"bkg:{booking.id}"
    reply = say(client, "1")
    assert reply.body.startswith(f"Booking {booking.id} with Ramesh Kumar: Waiting for the "
                                 "worker.")


def _requested_booking(worker, jalari, resident):
    from datetime import timedelta

    from marketplace.bookings.models import Slot
    from marketplace.bookings.services import BookingRequest, request_booking
    from marketplace.core.db import today_in_india

    return request_booking(worker, BookingRequest(
        work_date=today_in_india() + timedelta(days=2), slot=Slot.MORNING,
        village_id=jalari.id, address="House 9", description="Tap leaks"),
        actor=resident, today=today_in_india())


@pytest.mark.parametrize(("choice", "status", "told"), [
    ("answer:accept", BookingStatus.ACCEPTED, "booking_accepted"),
    ("answer:decline", BookingStatus.DECLINED, "booking_declined"),
])
def test_a_worker_answers_a_booking_request_by_replying(client, nadaun, jalari, choice, status,
                                                         told):
    worker = make_worker(nadaun, name="Ramesh Kumar", village=jalari, phone=SENDER)
    resident = make_user(name="Sita Devi", language="en")
    booking = _requested_booking(worker, jalari, resident)
    reply = say(client, "hello")
    assert "1. Booking requests (1)" in reply.body
    reply = say(client, "1")
    assert "1. Sita Devi – " in reply.body
    reply = say(client, "1")
    assert "Tap leaks" in reply.body
    reply = say(client, choose=choice, button=True)
    db.session.refresh(booking)
    assert booking.status is status
    assert [m.kind for m in messages_to(resident.phone)] == [told]
    if status is BookingStatus.ACCEPTED:
        assert resident.phone in reply.body


def test_nobody_else_can_answer_a_workers_request(client, nadaun, jalari):
    worker = make_worker(nadaun, name="Ramesh Kumar", village=jalari)
    booking = _requested_booking(worker, jalari, make_user(phone=SENDER, language="en"))
    reply = say(client, "hello")
    assert "Booking requests" not in reply.body
    reply = say(client, choose="answer:accept", button=True)
    assert reply.body.startswith("That menu has expired")
    db.session.refresh(booking)
    assert booking.status is BookingStatus.REQUESTED


def test_staff_see_a_number_but_cannot_book_on_whatsapp_as_on_the_site(client, nadaun,
                                                                        plumbers):
    from marketplace.accounts.models import Role

    make_user(Role.STAFF, phone=SENDER, sub_division=nadaun, language="en")
    reply = _ask_for_the_first_plumbers_number(client)
    assert plumbers[0].user.phone in reply.body
    reply = say(client, choose="act:book")
    assert "books workers for callers on the site" in reply.body
    assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_a_flow_that_fails_unexpectedly_apologises_with_the_menu(client, nadaun, monkeypatch):
    from marketplace.chat.flows import STEPS
    from marketplace.chat.flows.base import Step

    def broken(turn, said):
        raise RuntimeError("a bug")

    monkeypatch.setitem(STEPS, "menu", Step(ask=STEPS["menu"].ask, answer=broken))
    reply = say(client, "plumber")
    assert reply.body.startswith("Sorry, something went wrong on our side.")
    assert "1. Find a worker" in reply.body


def test_a_hindi_worker_accepts_in_hindi(client, nadaun, jalari):
    worker = make_worker(nadaun, name="Ramesh Kumar", village=jalari, phone=SENDER)
    worker.user.preferred_language = "hi"
    booking = _requested_booking(worker, jalari, make_user(name="Sita Devi"))
    reply = say(client, "नमस्ते")
    assert "1. बुकिंग अनुरोध (1)" in reply.body
    say(client, "१")
    say(client, "१")
    reply = say(client, "1")  # मंज़ूर करें
    assert reply.body.startswith("स्वीकार किया।")
    db.session.refresh(booking)
    assert booking.status is BookingStatus.ACCEPTED


def test_near_my_address_searches_from_the_senders_last_village(client, plumbers, jalari):
    resident = make_user(phone=SENDER, language="en")
    resident.last_village_id, resident.last_address = jalari.id, "House 4"
    reply = say(client, "nal wala")
    assert option_ids(reply) == ["place:home", "menu:menu"]
    assert "1. Near my address – Jalari" in reply.body
    reply = say(client, "1")
    assert "near Jalari" in reply.body and "1. Ramesh Kumar" in reply.body


@pytest.mark.parametrize("raw", [b'"abc", "longitude": 76.36', b"NaN, \"longitude\": 76.36",
                                 b"Infinity, \"longitude\": 76.36", b"true, \"longitude\": 1"])
def test_a_malformed_location_pin_is_not_taken_for_a_place(client, plumbers, raw):
    from tests.chat.payloads import WEBHOOK, delivery, encode, location_message, signed

    say(client, "plumber")
    body = encode(delivery(location_message(12.5, 76.36, sender=SENDER.lstrip("+"))))
    body = body.replace(b"12.5, \"longitude\": 76.36", raw)
    assert raw in body
    assert client.post(WEBHOOK, data=body, headers=signed(body)).status_code == 200
    assert _conversation().step == "find.place"
    [*_, reply] = messages_to(SENDER)
    assert reply.body.startswith("Sorry, I did not understand.")



def test_a_neighbours_worker_listed_here_opens_and_shows_their_number(client, nadaun, jalari):
    """A worker of another sub-division also listed here (workers/neighbours.py) is in the
    assistant's list as in the directory; choosing them opens them (it led back to the list,
    over and over), and their number is shown as on their page here."""
    from marketplace.accounts.models import Role
    from marketplace.workers import neighbours
    from tests.chat.payloads import PHONE_NUMBER_ID
    from tests.helpers import make_sub_division

    barsar = make_sub_division("BRS", "Barsar")
    nadaun.whatsapp_phone_number_id = PHONE_NUMBER_ID
    neighbour = make_worker(barsar, name="Kishan Barsar")
    listing = neighbours.propose_listing(
        neighbour, nadaun, actor=make_user(Role.STAFF, sub_division=barsar))
    neighbours.accept_listing(listing, actor=make_user(Role.STAFF, sub_division=nadaun))
    make_user(phone=SENDER, language="en")
    say(client, "plumber")
    reply = say(client, "Jalari")
    assert option_ids(reply) == [f"wrk:{neighbour.id}", "menu:menu"]
    reply = say(client, "1")
    assert reply.body.startswith("Kishan Barsar")
    # Booked for a place in their own sub-division (bookings.services), which the
    # conversation does not ask: their number only.
    assert option_ids(reply) == ["act:call", "act:list"]
    reply = say(client, "1")  # See phone number
    assert f"Kishan Barsar: {neighbour.user.phone}" in reply.body
    assert option_ids(reply) == ["act:list", "menu:menu"]
