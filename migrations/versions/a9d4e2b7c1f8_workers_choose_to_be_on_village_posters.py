"""A worker chooses to have their name and number on their village's paper posters.

Revision ID: a9d4e2b7c1f8
Revises: b3e8d5f1a7c2
Create Date: 2026-12-04 15:30:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a9d4e2b7c1f8"
down_revision = "b3e8d5f1a7c2"
branch_labels = None
depends_on = None


def upgrade():
    # Nobody is on a poster until they tick it themselves.
    with op.batch_alter_table("worker_profiles") as batch:
        batch.add_column(sa.Column("on_posters", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("worker_profiles") as batch:
        batch.drop_column("on_posters")
