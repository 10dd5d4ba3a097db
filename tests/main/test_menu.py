"""The menu: who sees which link, from one list (marketplace/main/menu.py)."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from marketplace.main.menu import menu_for
from tests.helpers import make_sub_division, make_user, sign_in

BUYING = ["bookings.mine", "orders.mine"]
OFFICE = ["panel.home", "panel.approvals.index", "panel.orders.index", "panel.runs.index",
          "panel.phone_orders.new", "panel.payouts.index", "panel.reports.index",
          "panel.settings.index", "workers.assisted_new", "workers.import_upload",
          "fulfilment.index"]


@pytest.mark.parametrize(("role", "expected"), [
    (None, ["accounts.sign_in", "accounts.sign_up"]),
    (Role.RESIDENT, [*BUYING, "accounts.profile"]),
    (Role.WORKER, ["workers.dashboard", *BUYING, "accounts.profile"]),
    (Role.SHG_MEMBER, [*BUYING, "shg.mine", "orders.packing", "payouts.statement",
                       "catalogue.mine", "accounts.profile"]),
    (Role.OPERATOR, ["workers.assisted_new", "workers.import_upload", "accounts.profile"]),
    (Role.DELIVERY, ["fulfilment.index", "accounts.profile"]),
    (Role.STAFF, [*OFFICE, "accounts.profile"]),
    (Role.ADMIN, [*OFFICE, "panel.outbox", "accounts.profile"]),
])
def test_each_role_sees_its_own_links_in_order(role, expected):
    menu = menu_for(role)
    assert [link.endpoint for link in menu.public] == [
        "main.home", "workers.search", "catalogue.browse"]
    assert [link.endpoint for link in menu.personal] == expected


def test_the_page_prints_the_menu_in_the_reader_s_language(client):
    nadaun = make_sub_division()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun, language="hi"))
    html = client.get("/panel/reports").get_data(as_text=True)
    nav = html[html.index('<nav class="nav"'):html.index("</nav>")]
    assert 'href="/panel/reports"' in nav and "रिपोर्ट" in nav
    assert 'href="/panel/outbox"' not in nav and 'href="/signin"' not in nav
