"""A resident on a phone fills a cart from two self-help groups, pays online on (a stand-in for)
Stripe's hosted page and comes back to an order marked paid, charged exactly its total."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from marketplace.core.money import format_rupees
from marketplace.demo import nadaun
from tests.e2e.fake_checkout import WEBHOOK_SECRET, FakeCheckout
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

PRIYA = next(phone for role, phone, name, _ in nadaun.USERS if name == "Priya Rana")


@pytest.fixture
def stripe_checkout(live_server, monkeypatch):
    """Online payment switched on for this test only; the shared server's config is put back
    as it was afterwards (monkeypatch removes keys that were not there)."""
    fake = FakeCheckout(webhook_url=f"{live_server.url}/payments/stripe/webhook")
    config = live_server.app.config
    monkeypatch.setitem(config, "STRIPE_SECRET_KEY", "sk_test_e2e")
    monkeypatch.setitem(config, "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setitem(config, "STRIPE_API_BASE", fake.url)
    # the hosted page is on loopback here, not at checkout.stripe.com
    monkeypatch.setitem(config, "FORM_ACTION_ORIGINS", (fake.url,))
    yield fake
    fake.close()


def test_a_resident_pays_an_order_from_two_groups_online_and_sees_it_paid(
        live_server, phone_context, shot, words, stripe_checkout):
    t = words("en")
    first, second = two_products_of_two_groups(live_server, "en")
    village = a_village(live_server, "en")

    page = phone_context("en")
    page.goto(f"{live_server.url}/ndn/")
    add_from_group(page, t, first, quantity=2)
    add_from_group(page, t, second, quantity=1)
    sign_in(page, t, PRIYA)
    open_cart(page, t, 2)
    page.get_by_role("link", name=t("Go to checkout")).click()

    fill_checkout(page, t, village)
    shown_total = page.get_by_text(t("Total"), exact=True).locator(
        "xpath=following-sibling::dd[1]").inner_text().strip()
    page.get_by_label(t("Pay online now (UPI, card) with Stripe")).check()
    shot(page, "1-checkout-online")
    page.get_by_role("button", name=t("Place the order")).click()

    expect(page).to_have_url(f"{stripe_checkout.url}/pay/cs_test_1")
    (session,) = stripe_checkout.sessions.values()
    expect(page.get_by_role("heading", name=session["description"])).to_be_visible()
    shot(page, "2-stripe-page")
    page.get_by_role("button", name="Pay", exact=True).click()

    number = order_number_on(page, t)
    assert page.url.endswith(f"/orders/{number}?paid=1")
    expect(page.get_by_text(t("Payment received. Thank you!"))).to_be_visible()
    expect(page.get_by_text(f"{t('Online')} · {t('paid')}")).to_be_visible()
    shot(page, "3-paid")

    assert stripe_checkout.webhook_answers == [(200, {"outcome": "paid"})]
    facts = order_facts(live_server, number, "en")
    assert (facts.customer_phone, facts.payment_method, facts.is_paid) == (PRIYA, "online", True)
    assert sorted(facts.groups) == sorted([first.group, second.group])
    assert (session["amount_total"], session["currency"]) == (facts.total_paise, "inr")
    assert format_rupees(session["amount_total"]) == shown_total
    assert number in session["description"]
