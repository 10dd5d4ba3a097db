"""Throw-away databases for tests that need committed data (migrations, live servers)."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
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
    with postgres_database(base, f"{prefix}_{secrets.token_hex(4)}") as url:
        yield url


@contextlib.contextmanager
def postgres_database(server_url: str, name: str, *, template: str | None = None
                      ) -> Iterator[str]:
    """A new database `name` on server_url's PostgreSQL (one left by a killed run is replaced),
    dropped afterwards even while connections to it remain; yields its URL. The suite, the
    benchmarks and the cluster smoke all make theirs here. With `template`, a copy of that
    database (which must have no open connections)."""
    server = make_url(server_url)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextlib.contextmanager
def demo_on_fresh_database(prefix: str) -> Iterator[Flask]:
    """An app on a fresh database (fresh_database) migrated to head and holding the demo,
    committed; yielded inside its app context, its connections closed afterwards."""
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.config import TestingConfig
    from marketplace.demo.services import seed_demo
    from marketplace.extensions import db

    with fresh_database(prefix) as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            upgrade()
            seed_demo()
            db.session.commit()
            try:
                yield app
            finally:
                db.session.remove()
                db.engine.dispose()
