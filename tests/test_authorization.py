"""Every route, every persona, with data: who may open what. A new route fails here until it
is listed.

Each persona owns what its role owns (tests/access/world.py) and the `{ids}` in the paths are
the first owners' records, so an allowed cell is walked with the persona's own data, and the
second operator, the second group's member and another sub-division's staff are refused the
same records in the same sweep."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from tests.access import area_ids, area_tables
from tests.access.roles import (
    BUYERS,
    MEMBERS,
    OPERATORS,
    PANEL,
    ROLES,
    SIGNED_IN,
    by_role,
    everyone,
)
from tests.access.world import build_world
from tests.helpers import csrf_token_from, make_sub_division, make_user, sign_in, submit

# endpoint: (method, path, {persona: expected status})

#: a record of the first operator's: theirs, Nadaun's staff's and admins'; not found by the
#: second operator or Barsar's staff
_OPERATORS_OWN = {**by_role(302, {"operator", "staff", "admin"}), "operator_other": 404,
                  "staff_elsewhere": 404}
#: the first group's product: its member only (the second group's gets 403)
_MEMBERS_OWN = by_role(302, {"shg_member"}, others=403)
_PARTIES = by_role(302, {"resident", "worker", "staff", "admin"}, others=404)


_BUYER_OWN = by_role(302, {"resident", "staff", "admin"}, others=404)


def _buyer(status, **by_persona):
    """A button of an order: `status` for its buyer and the office; 404 for everyone else."""
    return {**by_role(302, {"resident", "staff", "admin"}, allowed_status=status, others=404),
            **by_persona}


def _parties(status, **by_persona):
    """A button of a booking: `status` for its parties and the office unless said otherwise;
    404 for everyone else."""
    return {**by_role(302, {"resident", "worker", "staff", "admin"}, allowed_status=status,
                      others=404), **by_persona}
ACCESS = {
    # A staff account's own sub-division is its choice: the start page leads straight there.
    "main.home": ("GET", "/", by_role(200, {"operator", "operator_other", "staff",
                                            "staff_elsewhere", "delivery"},
                                      allowed_status=302, others=200)),
    "main.choose": ("GET", "/choose", everyone(200)),
    "main.chose": ("POST", "/choose/ndn", everyone(303)),
    "main.sub_division_home": ("GET", "/ndn/", everyone(200)),
    # Links from before URLs named the sub-division lead to the listing's own.
    "workers.search_moved": ("GET", "/workers", everyone(301)),
    "workers.profile_moved": ("GET", "/workers/{listed}", everyone(301)),
    "catalogue.browse_moved": ("GET", "/products", everyone(301)),
    "catalogue.product_moved": ("GET", "/products/{product}", everyone(301)),
    "catalogue.storefront_moved": ("GET", "/shg/{group}", everyone(301)),
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
    "panel.outbox_redrive": ("POST", "/panel/outbox/999999/redrive",
                             by_role(302, {"admin"}, allowed_status=302)),
    "panel.workers.categories": ("GET", "/panel/workers/categories", by_role(302, PANEL)),
    "panel.workers.add_synonym": ("POST", "/panel/workers/categories/999999/synonyms",
                                  by_role(302, PANEL, allowed_status=404)),
    "panel.workers.remove_synonym": ("POST", "/panel/workers/synonyms/999999/remove",
                                     by_role(302, PANEL, allowed_status=404)),
    "panel.workers.set_rate_card": ("POST", "/panel/workers/categories/999999/rate",
                                    by_role(302, PANEL, allowed_status=404)),
    "media.serve": ("GET", "/media/" + "0" * 32 + "/thumb.webp", everyone(404)),
    "workers.search": ("GET", "/ndn/workers", everyone(200)),
    "workers.profile": ("GET", "/ndn/workers/{listed}", everyone(200)),
    "workers.reveal_phone": ("POST", "/workers/{listed}/phone", by_role(302, set(SIGNED_IN))),
    # The worker persona has a profile already: the form sends them to their dashboard.
    "workers.register": ("GET", "/workers/register",
                         {**by_role(302, {"resident"}), "worker": 302}),
    "workers.dashboard": ("GET", "/workers/me", {**everyone(302), "worker": 200}),
    "workers.edit": ("GET", "/workers/me/edit", by_role(302, {"worker"}, others=404)),
    "workers.delete_profile": ("GET", "/workers/leave", by_role(302, {"worker"}, others=404)),
    # An empty form keeps what the worker has (its fields have defaults).
    "workers.set_availability": ("POST", "/workers/me/availability",
                                 by_role(302, {"worker"}, allowed_status=303, others=404)),
    "workers.assisted_new": ("GET", "/workers/assisted", by_role(302, OPERATORS | PANEL)),
    # The first operator's counter registration, waiting for the worker's code: only they,
    # Nadaun's staff and admins see it (and the worker's number on it).
    "workers.assisted_confirm": ("GET", "/workers/assisted/{registration}/confirm",
                                 _OPERATORS_OWN),
    "workers.consent": ("GET", "/workers/consent/forged", everyone(404)),
    "shg.join": ("GET", "/shg/join/forged", everyone(404)),
    "workers.import_template": ("GET", "/workers/import/template.csv",
                                by_role(302, OPERATORS | PANEL)),
    "workers.import_upload": ("GET", "/workers/import", by_role(302, OPERATORS | PANEL)),
    # The first operator's upload.
    "workers.import_preview": ("GET", "/workers/import/{batch}", _OPERATORS_OWN),
    "workers.import_errors": ("GET", "/workers/import/{batch}/errors.csv", _OPERATORS_OWN),
    "catalogue.storefront": ("GET", "/ndn/shg/{group}", everyone(200)),
    # Members have a group already: the form sends them to it.
    "shg.apply": ("GET", "/shg/apply",
                  {**by_role(302, {"resident"}), **dict.fromkeys(MEMBERS, 302)}),
    "shg.mine": ("GET", "/shg/mine", by_role(302, MEMBERS, others=404)),
    "shg.member_action": ("POST", "/shg/members/999999/remove", by_role(302, set(), others=404)),
    "panel.shg.index": ("GET", "/panel/shg", by_role(302, PANEL)),
    "panel.shg.new": ("GET", "/panel/shg/new", by_role(302, PANEL)),
    "catalogue.browse": ("GET", "/ndn/products", everyone(200)),
    "catalogue.product": ("GET", "/ndn/products/{product}", everyone(200)),
    "catalogue.mine": ("GET", "/products/mine", by_role(302, MEMBERS, others=404)),
    "catalogue.new": ("GET", "/products/new", by_role(302, MEMBERS, others=404)),
    "catalogue.edit": ("GET", "/products/{product}/edit", _MEMBERS_OWN),
    # An empty form: the member's products again, with the reasons beside this one.
    "catalogue.restock": ("POST", "/products/{product}/stock",
                          {**_MEMBERS_OWN, "shg_member": 400}),
    "bookings.new": ("GET", "/bookings/new/{listed}", by_role(302, BUYERS)),
    "bookings.mine": ("GET", "/bookings", by_role(302, set(SIGNED_IN))),
    "bookings.work": ("GET", "/bookings/work", by_role(302, {"worker"}, others=404)),
    # {booking}: the resident's booking of the worker, accepted; {booking_to_answer}: another,
    # still requested. The parties and the office see them; nobody else knows they exist.
    "bookings.detail": ("GET", "/bookings/{booking}", _PARTIES),
    # An empty answer from the worker declines.
    "bookings.answer": ("POST", "/bookings/{booking_to_answer}/answer",
                        _parties(403, worker=303)),
    "bookings.start": ("POST", "/bookings/{booking}/start", _parties(403, worker=303)),
    # Empty forms (no amount, no reason, no rating) are refused.
    "bookings.complete": ("POST", "/bookings/{booking}/complete", _parties(400)),
    "bookings.cancel": ("POST", "/bookings/{booking}/cancel", _parties(400)),
    # No changed amount waits for the resident: nothing to agree to.
    "bookings.confirm_amount": ("POST", "/bookings/{booking}/amount",
                                _parties(403, resident=409)),
    "bookings.cash_received": ("POST", "/bookings/{booking}/cash", _parties(403, worker=409)),
    "bookings.review": ("POST", "/bookings/{booking}/review", _parties(400)),
    # Not completed: nothing to pay yet.
    "bookings.pay_online": ("POST", "/bookings/{booking}/pay-online",
                            by_role(302, set(), others=404)),
    "payments.stripe_webhook": ("POST", "/payments/stripe/webhook", everyone(404)),
    # The WhatsApp assistant is off in tests unless a test sets its secret and token; with
    # them, Meta's signature and verify token are the checks (tests/chat).
    "chat.verify_webhook": ("GET", "/chat/whatsapp/webhook", everyone(404)),
    "chat.receive_webhook": ("POST", "/chat/whatsapp/webhook", everyone(404)),
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
    # {order}: the resident's, placed, cash on delivery, with the first group's part.
    "orders.detail": ("GET", "/orders/{order}", _BUYER_OWN),
    "orders.receipt": ("GET", "/orders/{order}/receipt", _BUYER_OWN),
    "orders.pay": ("POST", "/orders/{order}/pay", _buyer(403)),
    "orders.cash_instead": ("POST", "/orders/{order}/cash-instead", _buyer(409)),
    # The buyer may cancel a placed order without a reason; the office must give one.
    "orders.cancel": ("POST", "/orders/{order}/cancel", _buyer(400, resident=303)),
    "orders.packing": ("GET", "/orders/packing", by_role(302, MEMBERS, others=404)),
    # Not confirmed yet: nothing to pack for the first group or the office; the second
    # group's member is not told it exists.
    "orders.part_packed": ("POST", "/orders/parts/{part}/packed",
                           by_role(302, {"shg_member", "staff", "admin"}, allowed_status=409,
                                   others=404)),
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
                             {**by_role(302, {"staff", "admin"}, allowed_status=303),
                              "staff_elsewhere": 404}),
    # Last, because it ends the session the rows above use.
    "accounts.sign_out": ("POST", "/signout", everyone(302)),
})


def test_every_route_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert endpoints == set(ACCESS)


def _signed_in_client(app, user):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _sweep(client, persona: str, ids: dict, rows: dict) -> list[str]:
    """Request every row as the signed-in client; the rows whose status is not the
    persona's cell (a 5xx never is)."""
    token = csrf_token_from(client, "/")  # one per session: fetched once, for speed
    failures = []
    for endpoint, (method, template, expected) in rows.items():
        path = template.format(**ids)
        try:
            if method == "GET":
                status = client.get(path).status_code
            else:
                status = client.post(path, data={"csrf_token": token}).status_code
        except Exception as error:
            raise AssertionError(f"{endpoint} {method} {path} raised {error!r}") from error
        if status >= 500 or status != expected[persona]:
            failures.append(f"{endpoint} {method} {path}: got {status}, want {expected[persona]}")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_each_persona_with_its_own_data_gets_exactly_what_it_may(app, role):
    """Every route, walked by one persona who owns what its role owns (the table's ids are
    the first owners' records), answering below 500 and with the status of its cell."""
    world, records = build_world()
    ids = {**world.ids, **area_ids(**records)}
    client = _signed_in_client(app, world.people.get(role))
    failures = _sweep(client, role, ids, ACCESS)
    assert not failures, "\n".join(failures)


