"""An account remembers the sub-division its owner chose on the start page.

Revision ID: d7e2a5c9b1f4
Revises: c6a1f9e3d8b4
Create Date: 2026-12-04 17:45:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d7e2a5c9b1f4"
down_revision = "c6a1f9e3d8b4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("chosen_sub_division_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_users_chosen_sub_division_id_sub_divisions",
                                    "sub_divisions", ["chosen_sub_division_id"], ["id"],
                                    ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_constraint("fk_users_chosen_sub_division_id_sub_divisions",
                                 type_="foreignkey")
        batch_op.drop_column("chosen_sub_division_id")
