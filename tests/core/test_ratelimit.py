"""Rate limits belong to the app that serves the request, not to the last app made."""

from __future__ import annotations

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.extensions import limiter
from tests.helpers import make_user, make_worker, sign_in, submit


def test_an_app_made_without_limits_leaves_the_sites_limits_on(app, client, nadaun, tmp_path):
    config = TestingConfig(database_url=f"sqlite:///{tmp_path / 'unlimited.sqlite3'}")
    config.RATELIMIT_ENABLED = False  # as the fuzz's demo site is made
    unlimited = create_app(config)
    with unlimited.app_context():
        assert not limiter.enabled
    assert limiter.enabled  # the suite's app, whose context the test runs in

    workers = [make_worker(nadaun, name=f"W{i}") for i in range(31)]
    sign_in(client, make_user())
    statuses = [submit(client, f"/workers/{w.id}/phone", page="/").status_code for w in workers]
    assert statuses[-2:] == [200, 429]
