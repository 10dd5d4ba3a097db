"""What each journey of `make journeys` does, by the labels a person reads, and the demo data
it picks (a plumber and their village, two products of two groups, the pages to weigh)."""

from __future__ import annotations

import io
import random
import re
import tempfile
import time
from datetime import timedelta
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from babel.messages.pofile import read_po
from flask import Flask
from flask_migrate import upgrade
from PIL import Image, ImageChops, ImageDraw, ImageFilter
from playwright.sync_api import expect

from bench.phone import Phone
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.db import today_in_india
from marketplace.demo import nadaun
from marketplace.demo.services import seed_demo
from marketplace.extensions import db
from marketplace.workers.models import Availability, WorkerCategory, WorkerProfile, WorkerStatus
from tests.e2e.conftest import LiveServer
from tests.e2e.shopping import a_village
from tests.helpers import DELIVERED

ROOT = Path(__file__).resolve().parent.parent
RESIDENT = next(phone for role, phone, *_ in nadaun.USERS if role == "resident")
STAFF = next(phone for role, phone, *_ in nadaun.USERS if role == "staff")
MEMBER = "+919459000001"  # the leader of the demo's first group
#: what the member adds on each pass of the photo journey (staff then approve it)
NEW_PRODUCTS = ("बुरांश का शरबत", "पहाड़ी नींबू का अचार")
UPLOAD_SECONDS = "photo upload, s"


def hindi_words():
    """t("English") → the Hindi a person reads on the page."""
    with (ROOT / "marketplace/translations/hi/LC_MESSAGES/messages.po").open("rb") as handle:
        hindi = {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id}
    return lambda text: hindi[text]


def prepare(app: Flask) -> None:
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        db.session.remove()


