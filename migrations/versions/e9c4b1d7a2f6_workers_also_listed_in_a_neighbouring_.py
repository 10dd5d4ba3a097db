"""A worker may also be listed in a neighbouring sub-division, when staff of both agree.

Revision ID: e9c4b1d7a2f6
Revises: d7e2a5c9b1f4
Create Date: 2026-12-04 18:05:00
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e9c4b1d7a2f6"
down_revision = "d7e2a5c9b1f4"
branch_labels = None
depends_on = None

_LIVE = "status IN ('proposed', 'accepted')"


def upgrade():
    op.create_table(
        "worker_neighbour_listings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sub_division_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("proposed", "accepted", "refused", "ended",
                                    name="neighbour_status", native_enum=False,
                                    create_constraint=True, length=8), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposed_by_id"], ["users.id"],
            name=op.f("fk_worker_neighbour_listings_proposed_by_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["sub_division_id"], ["sub_divisions.id"],
            name=op.f("fk_worker_neighbour_listings_sub_division_id_sub_divisions")),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker_profiles.id"],
            name=op.f("fk_worker_neighbour_listings_worker_id_worker_profiles"),
            ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_worker_neighbour_listings")),
    )
    with op.batch_alter_table("worker_neighbour_listings") as batch_op:
        batch_op.create_index(batch_op.f("ix_worker_neighbour_listings_sub_division_id"),
                              ["sub_division_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_worker_neighbour_listings_worker_id"),
                              ["worker_id"], unique=False)
        batch_op.create_index("ix_worker_neighbour_listings_listed",
                              ["sub_division_id", "status", "worker_id"], unique=False)
        batch_op.create_index("uq_worker_neighbour_listings_live",
                              ["worker_id", "sub_division_id"], unique=True,
                              postgresql_where=sa.text(_LIVE), sqlite_where=sa.text(_LIVE))


def downgrade():
    with op.batch_alter_table("worker_neighbour_listings") as batch_op:
        batch_op.drop_index("uq_worker_neighbour_listings_live")
        batch_op.drop_index("ix_worker_neighbour_listings_listed")
        batch_op.drop_index(batch_op.f("ix_worker_neighbour_listings_worker_id"))
        batch_op.drop_index(batch_op.f("ix_worker_neighbour_listings_sub_division_id"))
    op.drop_table("worker_neighbour_listings")
