"""A page that only reads runs its queries outside a transaction on PostgreSQL (one round trip
a query, no BEGIN or ROLLBACK), and hands its connection back to the pool with transactions
on: the next request's writes are still all or nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.extensions import db
from marketplace.places.models import SubDivision
from tests.helpers import make_sub_division, make_user, make_worker, sign_in

pytestmark = pytest.mark.postgres


@pytest.fixture
def statements(committed_app):
    """(SQL, DBAPI connection, its autocommit at that moment) of each query run."""
    seen: list[tuple] = []

    def note(conn, _cursor, statement, *_rest):
        dbapi_connection = conn.connection.dbapi_connection
        seen.append((statement, dbapi_connection, dbapi_connection.autocommit))

    with committed_app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", note)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", note)


def _nadaun_with_a_worker(app) -> None:
    with app.app_context():
        make_worker(make_sub_division(), name="Ramesh Kumar")
        db.session.commit()
        db.session.remove()


def test_a_visitors_list_page_reads_in_autocommit_and_the_pool_gets_a_transactional_connection(
        committed_app, statements):
    _nadaun_with_a_worker(committed_app)
    statements.clear()
    page = committed_app.test_client().get("/ndn/workers", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Ramesh Kumar" in page.get_data(as_text=True)
    listed = [(connection, autocommit) for sql, connection, autocommit in statements
              if "FROM worker_profiles" in sql]
    assert listed and all(autocommit for _, autocommit in listed)

    used = listed[0][0]
    assert used.autocommit is False  # given back with transactions on
    with committed_app.app_context():
        with db.engine.connect() as connection:  # the pool's one connection: the same
            assert connection.connection.dbapi_connection is used
            connection.execute(sa.update(SubDivision).values(name_en="Renamed"))
            connection.rollback()
        assert db.session.scalar(sa.select(SubDivision.name_en)) == "Nadaun"
        db.session.remove()


def _signed_in_resident(app):
    with app.app_context():
        resident = make_user(language="en")
        db.session.commit()
        client = app.test_client()
        sign_in(client, resident)
        db.session.remove()
    return client


def test_a_customers_list_page_reads_her_account_and_cart_in_autocommit_too(
        committed_app, statements):
    """Her account is loaded, and whether she may share the kept list asked, before the
    view: those reads run outside a transaction as well, so her page has no BEGIN or
    ROLLBACK either."""
    _nadaun_with_a_worker(committed_app)
    client = _signed_in_resident(committed_app)
    committed_app.config["PAGE_CACHE_SECONDS"] = 60
    statements.clear()
    page = client.get("/ndn/workers")  # nothing kept yet: the view makes it
    assert page.status_code == 200 and "Ramesh Kumar" in page.get_data(as_text=True)
    assert page.headers.get("X-Page-Cache") != "hit"
    read = [sql for sql, _connection, _autocommit in statements]
    assert any("FROM users" in sql for sql in read)
    assert any("FROM worker_profiles" in sql for sql in read)
    assert all(autocommit for _sql, _connection, autocommit in statements)


def test_a_page_not_marked_as_reads_only_runs_in_a_transaction(committed_app, statements):
    _nadaun_with_a_worker(committed_app)
    client = _signed_in_resident(committed_app)
    statements.clear()
    assert client.get("/cart").status_code == 200
    assert statements and not any(autocommit for _sql, _connection, autocommit in statements)
