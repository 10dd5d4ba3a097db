"""Steps a buyer takes in the shop (fill a cart as a visitor, sign in, check out), shared by
the order and payment journeys, and the demo data they pick."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from marketplace.accounts.models import User
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.i18n import localized
from marketplace.demo import nadaun
from marketplace.extensions import db
from marketplace.orders.models import Order
from marketplace.places.models import SubDivision, Village
from marketplace.places.queries import get_default_sub_division
from marketplace.shg.models import SelfHelpGroup, SHGStatus

#: the demo's minimum order is ₹100; these picks add up to more
MIN_PRICE_PAISE = 6000


@dataclass(frozen=True)
class Pick:
    product: str
    group: str


def _sub_division(code: str | None) -> SubDivision:
    """The demo's sub-division of that code; without one, the default (Nadaun)."""
    if code is None:
        return get_default_sub_division()
    return db.session.scalars(sa.select(SubDivision).where(SubDivision.code == code)).one()


def two_products_of_two_groups(live_server, language: str, code: str | None = None
                               ) -> tuple[Pick, Pick]:
    """Two demo products that can be delivered, in stock, from two different groups, each
    the only one of its name in its group (so a person can tell it apart)."""
    with live_server.app.app_context():
        sub_division = _sub_division(code)
        products = db.session.scalars(
            sa.select(Product).join(SelfHelpGroup, Product.group_id == SelfHelpGroup.id)
            .where(Product.sub_division_id == sub_division.id,
                   Product.status == ProductStatus.APPROVED, Product.can_deliver,
                   Product.stock >= 5, Product.price_paise >= MIN_PRICE_PAISE,
                   SelfHelpGroup.status == SHGStatus.APPROVED)
            .order_by(Product.id)).all()
        names: dict[tuple[int, str], int] = {}
        for product in products:
            key = (product.group_id, localized(product, "name", language))
            names[key] = names.get(key, 0) + 1
        picks: dict[int, Pick] = {}
        for product in products:
            name = localized(product, "name", language)
            if names[(product.group_id, name)] == 1 and product.group_id not in picks:
                picks[product.group_id] = Pick(name, localized(product.group, "name", language))
        db.session.remove()
    first, second, *_ = picks.values()
    return first, second


def a_village(live_server, language: str, code: str | None = None) -> str:
    with live_server.app.app_context():
        village = db.session.scalars(sa.select(Village).where(
            Village.sub_division_id == _sub_division(code).id)
            .order_by(Village.id)).first()
        name = localized(village, "name", language)
        db.session.remove()
    return name


@dataclass(frozen=True)
class OrderFacts:
    groups: list[str]
    customer_phone: str | None
    payment_method: str
    total_paise: int
    is_paid: bool


def order_facts(live_server, number: str, language: str) -> OrderFacts:
    """What the database holds for an order now."""
    with live_server.app.app_context():
        order = db.session.scalar(sa.select(Order).where(Order.number == number))
        customer = db.session.get(User, order.customer_id) if order.customer_id else None
        facts = OrderFacts(groups=[localized(p.group, "name", language) for p in order.parts],
                           customer_phone=customer.phone if customer else None,
                           payment_method=order.payment_method.value,
                           total_paise=order.total_paise, is_paid=order.paid_at is not None)
        db.session.remove()
    return facts


def add_from_group(page: Page, t, pick: Pick, quantity: int) -> None:
    """Products → Filters → the group → open the product → how many → Add to cart."""
    page.get_by_role("navigation").get_by_role("link", name=t("Products"), exact=True).click()
    page.get_by_text(t("Filters")).click()
    group = page.get_by_label(t("Self-help group"))
    group.select_option(label=pick.group)
    page.get_by_role("button", name=t("Show products")).click()
    # a card reads "<name> ₹<price> / <unit> <group>"
    page.get_by_role("link", name=re.compile(rf"^{re.escape(pick.product)}\s+₹")).click()
    expect(page.get_by_role("heading", name=pick.product, exact=True)).to_be_visible()
    form = page.locator("form.add-to-cart")  # the product's own (cards below have theirs)
    form.get_by_label(t("How many")).fill(str(quantity))
    form.get_by_role("button", name=t("Add to cart")).click()
    expect(page.get_by_text(t("Added to your cart."))).to_be_visible()


def sign_in(page: Page, t, phone: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=t("Sign in")).click()
    page.get_by_label(t("Mobile number")).fill(phone)
    page.get_by_label(t("Password")).fill(nadaun.DEMO_PASSWORD)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(page.get_by_role("link", name=t("My orders"))).to_be_visible()


def open_cart(page: Page, t, count: int) -> None:
    page.get_by_role("navigation").get_by_role(
        "link", name=f"{t('Cart')} ({count})", exact=True).click()
    expect(page.get_by_role("heading", name=t("Your cart"))).to_be_visible()


HOUSE = "मकान 7, पंचायत घर के पीछे"


def fill_checkout(page: Page, t, village: str) -> str:
    """Village, house, the first open delivery time; returns that time as shown."""
    page.get_by_label(t("Village or ward")).select_option(label=village)
    page.get_by_label(t("House and landmark")).fill(HOUSE)
    times = page.get_by_role("group", name=t("Delivery time"))
    first_open = times.locator("label").filter(
        has=page.get_by_role("radio", disabled=False)).first
    first_open.get_by_role("radio").check()
    return first_open.inner_text().strip()


def order_number_on(page: Page, t) -> str:
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(
        re.escape(t("Order %(number)s")).replace(re.escape("%(number)s"), r"[A-Z]+-\d{4}-\d+")))
    return re.search(r"[A-Z]+-\d{4}-\d+", heading.inner_text()).group(0)
