"""Each worker-category link carries the worker's home village (kept by a cascading foreign
key), so "a kind of work near a village" walks villages nearest first through an index; the
profiles get an index for the same walk without a kind of work.

Revision ID: b7d3f9a1c5e2
Revises: e9c4b1d7a2f6
Create Date: 2026-12-05 09:10:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7d3f9a1c5e2"
down_revision = "e9c4b1d7a2f6"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_worker_profiles_by_home", "worker_profiles",
                    ["sub_division_id", "status", "home_village_id", "id"])
    # A unique index (not a constraint): SQLite adds it without rebuilding worker_profiles.
    op.create_index("uq_worker_profiles_id_home", "worker_profiles",
                    ["id", "home_village_id"], unique=True)
    with op.batch_alter_table("worker_category_links") as batch:
        batch.add_column(sa.Column("home_village_id", sa.Integer(), nullable=True))
    op.execute("UPDATE worker_category_links SET home_village_id = (SELECT home_village_id "
               "FROM worker_profiles WHERE worker_profiles.id = worker_category_links.worker_id)")
    with op.batch_alter_table("worker_category_links") as batch:
        batch.alter_column("home_village_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            "fk_worker_category_links_home", "worker_profiles",
            ["worker_id", "home_village_id"], ["id", "home_village_id"],
            onupdate="CASCADE", ondelete="CASCADE")
        batch.create_index("ix_worker_category_links_near",
                           ["category_id", "home_village_id", "worker_id"])


def downgrade():
    with op.batch_alter_table("worker_category_links") as batch:
        batch.drop_index("ix_worker_category_links_near")
        batch.drop_constraint("fk_worker_category_links_home", type_="foreignkey")
        batch.drop_column("home_village_id")
    op.drop_index("uq_worker_profiles_id_home", table_name="worker_profiles")
    op.drop_index("ix_worker_profiles_by_home", table_name="worker_profiles")
