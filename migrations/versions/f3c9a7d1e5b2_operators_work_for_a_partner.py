"""A CSC operator works for at most one partner of the drives.

Revision ID: f3c9a7d1e5b2
Revises: e8b1f4c7a2d5
Create Date: 2026-12-04 15:40:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f3c9a7d1e5b2"
down_revision = "e8b1f4c7a2d5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "drive_partner_operators",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["partner_id"], ["drive_partners.id"],
                                name=op.f("fk_drive_partner_operators_partner_id_drive_partners"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_drive_partner_operators_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_drive_partner_operators")),
    )
    op.create_index(op.f("ix_drive_partner_operators_partner_id"), "drive_partner_operators",
                    ["partner_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_drive_partner_operators_partner_id"),
                  table_name="drive_partner_operators")
    op.drop_table("drive_partner_operators")
