"""A sub-division keeps its WhatsApp number as people write to it, for posters.

Revision ID: c6a1f9e3d8b4
Revises: a9d4e2b7c1f8
Create Date: 2026-12-04 15:50:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c6a1f9e3d8b4"
down_revision = "a9d4e2b7c1f8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sub_divisions") as batch_op:
        batch_op.add_column(sa.Column("whatsapp_display_number", sa.String(length=16),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table("sub_divisions") as batch_op:
        batch_op.drop_column("whatsapp_display_number")
