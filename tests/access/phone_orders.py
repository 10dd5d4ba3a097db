"""Authorization rows for orders taken by phone: staff and admins of the panel only."""

from __future__ import annotations

from tests.access.roles import PANEL, by_role

ACCESS = {
    # Staff elsewhere get their own sub-division's form; this sub-division's order they named
    # is not shown to them (tests/panel/test_phone_orders.py checks the page).
    "panel.phone_orders.new": ("GET", "/panel/phone-orders?placed={order_id}",
                               by_role(302, PANEL)),
    # An empty form: staff anywhere get as far as the form's check.
    "panel.phone_orders.place": ("POST", "/panel/phone-orders",
                                 by_role(302, PANEL, allowed_status=400)),
}