def _in_tenant(rows: dict, code: str) -> dict:
    """The table with its public URLs under another sub-division's code."""
    def moved(template: str) -> str:
        return template.replace("/ndn/", f"/{code}/").replace("/choose/ndn", f"/choose/{code}")

    return {endpoint: (method, moved(template), expected)
            for endpoint, (method, template, expected) in rows.items()}


@pytest.mark.parametrize("role", ROLES)
def test_the_second_sub_divisions_people_get_the_same_on_their_own(app, role):
    """The sweep again with Barsar the home of every persona (and Nadaun's staff the ones
    from elsewhere): the same cells on Barsar's records and public pages (/brs/…), so both
    tenants are walked and each one's records are refused to the other's staff."""
    world, records = build_world(home="BRS")
    ids = {**world.ids, **area_ids(**records)}
    barsar = records["nadaun"]
    assert barsar.code == "BRS"
    client = _signed_in_client(app, world.people.get(role))
    if role == "admin":  # admins work on one sub-division at a time: Barsar, here
        assert submit(client, "/panel/", {"sub_division": str(barsar.id)},
                      page="/panel/").status_code == 303
    failures = _sweep(client, role, ids, _in_tenant(ACCESS, "brs"))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["operator_other", "shg_member_other"])
def test_the_second_operator_and_group_get_on_their_own_records_what_the_first_do(app, role):
    """The mirror of the sweep above: on the rows about their own registration, batch, group,
    product and order part, the second operator and the second group's member get exactly
    the first one's cells."""
    world, records = build_world()
    twin, own = world.mirrors[role]
    ids = {**world.ids, **area_ids(**records), **own}
    rows = {endpoint: (method, template, {role: expected[twin]})
            for endpoint, (method, template, expected) in ACCESS.items()
            if any("{" + name + "}" in template for name in own)}
    assert rows
    client = _signed_in_client(app, world.people[role])
    failures = _sweep(client, role, ids, rows)
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
