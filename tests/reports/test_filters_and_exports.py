"""Date ranges are checked (400 with a message, never 500); CSVs are safe in a spreadsheet;
charts are SVG with escaped text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marketplace.accounts.models import Role
from marketplace.core.db import today_in_india
from marketplace.reports.charts import Bar, bar_chart, column_chart
from marketplace.reports.forms import default_period, parse_filter
from marketplace.reports.queries import Period
from tests.helpers import make_group, make_user, sign_in
from tests.reports.data import RANGE

PAGES = ["registrations", "groups", "orders", "bookings"]
EXPORTS = ["registrations", "registrations-weekly", "groups", "orders", "top-products",
           "bookings"]


@pytest.fixture
def staff_client(client, nadaun):
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    return client


def _far() -> str:
    return (today_in_india() + timedelta(days=400)).isoformat()


BAD_RANGES = {
    "from=2026-03-15&to=2026-03-01": "must not be after",
    "from=2025-01-01&to=2026-01-02": "at most 366 days",
    "from=1900-01-01&to=1900-02-01": "years 2000 and 2100",
    "from=0001-01-01&to=9999-12-31": "years 2000 and 2100",
    "from=2099-01-01&to=2099-02-01": "from the year 2000 up to a year from today",
    "from=2026-13-45&to=2026-03-01": "day-month-year",
    "from=tomorrow&to=2026-03-01": "day-month-year",
    "from=2026-03-01%27%3B+DROP+TABLE+orders&to=2026-03-05": "day-month-year",
    "from=" + "9" * 500 + "&to=2026-03-05": "day-month-year",
    "sub_division=abc": "Choose a sub-division",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("query", list(BAD_RANGES))
def test_bad_dates_give_400_with_a_message(staff_client, page, query):
    response = staff_client.get(f"/panel/reports/{page}?{query}")
    assert response.status_code == 400
    assert BAD_RANGES[query] in response.get_data(as_text=True)


def test_a_date_far_in_the_future_is_refused(staff_client):
    response = staff_client.get(f"/panel/reports/orders?from=2026-03-01&to={_far()}")
    assert response.status_code == 400


@pytest.mark.parametrize("name", EXPORTS)
def test_a_csv_with_bad_dates_is_a_400_message(staff_client, name):
    response = staff_client.get(f"/panel/reports/{name}.csv?from=2026-03-15&to=2026-03-01")
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "must not be after" in response.get_data(as_text=True)


def test_an_unknown_csv_is_404(staff_client):
    assert staff_client.get(f"/panel/reports/passwords.csv?{RANGE}").status_code == 404


@pytest.mark.parametrize("query", ["from=2025-03-16&to=2026-03-16",   # 366 days: a leap-free
                                   "from=२०२६-०३-०२&to=२०२६-०३-१५",     # Devanagari digits
                                   "from=2026-03-02&to=2026-03-02",
                                   "from=&to=", ""])
def test_good_dates_are_accepted(staff_client, query):
    assert staff_client.get(f"/panel/reports/registrations?{query}").status_code == 200


def test_one_end_missing_takes_the_default_for_it():
    today = date(2026, 3, 18)  # a Wednesday
    chosen = parse_filter({"from": "2026-03-01"}, today=today)
    assert chosen.period == Period(date(2026, 3, 1), today)
    assert default_period(today) == Period(date(2025, 12, 29), today)
    assert len(default_period(today).weeks) == 12


def test_weeks_are_iso_weeks_from_monday():
    assert Period(date(2026, 3, 4), date(2026, 3, 16)).weeks == [
        date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 16)]
    assert date(2026, 3, 2).isocalendar().weekday == 1


@pytest.mark.parametrize("name", EXPORTS)
def test_every_csv_downloads_as_an_attachment(staff_client, name):
    response = staff_client.get(f"/panel/reports/{name}.csv?{RANGE}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename={name}-2026-03-02-2026-03-15.csv")
    assert response.get_data(as_text=True).startswith("\ufeff")


def test_a_group_named_like_a_formula_is_written_as_text(staff_client, nadaun):
    make_group(nadaun, name='=HYPERLINK("http://evil.example","Click")')
    make_group(nadaun, name="+91 Group")
    csv = staff_client.get(f"/panel/reports/groups.csv?{RANGE}").get_data(as_text=True)
    lines = csv.splitlines()
    assert any(line.startswith('"\'=HYPERLINK(""http://evil.example"",""Click"")"')
               for line in lines), lines
    assert any(line.startswith("'+91 Group,") for line in lines)
    assert not any(line.startswith(("=", "+", "-", "@", '"=')) for line in lines)


def test_chart_text_is_escaped_and_there_is_no_script():
    svg = bar_chart([Bar('<script>alert(1)</script>', 3, target=5),
                     Bar("राजमिस्त्री & co", 0)], title="A <b>title</b>", chart_id="c")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    assert "राजमिस्त्री &amp; co" in svg and "A &lt;b&gt;title&lt;/b&gt;" in svg
    assert 'width="60.00%"' in svg and 'x1="100.00%"' in svg  # 3 of 5, the target at the end
    columns = column_chart([Bar(f"W{n}", n) for n in range(30)], title="t", chart_id="w")
    assert columns.count('class="bar"') == 29 and columns.count("<text") <= 7
    assert bar_chart([], title="t", chart_id="e") == ""
