"""Factories and helpers for tests: they flush, never commit."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient

from marketplace.accounts.models import Role, User
from marketplace.accounts.services import create_account
from marketplace.core.db import INDIA, run_clock_from
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from marketplace.places.models import SubDivision, Village
from marketplace.places.services import (
    ensure_block,
    ensure_panchayat,
    ensure_sub_division,
    ensure_village,
)

PASSWORD = "correct horse 42"

_phone_counter = iter(range(10_000, 99_999))


def next_phone() -> str:
    return f"+9198160{next(_phone_counter):05d}"


def make_sub_division(code: str = "NDN", name: str = "Nadaun") -> SubDivision:
    sub_division = ensure_sub_division(
        code=code, name_en=name, name_hi=name + " (हि)", district_en="Hamirpur",
        district_hi="हमीरपुर", state_en="Himachal Pradesh", state_hi="हिमाचल प्रदेश",
    )
    block = ensure_block(sub_division, name_en=f"{name} Block", name_hi=f"{name} खंड")
    panchayat = ensure_panchayat(block, name_en=f"{name} GP", name_hi=f"{name} ग्राम पंचायत")
    ensure_village(panchayat, name_en=f"{name} Village", name_hi=f"{name} गाँव",
                   latitude=31.78, longitude=76.35)
    return sub_division


def make_user(role: Role = Role.RESIDENT, *, sub_division: SubDivision | None = None,
              phone: str | None = None, password: str = PASSWORD, name: str = "Test Person",
              language: str = "en") -> User:
    if role in (Role.STAFF, Role.OPERATOR) and sub_division is None:
        sub_division = make_sub_division()
    return create_account(phone=phone or next_phone(), name=name, password=password, role=role,
                          language=language, sub_division=sub_division)


def first_village(sub_division: SubDivision) -> Village:
    return db.session.scalars(
        sa.select(Village).where(Village.sub_division_id == sub_division.id)
    ).first()


# Reading what the site sent.

def messages_to(phone: str) -> list[OutboxMessage]:
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.to_phone == phone).order_by(OutboxMessage.id)
    ).all()


class DeliveredMessages:
    """What the log channel delivered: the very texts a phone receives (with their codes,
    which the outbox no longer keeps), by full phone number (the log masks it). Attach with
    `watch()`, which wraps LogChannel.send for the whole test session."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []
        self._lock_texts = threading.Lock()

    def record(self, to_phone: str, body: str) -> None:
        with self._lock_texts:
            self.texts.append((to_phone, body))

    def watch(self) -> DeliveredMessages:
        from marketplace.notify.channels import LogChannel

        send = LogChannel.send
        if getattr(send, "watched_by", None) is self:
            return self

        def watched_send(channel, to_phone, body, *, key):
            self.record(to_phone, body)
            return send(channel, to_phone, body, key=key)

        watched_send.watched_by = self
        LogChannel.send = watched_send
        return self

    def texts_to(self, phone: str) -> list[str]:
        with self._lock_texts:
            return [text for to, text in self.texts if to == phone]

    def last_code_to(self, phone: str) -> str:
        for text in reversed(self.texts_to(phone)):
            found = re.search(r"\b(\d{6})\b", text)
            if found:
                return found.group(1)
        raise AssertionError(f"no code was delivered to {phone}")


DELIVERED = DeliveredMessages().watch()


def last_code_sent_to(phone: str) -> str:
    """The last one-time code delivered to `phone` (the outbox keeps codes masked)."""
    return DELIVERED.last_code_to(phone)


# Forms with their CSRF token, as a browser sends them.

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_EMPTY_SLOT = 'name="csrf_token" value=""'
#: what a browser sends as the Origin of the test client's pages
ORIGIN = "http://localhost"


def csrf_token_from(client: FlaskClient, page: str) -> str:
    """The session's CSRF token as a form on `page` carries it: "" where the page's forms go
    without one (a visitor never given a token: core/visitor_forms.py). page="/" means "any
    page that gives one": the forgot-password form does."""
    for candidate in (page, "/password/forgot") if page == "/" else (page,):
        html = client.get(candidate).get_data(as_text=True)
        if found := _CSRF.search(html):
            return found.group(1)
        if _EMPTY_SLOT in html and page != "/":
            return ""
    raise AssertionError(f"no CSRF token on {page}")


