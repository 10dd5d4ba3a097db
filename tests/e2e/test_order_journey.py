"""A resident on a phone, in Hindi, fills a cart from two self-help groups before signing in,
keeps it through sign-in, checks out for cash on delivery and sees one order in two parts."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from marketplace.demo import nadaun
from tests.e2e.shopping import (
    a_village,
    add_from_group,
    fill_checkout,
    open_cart,
    order_facts,
    order_number_on,
    sign_in,
    two_products_of_two_groups,
)

SUNITA = next(phone for role, phone, name, _ in nadaun.USERS if name == "सुनीता देवी")


def test_a_visitor_fills_a_cart_from_two_groups_signs_in_and_orders_for_cash_in_hindi(
        live_server, phone_context, shot, words):
    t = words("hi")
    first, second = two_products_of_two_groups(live_server, "hi")
    village = a_village(live_server, "hi")

    page = phone_context("hi")
    page.goto(f"{live_server.url}/ndn/")
    add_from_group(page, t, first, quantity=2)
    shot(page, "1-added-first")
    add_from_group(page, t, second, quantity=1)
    expect(page.get_by_role("navigation").get_by_role(
        "link", name=f"{t('Cart')} (2)", exact=True)).to_be_visible()

    sign_in(page, t, SUNITA)
    open_cart(page, t, 2)
    for pick in (first, second):
        expect(page.get_by_role("link", name=pick.product, exact=True)).to_be_visible()
        expect(page.get_by_text(pick.group, exact=True)).to_be_visible()
    shot(page, "2-cart-after-sign-in")

    page.get_by_role("link", name=t("Go to checkout")).click()
    expect(page.get_by_role("heading", name=t("Checkout"), exact=True)).to_be_visible()
    delivery_time = fill_checkout(page, t, village)
    expect(page.get_by_label(t("Cash on delivery"))).to_be_checked()
    shot(page, "3-checkout")
    page.get_by_role("button", name=t("Place the order")).click()

    number = order_number_on(page, t)
    for pick in (first, second):
        part = page.get_by_role("heading", level=3, name=re.compile(f"^{re.escape(pick.group)}"))
        expect(part).to_be_visible()
        expect(page.get_by_role("cell", name=pick.product, exact=True)).to_be_visible()
    expect(page.get_by_text(delivery_time)).to_be_visible()
    expect(page.get_by_role("link", name=t("Receipt to print"))).to_be_visible()
    shot(page, "4-order")

    facts = order_facts(live_server, number, "hi")
    assert sorted(facts.groups) == sorted([first.group, second.group])
    assert (facts.customer_phone, facts.payment_method, facts.is_paid) == (SUNITA, "cash", False)
