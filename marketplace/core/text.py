"""Search keys that let a Latin query find Devanagari text and the reverse.

Devanagari is transliterated to Latin with indic-transliteration (ITRANS), then both scripts
go through the same loose spelling key: aspiration, the inherent 'a' (whose deletion in Hindi
speech makes "rajmistri" of राजमिस्त्री), long vowels and doubled letters are folded away.
"""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

from marketplace.core.errors import InvalidInput

_DEVANAGARI_RUN = re.compile(r"[\u0900-\u097f]+")
_FOLDS = [
    ("aa", "a"), ("au", "o"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"), ("ou", "u"),
    ("w", "v"), ("z", "j"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("x", "ks"),
    ("y", "i"),
]


def ascii_digits(text: str) -> str:
    """Turn any decimal digits (Devanagari ०-९ included) into ASCII 0-9."""
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch
        for ch in text
    )


def _to_latin(text: str) -> str:
    def convert(match: re.Match) -> str:
        itrans = sanscript.transliterate(match.group(0), sanscript.DEVANAGARI, sanscript.ITRANS)
        # Anusvara and chandrabindu sound as n in the spellings people type.
        itrans = itrans.replace("M", "n").replace(".N", "n").replace(".n", "n")
        # ITRANS marks nukta and the like with punctuation (ड़ = .D): keep words whole.
        return re.sub(r"[.~^`_]", "", itrans)

    return _DEVANAGARI_RUN.sub(convert, text)


def _fold_word(word: str) -> str:
    for old, new in _FOLDS:
        word = word.replace(old, new)
    word = word.replace("h", "").replace("a", "")
    return re.sub(r"(.)\1+", r"\1", word)


def search_key(text: str | None) -> str:
    """'सुनीता देवी' and 'Suneeta Devi' → 'sunit devi'. Words keep their order."""
    latin = unicodedata.normalize("NFKD", _to_latin(text or "")).lower()
    latin = "".join(ch for ch in latin if not unicodedata.combining(ch))
    words = re.findall(r"[a-z0-9]+", latin)
    return " ".join(folded for folded in (_fold_word(w) for w in words) if folded)


def one_line(text: str | None, limit: int, code: str, *, required: bool = True) -> str:
    """Typed text on one line with single spaces; InvalidInput(code) when it is required
    and empty, or longer than `limit`."""
    value = " ".join((text or "").split())
    if (required and not value) or len(value) > limit:
        raise InvalidInput(code)
    return value
