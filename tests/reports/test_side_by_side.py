"""The admins' view of every sub-division side by side: each one's figures for the period,
grouped by state and district with their totals, as a page and a CSV; staff are refused."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from marketplace.accounts.models import Role
from marketplace.bookings.models import BookingStatus
from marketplace.catalogue.models import ProductStatus
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStop, StopOutcome
from marketplace.orders.models import OrderStatus
from marketplace.places.services import ensure_sub_division
from marketplace.reports.queries import Period
from marketplace.reports.services import set_targets
from marketplace.reports.tables import orders_table, sub_divisions_table
from marketplace.workers.models import WorkerStatus
from marketplace.workers.services import seed_categories
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    sign_in,
)
from tests.reports.data import (
    END,
    RANGE,
    START,
    at,
    block_of,
    booked,
    category,
    ordered,
    registered,
)

URL = f"/panel/reports/sub-divisions?{RANGE}"
CSV_URL = f"/panel/reports/sub-divisions.csv?{RANGE}"


def saran_sub_division():
    """A sub-division in another state (Bihar), with one block and village."""
    sub_division = make_sub_division("SNP", "Sonepur")
    sub_division.district_en, sub_division.district_hi = "Saran", "सारण"
    sub_division.state_en, sub_division.state_hi = "Bihar", "बिहार"
    db.session.flush()
    return sub_division


def delivered_on_a_run(orders_and_outcomes, sub_division, day: date, staff) -> DeliveryRun:
    """A run of `day` with one stop per (order, outcome)."""
    slot = orders_and_outcomes[0][0].slot_id
    run = DeliveryRun(sub_division_id=sub_division.id, slot_id=slot, delivery_date=day,
                      area_en="Block", area_hi="खंड", courier_name="Raju",
                      courier_phone="+919816000001", created_by_id=staff.id)
    db.session.add(run)
    db.session.flush()
    for position, (order, outcome) in enumerate(orders_and_outcomes, start=1):
        db.session.add(RunStop(run_id=run.id, order_id=order.id, position=position,
                               outcome=outcome))
    db.session.flush()
    return run


@pytest.fixture
def two_states(nadaun):
    """Nadaun (Himachal Pradesh) with a second Hamirpur sub-division beside it, and Sonepur
    (Bihar), each with known figures inside and outside the worked example's fortnight."""
    seed_categories()
    barsar = make_sub_division("BRS", "Barsar")
    sonepur = saran_sub_division()
    admin = make_user(Role.ADMIN)
    staff = make_user(Role.STAFF, sub_division=nadaun)
    inside, outside = at("2026-03-05", "10:00"), at("2026-02-20", "10:00")
    # Nadaun: three plumbers registered in the period (one still waiting), one before it.
    plumbers = [registered(nadaun, inside, name=f"Plumber {n}") for n in range(2)]
    registered(nadaun, inside, status=WorkerStatus.PENDING_REVIEW, name="Waiting")
    registered(nadaun, outside, name="Earlier")
    set_targets(nadaun.id, {(block_of(first_village(nadaun)).id, category("plumber").id): 8},
                actor=admin)
    booked(plumbers[0], inside, BookingStatus.COMPLETED, rating=5)
    booked(plumbers[1], inside, BookingStatus.CANCELLED, rating=2)
    booked(plumbers[1], outside, BookingStatus.COMPLETED, rating=1)
    group, _leader = make_group(nadaun)
    pickle = make_product(group, stock=50)
    make_product(group, name_en="Waiting jam", stock=5).status = ProductStatus.PENDING_REVIEW
    slot, buyer = make_slot(nadaun), make_user(name="Buyer")
    delivered = ordered(buyer, {pickle: 2}, placed=inside, delivery=date(2026, 3, 6),
                        status=OrderStatus.DELIVERED, slot=slot)
    failed = ordered(buyer, {pickle: 1}, placed=inside, delivery=date(2026, 3, 6), slot=slot)
    delivered_on_a_run([(delivered, StopOutcome.DELIVERED), (failed, StopOutcome.FAILED)],
                       nadaun, date(2026, 3, 6), staff)
    # Sonepur: one worker registered in the period; nothing else.
    registered(sonepur, at("2026-03-14", "18:00"), name="Sonepur mason", category="mason")
    db.session.flush()
    return {"nadaun": nadaun, "barsar": barsar, "sonepur": sonepur, "admin": admin,
            "staff": staff, "delivered": delivered}


