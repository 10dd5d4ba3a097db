"""order reasons kept as codes

An order's standard reasons (its status_reason and its status changes' reason) were stored
already in words, in the language of whoever acted; they are now stored as codes and put in
the reader's words when shown (orders.labels.reason_text). The words stored so far, in
English and in Hindi, become their codes; anything else was typed by a person and stays as
written. The words are copied here, not imported: a migration keeps the texts of its day.

Revision ID: a728c8290786
Revises: b7d3f9a1c5e2
Create Date: 2026-12-05 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a728c8290786'
down_revision = 'b7d3f9a1c5e2'
branch_labels = None
depends_on = None

#: code → (English, Hindi) as they were stored
WORDS = {
    "buyer_cancelled": ("cancelled by the buyer", "ख़रीदार ने रद्द किया"),
    "payment_not_completed": ("the online payment was not completed",
                              "ऑनलाइन भुगतान पूरा नहीं हुआ"),
    "nobody_home": ("Nobody at home", "घर पर कोई नहीं था"),
    "wrong_address": ("Wrong address", "ग़लत पता"),
    "refused": ("Refused by the buyer", "ख़रीदार ने लेने से मना किया"),
    "unreachable": ("Could not reach the buyer", "ख़रीदार से संपर्क नहीं हो सका"),
}
#: a reason with a detail: "New delivery time: 06.12.2026 10:00" → "new_delivery_time:06.12.2026 10:00"
WITH_DETAIL = {"new_delivery_time": ("New delivery time: ", "नया डिलीवरी का समय: ")}

COLUMNS = (
    sa.table("orders", sa.column("status_reason", sa.String)).c.status_reason,
    sa.table("order_status_changes", sa.column("reason", sa.String)).c.reason,
)


def upgrade():
    for column in COLUMNS:
        for code, words in WORDS.items():
            op.execute(column.table.update().where(column.in_(words)).values({column: code}))
        for code, prefixes in WITH_DETAIL.items():
            for prefix in prefixes:
                # substr and length count characters on SQLite and PostgreSQL alike
                op.execute(column.table.update()
                           .where(column.startswith(prefix, autoescape=True),
                                  sa.func.length(column) > len(prefix))
                           .values({column: sa.literal(f"{code}:") + sa.func.substr(
                               column, len(prefix) + 1)}))


def downgrade():
    # The code cannot tell which language the words were in: they go back in English.
    for column in COLUMNS:
        for code, (english, _hindi) in WORDS.items():
            op.execute(column.table.update().where(column == code).values({column: english}))
        for code, (english, _hindi) in WITH_DETAIL.items():
            op.execute(column.table.update()
                       .where(column.startswith(f"{code}:", autoescape=True))
                       .values({column: sa.literal(english) + sa.func.substr(
                           column, len(code) + 2)}))
