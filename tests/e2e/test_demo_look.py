"""The demo as a district officer first meets it, on a 360 px phone in Hindi: products and a
group's shop with photos of the produce and Hindi names, and the office's run for today."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.db import today_in_india
from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun
from marketplace.shg.models import SelfHelpGroup
from tests.e2e.panel_steps import SlotChoice, choose_day_and_slot, open_menu, run_row, sign_in

STAFF = next(phone for role, phone, *_ in nadaun.USERS if role == "staff")
COURIER_PHONE, COURIER_NAME = next((phone, name) for role, phone, name, _ in nadaun.USERS
                                   if role == "delivery")
DEVANAGARI = re.compile("[\u0900-\u097f]")


def show_every_photo(page: Page) -> None:
    """Fetch the lazy photos too (a full-page screenshot does not scroll), then wait for all."""
    page.locator("img[loading=lazy]").evaluate_all(
        "images => images.forEach(image => { image.loading = 'eager'; })")
    loaded = "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"
    for _ in range(100):  # (wait_for_function evaluates a string, which the CSP forbids)
        if page.evaluate(loaded):
            return
        page.wait_for_timeout(100)
    raise AssertionError("some photos did not load")


def photo_colours(page: Page, selector: str) -> list[int]:
    """How many distinct colours each photo shows (a word on a flat colour has a few dozen)."""
    return page.locator(selector).evaluate_all("""images => images.map(image => {
        const canvas = document.createElement('canvas');
        canvas.width = 64; canvas.height = 64;
        const context = canvas.getContext('2d');
        context.drawImage(image, 0, 0, 64, 64);
        const data = context.getImageData(0, 0, 64, 64).data, seen = new Set();
        for (let i = 0; i < data.length; i += 4) {
            seen.add(data[i] << 16 | data[i + 1] << 8 | data[i + 2]);
        }
        return seen.size;
    })""")


def test_products_and_a_shop_show_the_produce_with_hindi_names(live_server, phone_context,
                                                               shot):
    with live_server.app.app_context():
        group = db.session.scalars(sa.select(SelfHelpGroup).order_by(SelfHelpGroup.id)).first()
        group_id, group_name = group.id, group.name_hi
        in_shop = set(db.session.scalars(sa.select(Product.name_hi).where(
            Product.group_id == group.id, Product.status == ProductStatus.APPROVED)))
        db.session.remove()
    page = phone_context("hi")

    page.goto(f"{live_server.url}/ndn/products")
    cards = page.locator(".product-card")
    expect(cards.first).to_be_visible()
    show_every_photo(page)
    names = cards.locator(".product-name").all_inner_texts()
    groups = cards.locator(".meta").all_inner_texts()
    assert names and all(DEVANAGARI.search(name) for name in names), names
    assert all(DEVANAGARI.search(name) for name in groups), groups
    assert min(photo_colours(page, ".product-card img.product-photo")) > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "products")

    page.goto(f"{live_server.url}/ndn/shg/{group_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(group_name)
    show_every_photo(page)
    shown = set(page.locator(".product-card .product-name").all_inner_texts())
    assert shown and shown <= in_shop
    assert min(photo_colours(page, ".product-card img.product-photo")) > 300
    shot(page, "storefront")


def test_the_office_and_the_courier_have_a_run_to_make_today(live_server, phone_context, shot,
                                                             words):
    """The browser tests' clock starts at 10:00 in India: the evening delivery time is still
    to come, and the demo has its run ready."""
    t = words("hi")
    with live_server.app.app_context():
        run = db.session.scalars(sa.select(DeliveryRun).where(
            DeliveryRun.delivery_date == today_in_india()).order_by(DeliveryRun.id)).first()
        assert run is not None, "the demo has no run for today"
        choice = SlotChoice(run.delivery_date, run.slot_id,
                            f"{run.slot.starts_at:%H:%M}–{run.slot.ends_at:%H:%M}")
        run_id, area = run.id, run.area_hi
        db.session.remove()

    office = phone_context("hi")
    sign_in(office, live_server, t, STAFF, with_code=True)
    open_menu(office, t, "Delivery runs")
    choose_day_and_slot(office, t, choice)
    row = run_row(office, run_id)
    expect(row).to_contain_text(area)
    expect(row).to_contain_text(COURIER_NAME)
    shot(office, "todays-run-in-the-panel")

    courier = phone_context("hi")
    sign_in(courier, live_server, t, COURIER_PHONE, with_code=False)
    open_menu(courier, t, "My deliveries")
    expect(courier.locator(f"a.run-link[href$='/runs/{run_id}']")).to_contain_text(area)
    shot(courier, "todays-run-for-the-courier")
