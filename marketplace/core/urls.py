"""URL pieces every blueprint shares."""

from __future__ import annotations

from werkzeug.routing import BaseConverter, IntegerConverter

#: the largest id a database integer column holds (PostgreSQL INTEGER)
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` that stops at MAX_ID: a longer number in a URL is a 404, not a database
    overflow (a 500)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


#: the cookie that keeps the sub-division a visitor chose on the start page
SUB_DIVISION_COOKIE = "sub_division"


class SubDivisionCodeConverter(BaseConverter):
    """`<code:code>`: a sub-division's short code at the start of a public URL, written in
    small letters (`/ndn/workers`) and read in either case; stored codes are capitals."""

    regex = r"[A-Za-z][A-Za-z0-9]{1,5}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return str(value).lower()