def submit(client: FlaskClient, url: str, data: dict | None = None, *, page: str | None = None,
           **kwargs):
    """POST `data` to `url` as a browser does from `page` (default: the same url): with the
    CSRF token its forms carry, and this site as the Origin."""
    token = csrf_token_from(client, page or url)
    headers = {"Origin": ORIGIN, **kwargs.pop("headers", {})}
    return client.post(url, data={**(data or {}), "csrf_token": token}, headers=headers,
                       **kwargs)


def signed_in_clients(app, people, page: str) -> list[tuple[FlaskClient, str]]:
    """A client signed in as each of `people` (phone, needs_second_factor), with its CSRF
    token from `page`: the racers of a concurrency test."""
    clients = []
    for person in people:
        client = app.test_client()
        with app.app_context():
            sign_in(client, person)
        clients.append((client, csrf_token_from(client, page)))
    return clients


def sign_in(client: FlaskClient, user: User, password: str = PASSWORD):
    response = submit(client, "/signin", {"phone": user.phone, "password": password})
    if user.needs_second_factor:
        assert response.status_code == 302, response.get_data(as_text=True)
        code = last_code_sent_to(user.phone)
        response = submit(client, "/signin/verify", {"code": code})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response




def as_request(app, work, *, done=None):
    """Run work() in an app context of its own, as one request would: commit and answer what
    it returned (or `done`), or roll back on a refusal and answer the refusal's code (for
    run_together's racers)."""
    from marketplace.core.errors import DomainError

    with app.app_context():
        try:
            result = work()
            db.session.commit()
            return result if done is None else done
        except DomainError as error:
            db.session.rollback()
            return error.code
        finally:
            db.session.remove()


