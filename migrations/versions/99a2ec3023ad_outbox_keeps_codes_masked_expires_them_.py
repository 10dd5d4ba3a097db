"""outbox keeps codes masked, expires them, dead-letters

Codes already in stored bodies are masked; a code message still waiting is expired (its code
is gone, and it would arrive late anyway).

Revision ID: 99a2ec3023ad
Revises: d4f1e2a7b9c0
Create Date: 2026-12-03 10:43:04.693080

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '99a2ec3023ad'
down_revision = 'd4f1e2a7b9c0'
branch_labels = None
depends_on = None

CODE_KINDS = ("sign_up_code", "sign_in_code", "password_reset_code", "worker_consent_code")
MASK = "••••••"
OLD_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed')"
NEW_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed', 'expired')"

outbox = sa.table("outbox_messages", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                  sa.column("body", sa.Text), sa.column("status", sa.String))


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secret', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_outbox_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_outbox_status'), NEW_STATUSES)

    connection = op.get_bind()
    rows = connection.execute(sa.select(outbox.c.id, outbox.c.body, outbox.c.status)
                              .where(outbox.c.kind.in_(CODE_KINDS))).all()
    for id_, body, status in rows:
        connection.execute(outbox.update().where(outbox.c.id == id_).values(
            body=re.sub(r"(?<!\d)\d{6}(?!\d)", MASK, body),
            status="expired" if status in ("pending", "sending") else status))


def downgrade():
    op.execute(outbox.update().where(outbox.c.status == "expired").values(status="failed"))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_outbox_messages_outbox_status'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_outbox_messages_outbox_status'), OLD_STATUSES)
        batch_op.drop_column('expires_at')
        batch_op.drop_column('secret')
