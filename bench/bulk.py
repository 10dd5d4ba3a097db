"""Bulk loading for the benchmarks: COPY on PostgreSQL (psycopg), executemany on SQLite, and
ANALYZE afterwards (without fresh statistics PostgreSQL plans for empty tables)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime


def copy_rows(connection, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in the order of `columns`) into `table` on a psycopg connection;
    returns how many."""
    count = 0
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _sqlite_cell(value):
    # As SQLAlchemy's UTCDateTime stores them on SQLite: naive UTC with microseconds.
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def insert_rows(raw, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    """Insert rows through a DBAPI connection (`engine.raw_connection().driver_connection`)
    the fastest way its database has, in one transaction; returns how many."""
    if raw.__class__.__module__.startswith("psycopg"):
        count = copy_rows(raw, table, columns, rows)
        raw.commit()
        return count
    cells = [tuple(_sqlite_cell(value) for value in row) for row in rows]
    marks = ", ".join("?" * len(columns))
    cursor = raw.cursor()
    cursor.execute("BEGIN")  # the app's engine runs SQLite in autocommit mode
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                       cells)
    cursor.execute("COMMIT")
    return len(cells)


def next_id(raw, table: str) -> int:
    cursor = raw.cursor()
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")  # noqa: S608
    return cursor.fetchone()[0]


def reset_sequence(raw, table: str) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequence past them."""
    if not raw.__class__.__module__.startswith("psycopg"):
        return
    with raw.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                       f"(SELECT max(id) FROM {table}))")
    raw.commit()


def analyze(raw) -> None:
    """Fresh statistics (and, on PostgreSQL, visibility maps) after a bulk load."""
    if raw.__class__.__module__.startswith("psycopg"):
        raw.commit()
        raw.autocommit = True
        with raw.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        raw.autocommit = False
    else:
        raw.execute("ANALYZE")