def run_together(count: int, work) -> list:
    """Run work(i) in `count` threads released at the same instant; return results in order."""
    import threading

    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def runner(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def make_worker(sub_division: SubDivision, *, name: str = "Ramesh Kumar", category: str = "plumber",
                status=None, village: Village | None = None, rate_paise: int = 60000,
                phone: str | None = None, **fields):
    """A worker profile (approved unless `status` says otherwise) with its account."""
    from datetime import date

    from marketplace.workers.models import RateUnit, WorkerCategory, WorkerStatus
    from marketplace.workers.services import ProfileInput, register_worker, seed_categories

    seed_categories()
    category_id = db.session.scalar(sa.select(WorkerCategory.id).where(
        WorkerCategory.slug == category))
    village = village or first_village(sub_division)
    user = make_user(Role.RESIDENT, phone=phone, name=name)
    data = ProfileInput(display_name=name, main_category_id=category_id, rate_paise=rate_paise,
                        rate_unit=RateUnit.DAY, home_village_id=village.id, **fields)
    worker = register_worker(user, data, sub_division=sub_division, actor=user,
                             today=date(2026, 11, 22))
    status = status or WorkerStatus.APPROVED
    if status is not WorkerStatus.PENDING_REVIEW:
        worker.status = status
        worker.is_verified = status is WorkerStatus.APPROVED
    db.session.flush()
    return worker


def add_village(sub_division: SubDivision, name: str, latitude: float, longitude: float,
                name_hi: str | None = None) -> Village:
    panchayat = db.session.scalars(
        sa.select(Village).where(Village.sub_division_id == sub_division.id)).first().panchayat
    return ensure_village(panchayat, name_en=name, name_hi=name_hi or name, latitude=latitude,
                          longitude=longitude)


def make_group(sub_division: SubDivision, *, name: str = "Jai Maa SHG", leader=None):
    """An approved self-help group with a leader (returned as (group, leader))."""
    from marketplace.shg.services import GroupInput, register_group

    leader = leader or make_user(name="Leader " + name)  # signs in with PASSWORD
    group = register_group(GroupInput(village_id=first_village(sub_division).id, name_en=name),
                           sub_division=sub_division, actor=make_user(Role.ADMIN),
                           leader_phone=leader.phone, leader_name=leader.name)
    return group, leader


def make_product(group, *, name_hi: str = "आम का अचार", name_en: str = "Mango pickle",
                 price_paise: int = 18000, stock: int = 10, category: str = "pickles-preserves",
                 approved: bool = True, **fields):
    from marketplace.catalogue.models import ProductCategory, ProductStatus, ProductUnit
    from marketplace.catalogue.services import ProductInput, add_product, seed_product_categories

    seed_product_categories()
    category_id = db.session.scalar(sa.select(ProductCategory.id).where(
        ProductCategory.slug == category))
    leader = next(m.user for m in group.members if m.is_leader)
    product = add_product(group, ProductInput(
        category_id=category_id, unit=fields.pop("unit", ProductUnit.JAR),
        price_paise=price_paise, stock=stock, name_en=name_en, name_hi=name_hi, **fields),
        actor=leader)
    if approved:
        product.status = ProductStatus.APPROVED
    db.session.flush()
    return product


def make_slot(sub_division: SubDivision, *, capacity: int = 50, cutoff_minutes: int = 0,
              starts: str = "09:00", ends: str = "12:00", weekdays: str = "1234567"):
    from datetime import time

    from marketplace.delivery.services import SlotDetails, save_slot

    admin = make_user(Role.ADMIN)
    return save_slot(sub_division.id, SlotDetails(
        weekdays=weekdays, starts_at=time.fromisoformat(starts), ends_at=time.fromisoformat(ends),
        capacity=capacity, cutoff_minutes=cutoff_minutes), actor_id=admin.id)


def fill_cart(user: User, wanted: dict):
    """The user's cart holding {product: quantity}."""
    from marketplace.cart.services import add_to_cart, open_cart

    cart = open_cart(user_id=user.id)
    for product, quantity in wanted.items():
        add_to_cart(cart, product, quantity)
    return cart


def tomorrow():

    from marketplace.core.db import today_in_india

    return today_in_india() + timedelta(days=1)


def place_order(user: User, wanted: dict, *, slot=None, key: str | None = None,
                method=None, quoted: int | None = None):
    """Fill the user's cart and check out for tomorrow's slot, cash on delivery."""
    import uuid

    from marketplace.core.db import utcnow
    from marketplace.delivery.quote import quote
    from marketplace.delivery.services import terms_of
    from marketplace.orders.checkout import CheckoutDetails
    from marketplace.orders.checkout import place_order as place
    from marketplace.payments.models import PaymentMethod

    product = next(iter(wanted))
    sub_division = db.session.get(SubDivision, product.sub_division_id)
    slot = slot or make_slot(sub_division)
    cart = fill_cart(user, wanted)
    if quoted is None:
        quoted = quote(terms_of(sub_division.id),
                       [(q, p.price_paise) for p, q in wanted.items()]).total_paise
    return place(cart, CheckoutDetails(
        village_id=first_village(sub_division).id, address="House 12, near the temple",
        phone=user.phone, slot_id=slot.id, delivery_date=tomorrow(),
        payment_method=method or PaymentMethod.CASH, checkout_key=key or uuid.uuid4().hex,
        quoted_total_paise=quoted, contact_name=user.name),
        actor=user, now=utcnow(), online_enabled=True)


def make_completed_booking(sub_division: SubDivision, *, rate_paise: int = 30000):
    """A booking of a new worker by a new resident for today, accepted and done at the quote
    (flushes; work is marked done on its day, never before)."""
    from marketplace.bookings import services as bookings
    from marketplace.bookings.models import Slot
    from marketplace.core.db import today_in_india

    worker, resident = make_worker(sub_division, rate_paise=rate_paise), make_user()
    booking = bookings.request_booking(worker, bookings.BookingRequest(
        work_date=early_today(), slot=Slot.MORNING,
        village_id=first_village(sub_division).id, address="House 1", description="Tap"),
        actor=resident, today=today_in_india())
    bookings.answer_booking(booking, accept=True, actor=worker.user)
    bookings.complete_work(booking, actor=worker.user)
    return booking


def links_static(html: str, name: str) -> bool:
    """The page links the static file `name` ("css/print.css"), under its content-hashed name
    (core/assets.py) or, in development, its plain one."""
    import re

    stem, dot, extension = name.rpartition(".")
    return re.search(rf'"/static/{re.escape(stem)}(\.[0-9a-f]{{12}})?\.{extension}"', html) \
        is not None


def clock_on(day: date, hour: int = 9) -> None:
    """The app's clock reads `hour` o'clock in India on `day` and runs on from there (a run
    goes out, and work starts, on its own day only); tests/conftest.py sets it back after
    each test."""
    run_clock_from(datetime.combine(day, time(hour), INDIA))


def early_today(hour: int = 7) -> date:
    """Today, with the app's clock at `hour` o'clock in India, before any of the day's booking
    slots is over: for a job booked, done and paid within one test."""
    from marketplace.core.db import today_in_india

    today = today_in_india()
    clock_on(today, hour)
    return today
