"""Several sub-divisions on one site: the start page, the choice remembered, and public URLs
that name the sub-division (places/tenant.py)."""

from __future__ import annotations

import pytest

from marketplace.accounts.models import Role, User
from marketplace.extensions import db
from tests.helpers import (
    first_village,
    make_group,
    make_product,
    make_sub_division,
    make_user,
    make_worker,
    sign_in,
    submit,
)


@pytest.fixture
def sonepur():
    """A second sub-division in another state (Saran, Bihar)."""
    place = make_sub_division("SNP", "Sonepur")
    place.name_hi, place.district_en, place.district_hi = "सोनपुर", "Saran", "सारण"
    place.state_en, place.state_hi = "Bihar", "बिहार"
    village = first_village(place)
    village.latitude, village.longitude = 25.70, 85.18
    db.session.commit()
    return place


@pytest.fixture
def two(nadaun, sonepur):
    village = first_village(nadaun)
    village.latitude, village.longitude = 31.78, 76.35
    db.session.commit()
    return nadaun, sonepur


def _choose(client, code: str):
    return submit(client, f"/choose/{code}", page="/choose")


def test_a_site_of_one_sub_division_opens_on_its_home(client, nadaun):
    html = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Choose your sub-division" not in html and "Fresh today" not in html
    assert "Nadaun sub-division, Hamirpur district" in html and "Change sub-division" not in html
    assert 'href="/ndn/workers"' in html and 'href="/ndn/products"' in html


