"""The payout pages: the panel's overview, commission, statements and payouts, and a group's
own statement; bad input gets a message and a 4xx with nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from marketplace.core.audit import AuditEvent
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.payouts.models import Payout, PayoutTerms
from tests.helpers import links_static, make_user, sign_in, submit

OCT = {"from": "2025-10-01", "to": "2025-10-31"}


@pytest.fixture
def staff_client(app, shop):
    client = app.test_client()
    sign_in(client, shop.staff)
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def commission_bp(shop) -> int:
    return db.session.scalar(sa.select(PayoutTerms.commission_bp).where(
        PayoutTerms.sub_division_id == shop.nadaun.id))


def test_the_overview_shows_each_group_with_its_balance(staff_client, worked, shop):
    response = staff_client.get("/panel/payouts", query_string=OCT)
    assert response.status_code == 200
    html = text(response)
    assert "Jai Maa" in html and "Shakti" in html
    assert "₹200.30" in html and "₹532.67" in html  # balances due at the end of October
    assert "₹732.97" in html  # both balances together (20030 + 53267 paise)
    assert f"/panel/payouts/groups/{shop.jai.id}?from=2025-10-01" in html


def test_the_overview_defaults_to_this_month(staff_client, shop):
    month_start = today_in_india().replace(day=1).isoformat()
    html = text(staff_client.get("/panel/payouts"))
    assert f'value="{month_start}"' in html


@pytest.mark.parametrize("period", [
    {"from": "2025-10-31", "to": "2025-10-01"},  # from after to
    {"from": "2025-01-01", "to": "2026-01-02"},  # 367 days
    {"from": "2025-13-01"},
    {"from": "0001-01-01", "to": "0001-01-02"},
    {"to": "9999-12-31"},
    {"from": "abc"},
    {"from": "2025-02-30"},
])
@pytest.mark.parametrize("page", ["/panel/payouts", "/panel/payouts/groups/{jai}",
                                  "/panel/payouts/groups/{jai}/print"])
def test_a_period_that_makes_no_sense_is_a_400_with_a_message(staff_client, shop, period, page):
    response = staff_client.get(page.format(jai=shop.jai.id), query_string=period)
    assert response.status_code == 400
    assert 'class="error"' in text(response)


def test_a_period_may_be_written_with_devanagari_digits_or_day_first(staff_client, worked,
                                                                     shop):
    for period in ({"from": "२०२५-१०-०१", "to": "२०२५-१०-३१"},
                   {"from": "01.10.2025", "to": "31/10/2025"}):
        response = staff_client.get(f"/panel/payouts/groups/{shop.jai.id}",
                                    query_string=period)
        assert response.status_code == 200 and "₹200.30" in text(response)


@pytest.mark.parametrize("typed", ["NaN", "-1", "60", "50.01", "abc", ",", "2,5", "2.555",
                                   "", "1e1", "Infinity", "५०.५"])
def test_a_bad_commission_is_a_400_and_nothing_is_saved(staff_client, shop, typed):
    response = submit(staff_client, "/panel/payouts/commission", {"commission": typed},
                      page="/panel/payouts")
    assert response.status_code == 400
    assert 'class="error"' in text(response)
    assert commission_bp(shop) == 250


@pytest.mark.parametrize("typed", ["100", "150.5", "१००", "0099.5", "9" * 5000])
@pytest.mark.parametrize("language", ["en", "hi"])
def test_a_commission_of_three_figures_is_refused_as_too_large(staff_client, shop, typed,
                                                               language):
    submit(staff_client, f"/language/{language}", page="/panel/payouts")
    response = submit(staff_client, "/panel/payouts/commission", {"commission": typed},
                      page="/panel/payouts")
    assert response.status_code == 400
    said = {"en": "The commission must be between 0 and 50 percent.",
            "hi": "कमीशन 0 से 50 प्रतिशत के बीच होना चाहिए।"}[language]
    assert said in text(response)
    assert commission_bp(shop) == 250


@pytest.mark.parametrize(("typed", "expected"), [
    ("२.५", 250), ("007.5", 750), ("0", 0), ("50", 5000), ("12.34%", 1234), (" 7.5 ", 750),
    (".5", 50)])
def test_the_commission_is_saved_in_basis_points(staff_client, shop, typed, expected):
    response = submit(staff_client, "/panel/payouts/commission", {"commission": typed},
                      page="/panel/payouts")
    assert response.status_code == 303
    assert commission_bp(shop) == expected
    event = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "payouts.commission_set").order_by(AuditEvent.id.desc())).first()
    assert event.actor_id == shop.staff.id
    assert event.data == {"old_bp": 250, "new_bp": expected}


def test_the_statement_lists_orders_payouts_and_explains_the_sums(staff_client, worked, shop):
    html = text(staff_client.get(f"/panel/payouts/groups/{shop.shakti.id}", query_string=OCT))
    for number in (worked.a.number, worked.e.number, worked.f.number):
        assert number in html
    assert worked.d.number not in html and worked.c.number not in html
    assert "₹596.90" in html and "₹14.93" in html and "₹49.30" in html and "₹532.67" in html
    assert "2.5 %" in html and "from now on" in html  # the rate for new orders, said so


def test_the_printable_statement_is_an_a4_sheet(staff_client, worked, shop):
    response = staff_client.get(f"/panel/payouts/groups/{shop.jai.id}/print",
                                query_string=OCT)
    html = text(response)
    assert response.status_code == 200
    assert links_static(html, "css/print.css") and 'class="printable"' in html
    assert "UTR-OCT" in html and "₹200.30" in html


def test_the_statement_prints_in_hindi_too(app, worked, shop):
    shop.jai.name_hi = "जय माँ स्वयं सहायता समूह"
    client = app.test_client()
    sign_in(client, shop.jai_leader)
    submit(client, "/language/hi", {"next": "/"})
    response = client.get("/shg/statement/print", query_string=OCT)
    html = text(response)
    assert response.status_code == 200
    assert '<html lang="hi">' in html and "₹200.30" in html
    assert "जय माँ स्वयं सहायता समूह" in html and "Jai Maa" in html  # both names on paper


def test_the_payout_page_shows_staff_the_groups_bank_details(staff_client, worked, shop):
    shop.jai.upi_id, shop.jai.bank_account_number, shop.jai.bank_ifsc = (
        "jaimaa@upi", "001234567890", "SBIN0001234")
    html = text(staff_client.get(f"/panel/payouts/groups/{shop.jai.id}/pay"))
    assert "jaimaa@upi" in html and "001234567890" in html and "SBIN0001234" in html
    assert "₹345.80" in html  # owed now: October's 200.30 + November's 175.50 − 30


def payout_form(**changes):
    return {"amount": "100", "paid_on": today_in_india().isoformat(),
            "reference": "UTR 5566", "note": "", **changes}


def test_a_payout_is_recorded_from_the_panel(staff_client, worked, shop):
    response = submit(staff_client, f"/panel/payouts/groups/{shop.jai.id}/pay",
                      payout_form(amount="₹100.50", note="October"))
    assert response.status_code == 303
    payout = db.session.scalars(sa.select(Payout).where(Payout.reference == "UTR 5566")).one()
    assert (payout.amount_paise, payout.note, payout.recorded_by_id) == (
        10050, "October", shop.staff.id)
    page = text(staff_client.get(response.headers["Location"]))
    assert "Payout of ₹100.50 recorded." in page


@pytest.mark.parametrize(("language", "words"), [
    ("en", "A payout with this reference is recorded for this group already."),
    ("hi", "इस रेफ़रेंस नंबर वाला भुगतान इस समूह के लिए पहले ही दर्ज है।")])
def test_the_same_payout_sent_twice_is_recorded_once(staff_client, worked, shop, language,
                                                    words):
    shop.staff.preferred_language = language
    db.session.commit()
    page = f"/panel/payouts/groups/{shop.jai.id}/pay"
    assert submit(staff_client, page, payout_form()).status_code == 303
    again = submit(staff_client, page, payout_form(reference=" utr 5566 "))  # back, resend
    assert again.status_code == 409 and words in text(again)
    assert 'value="100"' in text(again)  # what was typed is still there
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payout)) == 3
    other = submit(staff_client, f"/panel/payouts/groups/{shop.shakti.id}/pay", payout_form())
    assert other.status_code == 303  # another group's transfer may carry the same words
    devanagari = submit(staff_client, page, payout_form(reference="UTR ५५६६"))
    assert devanagari.status_code == 409  # the same transfer, its digits written in Hindi


def test_a_payout_above_the_balance_is_a_409_with_the_balance(staff_client, worked, shop):
    response = submit(staff_client, f"/panel/payouts/groups/{shop.jai.id}/pay",
                      payout_form(amount="345.81"))
    assert response.status_code == 409
    assert "more than the group is owed now (₹345.80)" in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payout)) == 2


@pytest.mark.parametrize("changes", [
    {"amount": "0"}, {"amount": "-5"}, {"amount": "NaN"}, {"amount": "abc"}, {"amount": ""},
    {"amount": "1.005"},
    {"paid_on": "tomorrow"},  # worked out when the test runs, not when it is collected
    {"paid_on": "2024-12-31"},  # before the group was registered
    {"paid_on": "31-02-2025"}, {"paid_on": ""},
    {"reference": ""}, {"reference": "   "}, {"reference": "x" * 101},
    {"note": "x" * 301},
])
def test_a_bad_payout_form_is_a_400_and_nothing_is_saved(staff_client, worked, shop, changes):
    if changes.get("paid_on") == "tomorrow":
        changes = {"paid_on": (today_in_india() + timedelta(days=1)).isoformat()}
    response = submit(staff_client, f"/panel/payouts/groups/{shop.jai.id}/pay",
                      payout_form(**changes))
    assert response.status_code == 400
    assert 'class="error"' in text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payout)) == 2


def test_staff_of_another_sub_division_get_404_and_write_nothing(app, worked, shop):
    client = app.test_client()
    sign_in(client, shop.elsewhere)
    for path in ("", "/print", "/pay"):
        assert client.get(f"/panel/payouts/groups/{shop.jai.id}{path}").status_code == 404
    response = submit(client, f"/panel/payouts/groups/{shop.jai.id}/pay", payout_form(),
                      page="/panel/payouts")
    assert response.status_code == 404
    assert "Jai Maa" not in text(client.get("/panel/payouts"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Payout)) == 2


def test_a_member_sees_her_own_groups_statement_and_no_other(app, worked, shop):
    client = app.test_client()
    sign_in(client, shop.shakti_leader)
    html = text(client.get("/shg/statement", query_string={**OCT, "group": shop.jai.id}))
    assert "Shakti" in html and "Jai Maa" not in html
    assert "₹532.67" in html and "UTR-OCT" not in html
    assert worked.e.number in html
    assert "Recorded by" not in html  # staff names are for the panel
    # Another group's statement is out of reach: the panel pages are for staff only.
    assert client.get(f"/panel/payouts/groups/{shop.jai.id}").status_code == 403
    assert client.get(f"/panel/payouts/groups/{shop.jai.id}/print").status_code == 403


def test_the_statement_is_for_any_member_of_the_group(app, worked, shop):
    from marketplace.shg.services import add_member, join_group

    sunita = make_user(name="Sunita")
    assert add_member(shop.jai, phone=sunita.phone, name="Sunita", actor=shop.jai_leader) \
        is None  # she has an account: asked first
    member = join_group(shop.jai, sunita)
    assert not member.is_leader
    client = app.test_client()
    sign_in(client, member.user)
    response = client.get("/shg/statement", query_string=OCT)
    assert response.status_code == 200 and "₹200.30" in text(response)


def test_the_shg_dashboard_links_to_the_statement(app, shop):
    client = app.test_client()
    sign_in(client, shop.jai_leader)
    assert 'href="/shg/statement"' in text(client.get("/products/mine"))


def test_a_bad_period_on_the_members_statement_is_a_400(app, shop):
    client = app.test_client()
    sign_in(client, shop.jai_leader)
    response = client.get("/shg/statement", query_string={"from": "2025-10-02",
                                                         "to": "2025-10-01"})
    assert response.status_code == 400
    assert "must not be after" in text(response)


def test_the_groups_dashboard_shows_what_it_is_owed_now(app, worked, shop):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(client, shop.jai_leader)
    html = client.get("/products/mine").get_data(as_text=True)
    # Sales 360 + 180, commission 2.5 % per part (9 + 4.50), the group's share of the
    # ₹100 refund (50.70), payouts 100 + 30.
    assert "Owed to the group now:" in html and "₹345.80" in html
