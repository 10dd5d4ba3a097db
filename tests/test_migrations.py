"""The migrations build the schema the models describe, and come down again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from marketplace import create_app
from marketplace.accounts.models import CodePurpose, OneTimeCode
from marketplace.config import TestingConfig
from marketplace.core.db import utcnow
from marketplace.extensions import db
from tests.databases import fresh_database


def test_migrations_match_the_models_and_downgrade_cleanly():
    with fresh_database("migrations") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection, opts={"compare_type": True, "render_as_batch": True})
                differences = compare_metadata(context, db.metadata)
            assert differences == [], f"models and migrations disagree: {differences}"
            # Enum CHECK constraints are not compared above: every value must be accepted.
            with db.engine.begin() as connection:
                for purpose in CodePurpose:
                    connection.execute(sa.insert(OneTimeCode).values(
                        phone="+919816000000", purpose=purpose, code_hash="x",
                        payload={}, attempts=0, expires_at=utcnow()))

            downgrade(revision="base")
            with db.engine.connect() as connection:
                left = set(sa.inspect(connection).get_table_names()) - {"alembic_version"}
            assert left == set()
            upgrade()  # and up again from nothing
            db.session.remove()
            db.engine.dispose()


def test_every_migration_runs_down_and_up_on_a_database_holding_the_demo_data():
    from marketplace.demo.services import seed_demo

    with fresh_database("migrations_data") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            seed_demo()
            db.session.commit()
            db.session.remove()
            downgrade(revision="-1")
            upgrade()
            downgrade(revision="base")
            upgrade()
            with db.engine.connect() as connection:
                tables = set(sa.inspect(connection).get_table_names())
            assert "worker_profiles" in tables
            db.session.remove()
            db.engine.dispose()
