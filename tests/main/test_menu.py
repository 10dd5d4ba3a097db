"""The menu: who sees which link, from one list (marketplace/main/menu.py)."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role
from marketplace.main.menu import menu_for
from tests.helpers import make_sub_division, make_user, sign_in

PUBLIC = ["main.sub_division_home", "workers.search", "catalogue.browse"]
OFFICE_MORE = ["panel.runs.index", "panel.phone_orders.new", "panel.payouts.index",
               "panel.conversations.index", "panel.reports.index", "panel.drives.index",
               "panel.settings.index",
               "workers.assisted_new", "workers.import_upload", "fulfilment.index"]


@pytest.mark.parametrize(("role", "first", "more"), [
    (None, [*PUBLIC, "accounts.sign_in", "accounts.sign_up"], []),
    (Role.RESIDENT, ["workers.search", "catalogue.browse", "orders.mine"],
     ["main.sub_division_home", "bookings.mine", "accounts.profile"]),
    (Role.WORKER, ["workers.dashboard", "bookings.mine"],
     [*PUBLIC, "orders.mine", "accounts.profile"]),
    (Role.SHG_MEMBER, ["orders.packing", "catalogue.mine"],
     [*PUBLIC, "bookings.mine", "orders.mine", "shg.mine", "payouts.statement",
      "accounts.profile"]),
    (Role.OPERATOR, ["drives.today", "workers.assisted_new", "workers.import_upload"],
     [*PUBLIC, "accounts.profile"]),
    (Role.DELIVERY, ["fulfilment.index"], [*PUBLIC, "accounts.profile"]),
    (Role.STAFF, ["panel.home", "panel.approvals.index", "panel.orders.index"],
     [*PUBLIC, *OFFICE_MORE, "accounts.profile"]),
    (Role.ADMIN, ["panel.home", "panel.approvals.index", "panel.orders.index"],
     [*PUBLIC, *OFFICE_MORE, "panel.outbox", "panel.assistant.index", "accounts.profile"]),
])
def test_each_role_has_its_first_links_in_the_bar_and_the_rest_behind_more(role, first, more):
    menu = menu_for(role)
    assert [link.endpoint for link in menu.first] == first
    assert [link.endpoint for link in menu.more] == more
    assert len(menu.first) <= 3 or role is None


def test_the_page_prints_the_menu_in_the_reader_s_language(client):
    nadaun = make_sub_division()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun, language="hi"))
    html = client.get("/panel/reports").get_data(as_text=True)
    nav = html[html.index('<nav class="nav"'):html.index("</nav>")]
    assert 'href="/panel/reports"' in nav and "रिपोर्ट" in nav
    assert 'href="/panel/outbox"' not in nav and 'href="/signin"' not in nav
