"""How committed outbox ids reach a deliverer: in this process, or through RQ workers."""

from __future__ import annotations

import logging

from flask import Flask
from redis import Redis
from rq import Queue

from marketplace.notify.delivery import deliver_messages

log = logging.getLogger(__name__)
QUEUE_NAME = "outbox"


def deliver_outbox_messages(ids: list[int]) -> int:
    """The RQ job; it runs inside the app context of `flask outbox worker`."""
    return deliver_messages(ids)


def make_dispatcher(app: Flask):
    if app.config["OUTBOX_DISPATCH"] == "rq":
        queue = Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))

        def dispatch(ids: list[int]) -> None:
            try:
                queue.enqueue(deliver_outbox_messages, list(ids))
            except Exception:  # noqa: BLE001 - rows stay pending; `flask outbox deliver` sends them
                log.exception("could not enqueue outbox ids %s", ids)

        return dispatch
    return deliver_messages
