"""Declarative base with a constraint naming convention, UTC time and SQLite tuning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

# Named constraints let Alembic's batch mode (SQLite) and PostgreSQL downgrades find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


INDIA = ZoneInfo("Asia/Kolkata")


#: how far the app's clock is set from the machine's (only ever moved by `run_clock_from`)
_clock_shift = timedelta(0)


def utcnow() -> datetime:
    """The one clock of the app: an aware UTC datetime."""
    return datetime.now(UTC) + _clock_shift


def run_clock_from(moment: datetime) -> None:
    """Make the app's clock read `moment` now and run on from there at the normal pace.

    For browser tests, whose server runs in the test process: a run that starts at 23:58 in
    India would otherwise see "tomorrow" change under it. Never called by the app itself."""
    global _clock_shift
    _clock_shift = moment - datetime.now(UTC)


def reset_clock() -> None:
    global _clock_shift
    _clock_shift = timedelta(0)


def today_in_india() -> date:
    """The calendar date people in the sub-division are living in."""
    return utcnow().astimezone(INDIA).date()


class UTCDateTime(sa.types.TypeDecorator):
    """Stores aware datetimes as UTC and always returns them aware (SQLite forgets zones)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


# What most tables share, declared once. `sort_order` keeps these columns first, where the
# migrations put them.

class Keyed:
    """A row known by a plain integer id (all but the few tables keyed by what they count)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-3)


class OfSubDivision(Keyed):
    """A row of one sub-division: its id is on the row itself, indexed, so that every tenant
    filter needs no join."""

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"), index=True,
                                                 sort_order=-2)


class Created:
    """A row that keeps when it was made."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Trigram indexes (search) need pg_trgm before the tables are made; the migration that adds
# them creates it too. SQLite has no such indexes (they are PostgreSQL-only in the models).
sa.event.listen(Base.metadata, "before_create", sa.DDL(
    "CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))


#: Trigram GIN indexes take each write at once (no pending list of recent rows that every
#: search would scan until a vacuum merges it): listings change rarely, searches are many.
GIN_NO_PENDING_LIST = {"fastupdate": "off"}


class AnyFetched(ColumnElement):
    """`column IN (subquery)`, written `column = ANY(ARRAY(subquery))` on PostgreSQL: the ids
    are fetched first and then looked up through column's index. For a few thousand ids
    scattered over a big table (a category's workers, to be sorted by distance) PostgreSQL
    otherwise reads the whole table: its cost model assumes uncached random reads."""

    type = sa.Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("ids", InternalTraversal.dp_clauseelement)]

    def __init__(self, column, ids: sa.Select):
        self.column, self.ids = column, ids.scalar_subquery()


@compiles(AnyFetched)
def _any_fetched(element, compiler, **kw) -> str:
    return compiler.process(element.column.in_(element.ids), **kw)


@compiles(AnyFetched, "postgresql")
def _any_fetched_postgresql(element, compiler, **kw) -> str:
    return (f"{compiler.process(element.column, **kw)} = "
            f"ANY(ARRAY{compiler.process(element.ids, **kw)})")


def made_on(dialect_name: str):
    """An Alembic `include_object` that leaves out what the models make only on another
    database (`Index(...).ddl_if(dialect=...)`), which Alembic's comparison does not read."""
    def include(obj, _name, _type, _reflected, _compare_to) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect_name)
    return include


def enum_column_type(enum_cls, name: str) -> sa.Enum:
    """A portable enum: VARCHAR with a named CHECK, storing the member values."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def tune_sqlite(engine: Engine) -> None:
    """Foreign keys, WAL, a busy wait, and real transactions (so SAVEPOINT works) that take
    the write lock at once when the request writes."""
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # pysqlite's own transaction handling breaks SAVEPOINT; take it over.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _request_writes() else "BEGIN")


def _request_writes() -> bool:
    """A request that changes things (POST and the like). Its SQLite transaction takes the one
    write lock at BEGIN, so a second desk's write waits (busy_timeout) for the first to commit.
    Begun deferred, two that both read first and then both write fail with 'database is
    locked' (the later one's snapshot is stale): a 503 for two staff signing in at once."""
    from flask import has_request_context, request

    return has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
