"""order parts keep their commission rate

Statements applied the sub-division's commission in force when shown to every period, past
ones included: a settled balance turned negative when the rate went up, and owed again when it
went down. Each part now keeps the rate in force when its order was placed. Parts placed
before keep the sub-division's current rate (0 when never set): the best that is known of
them, and what statements showed for them until now.

Revision ID: c4e8a2f6b1d3
Revises: a728c8290786
Create Date: 2026-12-05 22:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a2f6b1d3'
down_revision = 'a728c8290786'
branch_labels = None
depends_on = None

parts = sa.table("order_parts", sa.column("order_id", sa.Integer),
                 sa.column("commission_bp", sa.Integer))
orders = sa.table("orders", sa.column("id", sa.Integer), sa.column("sub_division_id", sa.Integer))
terms = sa.table("payout_terms", sa.column("sub_division_id", sa.Integer),
                 sa.column("commission_bp", sa.Integer))


def upgrade():
    with op.batch_alter_table('order_parts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('commission_bp', sa.Integer(), nullable=True))

    current_rate = (sa.select(terms.c.commission_bp)
                    .join(orders, orders.c.sub_division_id == terms.c.sub_division_id)
                    .where(orders.c.id == parts.c.order_id)
                    .scalar_subquery())
    op.execute(parts.update().values(commission_bp=sa.func.coalesce(current_rate, 0)))

    with op.batch_alter_table('order_parts', schema=None) as batch_op:
        batch_op.alter_column('commission_bp', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(op.f('ck_order_parts_commission_range'),
                                         'commission_bp >= 0 AND commission_bp <= 5000')


def downgrade():
    with op.batch_alter_table('order_parts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_order_parts_commission_range'), type_='check')
        batch_op.drop_column('commission_bp')
