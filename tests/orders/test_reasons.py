"""Why an order was cancelled or not delivered reads in the reader's language: a standard reason
is kept as a code and put in words on each page and in the buyer's message; what a person
typed is shown as typed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders.labels import reason_text
from marketplace.orders.models import Order, OrderStatus
from tests.helpers import (
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
    sign_in,
    submit,
)

S = OrderStatus


@pytest.fixture
def shop(app):
    nadaun = make_sub_division()
    group, _leader = make_group(nadaun)
    return SimpleNamespace(pickle=make_product(group, stock=20), slot=make_slot(nadaun),
                           staff=make_user(Role.STAFF, sub_division=nadaun))


def reading(client, language: str):
    """The client's pages are in `language` from now on (the language switch's choice)."""
    with client.session_transaction() as session:
        session["lang"] = language
    return client


def signed_in(app, user, language: str):
    client = app.test_client()
    sign_in(client, user)
    return reading(client, language)


def buyers_order(shop, buyer) -> Order:
    """A cash order; the buyer chose Hindi at checkout (the helper's default)."""
    order = place_order(buyer, {shop.pickle: 1}, slot=shop.slot)
    assert order.language == "hi"
    return order


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_buyer_reading_hindi_cancels_and_the_staffs_english_page_says_why_in_english(
        app, shop):
    buyer = make_user(language="hi")
    order = buyers_order(shop, buyer)
    buyer_client = signed_in(app, buyer, "hi")
    mine = f"/orders/{order.number}"
    assert submit(buyer_client, f"{mine}/cancel", {"reason": ""}).status_code == 303

    assert db.session.get(Order, order.id).status_reason == "buyer_cancelled"
    staff_page = page(signed_in(app, shop.staff, "en"), f"/panel/orders/{order.id}")
    assert "cancelled by the buyer" in staff_page and "ख़रीदार ने रद्द किया" not in staff_page
    hindi = page(buyer_client, mine)
    assert "ख़रीदार ने रद्द किया" in hindi and "cancelled by the buyer" not in hindi
    assert "cancelled by the buyer" in page(reading(buyer_client, "en"), mine)
    assert "buyer_cancelled" not in hindi + staff_page  # the code is never shown

    told = messages_to(order.phone)[-1]
    assert (told.kind, told.language) == ("order_cancelled", "hi")
    assert "ख़रीदार ने रद्द किया" in told.body


def test_staff_reading_english_cancel_with_words_of_their_own_shown_as_typed(app, shop):
    buyer = make_user(language="hi")
    order = buyers_order(shop, buyer)
    staff_client = signed_in(app, shop.staff, "en")
    url = f"/panel/orders/{order.id}"
    response = submit(staff_client, f"{url}/cancel", {"cancel_reason": "Road closed by rain"},
                      page=url)
    assert response.status_code == 302

    for language in ("hi", "en"):
        assert "Road closed by rain" in page(signed_in(app, buyer, language),
                                             f"/orders/{order.number}")
    assert "Road closed by rain" in messages_to(order.phone)[-1].body


def test_the_failure_staff_write_on_the_orders_page_reaches_the_buyer_as_written(app, shop):
    buyer = make_user(language="hi")
    order = buyers_order(shop, buyer)
    db.session.execute(sa.update(Order).where(Order.id == order.id)
                       .values(status=S.OUT_FOR_DELIVERY))
    url = f"/panel/orders/{order.id}"
    response = submit(signed_in(app, shop.staff, "en"), f"{url}/failed",
                      {"failure_reason": "Bridge washed away"}, page=url)
    assert response.status_code == 303
    told = messages_to(order.phone)[-1]
    assert told.kind == "order_delivery_failed" and "Bridge washed away" in told.body
    assert "Bridge washed away" in page(signed_in(app, buyer, "hi"), f"/orders/{order.number}")


@pytest.mark.parametrize(("stored", "language", "shown"), [
    ("buyer_cancelled", "hi", "ख़रीदार ने रद्द किया"),
    ("buyer_cancelled", "en", "cancelled by the buyer"),
    ("payment_not_completed", "hi", "ऑनलाइन भुगतान पूरा नहीं हुआ"),
    ("nobody_home", "en", "Nobody at home"),
    ("refused", "hi", "ख़रीदार ने लेने से मना किया"),
    ("new_delivery_time:06.12.2026 09:00", "en", "New delivery time: 06.12.2026 09:00"),
    ("new_delivery_time:06.12.2026 09:00", "hi", "नया डिलीवरी का समय: 06.12.2026 09:00"),
    # typed by a person, or kept before reasons were codes: as written
    ("Gate locked", "hi", "Gate locked"),
    ("other", "en", "other"),
    ("new_delivery_time:", "en", "new_delivery_time:"),
    ("ख़रीदार ने फ़ोन किया", "en", "ख़रीदार ने फ़ोन किया"),
    (None, "en", ""),
])
def test_a_stored_reason_reads_in_the_readers_words(app, stored, language, shown):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert reason_text(stored) == shown