def test_the_start_page_lists_states_districts_and_sub_divisions_in_hindi(client, two):
    html = client.get("/", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert "अपना उपमंडल चुनें" in html
    assert "बिहार" in html and "सारण ज़िला" in html and "सोनपुर" in html
    assert "हिमाचल प्रदेश" in html and "हमीरपुर ज़िला" in html
    assert 'formaction="/choose/snp"' in html and 'formaction="/choose/ndn"' in html


@pytest.mark.parametrize("query", ["sonepur", "सोनपुर", "Saran", "बिहार"])
def test_the_start_page_finds_a_sub_division_by_name_in_either_script(client, two, query):
    html = client.get("/choose", query_string={"q": query},
                      headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "/choose/snp" in html and "/choose/ndn" not in html
    assert "1 sub-division found." in html


def test_a_name_that_matches_nothing_says_so(client, two):
    html = client.get("/choose?q=zzzz", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "No sub-division has that name" in html


def test_use_my_location_lists_the_nearest_first(client, two):
    html = client.get("/choose?lat=25.69&lng=85.20", headers={"Accept-Language": "en"}
                      ).get_data(as_text=True)
    nearest = html.split("Nearest to you", 1)[1].split("</section>", 1)[0]
    assert nearest.index("/choose/snp") < nearest.index("/choose/ndn")
    html = client.get("/choose?lat=999&lng=nope", headers={"Accept-Language": "en"})
    assert html.status_code == 200 and "Nearest to you" not in html.get_data(as_text=True)


def test_a_visitors_choice_is_remembered_and_leads_every_link_there(client, two):
    response = _choose(client, "snp")
    assert response.status_code == 303 and response.headers["Location"] == "/snp/"
    home = client.get("/")
    assert home.status_code == 302 and home.headers["Location"] == "/snp/"
    html = client.get("/snp/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sonepur sub-division, Saran district, Bihar" in html
    assert 'href="/snp/workers"' in html and 'href="/snp/products"' in html
    assert 'href="/choose"' in html  # "Change sub-division"
    # A page that names no sub-division (signing in) links to the chosen one too.
    assert 'href="/snp/workers"' in client.get("/signin").get_data(as_text=True)


def test_a_residents_choice_follows_the_account_to_another_phone(app, client, two):
    resident = make_user()
    sign_in(client, resident)
    _choose(client, "snp")
    assert db.session.get(User, resident.id).chosen_sub_division_id == two[1].id
    other_phone = app.test_client()
    sign_in(other_phone, resident)
    assert other_phone.get("/").headers["Location"] == "/snp/"


def test_staff_open_on_their_own_sub_division(client, two):
    sign_in(client, make_user(Role.STAFF, sub_division=two[1]))
    assert client.get("/").headers["Location"] == "/snp/"


def test_a_code_that_names_no_sub_division_is_a_404_that_leads_to_the_start_page(client, two):
    response = client.get("/xyz/workers", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 404 and 'href="/choose"' in html
    assert submit(client, "/choose/xyz", page="/choose").status_code == 404


def test_each_sub_divisions_directory_and_catalogue_list_its_own(client, two):
    nadaun, sonepur = two
    make_worker(nadaun, name="Hamirpur Plumber")
    make_worker(sonepur, name="Saran Plumber")
    make_product(make_group(nadaun, name="Nadaun SHG")[0], name_en="Kangra tea")
    make_product(make_group(sonepur, name="Sonepur SHG")[0], name_en="Makhana")
    db.session.commit()
    ndn = client.get("/ndn/workers").get_data(as_text=True)
    snp = client.get("/snp/workers").get_data(as_text=True)
    assert "Hamirpur Plumber" in ndn and "Saran Plumber" not in ndn
    assert "Saran Plumber" in snp and "Hamirpur Plumber" not in snp
    assert "Makhana" in client.get("/snp/products").get_data(as_text=True)
    assert "Makhana" not in client.get("/NDN/products").get_data(as_text=True)


def test_a_listing_opened_under_another_sub_division_moves_to_its_own(client, two):
    nadaun, sonepur = two
    worker = make_worker(sonepur)
    group, _leader = make_group(sonepur)
    product = make_product(group)
    db.session.commit()
    for wrong, right in ((f"/ndn/workers/{worker.id}", f"/snp/workers/{worker.id}"),
                         (f"/ndn/products/{product.id}?x=1", f"/snp/products/{product.id}?x=1"),
                         (f"/ndn/shg/{group.id}", f"/snp/shg/{group.id}")):
        response = client.get(wrong)
        assert response.status_code == 301 and response.headers["Location"] == right
        assert client.get(right).status_code == 200


def test_old_links_move_to_the_listings_or_the_visitors_sub_division(client, two):
    worker = make_worker(two[1])
    db.session.commit()
    assert client.get(f"/workers/{worker.id}").headers["Location"] == f"/snp/workers/{worker.id}"
    # Nothing chosen: the oldest sub-division; chosen: that one. The query string is kept.
    assert client.get("/products?q=ghee").headers["Location"] == "/ndn/products?q=ghee"
    _choose(client, "snp")
    moved = client.get("/workers?category=3")
    assert moved.status_code == 301 and moved.headers["Location"] == "/snp/workers?category=3"


def test_a_tenants_list_pages_cost_the_same_queries_as_the_others(client, two, count_queries):
    for place in two:
        for n in range(3):
            make_worker(place, name=f"Worker {n}")
        group, _leader = make_group(place, name=f"Group {place.code}")
        make_product(group)
    db.session.commit()
    costs = {}
    for path in ("/ndn/workers", "/snp/workers", "/ndn/products", "/snp/products"):
        client.get(path)  # reference data kept, as on a running server
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        costs[path] = len(statements)
    assert costs["/ndn/workers"] == costs["/snp/workers"]
    assert costs["/ndn/products"] == costs["/snp/products"]


def test_the_village_poster_leads_to_its_own_sub_divisions_directory(app, two):
    from marketplace.panel.posters import directory_url

    village = first_village(two[1])
    with app.test_request_context("/"):
        assert directory_url(village).endswith(f"/snp/workers?village={village.id}")


def test_a_link_made_outside_a_request_leads_to_the_oldest_sub_division(app, two):
    from flask import url_for

    app.config["SERVER_NAME"], before = "swarozgar.example", app.config.get("SERVER_NAME")
    try:
        with app.app_context():
            assert url_for("workers.search").endswith("/ndn/workers")
    finally:
        app.config["SERVER_NAME"] = before
