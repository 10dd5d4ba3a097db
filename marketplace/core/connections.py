"""How requests use their database connections: a page that only reads runs outside a
transaction, and a connection is checked before use only when it has sat idle.

On PostgreSQL every round trip costs both processes CPU on a shared host. A list page made
afresh used four (the pool's ping, BEGIN, its one query, ROLLBACK); it now uses one. At
100,000 workers that took a third off the CPU of an uncached list page (bench/, README).
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from flask import Flask, current_app, request
from sqlalchemy.engine import Engine

from marketplace.extensions import db

#: the config key: seconds a pooled connection may sit unused before it is pinged
PING_AFTER_IDLE = "DATABASE_PING_AFTER_IDLE_SECONDS"


def reads_only(view):
    """Mark a view that writes nothing: on PostgreSQL, its requests read outside a
    transaction (read_outside_transaction)."""
    view.reads_only = True
    return view


def read_outside_transaction() -> None:
    """Before every other hook (loading the signed-in person is a query): a request for a
    view marked reads_only runs all its queries in autocommit, no BEGIN and no ROLLBACK
    around them, when the session takes its connections from the pool (not one given to it
    inside a transaction, as the tests give). Each query sees the latest committed rows,
    which a page of reads never minds. The pool gives the connection back to the next user
    with transactions on again. SQLite is left as it is: it has no round trips to save, and
    tune_sqlite runs its transactions."""
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "reads_only", False):
        return
    session = db.session()
    if (not session.in_transaction() and isinstance(session.get_bind(), Engine)
            and db.engine.dialect.name == "postgresql"):
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})


def register_reads_outside_transaction(app: Flask) -> None:
    """Run read_outside_transaction first of all the app's before-request hooks (call it
    after every other registration that puts a hook first)."""
    app.before_request_funcs.setdefault(None, []).insert(0, read_outside_transaction)


def ping_when_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection with a ping before use only if it has been idle for
    `idle_seconds` or longer. A dead connection (the server restarted, a firewall dropped
    it) is then replaced before any page uses it. A connection in steady use is not pinged:
    that would add a round trip to every request. If one dies while in use, the request
    gets the 'try again in a moment' page (core/errors.py), and the pool replaces every
    connection older than the failure."""
    @sa.event.listens_for(engine, "checkin")
    def returned(_dbapi_connection, record) -> None:
        record.info["returned_at"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def taken(dbapi_connection, record, _proxy) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out another.
            raise sa.exc.DisconnectionError from error
