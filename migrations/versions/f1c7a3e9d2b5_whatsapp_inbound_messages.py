"""the WhatsApp assistant: inbound messages, each once by its WhatsApp id, and each
sub-division's WhatsApp number

Revision ID: f1c7a3e9d2b5
Revises: f1c7b3a9d2e6
Create Date: 2026-12-03 20:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1c7a3e9d2b5'
down_revision = 'f1c7b3a9d2e6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sub_divisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('whatsapp_phone_number_id', sa.String(length=32),
                                      nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f('uq_sub_divisions_whatsapp_phone_number_id'),
            ['whatsapp_phone_number_id'])
    op.create_table(
        'chat_inbound_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sub_division_id', sa.Integer(), nullable=False),
        sa.Column('wamid', sa.String(length=128), nullable=False),
        sa.Column('from_phone', sa.String(length=16), nullable=False),
        sa.Column('phone_number_id', sa.String(length=32), nullable=False),
        sa.Column('message_type', sa.String(length=24), nullable=False),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reply_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['reply_id'], ['outbox_messages.id'],
                                name=op.f('fk_chat_inbound_messages_reply_id_outbox_messages'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['sub_division_id'], ['sub_divisions.id'],
                                name=op.f('fk_chat_inbound_messages_sub_division_id_'
                                          'sub_divisions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_inbound_messages')),
        sa.UniqueConstraint('wamid', name=op.f('uq_chat_inbound_messages_wamid')))
    with op.batch_alter_table('chat_inbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_inbound_messages_sub_division_id'),
                              ['sub_division_id'], unique=False)
        batch_op.create_index('ix_chat_inbound_messages_sender',
                              ['sub_division_id', 'from_phone', 'created_at'], unique=False)


def downgrade():
    op.drop_table('chat_inbound_messages')
    with op.batch_alter_table('sub_divisions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_sub_divisions_whatsapp_phone_number_id'),
                                 type_='unique')
        batch_op.drop_column('whatsapp_phone_number_id')
