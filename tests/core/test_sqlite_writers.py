"""One machine on SQLite (`make run`, a small office): two desks that write at once both get
through, one after the other, instead of one of them getting a 503 'database is locked'."""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask import Flask

from marketplace.core.db import tune_sqlite
from tests.helpers import run_together


def _engine(path) -> sa.Engine:
    engine = sa.create_engine(f"sqlite:///{path}")
    tune_sqlite(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE codes (id INTEGER PRIMARY KEY, n INTEGER)")
    return engine


def _read_then_write(engine: sa.Engine, method: str):
    """What issuing a sign-in code does: look first, then write."""
    def work(index: int) -> int:
        with Flask(__name__).test_request_context("/signin", method=method), \
                engine.connect() as connection, connection.begin():
            seen = connection.exec_driver_sql("SELECT count(*) FROM codes").scalar_one()
            time.sleep(0.3)  # the other desk reads meanwhile, when it can
            connection.exec_driver_sql("INSERT INTO codes (n) VALUES (?)", (index,))
            return seen
    return work


def test_two_posts_that_read_then_write_at_once_both_succeed_in_turn(tmp_path):
    engine = _engine(tmp_path / "office.sqlite3")
    seen = run_together(2, _read_then_write(engine, "POST"))
    # the second waited for the first's commit, so it saw the first's row
    assert sorted(seen) == [0, 1]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM codes").scalar_one() == 2
    engine.dispose()


def test_pages_that_only_read_do_not_wait_for_each_other(tmp_path):
    engine = _engine(tmp_path / "office.sqlite3")
    with engine.begin() as connection:
        connection.exec_driver_sql("INSERT INTO codes (n) VALUES (7)")

    def read(_index: int) -> int:
        with Flask(__name__).test_request_context("/workers"), engine.connect() as connection, \
                connection.begin():
            value = connection.exec_driver_sql("SELECT count(*) FROM codes").scalar_one()
            # a GET's transaction takes no write lock: another GET (or POST) may begin now
            with engine.connect() as other, other.begin():
                other.exec_driver_sql("SELECT 1")
            return value

    assert run_together(2, read) == [1, 1]
    engine.dispose()
