"""A day at the SDM office, in Hindi, as a new staff member does it in Chromium: approve the
morning's listings, make tomorrow's delivery runs from the packed orders, print the run sheet
to PDF, send the run out; the delivery person marks the stops on a phone; staff count the
cash, give the failed order a new time, and look at the SHG statements and the block-wise
report against targets."""

from __future__ import annotations

import csv
import io
import re

import pytest
from babel.dates import format_date
from playwright.sync_api import expect

from marketplace.catalogue.models import ProductStatus
from marketplace.core.money import format_rupees, paise_to_input
from marketplace.demo.nadaun import WAITING_PRODUCTS
from marketplace.fulfilment.models import RunStatus, StopOutcome
from marketplace.orders.models import OrderStatus
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.panel_steps import (
    COURIER_NAME,
    COURIER_PHONE,
    STAFF,
    approve_ticked,
    approve_with_a_reason,
    check_run_sheet,
    choose_day_and_slot,
    expect_flash,
    give_run_to,
    group_of,
    mark_delivered,
    mark_not_delivered,
    move_stop_to,
    open_menu,
    open_run,
    order_day_and_status,
    packed_order_numbers,
    pattern,
    pdf_pages,
    product_statuses,
    run_facts,
    run_row,
    runs_of,
    say,
    sign_in,
    stops_of,
    tick,
    tomorrows_slot_with_packed_orders,
)
from tests.helpers import clock_on

OUTPUT = ARTIFACTS.parent  # test-artifacts/
DESK = {"width": 1280, "height": 900}
A4_PORTRAIT = (595.0, 842.0)  # points
SHORT = 50 * 100  # the courier hands in ₹50 less than expected


