"""A phone in Chromium that keeps count: page loads, actions and bytes, from the browser's own
network events, with the network throttled to the slow-3G profile of issue 16."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Locator, Page

VIEWPORT = {"width": 360, "height": 740}
#: 400 ms latency and 400 kbit/s each way (50,000 bytes a second)
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50_000,
           "uploadThroughput": 50_000}


@dataclass
class Tally:
    """What one pass of a journey cost."""

    page_loads: int = 0
    actions: int = 0
    bytes: int = 0
    html_bytes: int = 0
    requests: int = 0
    #: request bodies the server received (forms, photos)
    sent_bytes: int = 0
    seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)


class Phone:
    """One person's phone: a 360 px Chromium context in a language, throttled or not.

    Every click, fill, choice and typed address counts as an action; every document the main
    frame receives counts as a page load (a redirect after a form is part of its load); bytes
    are what crossed the network, headers included (cached files cost nothing)."""

    def __init__(self, browser: Browser, language: str, *, throttle: bool) -> None:
        self.context = browser.new_context(viewport=VIEWPORT, locale=language, is_mobile=True,
                                           has_touch=True,
                                           extra_http_headers={"Accept-Language": language})
        self.context.set_default_timeout(180_000)  # a 5 MB photo takes 100 s
        self.page: Page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        if throttle:
            self.cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        self._documents: set[str] = set()
        self.cdp.on("Network.responseReceived", self._received)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.tally = Tally()
        self._started = time.perf_counter()

    # Counting

    def _received(self, event: dict) -> None:
        if event["type"] == "Document":
            self._documents.add(event["requestId"])
            self.tally.page_loads += 1

    def _finished(self, event: dict) -> None:
        self.tally.bytes += int(event["encodedDataLength"])
        self.tally.requests += 1
        if event["requestId"] in self._documents:
            self.tally.html_bytes += int(event["encodedDataLength"])

    def start(self, *, empty_cache: bool) -> None:
        """Count from here; with an empty cache the next pages are a first view."""
        self.settle()
        if empty_cache:
            self.cdp.send("Network.clearBrowserCache")
        self.tally = Tally()
        self._started = time.perf_counter()

    def finish(self) -> Tally:
        """Stop counting once the last page and its pictures have arrived."""
        self.settle()
        self.tally.seconds = time.perf_counter() - self._started
        return self.tally

    def settle(self) -> None:
        self.page.wait_for_load_state("networkidle")

    def close(self) -> None:
        self.context.close()

    # What the person does

    def go(self, url: str) -> None:
        self.tally.actions += 1
        self.page.goto(url)

    def click(self, target: Locator) -> None:
        self.tally.actions += 1
        target.click()

    def fill(self, target: Locator, text: str) -> None:
        self.tally.actions += 1
        target.fill(text)

    def choose(self, target: Locator, label: str) -> None:
        self.tally.actions += 1
        target.select_option(label=label)

    def tick(self, target: Locator) -> None:
        self.tally.actions += 1
        target.check()

    def attach(self, target: Locator, path: str) -> None:
        self.tally.actions += 1
        target.set_input_files(path)
