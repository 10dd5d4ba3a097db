"""One demo site for the crawl and the fuzz: a fresh database (SQLite, or PostgreSQL under
TEST_DATABASE_URL) loaded by `seed_demo` once per run, served through the Flask test client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask, got_request_exception
from flask.testing import FlaskClient

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.demo.services import seed_demo
from marketplace.extensions import db
from tests.conftest import AppContextClient
from tests.databases import fresh_database
from tests.fuzz.site import PERSONAS, Page, crawl, pattern_of, persona_client
from tests.fuzz.writes import WriteWatch


@dataclass
class DemoSite:
    app: Flask
    writes: WriteWatch
    #: the last exception each request raised, for the report of a 5xx
    errors: list[str] = field(default_factory=list)

    @property
    def dialect(self) -> str:
        return self.writes.dialect


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoSite]:
    with fresh_database("fuzz") as url:
        config = TestingConfig(database_url=url)
        # The fuzz reaches the handlers behind the sign-in and code limits; the limits have
        # their own tests.
        config.RATELIMIT_ENABLED = False
        app = create_app(config)
        app.test_client_class = AppContextClient
        # A crash answers 500 as in production (and is recorded below), instead of raising
        # into the test, so a crawl reports every broken page at once.
        app.config["PROPAGATE_EXCEPTIONS"] = False
        site = DemoSite(app=app, writes=None)  # type: ignore[arg-type]

        def record(sender, exception, **extra):
            site.errors.append(f"{type(exception).__name__}: {exception}"[:300])

        got_request_exception.connect(record, app, weak=False)
        with app.app_context():
            db.create_all()
            seed_demo()
            db.session.commit()
            db.session.remove()
            site.writes = WriteWatch(db.engine)
            try:
                yield site
            finally:
                site.writes.close()
                db.session.remove()
                db.engine.dispose()


@pytest.fixture(scope="session")
def reached(demo_site) -> dict[str, tuple[FlaskClient, list[Page]]]:
    """persona → (its signed-in client, in English; the pages it reaches from its home page,
    one of each kind). The resident has something in the cart, so that the cart and checkout
    are reached too."""
    found = {}
    with demo_site.app.app_context():
        for persona in PERSONAS:
            client = persona_client(demo_site.app, persona, "en")
            pages = list(crawl(client, per_pattern=1))
            adds = [f for p in pages for f in p.forms if pattern_of(f.action) ==
                    "/cart/add/{id}"]
            if adds and persona == "resident":
                # three each of four products: past the smallest order, whichever come first
                for add in adds[:4]:
                    client.post(add.action, data={**dict(add.defaults()), "quantity": "3"})
                pages += list(crawl(client, start="/cart", per_pattern=1, limit=20))
            found[persona] = (client, pages)
    return found