@pytest.fixture
def desk(chromium):
    """A desktop browser in Hindi for the office."""
    context = chromium.new_context(viewport=DESK, locale="hi",
                                   extra_http_headers={"Accept-Language": "hi"})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_staff_approve_listings_run_tomorrows_deliveries_count_the_cash_and_see_reports(
        live_server, desk, phone_context, shot, words):
    t = words("hi")
    office = desk
    listings = [name_hi for _en, name_hi, *_ in WAITING_PRODUCTS]

    # Anita signs in with the code sent to her phone and lands on the panel.
    sign_in(office, live_server, t, STAFF, with_code=True)
    open_menu(office, t, "Panel")
    expect(office.get_by_role("heading", name=t("Waiting for action"))).to_be_visible()
    shot(office, "01-panel-home")

    # The morning's listings: three ticked and approved at once, one opened and approved
    # with a note; the queue of products is then empty of them and the audit log has it.
    open_menu(office, t, "Approvals")
    office.get_by_role("navigation", name=t("Filter by kind")).get_by_role(
        "link", name=re.compile(rf"^{re.escape(t('Product'))} \(\d+\)$")).click()
    for name in listings:
        expect(office.get_by_role("link", name=name, exact=True)).to_be_visible()
    *ticked, opened = listings
    tick(office, t, ticked)
    shot(office, "02-approvals-ticked")
    approve_ticked(office, t, len(ticked))
    note = "फ़ोटो और दाम जाँच लिए"
    approve_with_a_reason(office, t, opened, note)
    for name in listings:
        expect(office.get_by_role("link", name=name, exact=True)).to_have_count(0)
    shot(office, "03-listings-approved")
    office.get_by_role("link", name=t("Audit log of all decisions")).click()
    office.get_by_text(t("Search"), exact=True).first.click()
    office.get_by_label(t("Words in the reason")).fill(note)
    office.locator("main").get_by_role("button", name=t("Search")).click()
    expect(office.get_by_role("row").filter(has_text=note)).to_contain_text(
        t("Product approved"))

    # Tomorrow's runs: the delivery time with packed orders, its pick list, then the runs.
    choice = tomorrows_slot_with_packed_orders(live_server)
    open_menu(office, t, "Delivery runs")
    choose_day_and_slot(office, t, choice)
    office.get_by_role("link", name=t("Pick list per group (print)")).click()
    expect(office.get_by_role("heading", name=t("Pick list per group"))).to_be_visible()
    expect(office.locator(".pick-group").first).to_be_visible()
    for number in packed_order_numbers(live_server, choice):  # listed whichever group packs
        expect(office.locator(".by-order li").filter(has_text=number).first).to_contain_text(
            f"({t('Packed')})")
    shot(office, "04-pick-list")
    office.get_by_role("link", name=t("Back to the runs")).click()
    office.get_by_role("button", name=t("Make runs from the packed orders")).click()
    runs = runs_of(live_server, choice)
    expect_flash(office, say(t, "Runs made: %(count)d. Choose who takes each run, then send "
                                "it out.", count=len(runs)))
    for run in runs:
        expect(run_row(office, run.id)).to_contain_text(t("nobody yet"))
    shot(office, "05-runs-made")

    # The biggest run is the one to send; if every run has one stop, a stop of another run
    # is moved onto it, so that one run has a parcel delivered and one not.
    run = runs[0]
    if run.stops < 2:
        other = runs[1]
        open_run(office, other)
        move_stop_to(office, t, stops_of(live_server, other.id)[0].number, run)
    else:
        open_run(office, run)
    stops = stops_of(live_server, run.id)
    assert len(stops) >= 2
    expect(office.locator("table.run-stops tbody tr")).to_have_count(len(stops))

    give_run_to(office, t, COURIER_NAME, COURIER_PHONE)
    shot(office, "06-run-assigned")

    # The run sheet, as printed: what the courier needs for each stop, then a PDF on A4.
    office.get_by_role("link", name=t("Run sheet (print)")).click()
    # on a phone's screen first: a list of stops that fits 360 px, nothing to scroll sideways
    office.set_viewport_size({"width": 360, "height": 740})
    check_run_sheet(office, t, stops)
    assert office.evaluate("document.documentElement.scrollWidth") <= 360
    assert office.locator("table.sheet-table tbody tr").first.evaluate(
        "row => getComputedStyle(row).display") == "block"  # a card per stop, not a table row
    shot(office, "07-run-sheet-phone")
    office.emulate_media(media="print")
    office.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    expect(office.locator(".no-print").first).to_be_hidden()
    check_run_sheet(office, t, stops)
    expect(office.locator(".sheet-head")).to_contain_text(COURIER_NAME)
    shot(office, "07-run-sheet-print")
    pdf = office.pdf(format="A4", print_background=True)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "panel-journey-run-sheet.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 5_000
    pages = pdf_pages(pdf)
    assert len(pages) >= 1
    assert all(abs(w - A4_PORTRAIT[0]) < 2 and abs(h - A4_PORTRAIT[1]) < 2 for w, h in pages)
    office.emulate_media(media="screen")
    office.set_viewport_size(DESK)
    office.get_by_role("link", name=t("Back to the run")).click()

    # The next morning the run goes out (a run leaves on its delivery day, never before).
    clock_on(choice.day, hour=8)
    office.get_by_role("button", name=t("Send the run out")).click()
    expect_flash(office, t("The run is out; each buyer has been told."))
    expect(office.locator(".badge").first).to_have_text(t("Out for delivery"))
    shot(office, "08-run-out")

    # Mohan, on his phone: the run is his; the first parcel is delivered, the second is
    # not (nobody at home), the rest are delivered.
    courier = phone_context("hi")
    sign_in(courier, live_server, t, COURIER_PHONE, with_code=False)
    open_menu(courier, t, "My deliveries")
    # (the demo's run for today is his too: open this one by its address)
    courier.locator(f"a.run-link[href$='/runs/{run.id}']").click()
    expect(courier.get_by_text(say(t, "Cash to collect on this run: %(amount)s", amount=
                                   format_rupees(sum(s.collect_paise for s in stops))))
           ).to_be_visible()
    shot(courier, "09-phone-run")
    delivered, failed, *rest = stops
    mark_delivered(courier, t, delivered)
    mark_not_delivered(courier, t, failed, "Nobody at home")
    shot(courier, "10-phone-one-failed")
    for stop in rest:
        mark_delivered(courier, t, stop)
    expect(courier.locator(".badge").first).to_have_text(t("Back, cash to count"))
    shot(courier, "11-phone-all-marked")

    # Back at the office: ₹50 short, so the run asks why before it closes.
    expected = sum(stop.collect_paise for stop in [delivered, *rest])
    office.reload()
    expect(office.get_by_text(say(t, "Expected: %(amount)s", amount=format_rupees(expected)))
           ).to_be_visible()
    cash_box = office.get_by_label(t("Cash handed in (₹)"))
    expect(cash_box).to_have_value("")  # counted, not confirmed: the office types what it got
    cash_box.fill(paise_to_input(expected - SHORT))
    with office.expect_response(lambda r: r.request.method == "POST"
                                and r.url.endswith("/close")) as answer:
        office.get_by_role("button", name=t("Count and close the run")).click()
    assert 400 <= answer.value.status < 500
    expect(office.get_by_role("alert").filter(has_text=t(
        "The cash handed in differs from the cash expected: write why (at most 500 "
        "characters)."))).to_be_visible()
    shot(office, "12-cash-differs")
    why = "₹50 का छुट्टा नहीं था; मोहन कल जमा करेंगे"
    office.get_by_label(t("Why is it different? (required when it is)")).fill(why)
    office.get_by_role("button", name=t("Count and close the run")).click()
    expect_flash(office, t("Cash counted; the run is closed."))
    closed = office.locator("dl.facts").last
    expect(closed).to_contain_text(f"−{format_rupees(SHORT)}")
    expect(closed).to_contain_text(why)
    expect(office.locator(".badge").first).to_have_text(t("Closed"))
    expect(office.get_by_role("row").filter(has_text=failed.number)).not_to_contain_text(
        t("paid"))  # it was not paid: it was not delivered
    shot(office, "13-run-closed")

    # The failed order waits on its own list; it gets the first delivery time offered.
    open_menu(office, t, "Delivery runs")
    office.get_by_role("link", name=t("Deliveries that failed")).click()
    card = office.locator(f"#order-{failed.order_id}")
    expect(card).to_contain_text(failed.number)
    expect(card).to_contain_text(t("Nobody at home"))
    shot(office, "14-failed-deliveries")
    new_time = card.get_by_label(t("New delivery time"))
    first_offered = new_time.locator("option").first.inner_text()
    new_time.select_option(label=first_offered)
    card.get_by_role("button", name=t("Deliver then")).click()
    expect_flash(office, say(t, "Order %(number)s waits for a run on %(date)s; the buyer has "
                                "been told.", number=failed.number,
                             date=first_offered.split(" · ")[0]))
    expect(office.locator(f"#order-{failed.order_id}")).to_have_count(0)

    # SHG payouts: a group of the first delivered order has that sale on its statement.
    group, share = group_of(live_server, delivered.order_id)
    open_menu(office, t, "SHG payouts")
    expect(office.get_by_role("heading", name=t("SHG payouts"))).to_be_visible()
    shot(office, "15-payouts")
    office.get_by_role("link", name=group, exact=True).click()
    expect(office.get_by_role("heading", level=1)).to_contain_text(group)
    sale = office.get_by_role("row").filter(has_text=delivered.number)
    expect(sale).to_contain_text(format_rupees(share))
    shot(office, "16-statement")

    # The block-wise report: a progress bar against each target, a chart and the CSV.
    open_menu(office, t, "Reports")
    office.get_by_role("link", name=t("Registrations against targets")).click()
    expect(office.get_by_role("img", name=t("Registrations by block against the targets"))
           ).to_be_visible()
    bars = office.locator(".progress")
    expect(bars.first).to_be_visible()
    expect(bars.first).to_contain_text(pattern(t, "%(count)d of %(target)d (%(percent)d%%)"))
    assert office.locator("meter").count() >= 3
    shot(office, "17-registrations-report")
    with office.expect_download() as download:
        office.get_by_role("link", name=t("Download CSV (blocks × kinds of work)")).click()
    saved = OUTPUT / "panel-journey-registrations.csv"
    download.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert rows[0][:3] == [t("Sub-division"), t("Block"), t("Kind of work")]
    assert len(rows) > 3 and any(row[4] for row in rows[1:])  # targets are in it

    # What the database holds now.
    assert set(product_statuses(live_server, listings).values()) == {ProductStatus.APPROVED}
    facts = run_facts(live_server, run.id)
    assert facts.status is RunStatus.CLOSED
    assert (facts.expected_paise, facts.handed_in_paise, facts.note) == (
        expected, expected - SHORT, why)
    assert facts.outcomes[failed.number] is StopOutcome.FAILED
    assert facts.reasons[failed.number] == "nobody_home"
    for stop in [delivered, *rest]:
        assert facts.outcomes[stop.number] is StopOutcome.DELIVERED
        assert facts.order_statuses[stop.number] is OrderStatus.DELIVERED
    day, status = order_day_and_status(live_server, failed.order_id)
    assert status is OrderStatus.PACKED
    assert format_date(day, "EEEE d MMMM", locale="hi") == first_offered.split(" · ")[0]
