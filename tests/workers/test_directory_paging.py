"""The directory pages by key: every worker once across pages (ties broken by id), the same
queries on every page and for any page size, old page=N links, and the stored average."""

from __future__ import annotations

import re

import pytest

from marketplace.bookings import services as bookings
from marketplace.extensions import db
from marketplace.workers import views
from marketplace.workers.models import WorkerProfile
from marketplace.workers.services import add_ratings
from tests.helpers import make_completed_booking, make_worker

NAME = re.compile(r"Paged (\d+)\b")


def make_paged_workers(sub_division, count: int) -> list[WorkerProfile]:
    """`count` workers, most unrated (all tied at 0) and some sharing an average."""
    workers = [make_worker(sub_division, name=f"Paged {n}") for n in range(count)]
    for n, worker in enumerate(workers):
        if n % 3 == 0:
            add_ratings(worker.id, rating_sum=8, count=2)  # all of these tie at 4.0 from 2
        elif n % 7 == 0:
            add_ratings(worker.id, rating_sum=12, count=3)  # 4.0 from 3: before the 2s
    db.session.commit()
    return workers


def walk(client, start: str, rel: str = "next") -> list[list[int]]:
    """The worker numbers on each page, following the rel links from `start`."""
    pages, url = [], start
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        pages.append([int(n) for n in NAME.findall(html)])
        link = re.search(rf'rel="{rel}" href="([^"]+)"', html)
        url = link.group(1).replace("&amp;", "&") if link else None
    return pages


def expected_order(workers: list[WorkerProfile]) -> list[int]:
    db.session.expire_all()
    ranked = sorted(workers, key=lambda w: (-w.rating_avg, -w.rating_count, -w.id))
    return [int(NAME.search(w.display_name).group(1)) for w in ranked]


def test_following_next_shows_every_worker_once_in_order_and_previous_walks_back(
        client, nadaun, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 7)
    workers = make_paged_workers(nadaun, 30)
    forward = walk(client, "/ndn/workers")
    assert [len(page) for page in forward] == [7, 7, 7, 7, 2]
    assert [n for page in forward for n in page] == expected_order(workers)
    # From the last page, Previous gives the same pages back, down to the first.
    last = client.get("/ndn/workers").get_data(as_text=True)
    for _ in range(4):
        url = re.search(r'rel="next" href="([^"]+)"', last).group(1).replace("&amp;", "&")
        last = client.get(url).get_data(as_text=True)
    back_from = url
    assert walk(client, back_from, rel="prev") == forward[::-1]


def test_a_worker_added_while_paging_neither_repeats_nor_hides_anyone(client, nadaun,
                                                                       monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    make_paged_workers(nadaun, 12)
    first = client.get("/ndn/workers").get_data(as_text=True)
    second_url = re.search(r'rel="next" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    make_worker(nadaun, name="Paged 99")  # unrated and newest: first of the unrated, page 2
    db.session.commit()
    seen = [int(n) for n in NAME.findall(first)]
    seen += [n for page in walk(client, second_url) for n in page]
    assert len(seen) == len(set(seen))
    assert set(seen) == {*range(12), 99}


def test_old_page_numbers_still_work_and_odd_paging_input_is_never_an_error(client, nadaun,
                                                                           monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    make_paged_workers(nadaun, 12)
    by_key = walk(client, "/ndn/workers")
    by_number = [[int(n) for n in NAME.findall(client.get(f"/ndn/workers?page={p}").get_data(
        as_text=True))] for p in (1, 2, 3)]
    assert by_number == by_key
    assert client.get("/ndn/workers?page=50").status_code == 200  # empty, but a page
    assert client.get("/ndn/workers?page=51").status_code == 404  # too deep to count
    assert client.get("/ndn/workers?before=%00").status_code == 400  # NUL: the input rules
    for junk in ("?after=abc", "?after=W10=", "?before=!!", "?after=" + "A" * 400,
                 "?after=WyJ4Il0", "?after=WzEsMl0", "?after=W3RydWUsMSwxXQ",
                 "?after=W251bGwsMSwxXQ", "?after=WzFlOTk5LDEsMV0", "?page=-3&after=x"):
        response = client.get("/ndn/workers" + junk)
        assert response.status_code == 200, junk
        assert [int(n) for n in NAME.findall(response.get_data(as_text=True))] == by_key[0]


@pytest.mark.parametrize("size", [10, 20])
def test_the_directory_runs_the_same_queries_on_every_page_for_30_or_60_workers(
        client, nadaun, count_queries, monkeypatch, size):
    monkeypatch.setattr(views, "PAGE_SIZE", size)

    def counts(total: int) -> list[int]:
        make_paged_workers(nadaun, total)
        client.get("/ndn/workers?sort=rating&available=y")  # warms the kept reference copy
        found, html = [], ""
        for url in ("/ndn/workers?sort=rating&available=y", "next", "/ndn/workers?page=2"):
            if url == "next":  # page 2 by key
                url = re.search(r'rel="next" href="([^"]+)"', html).group(1).replace("&amp;",
                                                                                     "&")
            with count_queries() as statements:
                html = client.get(url).get_data(as_text=True)
            found.append(len(statements))
        return found

    first = counts(30)
    assert len(set(first)) == 1
    assert counts(30) == first  # now 60 workers


def test_the_stored_average_follows_reviews_added_flagged_and_hidden(nadaun):
    booking = make_completed_booking(nadaun)
    other = make_completed_booking(nadaun)
    worker = booking.worker
    review = bookings.review_booking(booking, author=booking.resident, rating=5)
    assert (worker.rating_count, worker.rating_total, worker.rating_avg) == (1, 5, 5.0)
    second = _another_job(worker, nadaun)
    bookings.review_booking(second, author=second.resident, rating=2)
    assert (worker.rating_count, worker.rating_avg) == (2, 3.5)
    bookings.flag_review(review, actor=worker.user, reason="Not my work")
    assert worker.rating_avg == 3.5  # a flag alone changes nothing
    staff = _staff(nadaun)
    bookings.hide_review(review, actor=staff, reason="Abusive")
    assert (worker.rating_count, worker.rating_total, worker.rating_avg) == (1, 2, 2.0)
    assert other.worker.rating_avg == 0


def _another_job(worker, sub_division):

    from marketplace.bookings.models import Slot
    from tests.helpers import early_today, first_village, make_user

    resident, today = make_user(), early_today()
    booking = bookings.request_booking(worker, bookings.BookingRequest(
        work_date=today, slot=Slot.EVENING,
        village_id=first_village(sub_division).id, address="House 2", description="Wall"),
        actor=resident, today=today)
    bookings.answer_booking(booking, accept=True, actor=worker.user)
    bookings.complete_work(booking, actor=worker.user)
    return booking


def _staff(sub_division):
    from marketplace.accounts.models import Role
    from tests.helpers import make_user

    return make_user(Role.STAFF, sub_division=sub_division)
