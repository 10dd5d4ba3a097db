"""Work handed on after a commit: its own session, the after-commit hand-off, an RQ worker.

A service calls hand_on_after_commit("media", item); after the outermost commit the items go
to the dispatcher the app registered as app.extensions["after_commit"]["media"] (a function
taking the list), which runs them in this process or enqueues them for RQ workers.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.extensions import db

_PENDING_KEY = "handed_on_after_commit"


def own_session() -> Session:
    """A session of its own, so work can run from an after-commit hook and commit by itself."""
    return Session(bind=db.engine, join_transaction_mode="create_savepoint",
                   expire_on_commit=False)


def hand_on_after_commit(kind: str, item) -> None:
    """Give `item` to the `kind` dispatcher once the current transaction commits (never if it
    rolls back)."""
    db.session.info.setdefault(_PENDING_KEY, {}).setdefault(kind, []).append(item)


def _after_commit(session: Session) -> None:
    # Releasing a SAVEPOINT fires after_commit too, before anything is really committed.
    if session.in_nested_transaction():
        return
    for kind, items in session.info.pop(_PENDING_KEY, {}).items():
        current_app.extensions["after_commit"][kind](items)


def _after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING_KEY, None)


def register_dispatcher(app, kind: str, dispatch) -> None:
    app.extensions.setdefault("after_commit", {})[kind] = dispatch
    for name, listener in (("after_commit", _after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def run_worker(queue_names: list[str], *, burst: bool) -> None:
    """An RQ worker for these queues in this app context (needs REDIS_URL)."""
    import click
    from redis import Redis
    from rq import SimpleWorker

    url = current_app.config["REDIS_URL"]
    if not url:
        raise click.ClickException("REDIS_URL is not set")
    # SimpleWorker does not fork, so the app context and the database pool stay valid; the
    # scheduler runs the retries that wait (rq.Retry with intervals).
    SimpleWorker(queue_names, connection=Redis.from_url(url)).work(burst=burst,
                                                                    with_scheduler=True)
