"""The four main journeys in Chromium on a 360 px phone in Hindi, with the network throttled to
slow 3G (400 ms latency, 400 kbit/s each way), and the first view of every public page.

    python -m bench.journeys [--no-throttle] [--database-url URL]

Serves the app in this process on 127.0.0.1 (a fresh database with the Nadaun demo, the page
cache on as in production), then runs each journey twice in one phone: first with an empty
cache (first view), then again (repeat view, the browser cache warm). Prints per journey the
page loads, actions, bytes and wall time of both passes, then each public page's first view.
Exits 1 when a target of issue 16 is missed: buying ≤ 6 page loads; the photo upload ≤ 10 s;
every public page's first view ≤ 60 KB with its HTML ≤ 30 KB. Stops everything it started.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from bench import journey_steps as steps
from bench.phone import Phone, Tally
from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.core.db import INDIA, reset_clock, run_clock_from
from tests.databases import fresh_database, postgres_database
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, CLOCK_STARTS_AT, LiveServer

KB = 1024
TARGET_BUY_PAGE_LOADS = 6
TARGET_UPLOAD_SECONDS = 10.0
TARGET_FIRST_VIEW_BYTES = 60 * KB
TARGET_HTML_BYTES = 30 * KB


@dataclass(frozen=True)
class Journey:
    name: str
    language: str
    sign_in: Callable  # (phone, server, words) before counting starts
    walk: Callable  # (phone, server, words, attempt) -> None


JOURNEYS = (
    Journey("find and book a worker", "hi", steps.sign_in_resident, steps.book_a_worker),
    Journey("buy two products, cash on delivery", "hi", steps.sign_in_resident,
            steps.buy_two_products),
    Journey("SHG member adds a product, 12 MP photo", "hi", steps.sign_in_member,
            steps.add_a_product),
    Journey("staff approve it", "hi", steps.sign_in_staff, steps.approve_the_product),
)


@contextlib.contextmanager
def serving(database_url: str | None) -> Iterator[LiveServer]:
    """The app on a fresh database with the demo, seeded at 10:00 in India (clear of the
    delivery cut-offs, as in the browser tests), on a free loopback port."""
    database = (postgres_database(database_url, "journeys") if database_url
                else fresh_database("journeys"))
    with database as url:
        config = TestingConfig(database_url=url)
        config.PAGE_CACHE_SECONDS = 60  # visitors get cached pages, as in production
        app = create_app(config)
        start = datetime.combine(datetime.now(INDIA).date(), CLOCK_STARTS_AT, INDIA)
        run_clock_from(start.astimezone(UTC))
        steps.prepare(app)
        quiet_logs()
        app.wsgi_app = SentBytes(app.wsgi_app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
        finally:
            server.shutdown()
            server.server_close()
            reset_clock()
            with app.app_context():
                from marketplace.extensions import db
                db.engine.dispose()


def quiet_logs() -> None:
    """Only errors on the screen (migrations set up a console handler, and the server logs a
    line per request); the messages still reach the watcher that reads sign-in codes."""
    logging.getLogger().setLevel(logging.ERROR)
    messages = logging.getLogger("marketplace.messages")
    messages.setLevel(logging.INFO)
    messages.propagate = False


class SentBytes:
    """Counts the request bodies the server received (what a phone uploads: Chromium's
    events give the bytes that came down, not those that went up)."""

    total = 0

    def __init__(self, wsgi_app) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        SentBytes.total += int(environ.get("CONTENT_LENGTH") or 0)
        return self.wsgi_app(environ, start_response)


def run_journey(browser, server: LiveServer, journey: Journey, throttle: bool,
                words) -> tuple[Tally, Tally]:
    phone = Phone(browser, journey.language, throttle=throttle)
    try:
        journey.sign_in(phone, server, words)
        passes = []
        for attempt, empty_cache in enumerate((True, False)):
            phone.start(empty_cache=empty_cache)
            sent_before = SentBytes.total
            journey.walk(phone, server, words, attempt)
            passes.append(phone.finish())
            passes[-1].sent_bytes = SentBytes.total - sent_before
        return passes[0], passes[1]
    finally:
        phone.close()


def first_views(browser, server: LiveServer, throttle: bool) -> list[tuple[str, Tally]]:
    results = []
    for name, path in steps.public_pages(server):
        phone = Phone(browser, "hi", throttle=throttle)
        try:
            phone.start(empty_cache=True)
            phone.go(server.url + path)
            results.append((name, phone.finish()))
        finally:
            phone.close()
    return results


def kb(count: int) -> str:
    return f"{count / KB:.1f} KB"


def report(journeys: list[tuple[Journey, Tally, Tally]],
           pages: list[tuple[str, Tally]], throttle: bool) -> list[str]:
    """Prints the tables; returns the targets missed."""
    missed = []
    network = "slow 3G (400 ms, 400 kbit/s)" if throttle else "not throttled"
    print(f"\nJourneys on a 360 px phone in Hindi, network {network}")
    print(f"{'journey':40} {'loads':>5} {'actions':>7} {'first view':>10} {'repeat':>9} "
          f"{'sent':>9} {'wall s':>6} {'repeat s':>8}")
    for journey, first, repeat in journeys:
        print(f"{journey.name:40} {first.page_loads:>5} {first.actions:>7} "
              f"{kb(first.bytes):>10} {kb(repeat.bytes):>9} {kb(first.sent_bytes):>9} "
              f"{first.seconds:>6.1f} {repeat.seconds:>8.1f}")
        for label, value in first.extra.items():
            print(f"    {label}: {value:.1f} (first view), {repeat.extra[label]:.1f} (repeat)")
    for journey, first, repeat in journeys:
        if journey.walk is steps.buy_two_products:
            worst = max(first.page_loads, repeat.page_loads)
            if worst > TARGET_BUY_PAGE_LOADS:
                missed.append(f"buying took {worst} page loads (target ≤ "
                              f"{TARGET_BUY_PAGE_LOADS})")
        upload = max([first.extra.get(steps.UPLOAD_SECONDS, 0.0),
                      repeat.extra.get(steps.UPLOAD_SECONDS, 0.0)])
        if throttle and upload > TARGET_UPLOAD_SECONDS:
            missed.append(f"the photo upload took {upload:.1f} s (target ≤ "
                          f"{TARGET_UPLOAD_SECONDS:.0f} s)")
    print(f"\nFirst view of each public page (empty cache), network {network}")
    print(f"{'page':28} {'bytes':>10} {'HTML':>9} {'requests':>8}")
    for name, tally in pages:
        print(f"{name:28} {kb(tally.bytes):>10} {kb(tally.html_bytes):>9} "
              f"{tally.requests:>8}")
        if tally.bytes > TARGET_FIRST_VIEW_BYTES or tally.html_bytes > TARGET_HTML_BYTES:
            missed.append(f"{name}: first view {kb(tally.bytes)}, HTML {kb(tally.html_bytes)} "
                          f"(targets ≤ 60 KB and ≤ 30 KB)")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-throttle", action="store_true",
                        help="the loopback network as it is (to see the app's own time)")
    parser.add_argument("--database-url", help="a PostgreSQL server to make the database on")
    args = parser.parse_args(argv)
    throttle = not args.no_throttle
    words = steps.hindi_words()
    if not Path(CHROMIUM).exists():
        print(f"Chromium is needed at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2
    with serving(args.database_url) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            journeys = [(journey, *run_journey(browser, server, journey, throttle, words))
                        for journey in JOURNEYS]
            pages = first_views(browser, server, throttle)
        finally:
            browser.close()
    missed = report(journeys, pages, throttle)
    if missed:
        print("\nMissed:\n  " + "\n  ".join(missed))
        return 1
    print("\nEvery target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
