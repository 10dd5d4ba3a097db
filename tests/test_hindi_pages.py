"""Every page a persona may open, read in Hindi: no English sentence of ours, no English
month, no code of an event or a status shows where a Hindi reader reads."""

from __future__ import annotations

import re
from html import unescape

import pytest
from babel.messages.pofile import read_po

from marketplace.extensions import db
from tests.access import area_ids
from tests.access.world import build_world
from tests.test_authorization import ACCESS, _signed_in_client
from tests.test_translations import CATALOGUE

PERSONAS = ["anonymous", "resident", "worker", "shg_member", "operator", "staff", "admin",
            "delivery"]
MONTHS = re.compile(r"\b(January|February|March|April|June|July|August|September|October|"
                    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")
CODES = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def _english_sentences() -> list[str]:
    """Our English words long enough to be a leak and not a name: whole messages of 3 words
    or more (placeholders cut out)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="hi")
    found = set()
    for message in catalogue:
        for text in (message.id if isinstance(message.id, tuple) else (message.id,)):
            for piece in re.split(r"%\(\w+\)[sd]|\{\w+\}", text or ""):
                piece = piece.strip(" .,:;·()–-")
                if len(piece.split()) >= 3 and re.search("[A-Za-z]{3}", piece):
                    found.add(piece)
    return sorted(found, key=len, reverse=True)


def _visible_text(html: str) -> str:
    """The words a Hindi reader reads: without scripts, styles, comments, and what is marked
    as written in English (a message as its English-reading recipient got it)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<(\w+)\b[^>]*\blang="en"[^>]*>.*?</\1>', " ", html, flags=re.S)
    html = re.sub(r"<!--.*?-->", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(text).split())


def _pages_read_in(app, persona: str, language: str):
    """(path, visible text) of every page the persona may open, read in `language`."""
    world, records = build_world()
    ids = {**world.ids, **area_ids(**records)}
    user = world.people.get(persona)
    if user is not None:
        user.preferred_language = language
        db.session.commit()
    client = _signed_in_client(app, user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    for method, template, expected in ACCESS.values():
        if method != "GET" or expected.get(persona) != 200:
            continue
        path = template.format(**ids)
        with client.session_transaction() as session:
            session.pop("lang", None)  # a page passed on the way may have chosen one
        response = client.get(path)
        if response.status_code == 200 and response.mimetype == "text/html":
            yield path, _visible_text(response.get_data(as_text=True))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_reads_in_hindi_for_a_hindi_reader(app, persona):
    sentences = _english_sentences()
    findings = []
    for path, text in _pages_read_in(app, persona, "hi"):
        leaks = [s for s in sentences if s in text][:3]
        leaks += MONTHS.findall(text)[:3] + CODES.findall(text)[:3]
        if leaks:
            findings.append(f"{path}: {leaks}")
    assert not findings, "\n".join(findings)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_shows_an_english_reader_a_code_instead_of_words(app, persona):
    findings = [f"{path}: {CODES.findall(text)[:3]}"
                for path, text in _pages_read_in(app, persona, "en") if CODES.search(text)]
    assert not findings, "\n".join(findings)
