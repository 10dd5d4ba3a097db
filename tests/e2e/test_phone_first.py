"""Phone-first fixes, each as a person meets it on a 360 px phone in Hindi."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from marketplace.accounts.models import User
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.i18n import localized
from marketplace.core.money import format_rupees
from marketplace.delivery.services import terms_of
from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.places.queries import get_default_sub_division
from marketplace.shg.models import SelfHelpGroup, SHGStatus
from marketplace.workers.models import WorkerProfile
from tests.e2e.panel_steps import say, sign_in
from tests.e2e.shopping import (
    HOUSE,
    Pick,
    a_village,
    add_from_group,
    fill_checkout,
    open_cart,
    order_number_on,
    two_products_of_two_groups,
)

STAFF = next(phone for role, phone, *_ in nadaun.USERS if role == "staff")


def a_cheap_product(live_server) -> tuple[Pick, int, int]:
    """A demo product cheaper than the smallest order: (pick, its price, the minimum)."""
    with live_server.app.app_context():
        sub_division = get_default_sub_division()
        minimum = terms_of(sub_division.id).minimum_order_paise
        product = db.session.scalars(
            sa.select(Product).join(SelfHelpGroup, Product.group_id == SelfHelpGroup.id)
            .where(Product.sub_division_id == sub_division.id,
                   Product.status == ProductStatus.APPROVED, Product.stock >= 1,
                   Product.price_paise < minimum, SelfHelpGroup.status == SHGStatus.APPROVED)
            .order_by(Product.price_paise, Product.id)).first()
        assert product is not None, "the demo needs a product below its smallest order"
        pick = Pick(localized(product, "name", "hi"), localized(product.group, "name", "hi"))
        price = product.price_paise
        db.session.remove()
    return pick, price, minimum


def test_the_cart_says_how_much_more_the_smallest_order_needs(live_server, phone_context,
                                                             shot, words):
    t = words("hi")
    pick, price, minimum = a_cheap_product(live_server)
    page = phone_context("hi")
    page.goto(f"{live_server.url}/ndn/")
    add_from_group(page, t, pick, quantity=1)
    open_cart(page, t, 1)
    expect(page.get_by_role("alert")).to_have_text(say(
        t, "The smallest order is %(amount)s: add %(more)s more to order.",
        amount=format_rupees(minimum), more=format_rupees(minimum - price)))
    expect(page.get_by_role("link", name=t("Go to checkout"))).to_have_count(0)
    shot(page, "cart-below-minimum")
    page.get_by_role("link", name=t("Add more products")).click()
    expect(page).to_have_url(re.compile(r"/ndn/products"))


def test_staff_read_the_audit_log_in_hindi_words_and_dates(live_server, phone_context, shot,
                                                          words):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, STAFF, with_code=True)
    page.goto(f"{live_server.url}/panel/approvals/audit")
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    table = page.locator("tbody").inner_text()
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", table), table  # no event codes
    assert not re.search(r"\b(am|pm|AM|PM)\b", table), table  # 24-hour times
    for when in page.locator("tbody tr td:first-child").all_inner_texts():
        assert re.fullmatch(r"\d{1,2} \S+, \d\d:\d\d", when.strip()), when
    shot(page, "audit-log")


SHG_LEADER = "+919459000001"  # the demo's first group's leader (marketplace/demo/groups.py)


def test_an_shg_member_lands_on_her_orders_with_a_compact_menu(live_server, phone_context,
                                                               shot, words):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, SHG_LEADER, with_code=False)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Orders to pack"))
    # her lists of orders are cards, not numbered; "nothing to pack" is not item "1."
    lists = page.locator("main ol.plain")
    expect(lists.first).to_contain_text(t("Nothing to pack right now."))
    assert set(lists.evaluate_all("all => all.map(e => getComputedStyle(e).listStyleType)")) \
        == {"none"}
    menu = page.get_by_role("navigation", name=t("Main menu"))
    for first in ("Orders to pack", "Our products"):
        expect(menu.get_by_role("link", name=t(first), exact=True)).to_be_visible()
    statement = menu.get_by_role("link", name=t("Our statement"), exact=True)
    expect(statement).to_be_hidden()
    # the bar takes at most three rows of the 360 px screen (it took four and a half)
    assert menu.bounding_box()["height"] <= 3 * 42, menu.bounding_box()
    shot(page, "shg-menu")
    menu.get_by_text(t("More"), exact=True).click()
    expect(statement).to_be_visible()
    shot(page, "shg-menu-more")
    statement.click()
    expect(page).to_have_url(re.compile(r"/statement"))


PRIYA = next(phone for role, phone, _name, language in nadaun.USERS
             if role == "resident" and language == "en")


def test_a_resident_whose_account_says_english_is_offered_it_on_a_hindi_phone(
        live_server, phone_context, shot, words):
    t = words("hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, PRIYA, with_code=False)
    # the phone's Hindi stays; the account's English is one tap away, not imposed
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    offer = page.locator("form.language-offer")
    expect(offer).to_contain_text(say(t, "Your account is set to %(language)s.",
                                      language="English"))
    shot(page, "language-offered")
    offer.get_by_role("button", name="English", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("form.language-offer")).to_have_count(0)
    page.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Products", exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # and it stays


def test_the_first_photo_comes_at_once_and_pages_come_compressed(live_server, phone_context,
                                                                 shot, words):
    t = words("hi")
    page = phone_context("hi")
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{live_server.url}/ndn/products")
    expect(page.get_by_label(t("Search products"))).to_be_visible()
    photos = page.locator("img.product-photo")
    expect(photos.first).to_have_attribute("loading", "eager")
    expect(photos.nth(1)).to_have_attribute("loading", "lazy")
    page.wait_for_load_state("networkidle")
    # the first card's photo is on screen and drawn when the page has loaded
    assert photos.first.evaluate("img => img.complete && img.naturalWidth > 0")
    shot(page, "first-photo")
    html = next(r for r in responses if r.url.endswith("/ndn/products"))
    assert html.all_headers().get("content-encoding") in {"br", "gzip"}
    styles = [r for r in responses if r.request.resource_type == "stylesheet"]
    assert styles
    for sheet in styles:
        assert re.search(r"\.[0-9a-f]{12}\.css$", sheet.url), sheet.url  # a content-hashed name
        headers = sheet.all_headers()
        assert "immutable" in headers["cache-control"] and "max-age=31536000" in \
            headers["cache-control"]
        assert headers.get("content-encoding") in {"br", "gzip"}


RAJESH = "+919816000012"  # a demo resident (marketplace/demo/nadaun.py)


def forget_where_they_live(live_server, phone: str) -> None:
    """The test starts from a resident the site knows no address of."""
    with live_server.app.app_context():
        db.session.execute(sa.update(User).where(User.phone == phone)
                           .values(last_village_id=None, last_address=None))
        db.session.commit()
        db.session.remove()


def test_checkout_asks_for_the_village_first_then_offers_the_last_address(
        live_server, phone_context, shot, words):
    t = words("hi")
    forget_where_they_live(live_server, RAJESH)
    first, second = two_products_of_two_groups(live_server, "hi")
    village = a_village(live_server, "hi")
    page = phone_context("hi")
    sign_in(page, live_server, t, RAJESH, with_code=False)
    add_from_group(page, t, first, quantity=2)
    open_cart(page, t, 1)
    page.get_by_role("link", name=t("Go to checkout")).click()
    # no village is guessed for him: the menu asks
    choice = page.get_by_label(t("Village or ward"))
    expect(choice.locator("option:checked")).to_have_text(t("Choose the village or ward"))
    shot(page, "village-to-choose")
    fill_checkout(page, t, village)
    page.get_by_role("button", name=t("Place the order")).click()
    order_number_on(page, t)

    add_from_group(page, t, second, quantity=2)
    open_cart(page, t, 1)
    page.get_by_role("link", name=t("Go to checkout")).click()
    expect(choice.locator("option:checked")).to_have_text(village)
    expect(page.get_by_label(t("House and landmark"))).to_have_value(HOUSE)
    shot(page, "last-address-offered")


def a_worker_phone(live_server) -> str:
    with live_server.app.app_context():
        phone = db.session.scalar(sa.select(User.phone).join(
            WorkerProfile, WorkerProfile.user_id == User.id).order_by(WorkerProfile.id))
        db.session.remove()
    return phone


@pytest.mark.parametrize(("who", "heading", "first_links"), [
    ("worker", "My work", ("My work", "My bookings")),
    ("operator", "Register a worker", ("Register a worker", "Import a list of workers")),
    ("courier", "Deliveries", ("My deliveries",)),
])
def test_each_role_lands_on_its_own_home_with_its_own_menu(live_server, phone_context, shot,
                                                           words, who, heading, first_links):
    t = words("hi")
    phone = {"worker": a_worker_phone(live_server),
             "operator": next(p for role, p, *_ in nadaun.USERS if role == "operator"),
             "courier": next(p for role, p, *_ in nadaun.USERS if role == "delivery")}[who]
    page = phone_context("hi")
    sign_in(page, live_server, t, phone, with_code=False)
    expect(page.get_by_role("heading", level=1)).to_have_text(t(heading))
    menu = page.get_by_role("navigation", name=t("Main menu"))
    for label in first_links:
        expect(menu.get_by_role("link", name=t(label), exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name=t("My account"), exact=True)).to_be_hidden()
    shot(page, f"{who}-home")
