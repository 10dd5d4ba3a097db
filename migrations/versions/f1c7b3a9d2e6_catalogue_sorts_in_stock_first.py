"""the catalogue lists products in stock first: on PostgreSQL, its sort indexes are led by the
stock flag (expression indexes); SQLite keeps the plain ones (its reflection cannot read
expression indexes)

Revision ID: f1c7b3a9d2e6
Revises: e5a1c0d2b7f4
Create Date: 2026-12-03 20:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1c7b3a9d2e6'
down_revision = 'e5a1c0d2b7f4'
branch_labels = None
depends_on = None

PLAIN = [
    ('ix_products_newest', 'created_at'),
    ('ix_products_by_price', 'price_paise'),
    ('ix_products_most_bought', 'units_sold'),
]
IN_STOCK_FIRST = [
    ('ix_products_in_stock_newest', '(stock > 0)', 'created_at'),
    ('ix_products_in_stock_most_bought', '(stock > 0)', 'units_sold'),
    ('ix_products_in_stock_by_price_desc', '(stock > 0)', 'price_paise'),
    ('ix_products_in_stock_by_price', '(stock <= 0)', 'price_paise'),
]


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for name, flag, key in IN_STOCK_FIRST:
        op.create_index(name, 'products',
                        ['sub_division_id', 'status', sa.text(flag), key, 'id'])
    for name, _key in PLAIN:
        op.drop_index(name, table_name='products')


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for name, key in PLAIN:
        op.create_index(name, 'products', ['sub_division_id', 'status', key, 'id'])
    for name, _flag, _key in IN_STOCK_FIRST:
        op.drop_index(name, table_name='products')
