"""What the fuzz types into forms: Hypothesis strategies for hostile field values and whole
submissions (fields omitted or repeated, urlencoded or multipart, a good or a bad CSRF token)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from hypothesis import strategies as st

from tests.fuzz.site import Field, Form

# Digits of scripts other than ASCII: Devanagari (what Hindi keyboards type), Arabic-Indic,
# Extended Arabic-Indic, Bengali, Gurmukhi, Tamil, Thai and full-width.
OTHER_DIGITS = ("०१२३४५६७८९" "٠١٢٣٤٥٦٧٨٩" "۰۱۲۳۴۵۶۷۸۹" "০১২৩৪৫৬৭৮৯" "੦੧੨੩੪੫੬੭੮੯"
                "௦௧௨௩௪௫௬௭௮௯" "๐๑๒๓๔๕๖๗๘๙" "０１２３４５６７８９")
# Controls, bidi overrides and isolates, joiners, BOM, line and paragraph separators.
ODD_CHARACTERS = ("\x00\x01\x07\x08\x1b\x7f\x85\t\r\n\u200b\u200c\u200d\u200e\u200f\u202a"
                  "\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\ufeff\ufffd")
HOSTILE = [
    "", " ", "\x00", "a\x00b", "House\x001", "\u202eevil", "क्\u200dष", "\x1b[31mred",
    "९८१६०००००११", "९", "٣", "١٢", "₹12", "₹1,234.50", "१२.५०", "-1", "0", "-0", "00", "0.001",
    "1e999999", "NaN", "sNaN", "Infinity", "-Infinity", "99999999999999999999999", "2147483648",
    "9223372036854775808", "2026-02-30", "9999-12-31", "0001-01-01", "31/12/2026", "24:61",
    "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd", "=1+1", "@SUM(A1)",
    "+919816000011", "9816000011", "+1 202 555 0100", "\ufeff", "🙂", "\U0010fffd", "NDN\x00",
    "on", "y", "true", "None", "null", "[]", "{}", "ऑर्गेनिक शहद", "2345 6789 0124",
]
LONG = ["x" * 256, "९" * 1_000, "क" * 5_000, "a b " * 3_000]

FILE_BODIES = [b"", b"GIF89a\x01\x00\x01\x00", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
               b"\xff\xd8\xff\xe0" + b"\x00" * 20, b"<svg onload=alert(1)></svg>",
               b"name,phone\nRamesh,+919816000011\n", b"\x00" * 64]


def texts(*, allow_nul: bool) -> st.SearchStrategy[str]:
    """Free text of every kind: any Unicode (controls included), odd characters among
    letters, other scripts' digits, and very long values."""
    odd = ODD_CHARACTERS if allow_nul else ODD_CHARACTERS.replace("\x00", "")
    hostile = HOSTILE if allow_nul else [h for h in HOSTILE if "\x00" not in h]
    strategy = st.one_of(
        st.sampled_from(hostile),
        st.text(max_size=30),
        st.text(alphabet=odd + "abcक्षि १२", max_size=12),
        st.text(alphabet=OTHER_DIGITS + "0123456789.,-+₹ ", min_size=1, max_size=14),
        st.sampled_from(LONG),
    )
    if not allow_nul:
        strategy = strategy.map(lambda text: text.replace("\x00", ""))
    return strategy


@dataclass
class Submission:
    pairs: list[tuple[str, object]]
    multipart: bool
    csrf: str  # "good", "missing" or "bad"

    def describe(self) -> str:
        shown = [(name, value if isinstance(value, str) else "<file>") for name, value in
                 self.pairs]
        return f"{'multipart' if self.multipart else 'urlencoded'} csrf={self.csrf} {shown!r}"


def _field_values(field: Field, free_text, allow_nul: bool) -> st.SearchStrategy[list]:
    """The values sent for one field name: usually one, sometimes none or several."""
    if field.kind == "file":
        one = st.sampled_from([body for body in FILE_BODIES if allow_nul or b"\x00" not in body])
    else:
        choices = [st.just(field.value)]
        if field.options:
            choices.append(st.sampled_from(field.options))
        one = st.one_of(*choices, free_text, st.builds(lambda a, b: a + b, st.just(field.value),
                                                       free_text))
    return st.one_of(one.map(lambda value: [value]), one.map(lambda value: [value]),
                     one.map(lambda value: [value]), st.just([]),
                     st.lists(one, min_size=2, max_size=3))


@st.composite
def submissions(draw, form: Form, *, allow_nul: bool) -> Submission:
    free_text = texts(allow_nul=allow_nul)
    # Checkboxes and multi-selects name one field several times: fuzz each name once.
    fields: dict[str, Field] = {}
    for field in form.fields:
        if field.kind not in ("submit", "button", "image", "reset"):
            fields.setdefault(field.name, field)
    pairs: list[tuple[str, object]] = []
    csrf = "good"
    for name, field in fields.items():
        if name.endswith("csrf_token"):
            csrf = draw(st.sampled_from(["good"] * 18 + ["missing", "bad"]))
            if csrf == "good":
                pairs.append((name, field.value))
            elif csrf == "bad":
                pairs.append((name, draw(free_text)))
            continue
        for value in draw(_field_values(field, free_text, allow_nul)):
            pairs.append((name, value))
    for field in form.fields:  # the button pressed, as a browser sends it
        if field.kind == "submit" and field.name and draw(st.booleans()):
            pairs.append((field.name, field.value))
    if draw(st.integers(0, 9)) == 0:
        pairs.append((draw(st.sampled_from(["extra", "id", "role", "status", "price_paise"])),
                      draw(free_text)))
    multipart = form.enctype == "multipart/form-data" or draw(st.integers(0, 3)) == 0
    if not multipart:
        pairs = [(name, value.decode("latin-1") if isinstance(value, bytes) else value)
                 for name, value in pairs]
    return Submission(pairs, multipart, csrf)


def as_multipart(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Werkzeug's test client sends (stream, filename) tuples as file parts."""
    return [(name, (io.BytesIO(value), "upload.jpg") if isinstance(value, bytes) else value)
            for name, value in pairs]
