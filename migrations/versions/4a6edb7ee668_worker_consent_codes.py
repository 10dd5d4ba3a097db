"""worker consent codes

Revision ID: 4a6edb7ee668
Revises: a7d1a73d3cbc
Create Date: 2026-11-22 13:17:09.668512

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4a6edb7ee668'
down_revision = 'a7d1a73d3cbc'
branch_labels = None
depends_on = None


OLD = "'sign_up', 'sign_in', 'password_reset'"
NEW = "'sign_up', 'sign_in', 'password_reset', 'worker_consent'"


def _purposes(values):
    # Enum CHECKs are not compared by autogenerate: a new purpose needs this by hand.
    with op.batch_alter_table("one_time_codes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_one_time_codes_code_purpose"), type_="check")
        batch_op.create_check_constraint(op.f("ck_one_time_codes_code_purpose"),
                                         f"purpose IN ({values})")


def upgrade():
    _purposes(NEW)


def downgrade():
    op.execute("DELETE FROM one_time_codes WHERE purpose = 'worker_consent'")
    _purposes(OLD)
