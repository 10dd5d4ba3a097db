"""Hindi is complete: every string in code and templates is in the catalogue and translated."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "marketplace" / "translations" / "hi" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="hi")


def _extracted_ids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    ids: set[str] = set()
    for folder, method in (("marketplace", "python"), ("templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[(pattern, method)], keywords=keywords
        ):
            ids.add(message[0] if isinstance(message, tuple) else message)
    return ids


def test_every_string_in_code_and_templates_is_in_the_hindi_catalogue():
    known = {message.id[0] if isinstance(message.id, tuple) else message.id
             for message in _catalogue() if message.id}
    missing = sorted(_extracted_ids() - known)
    assert not missing, f"run `make i18n` and translate: {missing[:10]}"


def test_every_hindi_message_is_translated_and_not_fuzzy():
    untranslated = []
    for message in _catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            untranslated.append(message.id)
    assert not untranslated, f"untranslated Hindi: {untranslated[:10]}"


def test_translations_keep_every_placeholder():
    broken = []
    for message in _catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) - set(PLACEHOLDER.findall(ids[0])) - wanted or (
                wanted - set(PLACEHOLDER.findall(text)) - {"%(num)d"}
            ):
                broken.append(ids[0])
    assert not broken, f"placeholders differ: {broken[:10]}"


def test_hindi_translations_are_written_in_devanagari():
    latin_only = [
        message.id for message in _catalogue()
        if message.id and isinstance(message.string, str) and message.string
        and not re.search("[\u0900-\u097f]", message.string)
    ]
    assert not latin_only, f"Hindi entries with no Devanagari: {latin_only[:10]}"


def test_hindi_spells_each_word_one_way():
    """A word the catalogue spells two ways reads as a mistake (रकम beside रक़म)."""
    hindi = " ".join(" ".join(message.string) if isinstance(message.string, tuple)
                     else message.string for message in _catalogue() if message.id)
    for plain, with_nukta in (("रकम", "रक़म"), ("गलत", "ग़लत"), ("फोन", "फ़ोन"),
                              ("जरूर", "ज़रूर"), ("ज्यादा", "ज़्यादा")):
        assert not (plain in hindi and with_nukta in hindi), (plain, with_nukta)
