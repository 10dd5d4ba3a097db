"""Shared fixtures: one schema per session, every test inside a rolled-back transaction."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.core import fragments, freshness
from marketplace.core.db import reset_clock
from marketplace.extensions import cache, db, limiter
from marketplace.places.models import SubDivision
from tests.databases import postgres_database, suite_database_url
from tests.fuzz.budget import PROFILE, TALLY
from tests.helpers import make_sub_division

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}

#: `make test` runs on two pytest-xdist workers; the tests of these folders stay together on
#: one, as in a serial run: they share one costly session fixture (the browser tests' seeded
#: live server, the fuzz's seeded demo site and its crawl) that each worker would build again.
_ONE_WORKER = {"e2e", "fuzz"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Each test is a unit of work, but a folder of _ONE_WORKER is one unit (xdist's own
    `--dist loadgroup` cannot tag tests under pytest 9, whose node ids it cannot rename)."""
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerFolders(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            parts = nodeid.split("/")
            return parts[1] if len(parts) > 2 and parts[1] in _ONE_WORKER else nodeid

    return OneWorkerFolders(config, log)


def pytest_configure(config):
    """An xdist worker on PostgreSQL and Redis gets a database and a Redis db of its own (one
    shared database would see the other worker's schema reset, one Redis db its cache
    cleared): `<database>_gw1`, made here and dropped at the end; Redis db n, n-1, …"""
    worker = getattr(config, "workerinput", {}).get("workerid")
    if worker is None:
        return
    index = int(worker.removeprefix("gw"))
    if (suite_database_url() or "").startswith("postgresql"):
        server = suite_database_url()
        stack = contextlib.ExitStack()
        config.add_cleanup(stack.close)
        os.environ["TEST_DATABASE_URL"] = stack.enter_context(
            postgres_database(server, f"{make_url(server).database}_{worker}"))
    if redis := os.environ.get("TEST_REDIS_URL"):
        parts = urllib.parse.urlsplit(redis)
        own_db = (int(parts.path.strip("/") or 0) - index) % 16
        os.environ["TEST_REDIS_URL"] = parts._replace(path=f"/{own_db}").geturl()


def pytest_sessionfinish(session):
    worker_output = getattr(session.config, "workeroutput", None)
    if worker_output is not None:  # an xdist worker: its tally goes to the controller
        worker_output["fuzz_tally"] = TALLY.as_dict()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    if tally := getattr(node, "workeroutput", {}).get("fuzz_tally"):
        TALLY.add(tally)


def pytest_terminal_summary(terminalreporter):
    if TALLY.submissions:
        terminalreporter.write_line(
            f"fuzz ({PROFILE} profile): {TALLY.submissions} submissions, "
            f"{TALLY.errors} answered 5xx; by status {dict(sorted(TALLY.by_status.items()))}")


class AppContextClient(FlaskClient):
    """Each request gets its own app context (so its own `g` and db session), as in production;
    afterwards the test's own session forgets what it had loaded, so it reads fresh rows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tests read English unless they ask for Hindi (a visitor with no preference gets Hindi).
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"

    def open(self, *args, **kwargs):
        db.session.flush()  # what the test arranged is visible to the request
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    with tempfile.TemporaryDirectory(prefix="swarozgar-test-") as folder:
        url = suite_database_url() or f"sqlite:///{Path(folder) / 'test.sqlite3'}"
        os.environ["MARKETPLACE_INSTANCE_PATH"] = folder
        app = create_app(TestingConfig(database_url=url,
                                       redis_url=os.environ.get("TEST_REDIS_URL") or None))
        app.test_client_class = AppContextClient
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            db.create_all()
            db.session.remove()
            # Sessions join the per-test transaction through savepoints.
            db.session.configure(join_transaction_mode="create_savepoint")
        yield app
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _transaction(app: Flask) -> Iterator[None]:
    """Run the test inside one outer transaction that is rolled back at the end."""
    with app.app_context():
        engine = db.engines[None]
        connection = engine.connect()
        outer = connection.begin()
        db.engines[None] = connection
        limiter.reset()
        cache.clear()
        freshness.forget()  # the copies of the last test's (rolled-back) rows
        fragments.forget()  # cards are kept by what they show: nothing leaks, but start clean
        try:
            yield
        finally:
            db.session.remove()
            db.engines[None] = engine
            outer.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _real_clock_after_each_test() -> Iterator[None]:
    """A test may move the app's clock (tests.helpers.clock_on); the next starts on the real one."""
    yield
    reset_clock()


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that reaches past this machine."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and host not in _LOOPBACK and not host.startswith("127."):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def nadaun() -> SubDivision:
    return make_sub_division("NDN", "Nadaun")


@pytest.fixture
def other_sub_division() -> SubDivision:
    return make_sub_division("BRS", "Barsar")


@pytest.fixture
def count_queries(app: Flask):
    """Counts SQL statements run inside a `with count_queries() as counter:` block."""
    @contextlib.contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(
                ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE", "ROLLBACK")
            ):
                statements.append(statement)

        engine = db.engines[None].engine if hasattr(db.engines[None], "engine") else db.engine
        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture(scope="session")
def race_schema() -> Iterator[str]:
    """The name of a PostgreSQL database holding the empty schema, made once per run: each
    race test's database is a copy of it (CREATE DATABASE … TEMPLATE copies files, quicker
    than creating every table again for each of the ~60 race tests)."""
    if not (suite_database_url() or "").startswith("postgresql"):
        pytest.skip("race tests run on PostgreSQL (set TEST_DATABASE_URL); .ci/run does")
    with postgres_database(suite_database_url(), f"race_schema_{secrets.token_hex(4)}") as url:
        schema_app = create_app(TestingConfig(database_url=url))
        with schema_app.app_context():
            db.create_all()
            db.session.remove()
            db.engine.dispose()  # a template is copied only while nobody is connected to it
        yield make_url(url).database


@pytest.fixture
def committed_app(race_schema) -> Iterator[Flask]:
    """An app on its own fresh PostgreSQL database whose commits are real, for race tests."""
    name = f"race_{secrets.token_hex(4)}"
    with postgres_database(suite_database_url(), name, template=race_schema) as url:
        config = TestingConfig(database_url=url)
        # A connection for every thread of the biggest race (50 buyers at once).
        config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 55, "max_overflow": 5,
                                            "pool_timeout": 60}
        race_app = create_app(config)
        yield race_app
        with race_app.app_context():
            db.session.remove()
            db.engine.dispose()
