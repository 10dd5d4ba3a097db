"""outbox messages say how they go (SMS or WhatsApp) and may carry WhatsApp's own content
(buttons, a list, a template)

Revision ID: a3f9c2e1b7d4
Revises: f1c7a3e9d2b5
Create Date: 2026-12-04 04:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a3f9c2e1b7d4'
down_revision = 'f1c7a3e9d2b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'via', sa.Enum('sms', 'whatsapp', name='outbox_via', native_enum=False,
                           create_constraint=True, length=8),
            server_default='sms', nullable=False))
        batch_op.add_column(sa.Column('payload', sa.JSON(none_as_null=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_messages_outbox_via'), type_='check')
        batch_op.drop_column('payload')
        batch_op.drop_column('via')
