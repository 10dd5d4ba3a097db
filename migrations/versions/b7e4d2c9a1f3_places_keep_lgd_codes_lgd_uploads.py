"""places keep their Local Government Directory codes (a second upload of the same list
updates, never doubles); uploaded LGD lists wait between the checked preview and the import

Revision ID: b7e4d2c9a1f3
Revises: c5d8e1f2a9b3
Create Date: 2026-12-04 14:08:47.379548

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'b7e4d2c9a1f3'
down_revision = 'c5d8e1f2a9b3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('lgd_uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=120), nullable=False),
    sa.Column('sub_district_code', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=True),
    sa.Column('name_hi', sa.String(length=80), nullable=True),
    sa.Column('district_hi', sa.String(length=80), nullable=True),
    sa.Column('centre_latitude', sa.Float(), nullable=True),
    sa.Column('centre_longitude', sa.Float(), nullable=True),
    sa.Column('defaults_from_id', sa.Integer(), nullable=True),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sub_division_id', sa.Integer(), nullable=True),
    sa.Column('counts', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['defaults_from_id'], ['sub_divisions.id'], name=op.f('fk_lgd_uploads_defaults_from_id_sub_divisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['sub_division_id'], ['sub_divisions.id'], name=op.f('fk_lgd_uploads_sub_division_id_sub_divisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_lgd_uploads_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lgd_uploads'))
    )
    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lgd_code', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_blocks_sub_division_id_lgd_code'), ['sub_division_id', 'lgd_code'])

    with op.batch_alter_table('panchayats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lgd_code', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_panchayats_block_id_lgd_code'), ['block_id', 'lgd_code'])

    with op.batch_alter_table('sub_divisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lgd_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lgd_district_code', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('lgd_state_code', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_sub_divisions_lgd_code'), ['lgd_code'])

    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lgd_code', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_villages_lgd_code'), ['lgd_code'])



def downgrade():
    with op.batch_alter_table('villages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_villages_lgd_code'), type_='unique')
        batch_op.drop_column('lgd_code')

    with op.batch_alter_table('sub_divisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_sub_divisions_lgd_code'), type_='unique')
        batch_op.drop_column('lgd_state_code')
        batch_op.drop_column('lgd_district_code')
        batch_op.drop_column('lgd_code')

    with op.batch_alter_table('panchayats', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_panchayats_block_id_lgd_code'), type_='unique')
        batch_op.drop_column('lgd_code')

    with op.batch_alter_table('blocks', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_blocks_sub_division_id_lgd_code'), type_='unique')
        batch_op.drop_column('lgd_code')

    op.drop_table('lgd_uploads')
