"""How new images reach the job that makes their other sizes: in this process, or via RQ."""

from __future__ import annotations

import logging

from flask import Flask
from redis import Redis
from rq import Queue, Retry

from marketplace.core.jobs import register_dispatcher
from marketplace.media.services import JOB_KIND, make_derived_variants

log = logging.getLogger(__name__)
QUEUE_NAME = "media"
#: a failed job runs again after these waits; then it waits for `flask media derive`
RETRY_INTERVALS = [10, 60, 300]


def derive_variants(image_id: int) -> bool:
    """The RQ job; it runs inside the app context of `flask media worker`."""
    return make_derived_variants(image_id)


def derive_now(ids: list[int]) -> None:
    """Make them in this process (no Redis: development, tests); never raises, as the request
    that stored them has already succeeded. Failures stay pending, with their error."""
    for image_id in ids:
        try:
            make_derived_variants(image_id)
        except Exception:  # noqa: BLE001 - noted on the row; `flask media derive` retries
            log.exception("derived sizes of image %s failed", image_id)


def make_dispatcher(app: Flask):
    if app.config["MEDIA_DERIVE"] == "rq":
        queue = Queue(QUEUE_NAME, connection=Redis.from_url(app.config["REDIS_URL"]))

        def dispatch(ids: list[int]) -> None:
            for image_id in ids:
                try:
                    queue.enqueue(derive_variants, image_id, job_timeout=120,
                                  retry=Retry(max=len(RETRY_INTERVALS),
                                              interval=RETRY_INTERVALS))
                except Exception:  # noqa: BLE001 - stays pending; `flask media derive` makes it
                    log.exception("could not enqueue image %s", image_id)

        return dispatch
    return derive_now


def init_app(app: Flask) -> None:
    register_dispatcher(app, JOB_KIND, make_dispatcher(app))
