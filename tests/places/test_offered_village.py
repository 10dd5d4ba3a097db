"""The order and booking forms offer the village this person means, or make them choose: never
silently the first of the list."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.places.errors import PlaceError
from marketplace.places.forms import SEARCHED_VILLAGE
from marketplace.places.models import Village
from marketplace.places.services import ensure_village, village_of
from tests.helpers import (
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
    make_worker,
    sign_in,
    submit,
)


@pytest.fixture
def place(app):
    nadaun = make_sub_division()
    panchayat = db.session.scalars(sa.select(Village)).one().panchayat
    for name in ("Dhaneta", "Amtar"):
        ensure_village(panchayat, name_en=name, name_hi=name + " (हि)", latitude=31.7,
                       longitude=76.3)
    group, _ = make_group(nadaun)
    villages = db.session.scalars(sa.select(Village).where(Village.sub_division_id == nadaun.id)
                                  .order_by(Village.id)).all()
    return {"nadaun": nadaun, "villages": villages, "slot": make_slot(nadaun),
            "pickle": make_product(group, price_paise=18000, stock=20),
            "worker": make_worker(nadaun, phone="+919816055555")}


def selected_village(html: str) -> str | None:
    select = re.search(r'<select[^>]*name="village".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected',
                       select)
    return (chosen.group(1) or chosen.group(2)) if chosen else None


def checkout_page(client, place) -> str:
    submit(client, f"/cart/add/{place['pickle'].id}", {"quantity": "1"},
           page=f"/ndn/products/{place['pickle'].id}")
    return client.get("/checkout").get_data(as_text=True)


def order(client, place, village: Village, address: str):
    html = checkout_page(client, place)
    fields = dict(re.findall(r'name="(checkout_key|quoted_total)"[^>]*value="([^"]*)"', html))
    slot = re.search(r'name="slot" value="([^"]+)"', html).group(1)
    return submit(client, "/checkout", {**fields, "slot": slot, "village": str(village.id),
                                        "address": address, "phone": "98160 11111",
                                        "payment": "cash"}, page="/checkout")


def test_a_first_order_makes_the_buyer_choose_the_village(client, place):
    sign_in(client, make_user(Role.RESIDENT))
    html = checkout_page(client, place)
    assert "Choose the village or ward" in html
    assert selected_village(html) in (None, "")
    refused = submit(client, "/checkout", {"village": "", "address": "House 1"},
                     page="/checkout")
    assert refused.status_code == 400
    assert "Choose the village or ward." in refused.get_data(as_text=True)


def test_the_next_order_and_booking_offer_the_last_village_and_address(client, place):
    sign_in(client, make_user(Role.RESIDENT))
    second = place["villages"][1]
    assert order(client, place, second, "House 7, behind the school").status_code == 303
    html = checkout_page(client, place)
    assert selected_village(html) == str(second.id)
    assert "House 7, behind the school" in html
    booking = client.get(f"/bookings/new/{place['worker'].id}").get_data(as_text=True)
    assert selected_village(booking) == str(second.id)
    assert "House 7, behind the school" in booking


def test_a_search_near_a_village_is_offered_on_the_booking_form(client, place):
    sign_in(client, make_user(Role.RESIDENT))
    searched = place["villages"][-1]
    assert client.get(f"/ndn/workers?village={searched.id}").status_code == 200
    booking = client.get(f"/bookings/new/{place['worker'].id}").get_data(as_text=True)
    assert selected_village(booking) == str(searched.id)
    # no address known for that village
    assert re.search(r'<input[^>]*name="address"[^>]*value=""', booking)


def test_a_visitors_search_is_not_noted_in_the_session(client, place):
    """Visitors' search pages are cached and shared: nothing of theirs may go in them."""
    assert client.get(f"/ndn/workers?village={place['villages'][0].id}").status_code == 200
    with client.session_transaction() as session:
        assert SEARCHED_VILLAGE not in session


def test_a_village_is_taken_only_from_its_own_sub_division(place):
    """One rule for an order's, a booking's and a group's village (places.services.village_of)."""
    village = place["villages"][0]
    assert village_of(place["nadaun"].id, village.id) is village
    elsewhere = make_sub_division(code="SNP", name="Sonepur")
    for sub_division_id, village_id in ((elsewhere.id, village.id), (place["nadaun"].id, None),
                                        (place["nadaun"].id, 10**9)):
        with pytest.raises(InvalidInput) as refused:
            village_of(sub_division_id, village_id)
        assert refused.value.code is PlaceError.VILLAGE
