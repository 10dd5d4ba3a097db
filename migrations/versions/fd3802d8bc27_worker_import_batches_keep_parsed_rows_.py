"""worker import batches keep parsed rows, never the upload

Each stored upload is parsed into the rows an import needs (the template's columns only; an
`aadhaar` column or any other is dropped; Aadhaar-shaped numbers masked) and the raw CSV is
dropped. Downgrading writes the kept rows back as a CSV of the template's columns.

Revision ID: fd3802d8bc27
Revises: 99a2ec3023ad
Create Date: 2026-12-03 10:59:00

"""
import csv
import io
import json
import re

from alembic import op
import sqlalchemy as sa
from stdnum.in_ import aadhaar


# revision identifiers, used by Alembic.
revision = 'fd3802d8bc27'
down_revision = '99a2ec3023ad'
branch_labels = None
depends_on = None

# Frozen copies of the app's rules at the time of this migration.
COLUMNS = ["phone", "name", "category", "village", "rate", "rate_unit", "experience_years",
           "skills", "languages", "eshram_uan"]
TWELVE_DIGITS = re.compile(r"(?<!\d)(\d{4}[ -]?\d{4}[ -]?\d{4})(?!\d)")
MASK = "XXXX XXXX XXXX"

batches = sa.table("worker_import_batches", sa.column("id", sa.Integer),
                   sa.column("content", sa.Text), sa.column("rows", sa.JSON))


PHONE = re.compile(r"91[6-9]\d{9}")  # a mobile number with the country code, not Aadhaar


def _matches(text):
    for m in TWELVE_DIGITS.finditer(text):
        if (m.start() > 0 and text[m.start() - 1] == "+") or PHONE.fullmatch(m.group(1)):
            continue
        if aadhaar.is_valid(m.group(1)):
            yield m


def _has_aadhaar(text):
    return any(True for _ in _matches(text))


def _mask(text):
    for m in reversed(list(_matches(text))):
        text = text[:m.start(1)] + MASK + text[m.end(1):]
    return text


def parse(content):
    reader = csv.DictReader(io.StringIO(content or ""))
    reader.fieldnames = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    rows = []
    for line, raw in enumerate(reader, start=2):
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS if (raw.get(c) or "").strip()}
        found = [c for c, v in values.items() if _has_aadhaar(v)]
        rows.append({"line": line, "aadhaar_in": found,
                     "values": {c: _mask(v) if c in found else v for c, v in values.items()}})
    return rows


def upgrade():
    with op.batch_alter_table('worker_import_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rows', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for id_, content in connection.execute(sa.select(batches.c.id, batches.c.content)).all():
        connection.execute(batches.update().where(batches.c.id == id_)
                           .values(rows=parse(content)))
    with op.batch_alter_table('worker_import_batches', schema=None) as batch_op:
        batch_op.alter_column('rows', existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column('content')


def downgrade():
    with op.batch_alter_table('worker_import_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.Text(), nullable=True))
    connection = op.get_bind()
    for id_, rows in connection.execute(sa.select(batches.c.id, batches.c.rows)).all():
        if isinstance(rows, str):
            rows = json.loads(rows)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for row in rows or []:
            writer.writerow([row["values"].get(c, "") for c in COLUMNS])
        connection.execute(batches.update().where(batches.c.id == id_)
                           .values(content=out.getvalue()))
    with op.batch_alter_table('worker_import_batches', schema=None) as batch_op:
        batch_op.alter_column('content', existing_type=sa.Text(), nullable=False)
        batch_op.drop_column('rows')
