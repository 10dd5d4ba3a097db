"""The rules for what people type (digits, characters, free text) and search keys.

Input rules, written once here and applied by `core.forms.Form` to every form and by
`core.input` to every request (the README's "Input rules" says the same in words):

- digits: ASCII 0-9 and Devanagari ०-९ are digits and read the same; other scripts' digits
  (Arabic-Indic ٣, Bengali ৩ …) are refused wherever a number is read;
- text: no control, format (bidi overrides, embeddings, isolates, marks) or private-use
  characters, except ZWJ/ZWNJ, which shape Devanagari (क्‍ष); multi-line text keeps newlines
  and tabs;
- NUL is refused everywhere (path, query, form), before any database sees it;
- free text (names, descriptions, addresses, notes) never holds an Aadhaar number.

Search keys: Devanagari is transliterated to Latin with indic-transliteration (ITRANS), then
both scripts go through the same loose spelling key: aspiration, the inherent 'a' (whose
deletion in Hindi speech makes "rajmistri" of राजमिस्त्री), long vowels and doubled letters
are folded away.
"""

from __future__ import annotations

import re
import unicodedata

from indic_transliteration import sanscript

from marketplace.core.errors import ErrorCode, InvalidInput

_DEVANAGARI_RUN = re.compile(r"[\u0900-\u097f]+")
_FOLDS = [
    ("aa", "a"), ("au", "o"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"), ("ou", "u"),
    ("w", "v"), ("z", "j"), ("ph", "f"), ("q", "k"), ("ck", "k"), ("x", "ks"),
    ("y", "i"),
]


_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
#: Zero-width non-joiner and joiner: Devanagari conjuncts (क्‍ष) and emoji need them.
_JOINERS = frozenset("\u200c\u200d")
_MULTILINE = frozenset("\n\r\t")
# Control, format (bidi controls included), surrogate, private use, line/paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Zl", "Zp"})


def ascii_digits(text: str) -> str:
    """Devanagari digits ०-९ become ASCII 0-9. Other scripts' digits are left as they are,
    so that a parser which wants ASCII digits refuses them (see `has_foreign_digits`)."""
    return text.translate(_DEVANAGARI_DIGITS)


def whole_number(text: str | None, *, most_digits: int = 9) -> int | None:
    """The whole number written in `text` with ASCII or Devanagari digits only (at most
    `most_digits` of them; surrounding spaces ignored), else None: no sign, point or space
    inside, and no other script's digits or digit-like characters such as '²', which
    str.isdigit() accepts and int() refuses. The one way ids and counts are read from text."""
    digits = ascii_digits((text or "").strip())
    if 0 < len(digits) <= most_digits and digits.isascii() and digits.isdigit():
        return int(digits)
    return None


def has_foreign_digits(text: str | None) -> bool:
    """True when the text holds a decimal digit that is neither ASCII nor Devanagari."""
    return any(
        not ch.isascii() and unicodedata.decimal(ch, None) is not None
        and not "\u0966" <= ch <= "\u096f"
        for ch in text or ""
    )


def refused_character(text: str | None, *, multiline: bool = False) -> str | None:
    """The first character that typed text may not hold (a bidi override, a control
    character…), or None. ZWJ/ZWNJ are allowed; newline and tab only when `multiline`."""
    for ch in text or "":
        if ch in _JOINERS or (multiline and ch in _MULTILINE):
            continue
        if unicodedata.category(ch) in _REFUSED_CATEGORIES:
            return ch
    return None


def is_clean_text(text: str | None, *, multiline: bool = False) -> bool:
    return refused_character(text, multiline=multiline) is None


def without_refused_characters(text: str | None, *, multiline: bool = False) -> str:
    """The text with every character `refused_character` would point at left out: for text
    that arrives from elsewhere (a chat message) and is kept, where refusing it helps nobody."""
    return "".join(
        ch for ch in text or ""
        if ch in _JOINERS or (multiline and ch in _MULTILINE)
        or unicodedata.category(ch) not in _REFUSED_CATEGORIES)


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


def one_line(text: str | None, limit: int, code: ErrorCode, *, required: bool = True) -> str:
    """Typed text on one line with single spaces; InvalidInput(code) when it is required
    and empty, or longer than `limit`."""
    value = " ".join((text or "").split())
    if (required and not value) or len(value) > limit:
        raise InvalidInput(code)
    return value


def two_names(name_en: str | None, name_hi: str | None, limit: int,
              code: ErrorCode) -> tuple[str, str]:
    """A name in English and in Hindi, each cleaned as one_line (either may be empty);
    InvalidInput(code) when both are empty or one is longer than `limit`."""
    names = (one_line(name_en, limit, code, required=False),
             one_line(name_hi, limit, code, required=False))
    if not any(names):
        raise InvalidInput(code)
    return names
