"""reference data arrives with the schema: worker categories, synonyms, product categories

A production install runs only `flask db upgrade`; without this the directory had no kinds of
work and the catalogue no categories until someone ran the demo loader. A data migration (not
a `seed-reference` command in the deploy steps) because it runs exactly once per database:
later deploys never bring back a synonym staff removed or a category an admin renamed away.
It calls the same loaders as `seed_categories`/`seed_product_categories` (one home for the
data), which take a plain connection and name their own tables, so no model is imported.

Revision ID: d4f1e2a7b9c0
Revises: c32d164ff865
Create Date: 2026-12-03 10:50:00.000000

"""
from alembic import op

from marketplace.catalogue.categories import add_missing_product_categories
from marketplace.workers.categories import add_missing_categories

# revision identifiers, used by Alembic.
revision = 'd4f1e2a7b9c0'
down_revision = 'c32d164ff865'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    add_missing_categories(connection)
    add_missing_product_categories(connection)


def downgrade():
    # The rows stay: workers, products and targets point at them, and the schema before this
    # revision is the same. Upgrading again adds only what is missing.
    pass
