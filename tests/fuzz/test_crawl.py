"""Every page each persona reaches from the home page, in Hindi and in English.

Fails on any 5xx, on any English sentence of the catalogue left on a Hindi page, and on any
HTML page heavier than its budget. The crawl follows links and GET forms within the site
(`tests/fuzz/site.py`), visiting each URL pattern at most twice, so a list of 250 products
costs two product pages, not 250.

Weight budget (HTML bytes, uncompressed, as the app sends them): public and personal pages
48 KiB, panel pages 128 KiB. Measured on the demo data on 2026-12-03: the heaviest public
page was 23 KiB (the worker search in Hindi) and the heaviest panel page 86 KiB (the worker
categories with their synonyms and rate forms in Hindi). A resident on 2G waits about a second
per 20 KiB; the panel is used on office desktops.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.fuzz.site import LANGUAGES, PERSONAS, Page, crawl, persona_client

pytestmark = pytest.mark.fuzz

PUBLIC_BUDGET = 48 * 1024
PANEL_BUDGET = 128 * 1024

CATALOGUE = (Path(__file__).resolve().parents[2]
             / "marketplace/translations/hi/LC_MESSAGES/messages.po")

# Shown as they are on purpose: each language's name in its own script on the switch.
NOT_FOR_TRANSLATION = {"English"}

_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_WORD = re.compile(r"[A-Za-z]{3,}")


@cache
def english_sentences() -> tuple[frozenset[str], tuple[str, ...]]:
    """What a Hindi page must not show: the catalogue's English msgids whose Hindi differs.
    Single words must be a whole text on the page (a label, a button); longer texts (and the
    literal parts, of three words or more, of texts with placeholders) may sit inside one."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    words, phrases = set(), set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not ids[0] or not any(strings) or ids[0] in strings:
            continue
        for msgid in ids:
            for part in _PLACEHOLDER.split(msgid):
                part = " ".join(part.split()).strip(" .,:;!?()-–")
                if not _WORD.search(part):
                    continue
                if " " not in part:
                    if part is msgid or part == " ".join(msgid.split()).strip(" .,:;!?"):
                        words.add(part)
                elif part.count(" ") >= 2 or part == " ".join(msgid.split()):
                    phrases.add(part)
    words -= NOT_FOR_TRANSLATION
    return frozenset(words), tuple(sorted(phrases, key=len, reverse=True))


def untranslated(page: Page) -> list[str]:
    words, phrases = english_sentences()
    texts = [" ".join(text.split()) for text in page.texts]
    found = {text for text in texts if text.strip(" .,:;!?") in words}
    joined = "\n".join(texts)
    for phrase in phrases:
        if phrase in joined and re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])",
                                          joined):
            found.add(phrase)
    return sorted(found)


def budget_of(page: Page) -> int:
    return PANEL_BUDGET if page.url.startswith("/panel/") else PUBLIC_BUDGET


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_page_a_persona_reaches_answers_in_its_language_within_budget(
        demo_site, persona, language):
    problems = []
    with demo_site.app.app_context():
        client = persona_client(demo_site.app, persona, language)
        pages = list(crawl(client))
    for page in pages:
        if page.status >= 500:
            problems.append(f"{page.status} {page.url}: {demo_site.errors[-1:]}")
        if not page.content_type.startswith("text/html"):
            continue
        if len(page.body) > budget_of(page):
            problems.append(f"{len(page.body)} bytes > budget {budget_of(page)}: {page.url}")
        if language == "hi" and (english := untranslated(page)):
            problems.append(f"English on the Hindi page {page.url}: {english}")
    assert len(pages) >= 20, [p.url for p in pages]  # the crawl did get past the home page
    assert not problems, "\n".join(problems)


def test_the_detector_finds_an_english_label_on_a_hindi_page_but_not_data_marked_english():
    from tests.fuzz.site import read_page

    class Response:
        status_code = 200
        headers = {"Content-Type": "text/html; charset=utf-8"}

        def __init__(self, html: str) -> None:
            self.html = html

        def get_data(self):
            return self.html.encode()

    page = read_page("/", Response(
        '<html lang="hi"><body><button>Add to cart</button><p>कार्ट <b>Your cart is empty.</b>'
        '</p><p lang="en">Sign in</p><span>Ramesh</span>English</body></html>'))
    found = untranslated(page)
    assert {"Add to cart", "Your cart is empty"} <= set(found)
    assert not {"Sign in", "Ramesh", "English"} & set(found)
