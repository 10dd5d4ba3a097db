"""Staff move orders through their life from the panel, for their own sub-division only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus, PartStatus
from marketplace.payments import stripe_gateway
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.helpers import (
    clock_on,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    messages_to,
    place_order,
    sign_in,
    submit,
    tomorrow,
)

S = OrderStatus


@pytest.fixture
def shop(nadaun):
    """Two groups' products in Nadaun, one slot, and a signed-in-able staff member."""
    pickle_group, _ = make_group(nadaun, name="Jai Maa SHG")
    honey_group, _ = make_group(nadaun, name="Madhu SHG")
    return {
        "pickle": make_product(pickle_group, price_paise=18000, stock=10),
        "honey": make_product(honey_group, name_en="Honey", name_hi="शहद", price_paise=40000,
                              stock=5),
        "slot": make_slot(nadaun),
        "staff": make_user(Role.STAFF, sub_division=nadaun, name="Sunita Staff"),
    }


def _order(shop, *, method=None, **wanted) -> Order:
    products = {shop[name]: quantity for name, quantity in (wanted or {"pickle": 1}).items()}
    return place_order(make_user(name="Asha Buyer"), products, slot=shop["slot"],
                       method=method)


def _paid_online(shop) -> Order:
    order = _order(shop, method=PaymentMethod.ONLINE)
    db.session.add(Payment(order_id=order.id, method=PaymentMethod.ONLINE,
                           amount_paise=order.total_paise, status=PaymentStatus.PAID,
                           provider="stripe", provider_ref=f"cs_test_{order.id}",
                           provider_payment_ref=f"pi_test_{order.id}", paid_at=utcnow()))
    order.paid_at = utcnow()
    db.session.flush()
    return order


def _status(order_id: int) -> OrderStatus:
    return db.session.scalar(sa.select(Order.status).where(Order.id == order_id))


def _post(client, order: Order, action: str, data: dict | None = None):
    return submit(client, f"/panel/orders/{order.id}/{action}", data,
                  page=f"/panel/orders/{order.id}")


def test_an_order_whose_delivery_day_has_passed_is_not_confirmed_and_staff_are_told_why(
        app, shop):
    order = _order(shop)
    clock_on(order.delivery_date + timedelta(days=1))
    page = f"/panel/orders/{order.id}"
    for language, words in (("en", "This order&#39;s delivery day has passed"),
                            ("hi", "इस ऑर्डर की डिलीवरी का दिन बीत चुका है")):
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        sign_in(client, shop["staff"])
        refused = submit(client, f"{page}/confirm", page=page)
        assert refused.status_code == 409 and words in refused.get_data(as_text=True)
    assert _status(order.id) is S.PLACED
    assert [m.kind for m in messages_to(order.phone)] == ["order_placed"]


def test_staff_confirm_pack_each_part_dispatch_and_deliver_a_cash_order(client, shop):
    order = _order(shop, pickle=2, honey=1)
    sign_in(client, shop["staff"])

    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "Asha Buyer" in page and "House 12, near the temple" in page
    assert "Jai Maa SHG" in page and "Madhu SHG" in page and "Cash on delivery" in page
    assert f"/panel/orders/{order.id}/confirm" in page
    assert f"/panel/orders/{order.id}/dispatch" not in page

    response = _post(client, order, "confirm")
    assert response.status_code == 303 and response.location.endswith(f"/panel/orders/{order.id}")
    assert _status(order.id) is S.CONFIRMED
    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "Order confirmed" in page

    first, second = (part.id for part in db.session.get(Order, order.id).parts)
    assert _post(client, order, f"parts/{first}/packed").status_code == 303
    assert _status(order.id) is S.CONFIRMED
    assert _post(client, order, f"parts/{second}/packed").status_code == 303
    assert _status(order.id) is S.PACKED
    parts = db.session.get(Order, order.id).parts
    assert {part.status for part in parts} == {PartStatus.PACKED}
    assert {part.packed_by_id for part in parts} == {shop["staff"].id}

    assert _post(client, order, "dispatch").status_code == 303
    assert _status(order.id) is S.OUT_FOR_DELIVERY
    assert _post(client, order, "delivered").status_code == 303
    order = db.session.get(Order, order.id)
    assert order.status is S.DELIVERED and order.paid_at is not None
    cash = db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id))
    assert cash.method is PaymentMethod.CASH and cash.confirmed_by_id == shop["staff"].id

    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert page.count("Sunita Staff") >= 4  # in the history and as the packer
    for button in ("confirm", "dispatch", "delivered", "failed", "cancel", "refund"):
        assert f"/panel/orders/{order.id}/{button}" not in page


