"""Staff keep the everyday words that find each category and publish typical rates."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.workers.models import CategorySynonym, RateCard, WorkerCategory
from marketplace.workers.services import seed_categories
from tests.helpers import make_user, make_worker, sign_in, submit


def category(slug: str) -> WorkerCategory:
    return db.session.scalar(sa.select(WorkerCategory).where(WorkerCategory.slug == slug))


def test_staff_add_a_word_and_residents_find_the_category_with_it(app, client, nadaun):
    seed_categories()
    make_worker(nadaun, name="Geeta", category="tailor")
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    tailor = category("tailor")
    response = submit(client, f"/panel/workers/categories/{tailor.id}/synonyms",
                      {"term": "kapde silne wali"}, page="/panel/workers/categories")
    assert response.status_code == 302
    visitor = app.test_client()
    assert "Geeta" in visitor.get("/ndn/workers?q=kapde+silne+wali").get_data(as_text=True)

    synonym = db.session.scalar(sa.select(CategorySynonym).where(
        CategorySynonym.term == "kapde silne wali"))
    submit(client, f"/panel/workers/synonyms/{synonym.id}/remove",
           page="/panel/workers/categories")
    assert "Geeta" not in visitor.get("/ndn/workers?q=kapde+silne+wali").get_data(as_text=True)


def test_a_word_that_already_finds_a_category_is_refused(client, nadaun):
    seed_categories()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    response = submit(client, f"/panel/workers/categories/{category('mason').id}/synonyms",
                      {"term": "nal wala"}, page="/panel/workers/categories")
    assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(CategorySynonym.id)).where(
        CategorySynonym.term == "nal wala")) == 1


def test_staff_publish_a_typical_rate_shown_on_profiles(app, client, nadaun):
    seed_categories()
    worker = make_worker(nadaun, category="plumber")
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    response = submit(client, f"/panel/workers/categories/{category('plumber').id}/rate",
                      {"min_rate": "300", "max_rate": "500.50", "unit": "visit"},
                      page="/panel/workers/categories")
    assert response.status_code == 303
    card = db.session.scalars(sa.select(RateCard)).one()
    assert (card.min_paise, card.max_paise, card.sub_division_id) == (30000, 50050, nadaun.id)
    profile = app.test_client().get(f"/ndn/workers/{worker.id}").get_data(as_text=True)
    assert "₹300–₹500.50" in profile


def test_an_upside_down_or_bad_rate_is_refused(client, nadaun):
    seed_categories()
    sign_in(client, make_user(Role.STAFF, sub_division=nadaun))
    for data in ({"min_rate": "500", "max_rate": "300", "unit": "day"},
                 {"min_rate": "NaN", "max_rate": "300", "unit": "day"}):
        response = submit(client, f"/panel/workers/categories/{category('plumber').id}/rate",
                          data, page="/panel/workers/categories")
        assert response.status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(RateCard.id))) == 0
