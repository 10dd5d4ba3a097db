"""Every sub-division on one site (#14), in Hindi on a phone: a visitor picks Sonepur (Saran)
on the start page, finds a worker and orders produce there; Nadaun's staff cannot see that
order; an admin onboards a third sub-division from an LGD list and it is on the start page."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from marketplace.demo import nadaun, sonepur
from marketplace.extensions import db
from marketplace.places.models import SubDivision
from marketplace.workers.models import WorkerProfile
from tests.e2e.panel_steps import STAFF, open_menu
from tests.e2e.panel_steps import sign_in as office_sign_in
from tests.e2e.shopping import (
    a_village,
    add_from_group,
    fill_checkout,
    open_cart,
    order_number_on,
    sign_in,
    two_products_of_two_groups,
)
from tests.places.lgd_files import lgd_csv, lgd_row

ADMIN = next(phone for role, phone, *_ in nadaun.USERS if role == "admin")
MAMTA = next(phone for role, phone, name, _ in sonepur.USERS if name == "ममता देवी")

#: Marhaura sub-district of Saran (Bihar), as the LGD export lists it
MARHAURA = [("0615", "Marhaura", "मढ़ौरा", "233001", "Marhaura", "मढ़ौरा", "25.97", "84.87"),
            ("0615", "Marhaura", "मढ़ौरा", "233002", "Gopalpur", "गोपालपुर", "", ""),
            ("0616", "Amnour", "अमनौर", "233003", "Amnour", "अमनौर", "25.98", "84.92")]


def _marhaura_csv() -> bytes:
    rows = []
    for row in MARHAURA:
        fields = lgd_row(*row, sub_district="1234", sub_district_name="Marhaura",
                         district="217", state="10")
        fields.update({"State Name (In English)": "Bihar", "District Name (In English)": "Saran",
                       "Sub-District Name (In Local)": "मढ़ौरा"})
        rows.append(fields)
    return lgd_csv(rows)


def _sub_division_of_worker(live_server, worker_id: int) -> str:
    with live_server.app.app_context():
        code = db.session.scalar(sa.select(SubDivision.code).join(
            WorkerProfile, WorkerProfile.sub_division_id == SubDivision.id)
            .where(WorkerProfile.id == worker_id))
        db.session.remove()
    return code


def test_a_visitor_picks_sonepur_finds_a_worker_and_orders_there(live_server, phone_context,
                                                                  shot, words):
    t = words("hi")
    first, second = two_products_of_two_groups(live_server, "hi", "SNP")
    village = a_village(live_server, "hi", "SNP")
    page = phone_context("hi")

    # The start page: states and districts; a search in Hindi finds Sonepur.
    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Choose your sub-division"))
    expect(page.get_by_role("heading", name="बिहार")).to_be_visible()
    expect(page.get_by_role("heading", name="हिमाचल प्रदेश")).to_be_visible()
    shot(page, "1-start")
    page.get_by_label(t("Search by name")).fill("सोनपुर")
    page.get_by_role("button", name=t("Search"), exact=True).click()
    expect(page.get_by_role("button", name="नादौन")).to_have_count(0)
    page.get_by_role("button", name="सोनपुर").click()
    expect(page).to_have_url(f"{live_server.url}/snp/")
    expect(page.get_by_text("सोनपुर उपमंडल, सारण ज़िला, बिहार")).to_be_visible()
    shot(page, "2-sonepur-home")

    # A worker of Sonepur, from the menu's directory.
    page.get_by_role("navigation").get_by_role("link", name=t("Workers"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/snp/workers$"))
    page.locator("ol.worker-list > li a").first.click()
    expect(page).to_have_url(re.compile(r"/snp/workers/\d+$"))
    worker_id = int(page.url.rsplit("/", 1)[1])
    assert _sub_division_of_worker(live_server, worker_id) == "SNP"
    shot(page, "3-sonepur-worker")

    # Produce of two Sonepur groups, ordered by a Sonepur resident.
    add_from_group(page, t, first, quantity=2)
    expect(page).to_have_url(re.compile(r"/snp/products/\d+"))
    add_from_group(page, t, second, quantity=1)
    sign_in(page, t, MAMTA)
    open_cart(page, t, 2)
    page.get_by_role("link", name=t("Go to checkout")).click()
    fill_checkout(page, t, village)
    page.get_by_role("button", name=t("Place the order")).click()
    number = order_number_on(page, t)
    assert number.startswith("SNP-"), number
    order_url = page.url
    shot(page, "4-sonepur-order")

    # Nadaun's staff: not in their orders, and its page is not found.
    office = phone_context("hi")
    office_sign_in(office, live_server, t, STAFF, with_code=True)
    open_menu(office, t, "Orders")
    expect(office.get_by_text(number)).to_have_count(0)
    office.goto(order_url.replace("/orders/", "/panel/orders/"))
    expect(office.get_by_role("heading", level=1)).to_have_text(t("Page not found"))


def test_an_admin_onboards_a_third_sub_division_and_visitors_can_choose_it(
        live_server, phone_context, shot, words, tmp_path):
    t = words("hi")
    csv_file = tmp_path / "marhaura.csv"
    csv_file.write_bytes(_marhaura_csv())
    page = phone_context("hi")
    office_sign_in(page, live_server, t, ADMIN, with_code=True)
    open_menu(page, t, "Settings")
    page.get_by_role("link", name=t("Onboard a sub-division from the LGD village list")).click()
    page.get_by_label(t("LGD village list (CSV)")).set_input_files(str(csv_file))
    page.get_by_label(t("Short code of the new sub-division (2–6 letters, e.g. CPR)")).fill("MRH")
    page.get_by_label(t("Start with the settings of")).select_option(label="SNP · सोनपुर")
    page.get_by_role("button", name=t("Upload and check")).click()
    expect(page.get_by_text(t("Makes a new sub-division %(code)s.").replace("%(code)s", "MRH")
                            )).to_be_visible()
    shot(page, "1-preview")
    page.get_by_role("button", name=re.compile(r"^3 .*आयात करें$")).click()
    expect(page.locator(".flash-success").first).to_be_visible()

    visitor = phone_context("hi")
    visitor.goto(f"{live_server.url}/choose")
    expect(visitor.get_by_role("button", name="मढ़ौरा")).to_be_visible()
    visitor.get_by_role("button", name="मढ़ौरा").click()
    expect(visitor).to_have_url(f"{live_server.url}/mrh/")
    shot(visitor, "2-third-on-the-start-page")
    with live_server.app.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM sub_divisions")) == 3
        db.session.remove()
