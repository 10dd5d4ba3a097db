"""With the database unreachable, pages answer the app's own 503 page with an incident number
in Hindi and English (never a bare 500 or internals), and the app recovers by itself."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.extensions import db
from tests.conftest import AppContextClient
from tests.databases import fresh_database, suite_database_url
from tests.helpers import make_sub_division, make_user, sign_in

HINDI_TITLE = "साइट अभी कुछ देर के लिए उपलब्ध नहीं है"
ENGLISH_TITLE = "The site is not available for a moment"
INCIDENT = re.compile(r"Incident number: ([0-9A-F]{8})")


def _app(url: str, *, ping_after_idle: float | None = None) -> Flask:
    config = TestingConfig(database_url=url)
    if ping_after_idle is not None:
        config.DATABASE_PING_AFTER_IDLE_SECONDS = ping_after_idle
    app = create_app(config)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: errors become pages
    app.test_client_class = AppContextClient
    return app


@contextlib.contextmanager
def _nadaun_on(url: str, **options) -> Iterator[tuple[Flask, FlaskClient]]:
    """An app on `url` (options as _app takes them) holding the schema and Nadaun, and a
    client; inside its app context, its connections closed afterwards."""
    app = _app(url, **options)
    with app.app_context():
        db.create_all()
        make_sub_division("NDN", "Nadaun")
        db.session.commit()
        db.session.remove()
        yield app, app.test_client()
        db.session.remove()
        db.engine.dispose()


def _assert_unavailable_page(response, caplog) -> str:
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    assert HINDI_TITLE in html and ENGLISH_TITLE in html
    incident = INCIDENT.search(html).group(1)
    assert f"घटना संख्या: {incident}" in html
    for internal in ("sqlalchemy", "psycopg", "sqlite", "OperationalError", "Traceback",
                     "127.0.0.1", "SELECT"):
        assert internal.lower() not in html.lower(), internal
    assert any(incident in record.getMessage() for record in caplog.records)
    return incident


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://postgres@127.0.0.1:1/nowhere",  # nothing listens: refused
    "sqlite:////nonexistent-folder/for/sure/db.sqlite3",  # cannot be opened
])
def test_an_unreachable_database_gets_the_503_page_with_an_incident_number(url, caplog):
    caplog.set_level(logging.ERROR)
    app = _app(url)
    client = app.test_client()
    for page in ("/ndn/workers", "/ndn/products", "/"):
        _assert_unavailable_page(client.get(page, headers={"Accept-Language": "en"}), caplog)
    json = client.get("/ndn/workers", headers={"Accept": "application/json"})
    assert json.status_code == 503 and json.json["error"] == 503 and json.json["incident"]
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def own_postgres(caplog):
    """A throwaway PostgreSQL database of its own (its url) and an admin engine that can cut
    it off; these tests need a server whose connections can be ended."""
    if not (suite_database_url() or "").startswith("postgresql"):
        pytest.skip("needs PostgreSQL (set TEST_DATABASE_URL); .ci/run does")
    caplog.set_level(logging.ERROR)
    with fresh_database("dbdown") as url:
        admin = sa.create_engine(make_url(url).set(database="postgres"),
                                 isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        yield url, admin
        admin.dispose()


@pytest.mark.postgres
def test_the_database_dropped_mid_run_gives_503_and_the_app_recovers_without_restart(
        own_postgres, caplog):
    url, admin = own_postgres
    name = make_url(url).database
    app = _app(url)
    with app.app_context():
        db.create_all()
        make_sub_division("NDN", "Nadaun")
        user = make_user(language="en")
        db.session.commit()
        visitor, member = app.test_client(), app.test_client()
        sign_in(member, user)
        db.session.remove()
        assert visitor.get("/ndn/workers").status_code == 200
        assert member.get("/account").status_code == 200

        with admin.connect() as connection:  # the database goes away mid-run
            connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            connection.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        first = _assert_unavailable_page(visitor.get("/ndn/workers"), caplog)
        second = _assert_unavailable_page(member.get("/account"), caplog)
        assert first != second

        with admin.connect() as connection:  # and comes back
            connection.exec_driver_sql(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        assert visitor.get("/ndn/workers").status_code == 200
        assert member.get("/account").status_code == 200  # still signed in
        db.session.remove()
        db.engine.dispose()


@pytest.mark.postgres
def test_a_connection_dropped_in_the_middle_of_a_request_gives_503_then_the_next_works(
        own_postgres, caplog):
    url, admin = own_postgres
    with _nadaun_on(url) as (_app_on_url, client):
        assert client.get("/ndn/workers").status_code == 200
        dropped = []

        def drop_this_connection(conn, cursor, statement, *args):
            # The request's own server process is ended after its first query began.
            if dropped or "worker_profiles" not in statement:
                return
            pid = conn.connection.dbapi_connection.info.backend_pid
            with admin.connect() as other:
                other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            dropped.append(pid)

        sa.event.listen(db.engine, "before_cursor_execute", drop_this_connection)
        try:
            _assert_unavailable_page(client.get("/ndn/workers"), caplog)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", drop_this_connection)
        assert dropped
        assert client.get("/ndn/workers").status_code == 200  # the pool replaced it


def _end_pooled_connections(app: Flask, admin: sa.Engine) -> None:
    """The server ends every connection the app's pool holds (a restart, a dropped link)."""
    name = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    with admin.connect() as connection:
        ended = connection.execute(sa.text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = :name"), {"name": name}).scalar_one()
    assert ended >= 1


@pytest.mark.postgres
@pytest.mark.parametrize(("ping_after_idle", "sat_idle"), [(0, True), (3600, False)],
                         ids=["sat idle: pinged and replaced", "in steady use: 503 once"])
def test_a_connection_ended_in_the_pool_is_checked_before_use_only_when_it_sat_idle(
        own_postgres, caplog, ping_after_idle, sat_idle):
    url, admin = own_postgres
    with _nadaun_on(url, ping_after_idle=ping_after_idle) as (app, client):
        assert client.get("/ndn/workers").status_code == 200
        _end_pooled_connections(app, admin)
        after = client.get("/ndn/workers")
        if sat_idle:  # (0 s: every connection counts as idle) the ping finds it ended
            assert after.status_code == 200
            assert not any(INCIDENT.search(record.getMessage()) or "unavailable" in
                           record.getMessage() for record in caplog.records)
        else:  # used a moment ago: no round trip checks it, and the page finds it ended
            _assert_unavailable_page(after, caplog)
        assert client.get("/ndn/workers").status_code == 200  # the pool replaced it