def test_a_move_the_status_does_not_allow_is_refused_with_a_message(client, shop):
    order = _order(shop)
    sign_in(client, shop["staff"])
    response = _post(client, order, "delivered")
    assert response.status_code == 409
    assert "cannot be changed that way" in response.get_data(as_text=True)
    assert _status(order.id) is S.PLACED


def test_an_unpaid_online_order_waits_for_its_payment(client, shop):
    order = _order(shop, method=PaymentMethod.ONLINE)
    sign_in(client, shop["staff"])
    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert f"/panel/orders/{order.id}/confirm" not in page and "waits for its online" in page
    response = _post(client, order, "confirm")
    assert response.status_code == 409 and _status(order.id) is S.PLACED


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_failed_delivery_needs_a_reason(client, shop, reason):
    order = _order(shop)
    sign_in(client, shop["staff"])
    for action in ("confirm", f"parts/{order.parts[0].id}/packed", "dispatch"):
        assert _post(client, order, action).status_code == 303
    response = _post(client, order, "failed", {"failure_reason": reason})
    assert response.status_code == 400
    assert _status(order.id) is S.OUT_FOR_DELIVERY


def test_a_failed_delivery_is_recorded_with_its_reason_and_can_go_out_again(client, shop):
    order = _order(shop)
    sign_in(client, shop["staff"])
    for action in ("confirm", f"parts/{order.parts[0].id}/packed", "dispatch"):
        _post(client, order, action)
    response = _post(client, order, "failed", {"failure_reason": "Nobody at home"})
    assert response.status_code == 303 and _status(order.id) is S.DELIVERY_FAILED
    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "Nobody at home" in page and f"/panel/orders/{order.id}/dispatch" in page
    assert _post(client, order, "dispatch").status_code == 303
    assert _status(order.id) is S.OUT_FOR_DELIVERY


def test_cancelling_needs_a_reason(client, shop):
    order = _order(shop)
    sign_in(client, shop["staff"])
    response = _post(client, order, "cancel", {"cancel_reason": ""})
    assert response.status_code == 400 and "Write the reason" in response.get_data(as_text=True)
    assert _status(order.id) is S.PLACED


def test_cancelling_a_cash_order_gives_the_stock_back_and_refunds_nothing(client, shop,
                                                                          monkeypatch):
    monkeypatch.setattr(stripe_gateway, "refund", _must_not_refund)
    order = _order(shop, pickle=3)
    sign_in(client, shop["staff"])
    response = _post(client, order, "cancel", {"cancel_reason": "Buyer phoned to cancel"})
    assert response.status_code == 302
    order = db.session.get(Order, order.id)
    assert order.status is S.CANCELLED and order.status_reason == "Buyer phoned to cancel"
    db.session.refresh(shop["pickle"])
    assert shop["pickle"].stock == 10
    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "Order cancelled" in page and f"/panel/orders/{order.id}/refund" not in page


def _must_not_refund(**_kwargs):
    raise AssertionError("nothing should be refunded")


def test_cancelling_a_paid_online_order_refunds_it(client, shop, monkeypatch):
    refunds = []
    monkeypatch.setattr(stripe_gateway, "refund",
                        lambda **kwargs: refunds.append(kwargs) or "re_test_1")
    order = _paid_online(shop)
    sign_in(client, shop["staff"])
    response = _post(client, order, "cancel", {"cancel_reason": "Out of stock at the group"})
    assert response.status_code == 302
    assert _status(order.id) is S.CANCELLED
    assert refunds == [{"payment_intent": f"pi_test_{order.id}",
                        "amount_paise": order.total_paise,
                        "idempotency_key": refunds[0]["idempotency_key"]}]
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id))
    assert payment.status is PaymentStatus.REFUNDED and payment.refund_ref == "re_test_1"
    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "refunded to the buyer" in page and f"/panel/orders/{order.id}/refund" not in page


