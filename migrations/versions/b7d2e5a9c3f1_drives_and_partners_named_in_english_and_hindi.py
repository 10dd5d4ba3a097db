"""drives and partners are named in English and Hindi

A drive's and a partner's one name becomes two, as villages, blocks and groups have: the
reader sees the one of their language (the other when it is empty). A name kept before goes
into both, so that nobody sees an empty name and an English reader loses nothing of what
they read until now; staff correct the other language's name on the drive's form. A partner's
name in each language is the sub-division's only one of it (an empty name is not counted).
Going down keeps the English name, else the Hindi one.

Revision ID: b7d2e5a9c3f1
Revises: c4e8a2f6b1d3
Create Date: 2026-12-06 02:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7d2e5a9c3f1'
down_revision = 'c4e8a2f6b1d3'
branch_labels = None
depends_on = None

#: table → the longest name
NAMED = {"drive_partners": 80, "drives": 120}


def _table(name: str) -> sa.TableClause:
    return sa.table(name, sa.column("name", sa.String), sa.column("name_en", sa.String),
                    sa.column("name_hi", sa.String))


def _partial(column: str):
    where = sa.text(f"{column} <> ''")
    return {"unique": True, "sqlite_where": where, "postgresql_where": where}


def upgrade():
    for name, limit in NAMED.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in ("name_en", "name_hi"):
                batch_op.add_column(sa.Column(column, sa.String(length=limit), nullable=False,
                                              server_default=""))
        table = _table(name)
        op.execute(table.update().values(name_en=table.c.name, name_hi=table.c.name))
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in ("name_en", "name_hi"):
                batch_op.alter_column(column, existing_type=sa.String(length=limit),
                                      server_default=None)
            if name == "drive_partners":
                batch_op.drop_constraint(op.f("uq_drive_partners_sub_division_id_name"),
                                         type_="unique")
            batch_op.drop_column("name")
            batch_op.create_check_constraint(op.f(f"ck_{name}_has_a_name"),
                                             "name_en <> '' OR name_hi <> ''")
    for column in ("name_en", "name_hi"):
        op.create_index(f"uq_drive_partners_sub_division_id_{column}", "drive_partners",
                        ["sub_division_id", column], **_partial(column))


def downgrade():
    for column in ("name_en", "name_hi"):
        op.drop_index(f"uq_drive_partners_sub_division_id_{column}",
                      table_name="drive_partners", **_partial(column))
    for name, limit in NAMED.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{name}_has_a_name"), type_="check")
            batch_op.add_column(sa.Column("name", sa.String(length=limit), nullable=False,
                                          server_default=""))
        table = _table(name)
        op.execute(table.update().values(name=sa.case(
            (table.c.name_en != "", table.c.name_en), else_=table.c.name_hi)))
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column("name", existing_type=sa.String(length=limit),
                                  server_default=None)
            batch_op.drop_column("name_hi")
            batch_op.drop_column("name_en")
            if name == "drive_partners":
                batch_op.create_unique_constraint(
                    op.f("uq_drive_partners_sub_division_id_name"), ["sub_division_id", "name"])
