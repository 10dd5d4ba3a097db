"""outbox messages keep what WhatsApp reported of them (sent, delivered, read, failed), found
by the provider's message id

Revision ID: d2a7c4e9f1b6
Revises: a3f9c2e1b7d4
Create Date: 2026-12-04 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd2a7c4e9f1b6'
down_revision = 'a3f9c2e1b7d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'delivery_status', sa.Enum('sent', 'failed', 'delivered', 'read',
                                       name='outbox_delivery_status', native_enum=False,
                                       create_constraint=True, length=9),
            nullable=True))
        batch_op.add_column(sa.Column('delivery_status_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_outbox_messages_provider_message_id'),
                              ['provider_message_id'], unique=False)


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_provider_message_id'))
        batch_op.drop_constraint(op.f('ck_outbox_messages_outbox_delivery_status'), type_='check')
        batch_op.drop_column('delivery_status_at')
        batch_op.drop_column('delivery_status')