def test_when_the_refund_fails_the_order_stays_cancelled_and_staff_can_retry(client, shop,
                                                                             monkeypatch):
    def unreachable(**_kwargs):
        raise stripe_gateway.GatewayError("APIConnectionError")

    monkeypatch.setattr(stripe_gateway, "refund", unreachable)
    order = _paid_online(shop)
    sign_in(client, shop["staff"])
    response = _post(client, order, "cancel", {"cancel_reason": "Road closed"})
    assert response.status_code == 302
    assert _status(order.id) is S.CANCELLED
    payment = db.session.scalar(sa.select(Payment).where(Payment.order_id == order.id))
    assert payment.status is PaymentStatus.PAID
    page = client.get(f"/panel/orders/{order.id}").get_data(as_text=True)
    assert "Press Refund to try again" in page and f"/panel/orders/{order.id}/refund" in page

    monkeypatch.setattr(stripe_gateway, "refund", lambda **_kwargs: "re_test_2")
    assert _post(client, order, "refund").status_code == 302
    db.session.refresh(payment)
    assert payment.status is PaymentStatus.REFUNDED
    assert _post(client, order, "refund").status_code == 409


def test_staff_of_another_sub_division_get_not_found(client, shop):
    order = _order(shop)
    elsewhere = make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar"))
    sign_in(client, elsewhere)
    assert client.get(f"/panel/orders/{order.id}").status_code == 404
    for action in ("confirm", "dispatch", "refund", f"parts/{order.parts[0].id}/packed"):
        assert submit(client, f"/panel/orders/{order.id}/{action}", page="/panel/orders"
                      ).status_code == 404
    assert submit(client, f"/panel/orders/{order.id}/cancel", {"cancel_reason": "No"},
                  page="/panel/orders").status_code == 404
    assert _status(order.id) is S.PLACED
    assert order.number not in client.get("/panel/orders").get_data(as_text=True)


def test_a_part_of_another_order_is_not_found(client, shop):
    order, other = _order(shop), _order(shop)
    sign_in(client, shop["staff"])
    _post(client, order, "confirm")
    response = _post(client, order, f"parts/{other.parts[0].id}/packed")
    assert response.status_code == 404


def test_a_post_without_the_csrf_token_is_refused(client, shop):
    order = _order(shop)
    sign_in(client, shop["staff"])
    assert client.post(f"/panel/orders/{order.id}/confirm").status_code == 400
    assert _status(order.id) is S.PLACED


def test_the_list_filters_by_status_and_delivery_date(client, shop):
    placed, confirmed = _order(shop), _order(shop)
    sign_in(client, shop["staff"])
    _post(client, confirmed, "confirm")
    everything = client.get("/panel/orders").get_data(as_text=True)
    assert placed.number in everything and confirmed.number in everything
    only_placed = client.get("/panel/orders?status=placed").get_data(as_text=True)
    assert placed.number in only_placed and confirmed.number not in only_placed
    day = tomorrow().isoformat()
    assert placed.number in client.get(f"/panel/orders?date={day}").get_data(as_text=True)
    other_day = (tomorrow() + timedelta(days=1)).isoformat()
    assert placed.number not in client.get(f"/panel/orders?date={other_day}").get_data(
        as_text=True)
    for query in ("?status=bogus", "?date=31-12-2026", "?date=2026-02-30", "?page=abc",
                  "?date=२०२६-०१-०१"):
        assert client.get("/panel/orders" + query).status_code == 200


def test_admins_see_the_orders_of_every_sub_division(client, shop):
    order = _order(shop)
    barsar = make_sub_division("BRS", "Barsar")
    group, _ = make_group(barsar, name="Barsar SHG")
    far = place_order(make_user(name="Far Buyer"), {make_product(group): 1})
    sign_in(client, make_user(Role.ADMIN))
    listing = client.get("/panel/orders").get_data(as_text=True)
    assert order.number in listing and far.number in listing
    assert client.get(f"/panel/orders/{far.id}").status_code == 200


def test_the_list_runs_the_same_queries_for_few_and_many_orders(client, shop, nadaun,
                                                                  count_queries):
    shop["pickle"].stock = 100
    sign_in(client, shop["staff"])

    def queries_with(total: int) -> int:
        existing = db.session.scalar(sa.select(sa.func.count()).select_from(Order))
        for _ in range(total - existing):
            # each in its own slot, so that a slot loaded per row would show
            place_order(make_user(name="Asha Buyer"), {shop["pickle"]: 1},
                        slot=make_slot(nadaun))
        db.session.commit()
        client.get("/panel/orders")  # reference data kept again after the writes, as it is
        with count_queries() as statements:
            assert client.get("/panel/orders").status_code == 200
        return len(statements)

    assert queries_with(3) == queries_with(30)
