"""Steps of the sub-division office's day in the browser (sign in with the code, approve the
morning's listings, make and send a delivery run, mark its stops on a phone, count the cash)
and what the database holds about them, for the panel journey."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.db import today_in_india
from marketplace.core.money import format_rupees
from marketplace.core.phone import display_phone
from marketplace.delivery.models import DeliverySlot
from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus, RunStop, StopOutcome
from marketplace.orders.models import Order, OrderPart, OrderStatus
from marketplace.payments.models import PaymentMethod
from marketplace.places.queries import get_default_sub_division

STAFF = next(phone for role, phone, *_ in nadaun.USERS if role == "staff")
COURIER_PHONE, COURIER_NAME = next((phone, name) for role, phone, name, _ in nadaun.USERS
                                   if role == "delivery")


def say(t, text: str, **values) -> str:
    """A message with its placeholders filled, as the page shows it in t's language."""
    return t(text) % values if values else t(text)


def pattern(t, text: str, **values: str) -> re.Pattern:
    """A message whose placeholders may be anything, except those given (matched as is)."""
    parts = re.split(r"(%\(\w+\)[sd])", t(text))
    regex = ""
    for part in parts:
        name = re.fullmatch(r"%\((\w+)\)[sd]", part)
        if name is None:
            regex += re.escape(part.replace("%%", "%"))
        else:
            regex += re.escape(values[name[1]]) if name[1] in values else ".+?"
    return re.compile(regex)


def expect_flash(page: Page, text: str | re.Pattern) -> None:
    expect(page.locator("p.flash").filter(has_text=text).first).to_be_visible()


def open_menu(page: Page, t, label: str) -> None:
    """Follow a menu link: in the bar, or behind "More" (opened first when it is there)."""
    menu = page.get_by_role("navigation", name=t("Main menu"))
    link = menu.get_by_role("link", name=t(label), exact=True)
    if not link.is_visible():
        menu.get_by_text(t("More"), exact=True).click()
    link.click()


def sign_in(page: Page, live_server, t, phone: str, *, with_code: bool) -> None:
    """Number and password; staff then type the 6-digit code sent to their phone."""
    page.goto(f"{live_server.url}/signin")
    page.get_by_label(t("Mobile number")).fill(phone)
    page.get_by_label(t("Password")).fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    if with_code:
        page.get_by_label(t("6-digit code")).fill(live_server.last_code_for(phone))
        page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()


# Approvals


def tick(page: Page, t, names: list[str]) -> None:
    """On the queue: tick each of these (each box is labelled with the item's name)."""
    for name in names:
        page.get_by_role("checkbox", name=say(t, "Tick %(name)s", name=name)).check()


def approve_ticked(page: Page, t, count: int) -> None:
    page.get_by_role("button", name=t("Approve the ticked items")).click()
    expect_flash(page, say(t, "%(num)d approved; each has been told.", num=count))


def approve_with_a_reason(page: Page, t, name: str, reason: str) -> None:
    """Open one waiting item from the queue, write why and approve it."""
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.get_by_label(t("Reason (needed to reject, to hide a review or to keep it)")).fill(reason)
    page.get_by_role("button", name=t("Approve"), exact=True).click()
    expect_flash(page, t("Decision saved; they have been told."))


# Runs


@dataclass(frozen=True)
class SlotChoice:
    day: date
    slot_id: int
    label: str  # as the runs page shows it: "09:00–12:00"


def tomorrows_slot_with_packed_orders(live_server) -> SlotChoice:
    """Tomorrow's delivery time with the most packed orders that are on no run yet (the demo
    packs some orders of each of the next open slots)."""
    with live_server.app.app_context():
        tomorrow = today_in_india() + timedelta(days=1)
        on_a_run = sa.select(RunStop.id).where(RunStop.order_id == Order.id,
                                               RunStop.outcome == StopOutcome.PENDING).exists()
        slot_id, _count = db.session.execute(
            sa.select(Order.slot_id, sa.func.count(Order.id))
            .where(Order.sub_division_id == get_default_sub_division().id,
                   Order.delivery_date == tomorrow, Order.status == OrderStatus.PACKED,
                   ~on_a_run)
            .group_by(Order.slot_id).order_by(sa.func.count(Order.id).desc(), Order.slot_id)
        ).first()
        slot = db.session.get(DeliverySlot, slot_id)
        label = f"{slot.starts_at.strftime('%H:%M')}–{slot.ends_at.strftime('%H:%M')}"
        db.session.remove()
    return SlotChoice(tomorrow, slot_id, label)


