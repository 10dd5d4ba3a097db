"""Read the Local Government Directory's village list of a sub-district (a CSV download).

The rules of the file, in one place: which encodings are read (UTF-8 with or without BOM,
UTF-16 with a BOM or without one, Windows-1252 when it lost no local-language names), which
column names are accepted (the LGD export's spellings and their usual variants, compared
without case, spaces or punctuation: "Sub-District Code", "sub district code" and
"SubDistrictCode" are one column), how big a file may be, and which of its columns are kept.
The raw upload is never stored: only the accepted columns of each row, as text. What the
rows mean for the places on the site is worked out in `places.lgd_check`.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter

from marketplace.core.errors import InvalidInput
from marketplace.core.text import whole_number
from marketplace.places.errors import LgdError

#: the largest file read (an LGD list of the biggest sub-district is a few hundred KB)
MAX_BYTES = 5 * 1024 * 1024
#: the most rows read (no sub-district has more than a few thousand villages)
MAX_ROWS = 20_000
#: a longer cell is cut to this before it is kept (no name is longer than 80 characters)
MAX_CELL = 200
#: the most digits an LGD code has here (LGD's have at most 6; more would not fit the column)
CODE_DIGITS = 9
#: how many lines above the header a download may have (a title, an empty line)
HEADER_SEARCH_LINES = 5

# What each kind of place may be called at the start of a column name, and what may follow.
_PLACES = {
    "state": ["state"],
    "district": ["district"],
    "sub_district": ["subdistrict", "tehsil", "taluk", "taluka", "mandal"],
    "block": ["block", "developmentblock", "cdblock"],
    "panchayat": ["localbody", "grampanchayat", "panchayat", "gp"],
    "place": ["village", "town", "ward", "villagetown", "villageortown"],
}
_CODE = ["code", "lgdcode", "codelgd"]
_NAME_EN = ["", "name", "nameinenglish", "nameenglish", "englishname", "nameen"]
_NAME_LOCAL = ["nameinlocal", "nameinlocallanguage", "namelocal", "namelocallanguage",
               "localname", "localnamelocal", "nameinhindi", "namehindi", "hindiname",
               "namehi"]
_EXTRA = {"latitude": ["latitude", "lat"], "longitude": ["longitude", "long", "lon", "lng"],
          "kind": ["kind", "type", "placetype", "villagetype", "urbanrural", "ruralurban"]}

#: the columns a list must have; the others are optional (LGD's plain village list of a
#: sub-district has no block columns: see `places.lgd_check`)
REQUIRED = ["state_code", "state_name_en", "district_code", "district_name_en",
            "sub_district_code", "sub_district_name_en", "place_code", "place_name_en"]
#: the column names shown for a missing column (the LGD export's own spelling)
SHOWN_NAMES = {
    "state_code": "State Code", "state_name_en": "State Name (In English)",
    "district_code": "District Code", "district_name_en": "District Name (In English)",
    "sub_district_code": "Sub-District Code",
    "sub_district_name_en": "Sub-District Name (In English)",
    "place_code": "Village Code", "place_name_en": "Village Name (In English)",
}


def _aliases() -> dict[str, str]:
    """Normalised column name → field, e.g. 'subdistrictnameinlocal' → 'sub_district_name_hi'."""
    aliases: dict[str, str] = {}
    for place, prefixes in _PLACES.items():
        for prefix in prefixes:
            for suffixes, field in ((_CODE, "code"), (_NAME_EN, "name_en"),
                                    (_NAME_LOCAL, "name_hi")):
                for suffix in suffixes:
                    aliases.setdefault(prefix + suffix, f"{place}_{field}")
    for field, names in _EXTRA.items():
        for name in names:
            aliases.setdefault(name, field)
    return aliases


ALIASES = _aliases()
FIELDS = sorted(set(ALIASES.values()))
#: column names that make a row a ward of a town unless a kind column says otherwise
_URBAN_PREFIXES = ("town", "ward")


def column_key(name: str | None) -> str:
    """'Sub-District Name (In English)' → 'subdistrictnameinenglish'."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", name or "").lower())


