"""The app as gunicorn serves it, with the outbox's ids handed to nobody: the replies stay in
the outbox, as when RQ workers take them later (bench/webhook.py without --redis-url)."""

from marketplace import create_app

app = create_app()
app.extensions["outbox_dispatch"] = lambda ids: None
