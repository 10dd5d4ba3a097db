"""A live server on a fresh, migrated, seeded database; Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.core.db import INDIA, reset_clock, run_clock_from
from marketplace.demo.services import seed_demo
from marketplace.extensions import db
from tests.databases import fresh_database
from tests.helpers import DELIVERED

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
PHONE = {"width": 360, "height": 740}


#: the development server the browser tests talk to leaves a file it was sending unclosed when
#: the browser drops the connection (a page left while an image still downloads); the garbage
#: collector then reports it during whichever test runs next. That is the test server's, not
#: the app's (gunicorn and nginx serve the files in production), so only that is let pass.
DROPPED_DOWNLOAD = pytest.mark.filterwarnings(
    r"ignore:Exception ignored in. <_io\.(FileIO|BufferedReader) name='[^']*test-uploads"
    r":pytest.PytestUnraisableExceptionWarning")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(DROPPED_DOWNLOAD)


@dataclass
class LiveServer:
    url: str
    app: Flask

    def last_code_for(self, phone: str) -> str:
        """The code the phone received: the demo's log channel prints every message it
        delivers (the outbox keeps codes masked)."""
        return DELIVERED.last_code_to(phone)


#: the time of day in India the browser tests' clock starts at: well clear of midnight and of
#: the delivery cut-offs, so the day a journey starts on is the day it ends on
CLOCK_STARTS_AT = time(10, 0)


@pytest.fixture(scope="session")
def clock_shift() -> timedelta:
    """How far the browser tests' clock is set from the machine's, for the whole run."""
    start = datetime.combine(datetime.now(INDIA).date(), CLOCK_STARTS_AT, INDIA)
    return start - datetime.now(UTC)


@pytest.fixture(autouse=True)
def shifted_clock(clock_shift):
    """Each browser test (and only they: `make test` runs the rest in the same process) reads
    the shifted clock; the server runs in this process, so the app reads it too."""
    run_clock_from(datetime.now(UTC) + clock_shift)
    yield
    reset_clock()


@pytest.fixture(scope="session")
def live_server(clock_shift) -> Iterator[LiveServer]:
    with fresh_database("e2e") as url:
        app = create_app(TestingConfig(database_url=url))
        run_clock_from(datetime.now(UTC) + clock_shift)
        try:
            with app.app_context():
                upgrade()
                seed_demo()
                db.session.commit()
                db.session.remove()
        finally:
            reset_clock()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
        finally:
            server.shutdown()
            server.server_close()
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI and missing at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_context(chromium, request):
    """Open phone-sized browser contexts in a language; screenshots go to test-artifacts/."""
    contexts = []

    def open_context(language: str):
        context = chromium.new_context(viewport=PHONE, locale=language, is_mobile=True,
                                       has_touch=True,
                                       extra_http_headers={"Accept-Language": language})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def shot(request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w-]+", "_", request.node.name)

    def take(page, step: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}-{step}.png"), full_page=True)

    return take


@pytest.fixture(scope="session")
def hindi() -> dict[str, str]:
    with (ROOT / "marketplace/translations/hi/LC_MESSAGES/messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if isinstance(m.id, str) and m.id}


@pytest.fixture
def words(hindi):
    """words(language)("English text") → the text a person sees on screen in that language."""
    return lambda language: (lambda text: hindi[text] if language == "hi" else text)
