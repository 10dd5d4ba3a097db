"""Staff set their sub-division's delivery slots and charges; bad input saves nothing."""

from __future__ import annotations

from datetime import time

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.delivery.models import DeliverySlot, DeliveryTerms
from marketplace.extensions import db
from tests.helpers import make_slot, make_sub_division, make_user, sign_in, submit

GOOD_SLOT = {"weekdays": ["1", "2", "3", "4", "5", "6"], "starts_at": "09:00",
             "ends_at": "12:00", "capacity": "40", "cutoff_hours": "12", "is_active": "y"}
GOOD_TERMS = {"charge": "30", "free_from": "500", "minimum_order": "100"}


@pytest.fixture
def staff(client, nadaun):
    user = make_user(Role.STAFF, sub_division=nadaun)
    sign_in(client, user)
    return user


def _slots(sub_division) -> list[DeliverySlot]:
    return db.session.scalars(sa.select(DeliverySlot).where(
        DeliverySlot.sub_division_id == sub_division.id).order_by(DeliverySlot.id)).all()


def _add(client, **changes):
    return submit(client, "/panel/delivery/slots", {**GOOD_SLOT, **changes},
                  page="/panel/delivery")


def test_staff_add_a_slot_and_see_it_listed(client, nadaun, staff):
    page = client.get("/panel/delivery").get_data(as_text=True)
    assert "No delivery slots yet" in page
    response = _add(client)
    assert response.status_code == 302
    [slot] = _slots(nadaun)
    assert (slot.weekdays, slot.starts_at, slot.ends_at) == ("123456", time(9), time(12))
    assert (slot.capacity, slot.cutoff_minutes, slot.is_active) == (40, 720, True)
    page = client.get("/panel/delivery").get_data(as_text=True)
    assert "Delivery slot added" in page
    assert "Mon, Tue, Wed, Thu, Fri, Sat" in page and "09:00–12:00" in page
    assert "12 hours before" in page


def test_a_slot_can_be_added_switched_off_with_a_half_hour_cutoff(client, nadaun, staff):
    data = {key: value for key, value in GOOD_SLOT.items() if key != "is_active"}
    response = submit(client, "/panel/delivery/slots",
                      {**data, "weekdays": ["7"], "cutoff_hours": "1.5"}, page="/panel/delivery")
    assert response.status_code == 302
    [slot] = _slots(nadaun)
    assert (slot.weekdays, slot.cutoff_minutes, slot.is_active) == ("7", 90, False)


