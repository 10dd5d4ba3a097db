"""URL pieces every blueprint shares."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

#: the largest id a database integer column holds (PostgreSQL INTEGER)
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` that stops at MAX_ID: a longer number in a URL is a 404, not a database
    overflow (a 500)."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
