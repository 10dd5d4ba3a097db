"""Less work per page: list pages read only their rows (reference data and filter menus are
kept per process under one shared version), and a change staff approve or owners make shows
at once, cached page or not. Runs on the simple cache and, with TEST_REDIS_URL, on Redis."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import Product, ProductCategory, ProductStatus
from marketplace.catalogue.services import seed_product_categories
from marketplace.core import freshness
from marketplace.extensions import db
from marketplace.workers.models import WorkerCategory, WorkerProfile
from tests.helpers import (
    make_group,
    make_product,
    make_user,
    make_worker,
    sign_in,
    submit,
)


@pytest.fixture
def page_cache(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


@pytest.fixture
def listings(nadaun):
    """Three workers, a group with three products; what the tests' pages list."""
    for index in range(3):
        make_worker(nadaun, name=f"Worker {index}")
    group, leader = make_group(nadaun)
    for index in range(3):
        make_product(group, name_en=f"Pickle {index}", name_hi=f"अचार {index}")
    db.session.commit()
    return group, leader


def warm_count(client, count_queries, path: str) -> int:
    """SQL statements of `path` once this process holds the reference copy (the first
    request after a change reads it)."""
    assert client.get(path).status_code == 200, path
    with count_queries() as statements:
        assert client.get(path).status_code == 200, path
    return len(statements)


def test_visitors_list_pages_run_one_query_each(client, listings, count_queries):
    group, _leader = listings
    assert warm_count(client, count_queries, "/ndn/workers") == 1
    assert warm_count(client, count_queries, "/ndn/workers?q=plumber&available=y&page=2") == 1
    # a category near a village: the village's place comes from the reference copy
    village = db.session.scalar(sa.select(WorkerProfile.home_village_id).limit(1))
    plumber = db.session.scalar(sa.select(WorkerCategory.id).where(
        WorkerCategory.slug == "plumber"))
    assert warm_count(client, count_queries,
                      f"/ndn/workers?category={plumber}&village={village}") == 1
    assert warm_count(client, count_queries, "/ndn/products") == 1
    assert warm_count(client, count_queries, "/ndn/products?q=अचार&organic=y&sort=price") == 1
    # the fresh produce strip's cards (who is available, by kind of work, is kept)
    assert warm_count(client, count_queries, "/") == 1
    # the group, its members (for their number), its products' cards
    assert warm_count(client, count_queries, f"/ndn/shg/{group.id}") == 3


def test_signed_in_list_pages_add_only_the_account_and_its_cart(client, listings,
                                                                 count_queries):
    sign_in(client, make_user(Role.RESIDENT))
    for path in ("/ndn/workers", "/ndn/products"):
        assert warm_count(client, count_queries, path) == 3, path
    assert warm_count(client, count_queries, "/") == 3  # its one query, as for visitors


def test_the_first_request_after_a_change_reads_the_reference_data_once(client, listings,
                                                                          count_queries):
    client.get("/ndn/products")
    freshness.bump()
    with count_queries() as cold:
        client.get("/ndn/products")
    with count_queries() as warm:
        client.get("/ndn/products")
    # the sub-divisions, then kinds, villages and groups for the menus; then only the cards
    assert (len(cold), len(warm)) == (5, 1)


