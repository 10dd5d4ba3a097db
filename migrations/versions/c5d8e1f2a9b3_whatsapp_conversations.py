"""the WhatsApp assistant's conversations: each sender's step and choices, short-lived, and
whether it was handed to staff; the trades' common misspellings as typed in chats ("plumbar")
join the directory's synonyms

Revision ID: c5d8e1f2a9b3
Revises: d2a7c4e9f1b6
Create Date: 2026-12-04 14:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

from marketplace.workers.categories import add_missing_categories

# revision identifiers, used by Alembic.
revision = 'c5d8e1f2a9b3'
down_revision = 'd2a7c4e9f1b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'chat_conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sub_division_id', sa.Integer(), nullable=False),
        sa.Column('phone', sa.String(length=16), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('step', sa.String(length=32), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('last_message_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('handed_to_staff_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['sub_division_id'], ['sub_divisions.id'],
                                name=op.f('fk_chat_conversations_sub_division_id_sub_divisions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chat_conversations')),
        sa.UniqueConstraint('sub_division_id', 'phone',
                            name=op.f('uq_chat_conversations_sub_division_id_phone')))
    with op.batch_alter_table('chat_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chat_conversations_sub_division_id'),
                              ['sub_division_id'], unique=False)
        batch_op.create_index('ix_chat_conversations_handed',
                              ['sub_division_id', 'handed_to_staff_at'], unique=False)
    add_missing_categories(op.get_bind())


def downgrade():
    op.drop_table('chat_conversations')
