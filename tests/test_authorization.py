"""Every route, every role: who may open what. A new route fails here until it is listed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.bookings.models import Slot
from marketplace.bookings.services import BookingRequest, request_booking
from marketplace.core.db import today_in_india
from marketplace.workers.models import WorkerStatus
from tests.access import area_ids, area_tables
from tests.access.roles import BUYERS, PANEL, ROLES, SIGNED_IN, by_role, everyone
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_sub_division,
    make_user,
    make_worker,
    place_order,
    sign_in,
    submit,
)

# endpoint: (method, path, {role: expected status})
ACCESS = {
    "main.home": ("GET", "/", everyone(200)),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "main.switch_language": ("POST", "/language/en", everyone(303)),
    "accounts.sign_up": ("GET", "/signup", by_role(200, set(), others=302)),
    "accounts.sign_up_verify": ("GET", "/signup/verify", everyone(302)),
    "accounts.sign_in": ("GET", "/signin", by_role(200, set(), others=302)),
    "accounts.second_factor": ("GET", "/signin/verify", everyone(302)),
    "accounts.resend_second_factor": ("POST", "/signin/verify/resend", everyone(302)),
    "accounts.forgot_password": ("GET", "/password/forgot", everyone(200)),
    "accounts.reset_password": ("GET", "/password/reset", everyone(302)),
    "accounts.profile": ("GET", "/account", by_role(302, set(SIGNED_IN))),
    "accounts.change_password": ("GET", "/account/password", by_role(302, set(SIGNED_IN))),
    "panel.home": ("GET", "/panel/", by_role(302, PANEL)),
    "panel.outbox": ("GET", "/panel/outbox", by_role(302, {"admin"})),
    "panel.workers.categories": ("GET", "/panel/workers/categories", by_role(302, PANEL)),
    "panel.workers.add_synonym": ("POST", "/panel/workers/categories/999999/synonyms",
                                  by_role(302, PANEL, allowed_status=404)),
    "panel.workers.remove_synonym": ("POST", "/panel/workers/synonyms/999999/remove",
                                     by_role(302, PANEL, allowed_status=404)),
    "panel.workers.set_rate_card": ("POST", "/panel/workers/categories/999999/rate",
                                    by_role(302, PANEL, allowed_status=404)),
    "panel.workers.review_queue": ("GET", "/panel/workers/review", by_role(302, PANEL)),
    "panel.workers.review": ("GET", "/panel/workers/{waiting}",
                             {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    "media.serve": ("GET", "/media/" + "0" * 32 + "/thumb.webp", everyone(404)),
    "workers.search": ("GET", "/workers", everyone(200)),
    "workers.profile": ("GET", "/workers/{listed}", everyone(200)),
    "workers.reveal_phone": ("POST", "/workers/{listed}/phone", by_role(302, set(SIGNED_IN))),
    "workers.register": ("GET", "/workers/register", by_role(302, {"resident", "worker"})),
    "workers.dashboard": ("GET", "/workers/me", everyone(302)),
    "workers.edit": ("GET", "/workers/me/edit", by_role(302, set(), others=404)),
    "workers.set_availability": ("POST", "/workers/me/availability",
                                 by_role(302, set(), others=404)),
    "workers.assisted_new": ("GET", "/workers/assisted",
                             by_role(302, {"operator", "staff", "staff_elsewhere", "admin"})),
    "workers.assisted_confirm": ("GET", "/workers/assisted/{waiting}/confirm",
                                 {**by_role(302, {"operator", "staff", "admin"},
                                            allowed_status=302), "staff_elsewhere": 404}),
    "workers.consent": ("GET", "/workers/consent/forged", everyone(404)),
    "workers.import_template": ("GET", "/workers/import/template.csv",
                                by_role(302, {"operator", "staff", "staff_elsewhere", "admin"})),
    "workers.import_upload": ("GET", "/workers/import",
                              by_role(302, {"operator", "staff", "staff_elsewhere", "admin"})),
    "workers.import_preview": ("GET", "/workers/import/999999",
                               by_role(302, {"operator", "staff", "staff_elsewhere", "admin"},
                                       allowed_status=404)),
    "workers.import_errors": ("GET", "/workers/import/999999/errors.csv",
                              by_role(302, {"operator", "staff", "staff_elsewhere", "admin"},
                                      allowed_status=404)),
    "catalogue.storefront": ("GET", "/shg/{group}", everyone(200)),
    "shg.apply": ("GET", "/shg/apply", by_role(302, {"resident", "shg_member"})),
    "shg.mine": ("GET", "/shg/mine", by_role(302, set(), others=404)),
    "shg.member_action": ("POST", "/shg/members/999999/remove", by_role(302, set(), others=404)),
    "panel.shg.index": ("GET", "/panel/shg", by_role(302, PANEL)),
    "panel.shg.new": ("GET", "/panel/shg/new", by_role(302, PANEL)),
    "panel.shg.review": ("GET", "/panel/shg/{group}",
                         {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    "catalogue.browse": ("GET", "/products", everyone(200)),
    "catalogue.product": ("GET", "/products/{product}", everyone(200)),
    "catalogue.mine": ("GET", "/products/mine", by_role(302, set(), others=404)),
    "catalogue.new": ("GET", "/products/new", by_role(302, set(), others=404)),
    "catalogue.edit": ("GET", "/products/{product}/edit", by_role(302, set(), others=403)),
    "catalogue.restock": ("POST", "/products/{product}/stock",
                          by_role(302, set(), others=403)),
    "panel.catalogue.review_queue": ("GET", "/panel/products/review", by_role(302, PANEL)),
    "panel.catalogue.review": ("GET", "/panel/products/{product}",
                               {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    "bookings.new": ("GET", "/bookings/new/{listed}",
                     by_role(302, {"resident", "worker", "shg_member"})),
    "bookings.mine": ("GET", "/bookings", by_role(302, set(SIGNED_IN))),
    "bookings.work": ("GET", "/bookings/work", by_role(302, set(), others=404)),
    "bookings.detail": ("GET", "/bookings/{booking}", by_role(302, {"staff", "admin"},
                                                              others=404)),
    "bookings.answer": ("POST", "/bookings/{booking}/answer",
                        by_role(302, {"staff", "admin"}, allowed_status=403, others=404)),
    "bookings.start": ("POST", "/bookings/{booking}/start",
                       by_role(302, {"staff", "admin"}, allowed_status=403, others=404)),
    "bookings.complete": ("POST", "/bookings/{booking}/complete",
                          by_role(302, {"staff", "admin"}, allowed_status=400, others=404)),
    "bookings.cancel": ("POST", "/bookings/{booking}/cancel",
                        by_role(302, {"staff", "admin"}, allowed_status=400, others=404)),
    "bookings.confirm_amount": ("POST", "/bookings/{booking}/amount",
                                by_role(302, {"staff", "admin"}, allowed_status=403,
                                        others=404)),
    "bookings.cash_received": ("POST", "/bookings/{booking}/cash",
                               by_role(302, {"staff", "admin"}, allowed_status=403,
                                       others=404)),
    "bookings.review": ("POST", "/bookings/{booking}/review",
                        by_role(302, {"staff", "admin"}, allowed_status=400, others=404)),
    "bookings.delete_worker_profile": ("GET", "/bookings/leave",
                                       by_role(302, set(), others=404)),
    "bookings.pay_online": ("POST", "/bookings/{booking}/pay-online",
                            by_role(302, set(), others=404)),
    "payments.stripe_webhook": ("POST", "/payments/stripe/webhook", everyone(404)),
    "bookings.answer_by_link": ("GET", "/bookings/answer/forged.token", everyone(404)),
    "panel.bookings.index": ("GET", "/panel/bookings", by_role(302, PANEL)),
    "panel.bookings.helpline": ("GET", "/panel/bookings/helpline/{listed}",
                                {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    "panel.bookings.hide_review": ("POST", "/panel/bookings/reviews/999999/hide",
                                   by_role(302, PANEL, allowed_status=404)),
    "cart.view": ("GET", "/cart", by_role(200, BUYERS)),
    "cart.add": ("POST", "/cart/add/{product}", by_role(303, BUYERS, allowed_status=303)),
    "cart.change": ("POST", "/cart/items/999999", by_role(404, BUYERS, allowed_status=404)),
    "cart.remove": ("POST", "/cart/items/999999/remove",
                    by_role(404, BUYERS, allowed_status=404)),
    "checkout.checkout_page": ("GET", "/checkout", by_role(302, BUYERS)),
    "orders.mine": ("GET", "/orders", by_role(302, set(SIGNED_IN))),
    "orders.detail": ("GET", "/orders/{order}", by_role(302, {"staff", "admin"}, others=404)),
    "orders.receipt": ("GET", "/orders/{order}/receipt",
                       by_role(302, {"staff", "admin"}, others=404)),
    "orders.pay": ("POST", "/orders/{order}/pay",
                   by_role(302, {"staff", "admin"}, allowed_status=403, others=404)),
    "orders.cash_instead": ("POST", "/orders/{order}/cash-instead",
                            by_role(302, {"staff", "admin"}, allowed_status=409, others=404)),
    "orders.cancel": ("POST", "/orders/{order}/cancel",
                      by_role(302, {"staff", "admin"}, allowed_status=400, others=404)),
    "orders.packing": ("GET", "/orders/packing", by_role(302, set(), others=404)),
    "orders.part_packed": ("POST", "/orders/parts/{part}/packed",
                           by_role(302, {"staff", "admin"}, allowed_status=409, others=404)),
    "panel.orders.index": ("GET", "/panel/orders", by_role(302, PANEL)),
    "panel.orders.detail": ("GET", "/panel/orders/{order_id}",
                            {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    "panel.orders.pack_part": ("POST", "/panel/orders/{order_id}/parts/{part}/packed",
                               {**by_role(302, {"staff", "admin"}, allowed_status=409),
                                "staff_elsewhere": 404}),
    "panel.orders.dispatch": ("POST", "/panel/orders/{order_id}/dispatch",
                              {**by_role(302, {"staff", "admin"}, allowed_status=409),
                               "staff_elsewhere": 404}),
    "panel.orders.deliver": ("POST", "/panel/orders/{order_id}/delivered",
                             {**by_role(302, {"staff", "admin"}, allowed_status=409),
                              "staff_elsewhere": 404}),
    "panel.orders.fail": ("POST", "/panel/orders/{order_id}/failed",
                          {**by_role(302, {"staff", "admin"}, allowed_status=400),
                           "staff_elsewhere": 404}),
    "panel.orders.cancel": ("POST", "/panel/orders/{order_id}/cancel",
                            {**by_role(302, {"staff", "admin"}, allowed_status=400),
                             "staff_elsewhere": 404}),
    "panel.orders.release": ("POST", "/panel/orders/{order_id}/release",
                             {**by_role(302, {"staff", "admin"}, allowed_status=409),
                              "staff_elsewhere": 404}),
    "panel.orders.refund": ("POST", "/panel/orders/{order_id}/refund",
                            {**by_role(302, {"staff", "admin"}, allowed_status=409),
                             "staff_elsewhere": 404}),
    "panel.delivery.index": ("GET", "/panel/delivery", by_role(302, PANEL)),
    "panel.delivery.add_slot": ("POST", "/panel/delivery/slots",
                                by_role(302, PANEL, allowed_status=400)),
    "panel.delivery.edit_slot": ("GET", "/panel/delivery/slots/{slot}",
                                 {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}),
    "panel.delivery.save_charges": ("POST", "/panel/delivery/charges",
                                    by_role(302, PANEL, allowed_status=400)),
}
# Each area of the panel keeps its rows in tests/access/<area>.py; they run before the tail.
ACCESS.update(area_tables())
ACCESS.update({
    # Confirms the fixture order: keep it after every row that expects the order still placed.
    "panel.orders.confirm": ("POST", "/panel/orders/{order_id}/confirm",
                             {**by_role(302, {"staff", "admin"}, allowed_status=302),
                              "staff_elsewhere": 404}),
    # Last, because it ends the session the rows above use.
    "accounts.sign_out": ("POST", "/signout", everyone(302)),
})


def test_every_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints == set(ACCESS)


def _signed_in_client(app, role: str):
    client = app.test_client()
    if role == "anonymous":
        return client
    if role == "staff_elsewhere":
        user = make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar"))
    else:
        user = make_user(Role(role), sub_division=make_sub_division()
                         if role in ("operator", "staff", "delivery") else None)
    sign_in(client, user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_it_may(app, role):
    nadaun = make_sub_division()
    listed = make_worker(nadaun, name="Listed")
    ids = {"listed": listed.id,
           "waiting": make_worker(nadaun, name="Waiting", status=WorkerStatus.PENDING_REVIEW).id,
           "booking": request_booking(
               listed, BookingRequest(work_date=today_in_india() + timedelta(days=2),
                                      slot=Slot.MORNING, village_id=first_village(nadaun).id,
                                      address="House 1", description="Tap"),
               actor=make_user(name="Someone Else"), today=today_in_india()).id,
           }
    group, _leader = make_group(nadaun)
    ids["group"], ids["product"] = group.id, make_product(group).id
    order = place_order(make_user(name="Buyer"), {make_product(group, name_en="Honey"): 1})
    ids["order"], ids["part"] = order.number, order.parts[0].id
    ids["order_id"], ids["slot"] = order.id, order.slot_id
    ids.update(area_ids(nadaun=nadaun, group=group, leader=_leader, order=order))
    client = _signed_in_client(app, role)
    failures = []
    for endpoint, (method, template, expected) in ACCESS.items():
        path = template.format(**ids)
        if method == "GET":
            status = client.get(path).status_code
        else:
            status = submit(client, path, page="/").status_code
        if status != expected[role]:
            failures.append(f"{endpoint} {method} {path}: got {status}, want {expected[role]}")
    assert not failures, "\n".join(failures)


def test_staff_see_only_their_own_sub_division_in_the_panel(app):
    make_sub_division("NDN", "Nadaun")
    barsar_staff = make_user(Role.STAFF, sub_division=make_sub_division("BRS", "Barsar"))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(client, barsar_staff)
    html = client.get("/panel/").get_data(as_text=True)
    assert "Barsar" in html and "Nadaun" not in html


def test_admins_see_every_sub_division(app):
    make_sub_division("NDN", "Nadaun")
    make_sub_division("BRS", "Barsar")
    client = app.test_client()
    sign_in(client, make_user(Role.ADMIN))
    html = client.get("/panel/").get_data(as_text=True)
    assert "Barsar" in html and "Nadaun" in html
