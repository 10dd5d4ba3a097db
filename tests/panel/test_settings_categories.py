"""Site admins keep the product categories: add, rename in both languages, reorder."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductCategory
from marketplace.catalogue.queries import list_product_categories
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db
from tests.helpers import make_user, sign_in, submit

PAGE = "/panel/settings/categories"


@pytest.fixture
def admin_client(client):
    seed_product_categories()
    sign_in(client, make_user(Role.ADMIN))
    return client


def slugs() -> list[str]:
    return [c.slug for c in db.session.scalars(list_product_categories())]


def category(slug: str) -> ProductCategory:
    return db.session.scalar(sa.select(ProductCategory).where(ProductCategory.slug == slug))


def test_an_admin_adds_a_category_at_the_end(admin_client, nadaun):
    response = submit(admin_client, PAGE, {"name_en": "Herbal & Ayurvedic",
                                           "name_hi": "जड़ी-बूटी"})
    assert response.status_code == 303
    assert slugs()[-1] == "herbal-ayurvedic"
    added = category("herbal-ayurvedic")
    assert added.name_hi == "जड़ी-बूटी"
    assert db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "category.added")).subject_id == added.id
    assert "Herbal &amp; Ayurvedic" in admin_client.get("/ndn/products").get_data(as_text=True)


def test_a_second_category_of_a_similar_name_gets_its_own_slug(admin_client):
    submit(admin_client, PAGE, {"name_en": "Tea", "name_hi": "चाय"})
    submit(admin_client, PAGE, {"name_en": "Tea!", "name_hi": "चाय पत्ती"})
    assert slugs()[-2:] == ["tea", "tea-2"]


@pytest.mark.parametrize("data", [{"name_en": "", "name_hi": "x"},
                                  {"name_en": "x", "name_hi": " "},
                                  {"name_en": "x" * 61, "name_hi": "x"}])
def test_empty_or_long_names_are_refused(admin_client, data):
    assert submit(admin_client, PAGE, data).status_code == 400
    assert len(slugs()) == 13


def test_a_twin_english_name_is_refused(admin_client):
    response = submit(admin_client, PAGE, {"name_en": "honey", "name_hi": "मधु"})
    assert response.status_code == 409
    assert "exists already" in response.get_data(as_text=True)


def test_an_admin_renames_a_category_keeping_its_slug(admin_client):
    honey = category("honey")
    response = submit(admin_client, f"{PAGE}/{honey.id}",
                      {f"c{honey.id}-name_en": "Honey and beeswax",
                       f"c{honey.id}-name_hi": "शहद और मोम"}, page=PAGE)
    assert response.status_code == 303
    honey = category("honey")
    assert (honey.name_en, honey.name_hi) == ("Honey and beeswax", "शहद और मोम")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "category.renamed"))
    assert event.data["before"]["name_en"] == "Honey"


def test_a_rename_to_another_categorys_name_or_to_nothing_is_refused(admin_client):
    honey = category("honey")
    prefix = f"c{honey.id}-"
    assert submit(admin_client, f"{PAGE}/{honey.id}", {
        prefix + "name_en": "Spices", prefix + "name_hi": "x"}, page=PAGE).status_code == 409
    assert submit(admin_client, f"{PAGE}/{honey.id}", {
        prefix + "name_en": "", prefix + "name_hi": "x"}, page=PAGE).status_code == 400
    assert category("honey").name_en == "Honey"
    assert submit(admin_client, f"{PAGE}/999999", {}, page=PAGE).status_code == 404


def test_an_admin_moves_categories_up_and_down(admin_client):
    before = slugs()
    honey = category("honey")
    assert submit(admin_client, f"{PAGE}/{honey.id}/move", {"direction": "up"},
                  page=PAGE).status_code == 303
    at = before.index("honey")
    assert slugs()[at - 1:at + 1] == ["honey", before[at - 1]]
    assert submit(admin_client, f"{PAGE}/{honey.id}/move", {"direction": "down"},
                  page=PAGE).status_code == 303
    assert slugs() == before
    orders = [c.sort_order for c in db.session.scalars(list_product_categories())]
    assert orders == list(range(len(before)))


def test_moving_past_the_ends_or_nowhere_is_refused(admin_client):
    first, last = category(slugs()[0]), category(slugs()[-1])
    before = slugs()
    assert submit(admin_client, f"{PAGE}/{first.id}/move", {"direction": "up"},
                  page=PAGE).status_code == 409
    assert submit(admin_client, f"{PAGE}/{last.id}/move", {"direction": "down"},
                  page=PAGE).status_code == 409
    assert submit(admin_client, f"{PAGE}/{last.id}/move", {"direction": "sideways"},
                  page=PAGE).status_code == 400
    assert slugs() == before


def test_staff_cannot_change_categories(client, nadaun):
    seed_product_categories()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    honey = category("honey")
    assert client.get(PAGE).status_code == 403
    assert submit(client, PAGE, {"name_en": "Tea", "name_hi": "चाय"},
                  page="/panel/settings").status_code == 403
    assert submit(client, f"{PAGE}/{honey.id}/move", {"direction": "up"},
                  page="/panel/settings").status_code == 403
    assert len(slugs()) == 13 and slugs().index("honey") == 6


def test_the_settings_index_links_every_settings_page(client, nadaun):
    sign_in(client, make_user(Role.ADMIN))
    html = client.get("/panel/settings").get_data(as_text=True)
    for link in ("/panel/settings/accounts", "/panel/delivery", "/panel/settings/sub-divisions",
                 "/panel/settings/categories", "/panel/payouts", "/panel/reports/targets"):
        assert f'href="{link}' in html, link
