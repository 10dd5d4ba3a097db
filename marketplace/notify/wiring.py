"""Wire the outbox into an app: dispatcher, commit hook."""

from __future__ import annotations

from flask import Flask

from marketplace.notify.jobs import make_dispatcher
from marketplace.notify.services import watch_commits


def init_app(app: Flask) -> None:
    app.extensions["outbox_dispatch"] = make_dispatcher(app)
    watch_commits()
