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
def list_statements(committed_app):
    """(DBAPI connection, its autocommit at that moment) of each query that reads the
    workers."""
    seen: list[tuple] = []

    def note(conn, _cursor, statement, *_rest):
        if "FROM worker_profiles" in statement:
            dbapi_connection = conn.connection.dbapi_connection
            seen.append((dbapi_connection, dbapi_connection.autocommit))

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
        committed_app, list_statements):
    _nadaun_with_a_worker(committed_app)
    list_statements.clear()
    page = committed_app.test_client().get("/ndn/workers", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "Ramesh Kumar" in page.get_data(as_text=True)
    assert list_statements and all(autocommit for _, autocommit in list_statements)

    used = list_statements[0][0]
    assert used.autocommit is False  # given back with transactions on
    with committed_app.app_context():
        with db.engine.connect() as connection:  # the pool's one connection: the same
            assert connection.connection.dbapi_connection is used
            connection.execute(sa.update(SubDivision).values(name_en="Renamed"))
            connection.rollback()
        assert db.session.scalar(sa.select(SubDivision.name_en)) == "Nadaun"
        db.session.remove()


def test_a_page_whose_request_began_a_transaction_before_the_view_keeps_it(
        committed_app, list_statements):
    """With the page cache on, whether a customer may share the kept list is asked before
    the view, and loading her account begins the transaction the view then reads in."""
    _nadaun_with_a_worker(committed_app)
    with committed_app.app_context():
        resident = make_user(language="en")
        db.session.commit()
        client = committed_app.test_client()
        sign_in(client, resident)
        db.session.remove()
    committed_app.config["PAGE_CACHE_SECONDS"] = 60
    list_statements.clear()
    page = client.get("/ndn/workers")  # nothing kept yet: the view makes it
    assert page.status_code == 200 and "Ramesh Kumar" in page.get_data(as_text=True)
    assert page.headers.get("X-Page-Cache") != "hit"
    assert list_statements and not any(autocommit for _, autocommit in list_statements)
