"""indexes that match the directory's and catalogue's sorts and filters; stored rating
average; one worker-category link table; trigram search indexes on PostgreSQL

Revision ID: e3a9c4d1f7b2
Revises: 7e3a9c1d5b20
Create Date: 2026-12-03 17:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3a9c4d1f7b2'
down_revision = '7e3a9c1d5b20'
branch_labels = None
depends_on = None

TRIGRAM_INDEXES = [
    ('ix_worker_profiles_name_key_trgm', 'worker_profiles', 'name_key'),
    ('ix_worker_profiles_skills_key_trgm', 'worker_profiles', 'skills_key'),
    ('ix_products_search_text_trgm', 'products', 'search_text'),
]


def upgrade():
    with op.batch_alter_table('worker_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating_avg', sa.Float(), server_default='0',
                                      nullable=False))
        batch_op.create_index('ix_worker_profiles_by_rating',
                              ['sub_division_id', 'status', 'rating_avg', 'rating_count', 'id'])
        batch_op.create_index('ix_worker_profiles_by_rate',
                              ['sub_division_id', 'status', 'rate_paise', 'id'])
    op.execute("UPDATE worker_profiles SET rating_avg = rating_total * 1.0 / rating_count "
               "WHERE rating_count > 0")
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_newest',
                              ['sub_division_id', 'status', 'created_at', 'id'])
        batch_op.create_index('ix_products_by_price',
                              ['sub_division_id', 'status', 'price_paise', 'id'])
        batch_op.create_index('ix_products_most_bought',
                              ['sub_division_id', 'status', 'units_sold', 'id'])

    op.create_table('worker_category_links',
        sa.Column('worker_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('is_main', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['worker_categories.id'], name=op.f('fk_worker_category_links_category_id_worker_categories'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['worker_id'], ['worker_profiles.id'], name=op.f('fk_worker_category_links_worker_id_worker_profiles'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('worker_id', 'category_id', name=op.f('pk_worker_category_links'))
    )
    op.create_index('ix_worker_category_links_category', 'worker_category_links',
                    ['category_id', 'worker_id'])
    # Existing data: the main category of every profile, then its other ones.
    op.execute("INSERT INTO worker_category_links (worker_id, category_id, is_main) "
               "SELECT id, main_category_id, true FROM worker_profiles")
    op.execute("INSERT INTO worker_category_links (worker_id, category_id, is_main) "
               "SELECT o.worker_id, o.category_id, false FROM worker_other_categories o "
               "JOIN worker_profiles w ON w.id = o.worker_id "
               "WHERE o.category_id <> w.main_category_id")
    op.drop_table('worker_other_categories')

    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM_INDEXES:
            op.create_index(name, table, [column], postgresql_using='gin',
                            postgresql_ops={column: 'gin_trgm_ops'},
                            postgresql_with={'fastupdate': 'off'})


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for name, table, _column in TRIGRAM_INDEXES:
            op.drop_index(name, table_name=table)
    op.create_table('worker_other_categories',
        sa.Column('worker_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['category_id'], ['worker_categories.id'], name=op.f('fk_worker_other_categories_category_id_worker_categories'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['worker_id'], ['worker_profiles.id'], name=op.f('fk_worker_other_categories_worker_id_worker_profiles'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('worker_id', 'category_id', name=op.f('pk_worker_other_categories'))
    )
    op.execute("INSERT INTO worker_other_categories (worker_id, category_id) "
               "SELECT worker_id, category_id FROM worker_category_links WHERE NOT is_main")
    op.drop_index('ix_worker_category_links_category', table_name='worker_category_links')
    op.drop_table('worker_category_links')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('ix_products_most_bought')
        batch_op.drop_index('ix_products_by_price')
        batch_op.drop_index('ix_products_newest')
    with op.batch_alter_table('worker_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_worker_profiles_by_rate')
        batch_op.drop_index('ix_worker_profiles_by_rating')
        batch_op.drop_column('rating_avg')