def packed_order_numbers(live_server, choice: SlotChoice) -> list[str]:
    """The numbers of the packed orders of that date and time."""
    with live_server.app.app_context():
        numbers = db.session.scalars(sa.select(Order.number).where(
            Order.delivery_date == choice.day, Order.slot_id == choice.slot_id,
            Order.status == OrderStatus.PACKED).order_by(Order.number)).all()
        db.session.remove()
    return list(numbers)


def choose_day_and_slot(page: Page, t, choice: SlotChoice) -> None:
    page.get_by_label(t("Delivery date")).fill(choice.day.isoformat())
    page.get_by_label(t("Delivery time")).select_option(label=choice.label)
    page.get_by_role("button", name=t("Show"), exact=True).click()
    expect(page.get_by_role("link", name=t("Pick list per group (print)"))).to_be_visible()


@dataclass(frozen=True)
class RunRow:
    id: int
    area: str  # in Hindi
    stops: int


def runs_of(live_server, choice: SlotChoice) -> list[RunRow]:
    """The planned runs of that date and time, the one with most stops first."""
    with live_server.app.app_context():
        rows = db.session.execute(
            sa.select(DeliveryRun.id, DeliveryRun.area_hi, sa.func.count(RunStop.id))
            .join(RunStop, RunStop.run_id == DeliveryRun.id)
            .where(DeliveryRun.delivery_date == choice.day,
                   DeliveryRun.slot_id == choice.slot_id,
                   DeliveryRun.status == RunStatus.PLANNED)
            .group_by(DeliveryRun.id, DeliveryRun.area_hi)
            .order_by(sa.func.count(RunStop.id).desc(), DeliveryRun.id)).all()
        db.session.remove()
    return [RunRow(*row) for row in rows]


def run_row(page: Page, run_id: int):
    """A run's row in a table of runs (the row shows '#<id>' after the area)."""
    return page.get_by_role("row").filter(has_text=re.compile(rf"#{run_id}(?!\d)")).first


def open_run(page: Page, run: RunRow) -> None:
    run_row(page, run.id).get_by_role("link", name=run.area, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"#{run.id}")


def move_stop_to(page: Page, t, number: str, target: RunRow) -> None:
    """On a planned run's page, move the stop of this order onto another run."""
    row = page.get_by_role("row").filter(has_text=number)
    row.get_by_label(t("Move to the run")).select_option(label=f"{target.area} · #{target.id}")
    row.get_by_role("button", name=t("Move"), exact=True).click()
    expect_flash(page, say(t, "Stop moved to the run %(area)s.", area=target.area))


@dataclass(frozen=True)
class Stop:
    id: int
    order_id: int
    number: str
    name: str
    phone: str  # as printed: +91 98170 00001
    address: str
    collect_paise: int

    @property
    def collect(self) -> str:
        return format_rupees(self.collect_paise)


def stops_of(live_server, run_id: int) -> list[Stop]:
    """The run's stops in their order, with what the sheet must show for each."""
    with live_server.app.app_context():
        rows = db.session.execute(
            sa.select(RunStop.id, Order).join(Order, RunStop.order_id == Order.id)
            .where(RunStop.run_id == run_id).order_by(RunStop.position)).all()
        stops = [Stop(stop_id, order.id, order.number, order.contact_name,
                      display_phone(order.phone), order.address,
                      order.total_paise if order.payment_method is PaymentMethod.CASH
                      and order.paid_at is None else 0)
                 for stop_id, order in rows]
        db.session.remove()
    return stops


def give_run_to(page: Page, t, name: str, phone: str) -> None:
    page.get_by_label(t("Who takes this run")).select_option(
        label=f"{name} · {display_phone(phone)}")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    expect_flash(page, t("The run has someone to take it."))
    expect(page.locator("dl.facts")).to_contain_text(name)


