"""An admin, in Hindi on a phone, tries the WhatsApp assistant without Meta: as a resident,
finds a plumber in a demo village and books; as the plumber, accepts by replying; as the
resident, asks for the office, which sees the thread on top and answers it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from marketplace.bookings.models import Booking, BookingStatus
from marketplace.demo import nadaun
from marketplace.extensions import db
from tests.e2e.panel_steps import open_menu, sign_in
from tests.e2e.workers import an_available_plumber

ADMIN = next(phone for role, phone, *_ in nadaun.USERS if role == "admin")
# The second demo resident: the hiring journey books as the first.
RESIDENT_PHONE, RESIDENT_NAME = [(phone, name) for role, phone, name, *_ in nadaun.USERS
                                 if role == "resident"][1]


@pytest.fixture
def assistant_on(live_server):
    config = live_server.app.config
    config["WHATSAPP_APP_SECRET"] = "e2e-app-secret-0123456789"  # noqa: S105 - the test's own
    yield
    config["WHATSAPP_APP_SECRET"] = ""


def bookings_of(live_server, worker_id: int) -> list[BookingStatus]:
    with live_server.app.app_context():
        statuses = db.session.scalars(sa.select(Booking.status).where(
            Booking.worker_id == worker_id, Booking.description == "व्हाट्सऐप पर बुक किया")).all()
        db.session.remove()
    return list(statuses)


def send(page, t, text: str) -> None:
    page.get_by_label(t("Message")).fill(text)
    page.get_by_role("button", name=t("Send"), exact=True).click()


def choose(page, title: str | re.Pattern) -> None:
    page.get_by_role("group", name="पिछले जवाब के विकल्प").get_by_role(
        "button", name=title).click()


def last_reply(page):
    return page.locator(".from-assistant").last


def test_a_resident_books_a_plumber_the_plumber_accepts_and_the_office_answers_on_whatsapp(
        live_server, assistant_on, phone_context, shot, words):
    t = words("hi")
    plumber = an_available_plumber(live_server, newest=True)
    worker_id, name, worker_phone, village = (plumber.id, plumber.name, plumber.phone,
                                              plumber.village_hi)
    page = phone_context("hi")
    sign_in(page, live_server, t, ADMIN, with_code=True)
    open_menu(page, t, "Try the assistant")

    # As the resident: the kind of work in her own words, then her village by name.
    page.get_by_label(t("The resident's mobile number")).fill(RESIDENT_PHONE)
    send(page, t, "नल टपक रहा है, प्लंबर चाहिए")
    expect(last_reply(page)).to_contain_text("प्लंबर")
    send(page, t, village)
    expect(last_reply(page)).to_contain_text(village)
    choose(page, name)
    choose(page, t("Book"))
    choose(page, t("Tomorrow"))
    expect(last_reply(page)).to_contain_text(t("Which time tomorrow?"))
    page.get_by_role("group", name="पिछले जवाब के विकल्प").get_by_role("button").first.click()
    expect(last_reply(page)).to_contain_text(name)
    shot(page, "resident-booked")
    assert bookings_of(live_server, worker_id) == [BookingStatus.REQUESTED]

    # As the plumber: the menu offers the request; she accepts it by replying.
    page.get_by_label(t("The resident's mobile number")).fill(worker_phone)
    send(page, t, "मेनू")
    requests = t("Booking requests (%(count)s)").split("(")[0].strip()
    choose(page, re.compile("^" + re.escape(requests)))
    choose(page, RESIDENT_NAME)
    choose(page, t("Accept"))
    expect(last_reply(page)).to_contain_text(RESIDENT_NAME)
    shot(page, "worker-accepted")
    assert bookings_of(live_server, worker_id) == [BookingStatus.ACCEPTED]

    # As the resident again: talk to the office.
    page.get_by_label(t("The resident's mobile number")).fill(RESIDENT_PHONE)
    send(page, t, "मेनू")
    choose(page, t("Talk to the office"))
    # The office: the thread waits on top; the reply goes out on WhatsApp.
    open_menu(page, t, "WhatsApp conversations")
    waiting = page.locator(".conversation-list li").first
    expect(waiting).to_contain_text(RESIDENT_NAME)
    waiting.get_by_role("link", name=RESIDENT_NAME).click()
    expect(page.get_by_role("list", name=t("Conversation"))).to_contain_text("प्लंबर चाहिए")
    page.get_by_label(t("Your reply")).fill("नमस्ते, कार्यालय से सीता बोल रही हूँ। बताइए?")
    page.get_by_role("button", name=t("Send reply")).click()
    expect(page.get_by_text(t("Reply sent."))).to_be_visible()
    shot(page, "office-replied")
    page.get_by_role("button", name=t("Close: back to the assistant")).click()
    expect(page.get_by_text(t("The conversation is back with the assistant."))).to_be_visible()
    # The resident's phone shows the office's words.
    open_menu(page, t, "Try the assistant")
    page.get_by_label(t("The resident's mobile number")).fill(RESIDENT_PHONE)
    send(page, t, "धन्यवाद")
    expect(page.get_by_role("list", name=t("Conversation"))).to_contain_text(
        "कार्यालय से सीता बोल रही हूँ")
