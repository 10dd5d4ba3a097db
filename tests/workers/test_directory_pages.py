"""The directory pages: search, profile, phone reveal; a fixed number of queries per page."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.workers.models import ContactReveal, WorkerStatus
from tests.helpers import make_user, make_worker, sign_in, submit


def test_the_search_page_finds_by_hindi_word_and_shows_cards(client, nadaun):
    make_worker(nadaun, name="Sohan Lal", category="plumber", rate_paise=55000)
    make_worker(nadaun, name="Mohan Lal", category="mason")
    html = client.get("/ndn/workers?q=नल+वाला").get_data(as_text=True)
    assert "Sohan Lal" in html and "Mohan Lal" not in html
    assert "₹550" in html


def test_the_search_page_runs_the_same_queries_for_6_and_60_workers(client, nadaun,
                                                                    count_queries):
    def queries_for(total: int) -> int:
        for index in range(total):
            make_worker(nadaun, name=f"Worker {total}-{index}", category="plumber")
        db.session.commit()
        with count_queries() as statements:
            response = client.get("/ndn/workers?q=plumber&available=y&sort=rate")
        assert response.status_code == 200
        return len(statements)

    assert queries_for(6) == queries_for(54)


def test_odd_search_input_never_breaks_the_page(client, nadaun):
    make_worker(nadaun)
    for query in ("?category=abc", "?village=-1", "?lat=NaN&lng=Infinity", "?min_rating=99",
                  "?sort=drop+table", "?q=" + "x" * 500, "?page=०", "?block=1e9"):
        assert client.get("/ndn/workers" + query).status_code == 200, query


def test_a_profile_hides_the_number_from_visitors(client, nadaun):
    worker = make_worker(nadaun, name="Sohan Lal")
    html = client.get(f"/ndn/workers/{worker.id}").get_data(as_text=True)
    assert "Sohan Lal" in html and "Sign in to see the phone number" in html
    assert worker.user.phone[3:] not in html and "tel:" not in html


def test_a_signed_in_resident_reveals_the_number_and_it_is_recorded(client, nadaun):
    worker = make_worker(nadaun)
    resident = make_user()
    sign_in(client, resident)
    response = submit(client, f"/workers/{worker.id}/phone", page=f"/ndn/workers/{worker.id}")
    assert response.status_code == 200
    assert f'href="tel:{worker.user.phone}"' in response.get_data(as_text=True)
    reveals = db.session.scalars(sa.select(ContactReveal)).all()
    assert [(r.worker_id, r.viewer_id) for r in reveals] == [(worker.id, resident.id)]


def test_a_hidden_number_is_never_revealed(client, nadaun):
    worker = make_worker(nadaun, hide_phone=True)
    sign_in(client, make_user())
    assert "takes bookings only" in client.get(f"/ndn/workers/{worker.id}").get_data(as_text=True)
    response = submit(client, f"/workers/{worker.id}/phone", page=f"/ndn/workers/{worker.id}")
    assert response.status_code == 403
    assert worker.user.phone not in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ContactReveal.id))) == 0


def test_revealing_numbers_is_rate_limited_against_scraping(client, nadaun):
    workers = [make_worker(nadaun, name=f"W{i}") for i in range(31)]
    sign_in(client, make_user())
    statuses = [submit(client, f"/workers/{w.id}/phone", page="/").status_code for w in workers]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429


def test_unlisted_profiles_are_not_found_by_the_public(client, nadaun):
    waiting = make_worker(nadaun, status=WorkerStatus.PENDING_REVIEW)
    assert client.get(f"/ndn/workers/{waiting.id}").status_code == 404
    sign_in(client, make_user())
    assert client.get(f"/ndn/workers/{waiting.id}").status_code == 404
    assert submit(client, f"/workers/{waiting.id}/phone", page="/").status_code == 404


def test_staff_of_the_sub_division_can_open_a_waiting_profile(app, nadaun, other_sub_division):
    waiting = make_worker(nadaun, status=WorkerStatus.PENDING_REVIEW)
    own = app.test_client()
    sign_in(own, make_user(Role.STAFF, sub_division=nadaun))
    assert own.get(f"/ndn/workers/{waiting.id}").status_code == 200
    elsewhere = app.test_client()
    sign_in(elsewhere, make_user(Role.STAFF, sub_division=other_sub_division))
    assert elsewhere.get(f"/ndn/workers/{waiting.id}").status_code == 404


def test_the_profile_offers_booking_to_those_the_booking_pages_accept(app, nadaun,
                                                                       other_sub_division):
    worker = make_worker(nadaun)
    page = f"/ndn/workers/{worker.id}"

    def buttons(user) -> tuple[bool, bool]:
        client = app.test_client()
        if user is not None:
            sign_in(client, user)
        html = client.get(page).get_data(as_text=True)
        return "Book this worker" in html, "Book for a caller (helpline)" in html

    assert buttons(None) == (True, False)  # a visitor is led to sign in
    assert buttons(make_user()) == (True, False)
    assert buttons(worker.user) == (False, False)  # nobody books themself
    assert buttons(make_user(Role.OPERATOR, sub_division=nadaun)) == (False, False)
    assert buttons(make_user(Role.STAFF, sub_division=nadaun)) == (False, True)
    assert buttons(make_user(Role.ADMIN)) == (False, True)
    # the helpline page answers 404 to staff of another sub-division: no button there
    assert buttons(make_user(Role.STAFF, sub_division=other_sub_division)) == (False, False)