def test_cards_and_menus_speak_the_readers_language(client, listings):
    html = client.get("/ndn/products", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "अचार 1" in html and "Pickle 1" not in html
    english = client.get("/ndn/products").get_data(as_text=True)
    assert "Pickle 1" in english and "अचार 1" not in english
    workers = client.get("/ndn/workers", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "Nadaun गाँव" in workers and "प्लंबर</span>" in workers


def test_the_chosen_option_is_marked_and_an_odd_one_ignored(client, listings):
    honey = db.session.scalar(sa.select(ProductCategory).where(ProductCategory.slug == "honey"))
    html = client.get(f"/ndn/products?category={honey.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{honey.id}">Honey</option>', html)
    assert html.count("<option selected") == 1  # the sort menu marks nothing here
    odd = client.get("/ndn/products?category=999999&village=abc")
    assert odd.status_code == 200 and "Pickle 1" in odd.get_data(as_text=True)


def test_a_product_approved_in_the_panel_shows_to_visitors_at_once(app, nadaun, listings,
                                                                     page_cache):
    group, _leader = listings
    waiting = make_product(group, name_en="Rhododendron squash", approved=False)
    db.session.commit()
    visitor = app.test_client()
    assert "Rhododendron" not in visitor.get("/ndn/products").get_data(as_text=True)
    assert visitor.get("/ndn/products").headers.get("X-Page-Cache") == "hit"
    staff = app.test_client()
    sign_in(staff, make_user(Role.STAFF, sub_division=nadaun))
    assert submit(staff, f"/panel/approvals/product/{waiting.id}",
                  {"decision": "approve"}).status_code == 303
    assert db.session.get(Product, waiting.id).status is ProductStatus.APPROVED
    fresh = visitor.get("/ndn/products")
    assert "X-Page-Cache" not in fresh.headers
    assert "Rhododendron" in fresh.get_data(as_text=True)
    assert "Rhododendron" in visitor.get(f"/ndn/shg/{group.id}").get_data(as_text=True)


def test_a_category_renamed_by_an_admin_shows_in_the_menus_at_once(app, listings, page_cache):
    seed_product_categories()
    visitor = app.test_client()
    assert "Honey and beeswax" not in visitor.get("/ndn/products").get_data(as_text=True)
    admin = app.test_client()
    sign_in(admin, make_user(Role.ADMIN))
    honey = db.session.scalar(sa.select(ProductCategory).where(ProductCategory.slug == "honey"))
    page = "/panel/settings/categories"
    assert submit(admin, f"{page}/{honey.id}", {f"c{honey.id}-name_en": "Honey and beeswax",
                                                f"c{honey.id}-name_hi": "शहद और मोम"},
                  page=page).status_code == 303
    assert "Honey and beeswax</option>" in visitor.get("/ndn/products").get_data(as_text=True)


def test_a_restock_by_a_member_shows_at_once(app, client, listings, page_cache):
    group, leader = listings
    product = db.session.scalar(sa.select(Product).where(Product.name_en == "Pickle 0"))
    visitor = app.test_client()
    assert "₹777" not in visitor.get("/ndn/products").get_data(as_text=True)
    sign_in(client, leader)
    assert submit(client, f"/products/{product.id}/stock",
                  {f"p{product.id}-price": "777", f"p{product.id}-stock": "5"},
                  page="/products/mine").status_code in (302, 303)
    assert "₹777" in visitor.get("/ndn/products").get_data(as_text=True)


def test_a_workers_own_change_shows_at_once(app, client, nadaun, page_cache):
    worker = make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    visitor = app.test_client()
    assert 'badge-sent">Available now' in visitor.get("/ndn/workers").get_data(as_text=True)
    sign_in(client, worker.user)
    assert submit(client, "/workers/me/availability", {"availability": "not_taking"},
                  page="/workers/me").status_code in (302, 303)
    html = visitor.get("/ndn/workers").get_data(as_text=True)
    assert 'class="badge">Not taking work' in html and 'badge-sent">Available now' not in html


def test_a_change_made_on_another_server_is_seen_at_the_next_request(app, listings,
                                                                      page_cache):
    """Server B shares only the version (Redis, or the instance folder's file): it renames a
    kind of work and bumps; this process drops its copies and its cached pages."""
    visitor = app.test_client()
    visitor.get("/ndn/workers")
    assert visitor.get("/ndn/workers").headers.get("X-Page-Cache") == "hit"
    plumber = db.session.scalar(sa.select(WorkerCategory).where(WorkerCategory.slug == "plumber"))
    # what server B's commit leaves behind: the row changed, a new version in the store
    db.session.execute(sa.update(WorkerCategory).where(WorkerCategory.id == plumber.id)
                       .values(name_en="Pipe fitter"))
    freshness._write("written-by-server-b")
    html = visitor.get("/ndn/workers").get_data(as_text=True)
    assert "Pipe fitter</option>" in html and "Pipe fitter</span>" in html


def test_only_writes_to_what_public_pages_show_change_the_version(nadaun):
    before = freshness._read()
    make_user(Role.RESIDENT)
    db.session.flush()
    assert freshness._read() == before
    make_worker(nadaun)
    assert freshness._read() != before


def test_a_list_statement_is_built_once_per_filters_until_the_data_changes(app, nadaun,
                                                                          listings):
    from dataclasses import replace
    from datetime import date

    from marketplace.catalogue.queries import ProductFilters, search_products
    from marketplace.workers.queries import WorkerFilters, search_workers

    day = date(2026, 12, 5)
    workers = WorkerFilters(sub_division_id=nadaun.id, sort="rate")
    products = ProductFilters(sub_division_id=nadaun.id, sort="price")
    with app.test_request_context("/ndn/workers"):
        first = search_workers(workers, today=day)
        assert search_workers(replace(workers), today=day) is first
        assert search_workers(workers, today=day.replace(day=6)) is not first
        assert search_workers(replace(workers, sort="rating"), today=day) is not first
        kept_products = search_products(products)
        assert search_products(replace(products)) is kept_products
    with app.test_request_context("/ndn/workers"):
        make_worker(nadaun, name="Worker 3")  # a change to what the pages list
        db.session.commit()
    with app.test_request_context("/ndn/workers"):
        again = search_workers(workers, today=day)
        assert again is not first
        assert "Worker 3" in [row.display_name for row in db.session.execute(again.ordered())]
        assert search_products(products) is not kept_products


def test_at_most_kept_copies_are_held(app, monkeypatch):
    monkeypatch.setattr(freshness, "KEPT", 3)
    with app.test_request_context("/"):
        for n in range(5):
            assert freshness.remembered(("filters", n), lambda n=n: n * n) == n * n
        assert len(freshness._copies) == 3
        assert freshness.remembered(("filters", 4), lambda: "built again") == 16


def test_threads_of_one_process_bumping_at_once_all_succeed(app):
    """Two threads of one worker (gthread, or two admins' imports) write the version at the
    same instant: each writes its own temporary file, so neither renames the other's away,
    and the version read afterwards is whole."""
    from tests.helpers import run_together

    def bump_often(index: int) -> int:
        with app.test_request_context("/"):
            for _ in range(200):
                freshness.bump()
            return index

    assert run_together(4, bump_often) == [0, 1, 2, 3]
    with app.test_request_context("/"):
        assert len(freshness._read()) == 16
