"""Site admins add sub-divisions and their blocks, panchayats and villages; staff may not."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from marketplace.places.models import Block, Panchayat, SubDivision, Village, VillageKind
from marketplace.places.services import add_block, add_panchayat, add_sub_division, add_village
from tests.helpers import first_village, make_sub_division, make_user, sign_in, submit


@pytest.fixture
def admin_client(client):
    sign_in(client, make_user(Role.ADMIN))
    return client


def count(model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


SUB_DIVISION = {"code": "bgr", "name_en": "Bhoranj", "name_hi": "भोरंज",
                "district_en": "Hamirpur", "district_hi": "हमीरपुर",
                "state_en": "Himachal Pradesh", "state_hi": "हिमाचल प्रदेश"}


def test_an_admin_adds_a_sub_division_with_a_capital_code(admin_client):
    response = submit(admin_client, "/panel/settings/sub-divisions", SUB_DIVISION)
    assert response.status_code == 303
    added = db.session.scalars(sa.select(SubDivision)).one()
    assert (added.code, added.name_hi, added.state_en) == ("BGR", "भोरंज", "Himachal Pradesh")
    assert response.headers["Location"].endswith(f"/panel/settings/sub-divisions/{added.id}")
    assert count(AuditEvent, AuditEvent.action == "place.sub_division_added",
                 AuditEvent.subject_id == added.id) == 1
    page = admin_client.get("/panel/settings/sub-divisions").get_data(as_text=True)
    assert "BGR" in page and "Bhoranj" in page


@pytest.mark.parametrize("code", ["B", "ABCDEFG", "N1", "नदौन", "", "N D"])
def test_a_bad_code_is_refused_and_nothing_is_written(admin_client, code):
    response = submit(admin_client, "/panel/settings/sub-divisions",
                      {**SUB_DIVISION, "code": code})
    assert response.status_code == 400
    assert count(SubDivision) == 0


@pytest.mark.parametrize("changes", [{"name_en": ""}, {"district_hi": " "},
                                     {"state_en": "x" * 81}])
def test_missing_or_long_names_are_refused(admin_client, changes):
    response = submit(admin_client, "/panel/settings/sub-divisions", {**SUB_DIVISION, **changes})
    assert response.status_code == 400 and count(SubDivision) == 0


def test_a_code_in_use_is_refused(admin_client):
    make_sub_division("BGR", "Bhoranj")
    response = submit(admin_client, "/panel/settings/sub-divisions", SUB_DIVISION)
    assert response.status_code == 409
    assert "exists already" in response.get_data(as_text=True)
    assert count(SubDivision) == 1


def places_url(sub_division) -> str:
    return f"/panel/settings/sub-divisions/{sub_division.id}"


def test_an_admin_adds_a_block_a_town_and_a_ward_with_its_position(admin_client, nadaun):
    url = places_url(nadaun)
    assert submit(admin_client, f"{url}/blocks",
                  {"block_name_en": "Galore", "block_name_hi": "गलोड़"}).status_code == 303
    block = db.session.scalar(sa.select(Block).where(Block.name_en == "Galore"))
    assert submit(admin_client, f"{url}/panchayats", {
        "block": str(block.id), "panchayat_name_en": "Galore Town",
        "panchayat_name_hi": "गलोड़ नगर", "is_urban": "y"}, page=url).status_code == 303
    town = db.session.scalar(sa.select(Panchayat).where(Panchayat.name_en == "Galore Town"))
    assert town.is_urban and town.block_id == block.id
    response = submit(admin_client, f"{url}/villages", {
        "panchayat": str(town.id), "village_name_en": "Ward 1", "village_name_hi": "वार्ड १",
        "kind": "ward", "latitude": "31.7012", "longitude": "७६.४"}, page=url)
    assert response.status_code == 303
    ward = db.session.scalar(sa.select(Village).where(Village.name_en == "Ward 1"))
    assert (ward.kind, ward.latitude, ward.longitude) == (VillageKind.WARD, 31.7012, 76.4)
    assert (ward.block_id, ward.sub_division_id) == (block.id, nadaun.id)
    assert count(AuditEvent, AuditEvent.action.like("place.%_added")) == 3
    page = admin_client.get(url).get_data(as_text=True)
    assert "Galore Town" in page and "Ward 1" in page and "31.7012" in page


def test_a_village_without_a_position_goes_to_the_middle_of_the_others(admin_client, nadaun):
    panchayat = first_village(nadaun).panchayat
    response = submit(admin_client, f"{places_url(nadaun)}/villages", {
        "panchayat": str(panchayat.id), "village_name_en": "Kohla",
        "village_name_hi": "कोहला", "kind": "village"}, page=places_url(nadaun))
    assert response.status_code == 303
    kohla = db.session.scalar(sa.select(Village).where(Village.name_en == "Kohla"))
    assert (kohla.latitude, kohla.longitude) == (31.78, 76.35)  # the only other village


def test_the_first_village_of_a_new_sub_division_needs_a_position(admin_client):
    admin = make_user(Role.ADMIN)
    empty = add_sub_division(**SUB_DIVISION, actor_id=admin.id)
    block = add_block(empty, name_en="B", name_hi="ब", actor_id=admin.id)
    panchayat = add_panchayat(block, name_en="P", name_hi="प", is_urban=False,
                              actor_id=admin.id)
    response = submit(admin_client, f"{places_url(empty)}/villages", {
        "panchayat": str(panchayat.id), "village_name_en": "First", "village_name_hi": "पहला",
        "kind": "village"}, page=places_url(empty))
    assert response.status_code == 400
    assert "needs its latitude and longitude" in response.get_data(as_text=True)
    assert count(Village) == 0


@pytest.mark.parametrize("position", [{"latitude": "91", "longitude": "76"},
                                      {"latitude": "31", "longitude": "-181"},
                                      {"latitude": "nan", "longitude": "76"},
                                      {"latitude": "inf", "longitude": "76"},
                                      {"latitude": "31.7", "longitude": ""},
                                      {"latitude": "", "longitude": "76.3"},
                                      {"latitude": "north", "longitude": "76"}])
def test_bad_positions_are_refused(admin_client, nadaun, position):
    panchayat = first_village(nadaun).panchayat
    response = submit(admin_client, f"{places_url(nadaun)}/villages", {
        "panchayat": str(panchayat.id), "village_name_en": "Kohla",
        "village_name_hi": "कोहला", "kind": "village", **position}, page=places_url(nadaun))
    assert response.status_code == 400
    assert count(Village) == 1


def test_twin_names_are_refused(admin_client, nadaun):
    village = first_village(nadaun)
    url = places_url(nadaun)
    assert submit(admin_client, f"{url}/blocks", {
        "block_name_en": "nadaun block", "block_name_hi": "x"}).status_code == 409
    assert submit(admin_client, f"{url}/panchayats", {
        "block": str(village.block_id), "panchayat_name_en": "Nadaun GP",
        "panchayat_name_hi": "x"}, page=url).status_code == 409
    assert submit(admin_client, f"{url}/villages", {
        "panchayat": str(village.panchayat_id), "village_name_en": "Nadaun Village",
        "village_name_hi": "x", "kind": "village"}, page=url).status_code == 409
    assert (count(Block), count(Panchayat), count(Village)) == (1, 1, 1)


def test_a_block_or_panchayat_of_another_sub_division_is_refused(admin_client, nadaun,
                                                                 other_sub_division):
    elsewhere = first_village(other_sub_division)
    url = places_url(nadaun)
    assert submit(admin_client, f"{url}/panchayats", {
        "block": str(elsewhere.block_id), "panchayat_name_en": "Sneaky",
        "panchayat_name_hi": "x"}, page=url).status_code == 400
    assert submit(admin_client, f"{url}/villages", {
        "panchayat": str(elsewhere.panchayat_id), "village_name_en": "Sneaky",
        "village_name_hi": "x", "kind": "village", "latitude": "31", "longitude": "76"},
        page=url).status_code == 400
    assert count(Panchayat) == 2 and count(Village) == 2
    assert admin_client.get("/panel/settings/sub-divisions/999999").status_code == 404


def test_staff_cannot_change_places(client, nadaun):
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    url = places_url(nadaun)
    assert client.get("/panel/settings/sub-divisions").status_code == 403
    assert client.get(url).status_code == 403
    assert submit(client, "/panel/settings/sub-divisions", SUB_DIVISION,
                  page="/panel/settings").status_code == 403
    assert submit(client, f"{url}/blocks", {"block_name_en": "X", "block_name_hi": "X"},
                  page="/panel/settings").status_code == 403
    assert count(SubDivision) == 1 and count(Block) == 1


def test_the_places_page_runs_the_same_queries_for_few_or_many_places(admin_client, nadaun,
                                                                      count_queries):
    url = places_url(nadaun)
    admin_client.get(url)
    with count_queries() as few:
        admin_client.get(url)
    admin = make_user(Role.ADMIN)
    for b in range(4):
        block = add_block(nadaun, name_en=f"Block {b}", name_hi="ख", actor_id=admin.id)
        for p in range(3):
            panchayat = add_panchayat(block, name_en=f"GP {p}", name_hi="प", is_urban=False,
                                      actor_id=admin.id)
            for v in range(3):
                add_village(panchayat, name_en=f"V {b}{p}{v}", name_hi="ग",
                            kind=VillageKind.VILLAGE, latitude=31.0, longitude=76.0,
                            actor_id=admin.id)
    db.session.flush()
    admin_client.get(url)  # reference data kept again after the writes
    with count_queries() as many:
        assert "V 322" in admin_client.get(url).get_data(as_text=True)
    assert len(few) == len(many)


def test_an_admin_gives_a_sub_division_its_whatsapp_number_and_messages_to_it_are_served_there(
        admin_client, app, monkeypatch, nadaun):
    from marketplace.chat.models import InboundMessage
    from tests.chat.payloads import APP_SECRET, delivery, post_delivery, text_message

    barsar = make_sub_division("BRS", "Barsar")
    url = f"/panel/settings/sub-divisions/{barsar.id}"
    response = submit(admin_client, url + "/whatsapp",
                      {"whatsapp_phone_number_id": " 106540352242922 "}, page=url)
    assert response.status_code == 303
    assert barsar.whatsapp_phone_number_id == "106540352242922"
    assert count(AuditEvent, AuditEvent.action == "place.whatsapp_number_set") == 1
    assert "106540352242922" in admin_client.get(url).get_data(as_text=True)

    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", APP_SECRET)
    post_delivery(admin_client, delivery(text_message("hello"),
                                         phone_number_id="106540352242922"))
    assert db.session.scalars(sa.select(InboundMessage.sub_division_id)).all() == [barsar.id]

    submit(admin_client, url + "/whatsapp", {"whatsapp_phone_number_id": ""}, page=url)
    assert barsar.whatsapp_phone_number_id is None


@pytest.mark.parametrize(("typed", "code"), [
    ("+91 62012 34567", 400), ("abc", 400), ("१२३", 400), ("1" * 33, 400),
    ("555000111", 409),
])
def test_a_whatsapp_number_that_is_not_an_id_or_is_taken_is_refused(admin_client, nadaun,
                                                                     typed, code):
    nadaun.whatsapp_phone_number_id = "555000111"
    barsar = make_sub_division("BRS", "Barsar")
    url = f"/panel/settings/sub-divisions/{barsar.id}"
    response = submit(admin_client, url + "/whatsapp", {"whatsapp_phone_number_id": typed},
                      page=url)
    assert response.status_code == code
    assert barsar.whatsapp_phone_number_id is None
    assert "has-error" in response.get_data(as_text=True)


@pytest.mark.parametrize(("typed", "kept", "status"), [
    ("98160 12345", "+919816012345", 303), ("", None, 303),
    ("९८१६० १२३४५", "+919816012345", 303),  # Devanagari digits read as the same number
    ("12345", "unchanged", 400), ("x" * 30, "unchanged", 400),
])
def test_the_number_people_write_to_is_kept_as_an_indian_mobile_or_refused(
        admin_client, nadaun, typed, kept, status):
    nadaun.whatsapp_display_number = "+919816000000"
    url = f"/panel/settings/sub-divisions/{nadaun.id}"
    response = submit(admin_client, url + "/whatsapp",
                      {"whatsapp_phone_number_id": "", "whatsapp_display_number": typed},
                      page=url)
    assert response.status_code == status
    db.session.refresh(nadaun)
    assert nadaun.whatsapp_display_number == (
        "+919816000000" if kept == "unchanged" else kept)
    if status == 400:
        assert 'role="alert"' in response.get_data(as_text=True)