def check_run_sheet(page: Page, t, stops: list[Stop]) -> None:
    """Every stop's order number, phone, address and amount to collect, and the total."""
    table = page.locator("table.sheet-table")
    for position, stop in enumerate(stops, start=1):
        row = table.locator("tbody tr").nth(position - 1)
        expect(row.locator("td").first).to_have_text(str(position))
        for text in (stop.number, stop.phone, stop.name, stop.address, stop.collect):
            expect(row).to_contain_text(text)
    expect(table.locator("tfoot")).to_contain_text(
        format_rupees(sum(stop.collect_paise for stop in stops)))
    expect(table.locator("thead")).to_contain_text(t("To collect"))


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """The width and height in points of each page of a PDF Chromium printed (its page
    objects are not compressed)."""
    boxes = re.findall(rb"/Type\s*/Page\b(?!s).*?/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]",
                       pdf, flags=re.DOTALL)
    if not boxes:  # the MediaBox may come before /Type in the dictionary
        boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\][^>]*?/Type\s*/Page\b"
                           rb"(?!s)", pdf, flags=re.DOTALL)
    return [(float(width), float(height)) for width, height in boxes]


# The delivery person's phone page


def stop_card(page: Page, stop: Stop):
    return page.locator("li.stop").filter(has_text=stop.number)


def mark_delivered(page: Page, t, stop: Stop) -> None:
    stop_card(page, stop).get_by_role("button", name=t("Delivered"), exact=True).click()
    expect_flash(page, say(t, "%(number)s delivered.", number=stop.number))
    if stop.collect_paise:
        expect_flash(page, say(t, "Cash collected: %(amount)s.", amount=stop.collect))
    expect(stop_card(page, stop).locator(".badge")).to_have_text(t("Delivered"))


def mark_not_delivered(page: Page, t, stop: Stop, reason: str) -> None:
    card = stop_card(page, stop)
    card.get_by_text(t("Could not deliver"), exact=True).click()
    card.get_by_label(t(reason), exact=True).check()
    card.get_by_role("button", name=t("Mark not delivered")).click()
    expect_flash(page, say(t, "%(number)s marked not delivered; the buyer has been told.",
                           number=stop.number))
    expect(stop_card(page, stop)).to_contain_text(t(reason))
    expect(stop_card(page, stop)).not_to_contain_text(t("Paid already: collect nothing"))


# What the database holds at the end


@dataclass(frozen=True)
class RunFacts:
    status: RunStatus
    expected_paise: int
    handed_in_paise: int | None
    note: str | None
    outcomes: dict[str, StopOutcome]
    reasons: dict[str, str | None]
    order_statuses: dict[str, OrderStatus]


def run_facts(live_server, run_id: int) -> RunFacts:
    with live_server.app.app_context():
        run = db.session.get(DeliveryRun, run_id)
        rows = db.session.execute(
            sa.select(Order.number, RunStop.outcome, RunStop.outcome_reason, Order.status)
            .join(Order, RunStop.order_id == Order.id).where(RunStop.run_id == run_id)).all()
        facts = RunFacts(run.status, run.cash_expected_paise, run.cash_handed_in_paise,
                         run.cash_note, {n: o for n, o, _r, _s in rows},
                         {n: r for n, _o, r, _s in rows}, {n: s for n, _o, _r, s in rows})
        db.session.remove()
    return facts


def order_day_and_status(live_server, order_id: int) -> tuple[date, OrderStatus]:
    with live_server.app.app_context():
        order = db.session.get(Order, order_id)
        facts = order.delivery_date, order.status
        db.session.remove()
    return facts


def group_of(live_server, order_id: int) -> tuple[str, int]:
    """The Hindi name and share (items, paise) of the order's first group."""
    with live_server.app.app_context():
        part = db.session.scalars(sa.select(OrderPart).where(OrderPart.order_id == order_id)
                                  .order_by(OrderPart.id)).first()
        facts = part.group.name_hi or part.group.name_en, part.items_paise
        db.session.remove()
    return facts


def product_statuses(live_server, names_hi: list[str]) -> dict[str, ProductStatus]:
    with live_server.app.app_context():
        statuses = dict(db.session.execute(sa.select(Product.name_hi, Product.status).where(
            Product.name_hi.in_(names_hi))).all())
        db.session.remove()
    return statuses
