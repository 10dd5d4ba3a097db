"""A skill-mapping list may be collected at a registration camp: its workers count there.

Revision ID: b3e8d5f1a7c2
Revises: f3c9a7d1e5b2
Create Date: 2026-12-04 15:50:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3e8d5f1a7c2"
down_revision = "f3c9a7d1e5b2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("worker_import_batches") as batch_op:
        batch_op.add_column(sa.Column("camp_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_worker_import_batches_camp_id_drive_camps"), "drive_camps", ["camp_id"], ["id"],
            ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("worker_import_batches") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_worker_import_batches_camp_id_drive_camps"),
                                 type_="foreignkey")
        batch_op.drop_column("camp_id")