def decode_upload(raw: bytes) -> str:
    """The text of the upload. InvalidInput('lgd_too_large',
    'lgd_empty', 'lgd_encoding')."""
    if len(raw) > MAX_BYTES:
        raise InvalidInput(LgdError.TOO_LARGE)
    if not raw.strip():
        raise InvalidInput(LgdError.EMPTY)
    attempts: list[tuple[bytes, str]]
    if raw.startswith(codecs.BOM_UTF8):
        attempts = [(raw[len(codecs.BOM_UTF8):], "utf-8")]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = [(raw, "utf-16")]
    elif (utf16 := _utf16_without_bom(raw)) is not None:
        attempts = [(raw, utf16)]
    else:
        attempts = [(raw, "utf-8"), (raw, "cp1252")]
    for data, encoding in attempts:
        try:
            return data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    raise InvalidInput(LgdError.ENCODING)


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when most characters of the start are ASCII with a zero
    byte beside them (as Excel's "Unicode text" writes), else None."""
    sample = raw[:2000]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    odd_zeros = sum(1 for i in range(1, 2 * pairs, 2) if sample[i] == 0)
    even_zeros = sum(1 for i in range(0, 2 * pairs, 2) if sample[i] == 0)
    if odd_zeros > pairs * 0.4 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > pairs * 0.4 and odd_zeros == 0:
        return "utf-16-be"
    return None


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines()[:HEADER_SEARCH_LINES] if line.strip()), "")
    return max(",\t;", key=first.count)


def _header(names: list[str]) -> dict[int, str]:
    """Column position → field for the accepted columns (the first of two that mean one)."""
    found: dict[int, str] = {}
    for position, name in enumerate(names):
        field = ALIASES.get(column_key(name))
        if field and field not in found.values():
            found[position] = field
    return found


def read_list(text: str) -> list[dict]:
    """The rows of a decoded list: [{"line": n, "values": {field: text}}], the accepted
    columns only (a row under a town's or ward's code column is a ward unless its kind says
    otherwise). InvalidInput('lgd_columns' with the missing columns'
    names as detail, 'lgd_too_many_rows', 'lgd_malformed', 'lgd_local_names_lost')."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header, header_line, names = _find_header(reader)
        rows = []
        for line, cells in enumerate(reader, start=header_line + 1):
            values = {field: cells[position].strip()[:MAX_CELL]
                      for position, field in header.items()
                      if position < len(cells) and cells[position].strip()}
            if not values:
                continue
            if len(rows) == MAX_ROWS:
                raise InvalidInput(LgdError.TOO_MANY_ROWS)
            rows.append({"line": line, "values": values})
    except csv.Error as exc:
        raise InvalidInput(LgdError.MALFORMED) from exc
    if not rows:
        raise InvalidInput(LgdError.EMPTY)
    if any(_lost(value) for row in rows for field, value in row["values"].items()
           if field.endswith("_name_hi")):
        raise InvalidInput(LgdError.LOCAL_NAMES_LOST)
    place_column = next(column_key(n) for p, n in enumerate(names)
                        if header.get(p) == "place_code")
    if place_column.startswith(_URBAN_PREFIXES):
        for row in rows:
            row["values"].setdefault("kind", "ward")
    return rows


def _lost(name: str) -> bool:
    """A local-language name that a save in a one-byte encoding (Excel's "CSV", Windows-1252)
    turned into question marks: "????? ????"."""
    return "?" in name and not name.replace("?", "").replace(" ", "").strip(".-()")


def _find_header(reader) -> tuple[dict[int, str], int, list[str]]:
    """The first of the opening lines that has every required column."""
    best: set[str] = set()
    for line, names in enumerate(reader, start=1):
        header = _header(names)
        if set(REQUIRED) <= set(header.values()):
            return header, line, names
        if len(set(header.values())) > len(best):
            best = set(header.values())
        if line == HEADER_SEARCH_LINES:
            break
    missing = [SHOWN_NAMES[field] for field in REQUIRED if field not in best]
    raise InvalidInput(LgdError.COLUMNS, ", ".join(missing))


def lgd_code(text: str | None) -> int | None:
    """An LGD code written in the list or a form: 1–9 digits, else None."""
    return whole_number(text, most_digits=CODE_DIGITS)


def sub_districts_in(rows: list[dict]) -> list[int]:
    """The sub-district codes the rows name, most rows first."""
    counts = Counter(lgd_code(row["values"].get("sub_district_code"))
                     for row in rows)
    return [code for code, _count in counts.most_common() if code is not None]
