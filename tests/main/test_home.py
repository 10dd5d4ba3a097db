"""Home page, language switch, health check."""

from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.catalogue.models import ProductStatus
from marketplace.config import TestingConfig
from marketplace.extensions import db
from tests.helpers import make_group, make_product, make_user, sign_in, submit


def test_the_home_page_says_what_the_site_is_and_where_it_serves(client, nadaun):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Local workers and self-help group products" in html
    assert "Nadaun sub-division, Hamirpur district, Himachal Pradesh" in html


def test_the_browser_language_is_the_default(client):
    assert 'lang="hi"' in client.get("/", headers={"Accept-Language": "hi-IN"}).get_data(
        as_text=True)
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "en-GB"}).get_data(
        as_text=True)


def test_a_visitor_switches_language_and_it_is_remembered(client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = submit(client, "/language/hi", {"next": "/signin"}, page="/")
    assert response.status_code == 303 and response.headers["Location"] == "/signin"
    assert 'lang="hi"' in client.get("/").get_data(as_text=True)
    submit(client, "/language/en", page="/")
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_the_choice_is_saved_on_the_account_and_follows_it_to_other_devices(app, client):
    user = make_user(language="en")
    sign_in(client, user)
    submit(client, "/language/hi", page="/")
    db.session.refresh(user)
    assert user.preferred_language == "hi"
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    sign_in(other, user)
    assert 'lang="hi"' in other.get("/").get_data(as_text=True)


def test_the_language_switch_needs_the_form_token(client):
    client.get("/")
    forged = client.post("/language/hi", data={"next": "/"})
    assert forged.status_code == 400
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_a_forged_language_switch_changes_neither_the_account_nor_the_session(client):
    user = make_user(language="en")
    sign_in(client, user)
    assert client.post("/language/hi").status_code == 400
    db.session.refresh(user)
    assert user.preferred_language == "en"
    assert client.get("/account").status_code == 200  # still signed in


def test_an_unknown_language_or_an_outside_next_is_handled(client):
    assert submit(client, "/language/fr", page="/").status_code == 404
    response = submit(client, "/language/en", {"next": "https://evil.example/"}, page="/")
    assert response.headers["Location"] == "/"


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_health_check_fails_when_the_database_is_unreachable(tmp_path):
    broken = create_app(TestingConfig(database_url=f"sqlite:///{tmp_path}/missing/dir/x.db"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


@pytest.mark.parametrize("page", ["/", "/signin", "/signup", "/password/forgot"])
def test_pages_render_in_both_languages(client, page):
    for language in ("hi", "en"):
        assert client.get(page, headers={"Accept-Language": language}).status_code == 200


def test_the_home_page_offers_fresh_produce_in_stock_with_a_button_and_a_search_box(
        client, nadaun):
    group, _leader = make_group(nadaun)
    make_product(group, name_en="Tomatoes", name_hi="टमाटर", category="vegetables")
    apples = make_product(group, name_en="Apples", name_hi="सेब", category="fruits")
    make_product(group, name_en="Peas", category="vegetables", stock=0)
    make_product(group, name_en="Lemons", category="fruits", can_deliver=False, can_pick_up=True)
    make_product(group, name_en="Mango pickle", category="pickles-preserves")
    make_product(group, name_en="Ginger", category="vegetables").status = (
        ProductStatus.PENDING_REVIEW)
    db.session.commit()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "hi"
    sign_in(client, make_user(name="Sunita"))
    html = client.get("/").get_data(as_text=True)
    strip = html.split('class="product-grid fresh-strip"', 1)[1].split("</ol>", 1)[0]
    assert "ताज़ा आज" in html and "सेब" in strip and "टमाटर" in strip
    for other in ("Peas", "Lemons", "Mango pickle", "Ginger"):
        assert other not in strip
    assert f'action="/cart/add/{apples.id}"' in strip and "कार्ट में डालें" in strip
    assert 'action="/ndn/products"' in html and 'name="q"' in html  # the search box


def test_the_fresh_strip_costs_one_query_however_many_products(client, nadaun, count_queries):
    group, _leader = make_group(nadaun)

    def queries_for(total: int) -> int:
        for n in range(total):
            make_product(group, name_en=f"Greens {total}-{n}", category="vegetables")
        db.session.commit()
        client.get("/")  # warms the kept reference copies
        with count_queries() as statements:
            assert client.get("/").status_code == 200
        return len(statements)

    assert queries_for(1) == queries_for(12)


def test_workers_are_counted_once_while_nothing_changes_and_anew_after(client, nadaun,
                                                                       count_queries):
    from tests.helpers import make_worker

    make_worker(nadaun)
    db.session.commit()
    sign_in(client, make_user())  # a signed-in visit: no kept page
    client.get("/ndn/")
    with count_queries() as statements:
        html = client.get("/ndn/").get_data(as_text=True)
    assert not [sql for sql in statements if "count(worker_profiles.id)" in sql]
    assert html.count("1 available") == 1  # the plumbers
    make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    assert "2 available" in client.get("/ndn/").get_data(as_text=True)
