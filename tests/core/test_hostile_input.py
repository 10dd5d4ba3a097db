"""Hostile values submitted to the forms people type into: refused with the rule's message and
nothing written; ZWJ and Devanagari digits accepted. (The fuzz tests try random input; this
matrix names the cases the input rules promise.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.bookings.models import Booking
from marketplace.cart.models import CartItem
from marketplace.catalogue.models import Product, ProductCategory
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.notify.models import OutboxMessage
from marketplace.orders.models import Order
from marketplace.shg.models import SelfHelpGroup
from marketplace.workers.models import WorkerCategory, WorkerProfile
from marketplace.workers.services import seed_categories
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_slot,
    make_user,
    make_worker,
    next_phone,
    sign_in,
    submit,
)

AADHAAR_LIKE = "2341 2341 2346"  # passes Verhoeff; a test value, nobody's number
AADHAAR_DEVANAGARI = "२३४१-२३४१-२३४६"
KSHA = "क्\u200dष"

NUL, CONTROL, AADHAAR, DIGITS = ("null character", "hidden control character",
                                 "looks like an Aadhaar number", "0-9 or ०-९")

TEXT_REFUSED = [("nul", "Asha\x00Devi", NUL), ("bidi", "Asha\u202eDevi", CONTROL),
                ("isolate", "Asha\u2066Devi\u2069", CONTROL),
                ("aadhaar", f"Asha {AADHAAR_LIKE}", AADHAAR),
                ("aadhaar-devanagari", f"आशा {AADHAAR_DEVANAGARI}", AADHAAR)]


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@dataclass
class Target:
    url: str
    data: dict
    written: Callable[[], object]
    text_fields: tuple[str, ...] = ()
    #: field → (a value in Devanagari digits that is accepted, one in Arabic-Indic digits)
    number_fields: dict | None = None
    page: str | None = None


def product_new(client, nadaun):
    seed_product_categories()
    _, leader = make_group(nadaun)
    sign_in(client, leader)
    pickles = db.session.scalar(sa.select(ProductCategory.id).where(
        ProductCategory.slug == "pickles-preserves"))
    return Target("/products/new",
                  {"name_hi": "अचार", "name_en": "Pickle", "category": pickles, "unit": "jar",
                   "price": "180", "stock": "12", "description": "Made at home"},
                  lambda: count(Product), ("name_hi", "name_en", "description", "season"),
                  {"price": ("१८०", "١٨٠"), "stock": ("१२", "١٢")})


def account(client, nadaun):
    user = make_user(name="Kept Name", language="en")
    sign_in(client, user)

    def written():
        db.session.refresh(user)
        return user.name
    return Target("/account", {"name": "New Name", "language": "en"}, written, ("name",))


def sign_up(client, nadaun):
    phone = next_phone()
    return Target("/signup", {"name": "Sunita Devi", "phone": phone[3:],
                              "password": "a long pass phrase", "confirm": "a long pass phrase",
                              "language": "en"},
                  lambda: (count(User), count(OutboxMessage)), ("name",),
                  {"phone": (phone[3:].translate(str.maketrans("0123456789", "०१२३४५६७८९")),
                             phone[3:].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))})


def checkout(client, nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=5)
    slot = make_slot(nadaun)
    sign_in(client, make_user(language="en"))
    submit(client, f"/cart/add/{product.id}", {"quantity": "1"}, page=f"/ndn/products/{product.id}")
    html = client.get("/checkout").get_data(as_text=True)
    fields = dict(re.findall(
        r'name="(checkout_key|quoted_total)"[^>]*value="([^"]*)"', html))
    choice = re.search(r'name="slot" value="([^"]+)"', html).group(1)
    assert slot
    return Target("/checkout",
                  {**fields, "slot": choice, "village": str(first_village(nadaun).id),
                   "address": "House 12, near the temple", "phone": "98160 11111", "note": "",
                   "payment": "cash"},
                  lambda: count(Order), ("address", "note"),
                  {"phone": ("९८१६० १११११", "٩٨١٦٠ ١١١١١")})


def booking(client, nadaun):
    worker = make_worker(nadaun)
    sign_in(client, make_user(language="en"))
    return Target(f"/bookings/new/{worker.id}",
                  {"work_date": (today_in_india() + timedelta(days=2)).isoformat(),
                   "slot": "morning", "village": first_village(nadaun).id,
                   "address": "House 12", "description": "Kitchen tap is leaking"},
                  lambda: count(Booking), ("address", "description"))


def worker_register(client, nadaun):
    seed_categories()
    sign_in(client, make_user(language="en"))
    plumber = db.session.scalar(
        sa.select(WorkerCategory.id).where(WorkerCategory.slug == "plumber"))
    return Target("/workers/register",
                  {"display_name": "Sohan Lal", "main_category": plumber, "skills": "Pipes",
                   "experience_years": "7", "languages": ["hi"], "rate": "600",
                   "rate_unit": "day", "home_village": first_village(nadaun).id,
                   "availability": "available", "eshram_uan": ""},
                  lambda: count(WorkerProfile), ("display_name", "skills"),
                  {"experience_years": ("७", "٧"), "rate": ("६००", "٦٠٠")})


def shg_apply(client, nadaun):
    sign_in(client, make_user(language="en"))
    return Target("/shg/apply",
                  {"name_hi": "जय माँ समूह", "name_en": "Jai Maa SHG",
                   "village": first_village(nadaun).id, "story": "Pickles",
                   "bank_account_name": "Jai Maa SHG"},
                  lambda: count(SelfHelpGroup), ("name_hi", "name_en", "story",
                                                 "bank_account_name"))


def cart_add(client, nadaun):
    group, _ = make_group(nadaun)
    product = make_product(group, stock=50)
    sign_in(client, make_user(language="en"))
    return Target(f"/cart/add/{product.id}", {"quantity": "1"}, lambda: count(CartItem),
                  number_fields={"quantity": ("९", "٩")}, page=f"/ndn/products/{product.id}")


TARGETS = [product_new, account, sign_up, checkout, booking, worker_register, shg_apply,
           cart_add]


@pytest.fixture
def english(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _refused(response, words, before, target):
    html = response.get_data(as_text=True)
    assert 400 <= response.status_code < 500, html[-2000:]
    assert words in html, html[-2000:]
    assert target.written() == before


@pytest.mark.parametrize("make", TARGETS, ids=lambda make: make.__name__)
@pytest.mark.parametrize(("case", "value", "words"), TEXT_REFUSED,
                         ids=[case for case, *_ in TEXT_REFUSED])
def test_hostile_text_is_refused_in_every_text_field(english, nadaun, make, case, value, words):
    target = make(english, nadaun)
    before = target.written()
    for field in target.text_fields:
        response = submit(english, target.url, {**target.data, field: value}, page=target.page)
        _refused(response, words, before, target)


@pytest.mark.parametrize("make", [t for t in TARGETS if t not in (cart_add,)],
                         ids=lambda make: make.__name__)
def test_a_zwj_in_a_name_is_kept(english, nadaun, make):
    target = make(english, nadaun)
    before = target.written()
    field = target.text_fields[0]
    response = submit(english, target.url, {**target.data, field: f"{KSHA}मा"}, page=target.page)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-2000:]
    assert target.written() != before


NUMBER_TARGETS = [t for t in TARGETS if t in (product_new, sign_up, checkout, worker_register,
                                               cart_add)]


@pytest.mark.parametrize("make", NUMBER_TARGETS, ids=lambda make: make.__name__)
def test_arabic_indic_digits_are_refused_in_every_number_field(english, nadaun, make):
    target = make(english, nadaun)
    before = target.written()
    for field, (_, arabic) in target.number_fields.items():
        response = submit(english, target.url, {**target.data, field: arabic}, page=target.page)
        _refused(response, DIGITS, before, target)


@pytest.mark.parametrize("make", NUMBER_TARGETS, ids=lambda make: make.__name__)
def test_devanagari_digits_are_accepted_in_every_number_field(english, nadaun, make):
    target = make(english, nadaun)
    before = target.written()
    devanagari = {field: value for field, (value, _) in target.number_fields.items()}
    response = submit(english, target.url, {**target.data, **devanagari}, page=target.page)
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-2000:]
    assert target.written() != before
