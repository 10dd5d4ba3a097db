"""A resident in Hindi finds a plumber near a village, sees the number, books; the worker
accepts by the link in the message, does the work and takes cash; the resident rates."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import expect

from marketplace.core.db import today_in_india
from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from tests.e2e.workers import an_available_plumber
from tests.helpers import clock_on

RESIDENT = next(phone for role, phone, *_ in nadaun.USERS if role == "resident")


def last_message_to(live_server, phone: str) -> str:
    with live_server.app.app_context():
        body = db.session.scalars(sa.select(OutboxMessage.body).where(
            OutboxMessage.to_phone == phone).order_by(OutboxMessage.id.desc())).first()
        db.session.remove()
    return body


def sign_in(page, live_server, t, phone: str) -> None:
    page.goto(f"{live_server.url}/signin")
    page.get_by_label(t("Mobile number")).fill(phone)
    page.get_by_label(t("Password")).fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()


def test_a_resident_hires_a_plumber_in_hindi_and_rates_the_work(live_server, phone_context,
                                                                 shot, words):
    t = words("hi")
    plumber = an_available_plumber(live_server)
    name, village = plumber.name, plumber.village_hi
    resident = phone_context("hi")
    sign_in(resident, live_server, t, RESIDENT)

    resident.get_by_role("navigation").get_by_role("link", name=t("Workers")).click()
    resident.get_by_text(t("Filters")).click()
    work = resident.get_by_label(t("Work"), exact=True)
    work.select_option(label=work.locator("option", has_text="प्लंबर").first.inner_text())
    resident.get_by_label(t("Near village or ward")).select_option(label=village)
    shot(resident, "1-filters")
    resident.get_by_role("button", name=t("Show workers")).click()
    resident.get_by_role("link", name=re.compile(re.escape(name))).first.click()
    expect(resident.get_by_role("heading", name=name)).to_be_visible()

    resident.get_by_role("button", name=t("Show phone number")).click()
    call = resident.locator("a[href^='tel:']").first
    expect(call).to_be_visible()
    worker_phone = call.get_attribute("href")[4:]
    shot(resident, "2-number")

    resident.get_by_role("link", name=t("Book this worker")).click()
    work_day = today_in_india() + timedelta(days=2)
    resident.get_by_label(t("Date")).fill(work_day.isoformat())
    resident.get_by_label(t("Morning (8–12)")).check()
    # the village searched near is offered, not the first of the list
    expect(resident.get_by_label(t("Village or ward")).locator("option:checked")) \
        .to_have_text(village)
    resident.get_by_label(t("House and landmark")).fill("मकान 12, मंदिर के पास")
    resident.get_by_label(t("What work is needed?")).fill("रसोई का नल टपक रहा है")
    shot(resident, "3-booking-form")
    resident.get_by_role("button", name=t("Send booking request")).click()
    expect(resident.get_by_text(t("Waiting for the worker"))).to_be_visible()
    booking_url = resident.url

    # The worker answers from the link in the message, without signing in.
    link = re.search(r"(https?://\S+/bookings/answer/\S+)",
                     last_message_to(live_server, worker_phone)).group(1)
    worker = phone_context("hi")
    worker.goto(link.replace("http://127.0.0.1:5000", live_server.url))
    expect(worker.get_by_text("रसोई का नल टपक रहा है")).to_be_visible()
    shot(worker, "4-answer-link")
    worker.get_by_role("button", name=t("Accept")).click()
    expect(worker.get_by_text(t("Thank you! The resident has been told."))).to_be_visible()

    # Before the booked day there is nothing to start yet; on the day the worker signs in,
    # starts, marks it done, and confirms the cash.
    sign_in(worker, live_server, t, worker_phone)
    worker.goto(booking_url)
    not_yet = t("On %(day)s you can mark the work started, and then done, here.")
    expect(worker.get_by_text(re.compile(
        re.escape(not_yet).replace(re.escape("%(day)s"), ".+")))).to_be_visible()
    expect(worker.get_by_role("button", name=t("I have started the work"))).to_have_count(0)
    clock_on(work_day, hour=10)
    worker.reload()
    worker.get_by_role("button", name=t("I have started the work")).click()
    # The amount box holds the quote fixed at acceptance (another amount would wait for the
    # resident's consent); the worker keeps it.
    quote = worker.get_by_label(t("Amount charged, in rupees")).input_value()
    assert quote
    worker.get_by_role("button", name=t("Mark the work as completed")).click()
    worker.get_by_role("button", name=re.compile("नकद मिल गए")).click()
    expect(worker.get_by_text(re.compile(r"₹[\d,.]+ नकद भुगतान हुआ।"))).to_be_visible()
    shot(worker, "5-cash")

    resident.goto(booking_url)
    resident.get_by_label("★★★★★", exact=True).check()
    resident.get_by_label(t("A few words (optional)")).fill("बहुत अच्छा काम, समय पर आए")
    resident.get_by_role("button", name=t("Send rating")).click()
    expect(resident.get_by_text(t("Thank you for rating!"))).to_be_visible()
    shot(resident, "6-rated")
    resident.get_by_role("link", name=name).click()
    expect(resident.get_by_text("बहुत अच्छा काम, समय पर आए")).to_be_visible()