@cache
def phone_photo() -> str:
    """A 12 MP (4000×3000) JPEG of about 4.4 MB, as a phone camera saves one: smooth shapes
    and sensor noise, so it compresses like a photograph, not like a flat test card."""
    width, height, rng = 4000, 3000, random.Random(12)
    light = Image.linear_gradient("L").resize((width, height))
    picture = Image.merge("RGB", [light.point(lambda v: 60 + v // 3),
                                  light.point(lambda v: 90 + v // 4),
                                  Image.new("L", (width, height), 70)])
    draw = ImageDraw.Draw(picture)
    for _ in range(220):  # a heap of red fruit with their shine
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(60, 260)
        draw.ellipse((x - r, y - r, x + r, y + r),
                     fill=(rng.randrange(150, 230), rng.randrange(20, 90), rng.randrange(10, 50)))
        draw.ellipse((x - r // 3, y - r // 2, x, y - r // 5), fill=(255, 200, 180))
    picture = picture.filter(ImageFilter.GaussianBlur(6))
    noise = Image.effect_noise((width, height), 10).convert("RGB")
    picture = ImageChops.add(picture, noise, scale=1.0, offset=-128)
    path = Path(tempfile.mkdtemp(prefix="journeys-")) / "IMG_20261203_101500.jpg"
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    path.write_bytes(buffer.getvalue())
    return str(path)


# Signing in (before the counting starts)


def _sign_in(phone: Phone, server: LiveServer, t, number: str, *, with_code: bool) -> None:
    page = phone.page
    page.goto(f"{server.url}/signin")
    page.get_by_label(t("Mobile number")).fill(number)
    page.get_by_label(t("Password")).fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    if with_code:
        page.get_by_label(t("6-digit code")).fill(DELIVERED.last_code_to(number))
        page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("button", name=t("Sign out"))).to_be_visible()


def sign_in_resident(phone: Phone, server: LiveServer, t) -> None:
    _sign_in(phone, server, t, RESIDENT, with_code=False)


def sign_in_member(phone: Phone, server: LiveServer, t) -> None:
    _sign_in(phone, server, t, MEMBER, with_code=False)


def sign_in_staff(phone: Phone, server: LiveServer, t) -> None:
    _sign_in(phone, server, t, STAFF, with_code=True)


def _menu(phone: Phone, t, label: str) -> None:
    """A menu link: in the bar, or behind "More" (opened first)."""
    menu = phone.page.get_by_role("navigation", name=t("Main menu"))
    link = menu.get_by_role("link", name=t(label), exact=True)
    if not link.is_visible():
        phone.click(menu.get_by_text(t("More"), exact=True))
    phone.click(link)


# The journeys: (phone, server, t, attempt); attempt 0 is the first view, 1 the repeat


def book_a_worker(phone: Phone, server: LiveServer, t, attempt: int) -> None:
    """Home → Workers → filter plumbers near a village → a plumber → book for a morning."""
    name, village = _a_plumber(server)
    page = phone.page
    phone.go(f"{server.url}/ndn/")
    _menu(phone, t, "Workers")
    phone.click(page.get_by_text(t("Filters")))
    work = page.get_by_label(t("Work"), exact=True)
    phone.choose(work, work.locator("option", has_text="प्लंबर").first.inner_text())
    phone.choose(page.get_by_label(t("Near village or ward")), village)
    phone.click(page.get_by_role("button", name=t("Show workers")))
    phone.click(page.get_by_role("link", name=re.compile(re.escape(name))).first)
    phone.click(page.get_by_role("link", name=t("Book this worker")))
    day = today_in_india() + timedelta(days=2 + attempt)
    phone.fill(page.get_by_label(t("Date")), day.isoformat())
    phone.tick(page.get_by_label(t("Morning (8–12)")))
    phone.fill(page.get_by_label(t("House and landmark")), "मकान 12, मंदिर के पास")
    phone.fill(page.get_by_label(t("What work is needed?")), "रसोई का नल टपक रहा है")
    phone.click(page.get_by_role("button", name=t("Send booking request")))
    expect(page.get_by_text(t("Waiting for the worker"))).to_be_visible()


def buy_two_products(phone: Phone, server: LiveServer, t, attempt: int) -> None:
    """Home → two of each of two products of the "fresh today" strip into the cart, each from its
    card →
    the cart → checkout, cash on delivery → the order's page."""
    village = a_village(server, "hi")
    page = phone.page
    phone.go(f"{server.url}/ndn/")
    for position in (0, 1):
        card = page.locator("ol.fresh-strip > li").nth(position)
        phone.fill(card.get_by_label(t("How many")), "2")  # two of each: above the smallest order
        phone.click(card.get_by_role("button", name=t("Add to cart")))
        expect(page.get_by_text(t("Added to your cart."))).to_be_visible()
    phone.click(page.get_by_role("navigation").get_by_role(
        "link", name=re.compile(rf"^{re.escape(t('Cart'))} \(\d+\)$")))
    phone.click(page.get_by_role("link", name=t("Go to checkout")))
    choice = page.get_by_label(t("Village or ward"))
    if choice.locator("option:checked").inner_text().strip() != village:
        phone.choose(choice, village)
    house = page.get_by_label(t("House and landmark"))
    if not house.input_value():
        phone.fill(house, "मकान 7, पंचायत घर के पीछे")
    times = page.get_by_role("group", name=t("Delivery time"))
    phone.tick(times.locator("label").filter(has=page.get_by_role("radio", disabled=False))
               .first.get_by_role("radio"))
    phone.click(page.get_by_role("button", name=t("Place the order")))
    expect(page.get_by_role("link", name=t("Receipt to print"))).to_be_visible()


def add_a_product(phone: Phone, server: LiveServer, t, attempt: int) -> None:
    """Our products → Add a product → a 12 MP photo, name, kind, price, stock → Save; the
    upload is timed from the tap on Save to the product's page."""
    page = phone.page
    phone.go(f"{server.url}/ndn/")
    _menu(phone, t, "Our products")
    phone.click(page.get_by_role("link", name=t("Add a product")))
    phone.attach(page.get_by_label(t("Photos (up to 5)")), phone_photo())
    phone.fill(page.get_by_label(t("Name in Hindi")), NEW_PRODUCTS[attempt])
    kind = page.get_by_label(t("Kind of product"))
    phone.choose(kind, kind.locator("option", has_text="अचार").first.inner_text())
    phone.fill(page.get_by_label(t("Price in rupees")), "220")
    phone.fill(page.get_by_label(t("How many in stock")), "15")
    started = time.perf_counter()
    phone.click(page.get_by_role("button", name=t("Save product")))
    expect(page.get_by_text(t("Waiting for approval")).first).to_be_visible()
    phone.tally.extra[UPLOAD_SECONDS] = time.perf_counter() - started


def approve_the_product(phone: Phone, server: LiveServer, t, attempt: int) -> None:
    """Approvals → tick the member's new product → approve the ticked items."""
    page = phone.page
    phone.go(f"{server.url}/ndn/")
    _menu(phone, t, "Approvals")
    name = NEW_PRODUCTS[attempt]
    phone.tick(page.get_by_role("checkbox", name=t("Tick %(name)s") % {"name": name}))
    phone.click(page.get_by_role("button", name=t("Approve the ticked items")))
    expect(page.locator("p.flash").filter(
        has_text=t("%(num)d approved; each has been told.") % {"num": 1})).to_be_visible()


# What to pick


def _a_plumber(server: LiveServer) -> tuple[str, str]:
    """(name, Hindi name of the home village) of an available, listed demo plumber."""
    with server.app.app_context():
        worker = db.session.scalars(
            sa.select(WorkerProfile).join(WorkerCategory,
                                          WorkerProfile.main_category_id == WorkerCategory.id)
            .where(WorkerCategory.slug == "plumber",
                   WorkerProfile.status == WorkerStatus.APPROVED,
                   WorkerProfile.availability == Availability.AVAILABLE)
            .order_by(WorkerProfile.id)).first()
        found = worker.display_name, worker.home_village.name_hi
        db.session.remove()
    return found


def public_pages(server: LiveServer) -> list[tuple[str, str]]:
    """(name, path) of each kind of public page, with real ids from the demo."""
    with server.app.app_context():
        product_id = db.session.scalar(sa.select(sa.func.min(Product.id)).where(
            Product.status == ProductStatus.APPROVED))
        group_id = db.session.scalar(sa.select(Product.group_id).where(
            Product.id == product_id))
        worker_id = db.session.scalar(sa.select(sa.func.min(WorkerProfile.id)).where(
            WorkerProfile.status == WorkerStatus.APPROVED))
        db.session.remove()
    return [("start page", "/"), ("home", "/ndn/"), ("workers", "/ndn/workers"),
            ("a worker", f"/ndn/workers/{worker_id}"),
            ("products", "/ndn/products"), ("a product", f"/ndn/products/{product_id}"),
            ("a group's storefront", f"/ndn/shg/{group_id}"), ("cart", "/cart"),
            ("sign in", "/signin"), ("sign up", "/signup")]
