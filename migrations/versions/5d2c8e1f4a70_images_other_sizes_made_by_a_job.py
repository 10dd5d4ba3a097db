"""images: the other sizes are made by a job (derived_at, derive_error)

Revision ID: 5d2c8e1f4a70
Revises: 0ae3f5fc31f2
Create Date: 2026-12-03 17:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5d2c8e1f4a70'
down_revision = '0ae3f5fc31f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stored_images', schema=None) as batch_op:
        batch_op.add_column(sa.Column('derived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('derive_error', sa.String(length=200), nullable=True))
    # Images stored before this have all their sizes already.
    op.execute("UPDATE stored_images SET derived_at = created_at")


def downgrade():
    with op.batch_alter_table('stored_images', schema=None) as batch_op:
        batch_op.drop_column('derive_error')
        batch_op.drop_column('derived_at')
