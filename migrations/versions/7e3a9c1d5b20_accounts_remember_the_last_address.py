"""Accounts remember where they were last served (village and address), offered next time

Revision ID: 7e3a9c1d5b20
Revises: 5d2c8e1f4a70
Create Date: 2026-12-03 17:55:00

"""
import sqlalchemy as sa
from alembic import op

revision = '7e3a9c1d5b20'
down_revision = '5d2c8e1f4a70'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_village_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_address', sa.String(length=300), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_users_last_village_id_villages'), 'villages',
                                    ['last_village_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_last_village_id_villages'),
                                 type_='foreignkey')
        batch_op.drop_column('last_address')
        batch_op.drop_column('last_village_id')
