"""Throw-away databases for tests that need committed data (migrations, live servers)."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def suite_database_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@contextlib.contextmanager
def fresh_database(prefix: str = "swarozgar") -> Iterator[str]:
    """A new empty database of the kind the suite runs on: a SQLite file, or a PostgreSQL
    database created on the TEST_DATABASE_URL server and dropped afterwards."""
    base = suite_database_url()
    if not base:
        with tempfile.TemporaryDirectory(prefix=f"{prefix}-") as folder:
            yield f"sqlite:///{Path(folder) / 'db.sqlite3'}"
        return
    url = make_url(base)
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
