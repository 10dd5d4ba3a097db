"""the orders report reads a rollup: sales per group and product by day and by week, and
what each order counts for; backfilled from the orders

The report summed every order of the period on each view (about a second at 100,000 orders).
The rollup is kept on write from now on (reports.rollup); this counts the orders already
there with the same rule (`rebuild`, on the migration's own connection).

Revision ID: e5a1c0d2b7f4
Revises: e3a9c4d1f7b2
Create Date: 2026-12-03 17:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from marketplace.reports.rollup import rebuild

# revision identifiers, used by Alembic.
revision = 'e5a1c0d2b7f4'
down_revision = 'e3a9c4d1f7b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sales_days',
        sa.Column('sub_division_id', sa.Integer(), nullable=False),
        sa.Column('days', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('group_id', sa.Integer(), nullable=False),
        sa.Column('placed', sa.Integer(), server_default='0', nullable=False),
        sa.Column('placed_orders', sa.Integer(), server_default='0', nullable=False),
        sa.Column('delivered', sa.Integer(), server_default='0', nullable=False),
        sa.Column('delivered_orders', sa.Integer(), server_default='0', nullable=False),
        sa.Column('paise', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('refunded', sa.BigInteger(), server_default='0', nullable=False),
        sa.CheckConstraint('days IN (1, 7)', name=op.f('ck_sales_days_days_or_week')),
        sa.ForeignKeyConstraint(['group_id'], ['self_help_groups.id'],
                                name=op.f('fk_sales_days_group_id_self_help_groups')),
        sa.ForeignKeyConstraint(['sub_division_id'], ['sub_divisions.id'],
                                name=op.f('fk_sales_days_sub_division_id_sub_divisions')),
        sa.PrimaryKeyConstraint('sub_division_id', 'days', 'day', 'group_id',
                                name=op.f('pk_sales_days')))
    op.create_table(
        'product_sales',
        sa.Column('sub_division_id', sa.Integer(), nullable=False),
        sa.Column('days', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('start_on', sa.Date(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=False),
        sa.Column('units', sa.BigInteger(), server_default='0', nullable=False),
        sa.Column('paise', sa.BigInteger(), server_default='0', nullable=False),
        sa.CheckConstraint('days IN (1, 7)', name=op.f('ck_product_sales_days_or_week')),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'],
                                name=op.f('fk_product_sales_product_id_products')),
        sa.ForeignKeyConstraint(['sub_division_id'], ['sub_divisions.id'],
                                name=op.f('fk_product_sales_sub_division_id_sub_divisions')),
        sa.PrimaryKeyConstraint('sub_division_id', 'days', 'start_on', 'product_id',
                                name=op.f('pk_product_sales')))
    op.create_table(
        'counted_orders',
        sa.Column('order_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('placed_on', sa.Date(), nullable=False),
        sa.Column('delivered_on', sa.Date(), nullable=True),
        sa.Column('refunds', sa.Text(), server_default='[]', nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'],
                                name=op.f('fk_counted_orders_order_id_orders')),
        sa.PrimaryKeyConstraint('order_id', name=op.f('pk_counted_orders')))
    rebuild(op.get_bind())


def downgrade():
    op.drop_table('counted_orders')
    op.drop_table('product_sales')
    op.drop_table('sales_days')