def test_each_sub_division_has_its_own_figures_for_the_period(two_states):
    report = sub_divisions_table(Period(START, END))
    figures = {row.code: own for row, own in report.rows}
    nadaun = figures["NDN"]
    assert (nadaun.registrations, nadaun.target, nadaun.percent) == (2, 8, 25)
    assert (nadaun.workers_listed, nadaun.products_listed) == (3, 1)
    assert (nadaun.orders.placed, nadaun.orders.delivered) == (2, 1)
    # the revenue the orders report gives for Nadaun alone, from the same rollup
    alone = orders_table(two_states["nadaun"].id, Period(START, END), "en")
    assert nadaun.orders.net == alone.total.net > 0
    assert (nadaun.bookings, nadaun.completed, nadaun.ratings, nadaun.average) == (2, 1, 2, 3.5)
    assert (nadaun.delivered, nadaun.failed, nadaun.success) == (1, 1, 50)
    sonepur = figures["SNP"]
    assert (sonepur.registrations, sonepur.target, sonepur.percent) == (1, 0, None)
    assert (sonepur.bookings, sonepur.average, sonepur.success) == (0, None, None)
    assert figures["BRS"].registrations == 0
    assert report.total.registrations == 3 and report.total.orders.placed == 2


def test_sub_divisions_are_grouped_by_state_and_district_with_their_totals(two_states):
    report = sub_divisions_table(Period(START, END))
    assert [state.place.name_en for state in report.states] == ["Bihar", "Himachal Pradesh"]
    bihar, himachal = report.states
    assert [d.place.name_en for d in himachal.parts] == ["Hamirpur"]
    hamirpur = himachal.parts[0]
    assert [row.code for row, _own in hamirpur.parts] == ["BRS", "NDN"]
    assert hamirpur.total.registrations == 2 and hamirpur.total.target == 8
    assert bihar.total.registrations == 1 and bihar.parts[0].place.name_hi == "सारण"


def test_an_admin_reads_the_page_in_hindi_with_charts_and_totals(app, two_states):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, make_user(Role.ADMIN, language="hi"))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for words in ("बिहार", "हिमाचल प्रदेश", "सारण", "Nadaun (हि)", "25%", "2 में से 1"):
        assert words in page, words
    assert page.count("<svg") == 3
    assert "Every sub-division side by side" not in page


def test_the_csv_has_one_row_per_sub_division(app, two_states):
    client = app.test_client()
    sign_in(client, two_states["admin"])
    response = client.get(CSV_URL)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == ["State", "District", "Sub-division", "Code", "Registrations"]
    by_code = {row[3]: row for row in rows[1:]}
    assert set(by_code) == {"BRS", "NDN", "SNP"}
    assert by_code["NDN"][4:7] == ["2", "8", "25"]
    assert by_code["NDN"][-3:] == ["1", "1", "50"]
    assert by_code["SNP"][:2] == ["Bihar", "Saran"]


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_staff_may_not_see_every_sub_division(app, two_states, url):
    client = app.test_client()
    sign_in(client, two_states["staff"])
    assert client.get(url).status_code == 403
    assert "sub-divisions" not in client.get("/panel/reports").get_data(as_text=True)


def test_the_reports_index_links_the_view_for_admins(app, two_states):
    client = app.test_client()
    sign_in(client, two_states["admin"])
    assert "/panel/reports/sub-divisions" in client.get("/panel/reports").get_data(as_text=True)


@pytest.mark.parametrize("query", ["from=2026-03-15&to=2026-03-01", "from=३०३०-०१-०१",
                                   "from=2026-01-01%00", "to=" + "9" * 5000])
def test_refused_dates_give_the_page_with_a_message_and_400(app, two_states, query):
    client = app.test_client()
    sign_in(client, two_states["admin"])
    response = client.get(f"/panel/reports/sub-divisions?{query}")
    assert response.status_code == 400
    assert "side-by-side" not in response.get_data(as_text=True)  # no figures shown


def test_the_same_number_of_queries_for_one_sub_division_and_many(app, nadaun, count_queries):
    seed_categories()
    client = app.test_client()
    sign_in(client, make_user(Role.ADMIN))
    registered(nadaun, at("2026-03-05", "10:00"))

    def count() -> int:
        with count_queries() as statements:
            assert client.get(URL).status_code == 200
        return len(statements)

    few = count()
    for n in range(6):
        other = ensure_sub_division(
            code="X" + "ABCDEF"[n], name_en=f"Extra {n}", name_hi=f"अतिरिक्त {n}",
            district_en=f"District {n % 3}", district_hi=f"ज़िला {n}",
            state_en=f"State {n % 2}", state_hi=f"राज्य {n}")
        make_sub_division(other.code, other.name_en)
        registered(other, at("2026-03-06", "09:00"), name=f"Worker {n}")
    assert count() == few