@pytest.mark.parametrize(("changes", "message"), [
    ({"weekdays": []}, "Choose at least one day"),
    ({"weekdays": ["8"]}, "Choose days from the list"),
    ({"starts_at": "25:00"}, "Enter a time like"),
    ({"starts_at": "nine"}, "Enter a time like"),
    ({"ends_at": ""}, "Enter a time like"),
    ({"starts_at": "12:00", "ends_at": "09:00"}, "end time must be after"),
    ({"starts_at": "09:00", "ends_at": "09:00"}, "end time must be after"),
    ({"capacity": "0"}, "from 1 to 1000"),
    ({"capacity": "1001"}, "from 1 to 1000"),
    ({"capacity": "abc"}, "from 1 to 1000"),
    ({"capacity": "-5"}, "from 1 to 1000"),
    ({"capacity": "4.5"}, "from 1 to 1000"),
    ({"cutoff_hours": "-1"}, "number of hours"),
    ({"cutoff_hours": "NaN"}, "number of hours"),
    ({"cutoff_hours": "1e3"}, "number of hours"),
    ({"cutoff_hours": "169"}, "At most 168 hours"),
])
def test_a_bad_slot_is_shown_again_with_the_reason_and_nothing_is_saved(client, nadaun, staff,
                                                                        changes, message):
    response = _add(client, **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _slots(nadaun) == []


def test_devanagari_digits_are_read_as_digits(client, nadaun, staff):
    assert _add(client, capacity="४०", starts_at="०९:३०").status_code == 302
    [slot] = _slots(nadaun)
    assert (slot.capacity, slot.starts_at) == (40, time(9, 30))


def test_staff_change_a_slot(client, nadaun, staff):
    slot = make_slot(nadaun, capacity=50, cutoff_minutes=90)
    form = client.get(f"/panel/delivery/slots/{slot.id}").get_data(as_text=True)
    assert 'value="1.5"' in form and 'value="50"' in form and 'value="09:00"' in form
    response = submit(client, f"/panel/delivery/slots/{slot.id}",
                      {**GOOD_SLOT, "weekdays": ["6", "7"], "starts_at": "16:00",
                       "ends_at": "19:30", "capacity": "10", "cutoff_hours": "2",
                       "is_active": ""})
    assert response.status_code == 302
    db.session.refresh(slot)
    assert (slot.weekdays, slot.starts_at, slot.ends_at) == ("67", time(16), time(19, 30))
    assert (slot.capacity, slot.cutoff_minutes, slot.is_active) == (10, 120, False)


def test_a_bad_change_saves_nothing(client, nadaun, staff):
    slot = make_slot(nadaun, capacity=50)
    response = submit(client, f"/panel/delivery/slots/{slot.id}",
                      {**GOOD_SLOT, "capacity": "lots"})
    assert response.status_code == 400 and "from 1 to 1000" in response.get_data(as_text=True)
    db.session.refresh(slot)
    assert slot.capacity == 50


def test_a_slot_of_another_sub_division_is_not_found(client, nadaun, staff):
    barsar_slot = make_slot(make_sub_division("BRS", "Barsar"), capacity=7)
    assert client.get(f"/panel/delivery/slots/{barsar_slot.id}").status_code == 404
    response = submit(client, f"/panel/delivery/slots/{barsar_slot.id}", GOOD_SLOT,
                      page="/panel/delivery")
    assert response.status_code == 404
    db.session.refresh(barsar_slot)
    assert barsar_slot.capacity == 7
    assert client.get("/panel/delivery/slots/999999").status_code == 404


def _charges(client, **changes):
    return submit(client, "/panel/delivery/charges", {**GOOD_TERMS, **changes},
                  page="/panel/delivery")


def test_staff_set_the_delivery_charges(client, nadaun, staff):
    page = client.get("/panel/delivery").get_data(as_text=True)
    assert 'value="30"' in page and 'value="500"' in page  # the defaults until set
    assert _charges(client, charge="25.50", free_from="₹1,000").status_code == 303
    terms = db.session.get(DeliveryTerms, nadaun.id)
    assert (terms.charge_paise, terms.free_from_paise, terms.minimum_order_paise) == (
        2550, 100000, 10000)
    assert terms.updated_by_id == staff.id
    assert "Delivery charges saved" in client.get("/panel/delivery").get_data(as_text=True)


def test_a_blank_free_from_means_delivery_is_never_free_and_zero_charge_is_allowed(
        client, nadaun, staff):
    assert _charges(client, charge="0", free_from="", minimum_order="0").status_code == 303
    terms = db.session.get(DeliveryTerms, nadaun.id)
    assert (terms.charge_paise, terms.free_from_paise, terms.minimum_order_paise) == (0, None, 0)


@pytest.mark.parametrize("changes", [
    {"charge": "abc"}, {"charge": "-5"}, {"charge": "NaN"}, {"charge": "Infinity"},
    {"charge": ""}, {"charge": "1000.01"}, {"charge": "1e3"}, {"charge": "30.555"},
    {"free_from": "0"}, {"free_from": "-100"}, {"free_from": "NaN"},
    {"minimum_order": "abc"}, {"minimum_order": "-1"}, {"minimum_order": "sNaN"},
])
def test_bad_charges_are_refused_and_nothing_is_saved(client, nadaun, staff, changes):
    response = _charges(client, **changes)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    assert db.session.get(DeliveryTerms, nadaun.id) is None


def test_a_bad_charge_keeps_what_was_saved_before(client, nadaun, staff):
    _charges(client)
    assert _charges(client, charge="abc").status_code == 400
    assert db.session.get(DeliveryTerms, nadaun.id).charge_paise == 3000


def test_other_roles_cannot_set_delivery(client, nadaun):
    sign_in(client, make_user(Role.OPERATOR, sub_division=nadaun))
    assert client.get("/panel/delivery").status_code == 403


def test_staff_set_the_cap_on_open_cash_orders_per_account(client, nadaun, staff):
    page = client.get("/panel/delivery").get_data(as_text=True)
    assert 'name="max_open_cash_orders"' in page and 'value="3"' in page
    assert _charges(client, max_open_cash_orders="5").status_code == 303
    assert db.session.get(DeliveryTerms, nadaun.id).max_open_cash_orders == 5
    for wrong in ("0", "51", "many"):
        response = _charges(client, max_open_cash_orders=wrong)
        assert response.status_code == 400
        assert "a number from 1 to 50" in response.get_data(as_text=True)
    assert db.session.get(DeliveryTerms, nadaun.id).max_open_cash_orders == 5
