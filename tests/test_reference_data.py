"""Reference data arrives with the schema: a database made by `flask db upgrade` alone has the
26 kinds of work, their synonyms and the product categories, and the pages that need them work."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import upgrade

from marketplace import create_app
from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductCategory
from marketplace.config import TestingConfig
from marketplace.core.text import search_key
from marketplace.extensions import db
from marketplace.workers.categories import CATEGORIES, SYNONYMS
from marketplace.workers.models import CategorySynonym, WorkerCategory
from tests.conftest import AppContextClient
from tests.databases import fresh_database
from tests.helpers import make_sub_division, make_user, sign_in


def _counts() -> tuple[int, int, int]:
    return (db.session.scalar(sa.select(sa.func.count()).select_from(WorkerCategory)),
            db.session.scalar(sa.select(sa.func.count()).select_from(CategorySynonym)),
            db.session.scalar(sa.select(sa.func.count()).select_from(ProductCategory)))


def test_a_fresh_install_has_the_reference_data_and_its_pages_work_and_the_demo_adds_no_twin():
    from marketplace.demo.services import seed_demo

    starting_synonyms = {search_key(term) for terms in SYNONYMS.values() for term in terms}
    with fresh_database("reference") as url:
        app = create_app(TestingConfig(database_url=url))
        app.test_client_class = AppContextClient
        with app.app_context():
            upgrade()
            categories = db.session.execute(sa.select(
                WorkerCategory.slug, WorkerCategory.name_en, WorkerCategory.name_hi)
                .order_by(WorkerCategory.sort_order)).all()
            assert [tuple(row) for row in categories] == CATEGORIES
            assert len(categories) == 26
            keys = set(db.session.scalars(sa.select(CategorySynonym.term_key)))
            assert keys == starting_synonyms - {""}
            product_categories = set(db.session.scalars(sa.select(ProductCategory.slug)))
            assert {"vegetables", "honey", "handicrafts", "other"} <= product_categories
            before = _counts()

            make_sub_division("NDN", "Nadaun")
            operator = make_user(Role.OPERATOR)
            db.session.commit()
            client = app.test_client()
            workers = client.get("/ndn/workers")
            assert workers.status_code == 200
            assert "Tile and marble fitter" in workers.get_data(as_text=True)
            products = client.get("/ndn/products")
            assert products.status_code == 200
            assert "Vegetables" in products.get_data(as_text=True)
            sign_in(client, operator)
            form = client.get("/workers/assisted")
            assert form.status_code == 200
            page = form.get_data(as_text=True)
            for _slug, name_en, _name_hi in CATEGORIES:
                assert name_en in page

            db.session.rollback()  # end this session's reads before writing (SQLite)
            seed_demo()
            db.session.commit()
            assert _counts() == before
            db.session.remove()
            db.engine.dispose()
