"""Whole-page caching for visitors who are not signed in (the busiest, cheapest case).

Pages are keyed by language, the visitor's chosen sub-division and full URL and kept
PAGE_CACHE_SECONDS in the shared cache (Redis when configured), so a second server serves the
same copy; each copy holds the version it was made under (core/freshness.py) and is served only
while that is current, so a change staff approve, or a worker or group makes, shows at once.
Signed-in people, visitors with a cart, pending flash messages, pages that carry a form's CSRF
token (it is personal) and anything but a plain 200 are never cached. The forms kept pages do
hold (the language switch, adding to the cart) leave a slot for the visitor's CSRF token,
filled in as each response leaves, so the shared copy never holds a token; a visitor who was
never given one gets the slot empty (core/visitor_forms.py), so their hit is the kept bytes.
A copy is kept as the page's bytes cut at those slots: a hit joins them with the visitor's
token, without decoding, encoding or searching the page again. A first visit's copy is the
same for everyone, so each process keeps it compressed too, once per version and encoding.

A list page whose content is the same for everyone (the directory, the catalogue) may also be
shared with signed-in readers: a reader's request, past every hook (sign-in, limits), gets the
kept copy with the site header cut out and their own rendered in its place (menu, cart,
signing out; templates/header.html, between markers). A reader's miss keeps the page
without its header, marked so that visitors treat it as a miss: no one's header is shared.
"""

from __future__ import annotations

import gzip
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import partial, wraps
from typing import NamedTuple

import brotli
from flask import (
    Flask,
    Response,
    current_app,
    g,
    make_response,
    render_template,
    request,
    session,
)
from flask_login import current_user
from werkzeug.wrappers import Request

from marketplace.core import freshness
from marketplace.core.i18n import language_asked_by, select_locale
from marketplace.core.security import fixed_headers
from marketplace.core.sessions import signed_in
from marketplace.core.urls import SUB_DIVISION_COOKIE
from marketplace.core.visitor_forms import token_for_slot
from marketplace.extensions import cache

#: a visitor whose session holds one of these sees a page of their own
PERSONAL_SESSION_KEYS = ("_flashes", "cart_token")

#: where a page's HTML leaves room for the visitor's CSRF token (templates: `csrf_slot`)
TOKEN_SLOT = "csrf-token-slot-9f3b2a"  # noqa: S105 - a marker, not a secret


_SLOT_BYTES = TOKEN_SLOT.encode()

#: around the site header in every page (templates/base.html): a reader's own goes there
HEADER_START, HEADER_END = b"<!--site-header-->", b"<!--/site-header-->"


def fill_token_slot(response: Response) -> Response:
    """Put this visitor's CSRF token where the page left its slot (after the cache kept it)."""
    if (response.mimetype != "text/html" or response.direct_passthrough
            or "Content-Encoding" in response.headers):
        return response
    body = response.get_data()
    if _SLOT_BYTES in body:
        response.set_data(body.replace(_SLOT_BYTES, token_for_slot()))
    return response


def _cut_at_slots(body: bytes) -> tuple[bytes, ...]:
    """The shared copy of a page: its bytes, cut where the visitor's token goes."""
    return tuple(body.split(_SLOT_BYTES))


#: compressed copies of kept pages as first visits get them, per process:
#: {(page key, version, encoding): bytes}; the oldest go first past PACKED_KEPT
_packed: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
PACKED_KEPT = 256
_COMPRESSORS: dict[str, Callable[[bytes, dict], bytes]] = {
    # at Flask-Compress's own settings, so a packed copy is what it would have sent
    "br": lambda body, config: brotli.compress(
        body, mode=config["COMPRESS_BR_MODE"], quality=config["COMPRESS_BR_LEVEL"],
        lgwin=config["COMPRESS_BR_WINDOW"], lgblock=config["COMPRESS_BR_BLOCK"]),
    "gzip": lambda body, config: gzip.compress(body, config["COMPRESS_LEVEL"]),
}


def _packed_copy(key: str, version: str, body: bytes,
                 accept_encodings) -> tuple[str, bytes] | None:
    """A page every first visit gets alike, compressed once per process and version in the
    way this browser takes (else Flask-Compress compresses it for each visitor anew)."""
    config = current_app.config
    if not config.get("COMPRESS_REGISTER", True) or len(body) < config["COMPRESS_MIN_SIZE"]:
        return None
    encoding = accept_encodings.best_match(config["COMPRESS_ALGORITHM"])
    if encoding not in _COMPRESSORS:
        return None
    packed = _packed.get((key, version, encoding))
    if packed is None:
        packed = _packed[(key, version, encoding)] = _COMPRESSORS[encoding](body, config)
        if len(_packed) > PACKED_KEPT:
            _packed.popitem(last=False)
    return encoding, packed


def _page_key() -> str | None:
    """Where this request's page is kept; None when the page is this visitor's own."""
    if (not current_app.config.get("PAGE_CACHE_SECONDS", 0) or request.method != "GET"
            or signed_in()
            or any(key in session for key in PERSONAL_SESSION_KEYS)):
        return None
    return _request_key()


def _reader_key(shared_with: Callable[[object], bool]) -> str | None:
    """Where the page a signed-in reader may share is kept: None for anyone else, or while
    they have messages to see (the page shows them)."""
    if (not current_app.config.get("PAGE_CACHE_SECONDS", 0) or request.method != "GET"
            or not signed_in() or "_flashes" in session or not shared_with(current_user)):
        return None
    return _request_key()


def _request_key() -> str:
    # The links of a page that names no sub-division lead to the visitor's chosen one.
    chosen = request.cookies.get(SUB_DIVISION_COOKIE, "")[:8]
    # The language as the app's selector gives it (what Flask-Babel renders in), without
    # Flask-Babel's own lookup of it: a hit never renders.
    return _key(select_locale(), chosen, request.full_path)


def _key(language: str, chosen: str, full_path: str) -> str:
    # "pages3:" since copies say when they expire: a server of the new code never reads a
    # copy an older one kept in the shared cache, during a deploy.
    return f"pages3:{language}:{chosen}:{full_path}"


def _around_header(body: bytes) -> tuple[bytes, bytes] | None:
    """The page before its header's start marker and after its end marker (both kept);
    None for a page without them."""
    before, start, rest = body.partition(HEADER_START)
    _header, end, after = rest.partition(HEADER_END)
    return (before + HEADER_START, HEADER_END + after) if start and end else None


def _without_header(body: bytes) -> bytes | None:
    around = _around_header(body)
    return b"".join(around) if around else None


def _current_copy(key: str) -> tuple[str, tuple[bytes, ...], bool, float] | None:
    """The copy kept under `key` while its version is current: (version, the page's bytes
    cut at its slots, whether it holds its header, when it expires: time.time())."""
    current, held = freshness.read_with(key)
    return held if held is not None and held[0] == current and held[3] > time.time() else None


def _page_with_own_header(key: str) -> bytes | None:
    """The page kept under `key` while current, with this reader's header rendered between
    its markers (its token slots are filled as the response leaves, as on any page's)."""
    held = _current_copy(key)
    around = _around_header(_SLOT_BYTES.join(held[1])) if held else None
    if around is None:
        return None
    return render_template("header.html").encode().join(around)


def _kept_body(key: str, token_of: Callable[[], bytes], accept_encodings
               ) -> tuple[bytes, tuple[str, bytes] | None, float] | None:
    """The kept page under `key` while its version is current, joined at its slots with the
    token `token_of()` gives (asked only for a hit: signing one marks the request's page
    personal), (for a page without a token: the same for everyone) its packed copy for this
    browser, and when the copy expires; None when there is no current copy."""
    held = _current_copy(key)
    if held is None or not held[2]:  # a reader's copy, without its header: no visitor's
        return None
    current, parts, _with_header, expires = held
    token = token_of()
    body = token.join(parts)
    return (body, None if token else _packed_copy(key, current, body, accept_encodings),
            expires)


def serve_kept_page() -> Response | None:
    """Before every other hook (checking rate limits costs more than sending a kept page):
    the kept copy of a page made for visitors, while its version is current."""
    view = current_app.view_functions.get(request.endpoint)
    key = _page_key() if getattr(view, "cached_for_visitors", False) else None
    if key is None:
        return None
    kept = _kept_body(key, token_for_slot, request.accept_encodings)
    if kept is None:
        return None
    body, packed, _expires = kept
    response = current_app.response_class(packed[1] if packed else body)
    if packed:
        response.headers["Content-Encoding"] = packed[0]  # Flask-Compress leaves it so
    response.headers["X-Page-Cache"] = "hit"
    return response


def cached_for_visitors(view=None, *, shared_with: Callable[[object], bool] | None = None,
                        on_shared_hit: Callable[[], None] | None = None):
    """Keep the page the view makes for visitors (serve_kept_page sends it next time).
    `shared_with(user)`: the signed-in readers whose page, but for its header, is a visitor's;
    they get the kept copy too, with their own header, and `on_shared_hit()` does what the
    view would have done besides making the page."""
    if view is None:
        return partial(cached_for_visitors, shared_with=shared_with, on_shared_hit=on_shared_hit)

    @wraps(view)
    def wrapper(*args, **kwargs):
        key, with_header = _page_key(), True
        if key is None and shared_with is not None:
            key, with_header = _reader_key(shared_with), False
            if key is not None and (page := _page_with_own_header(key)) is not None:
                if on_shared_hit is not None:
                    on_shared_hit()
                response = make_response(page)
                response.headers["X-Page-Cache"] = "hit"
                return response
        # The version before the rows: a change committed meanwhile leaves the copy stale-marked.
        current = freshness.version() if key else None
        response = make_response(view(*args, **kwargs))
        if (key is not None and response.status_code == 200
                and "Set-Cookie" not in response.headers and "csrf_token" not in g):
            body = response.get_data()
            kept = body if with_header else _without_header(body)
            if kept is not None:
                seconds = current_app.config["PAGE_CACHE_SECONDS"]
                cache.set(key, (current, _cut_at_slots(kept), with_header,
                                time.time() + seconds), timeout=seconds)
        return response

    wrapper.cached_for_visitors = True
    return wrapper


class FirstVisits:
    """WSGI, around the app: a GET that carries no cookie at all is a first visit (no
    session, so nobody signed in, no token, no language or sub-division chosen), and its
    kept page is the one serve_kept_page would send, under the same key. Answered here, it
    skips Flask's request and session, the rate limiter's and the other extensions' hooks.
    The headers are the ones the app's hooks give that hit (its security headers, Vary);
    anything else, a miss, or a failure goes on to the app.

    A first visit's answer is the same for everyone who asks alike (address, language,
    encodings), so each process keeps it ready to send (status, headers, bytes) for as long
    as its copy in the shared cache holds: while the version is current and until the copy
    expires. A hit then reads only the version."""

    #: ready answers kept per process, the oldest going first
    KEPT = 256

    def __init__(self, app: Flask, wsgi_app) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        self._ready: OrderedDict[tuple[str, str], _Answer] = OrderedDict()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and "HTTP_COOKIE" not in environ:
            try:
                answer = self._kept(environ)
            except Exception:  # noqa: BLE001 - the app answers it, and logs, as it would
                answer = None
            if answer is not None:
                start_response(answer.status, list(answer.headers))
                return [answer.body]
        return self.wsgi_app(environ, start_response)

    def _kept(self, environ) -> _Answer | None:
        app = self.app
        config = app.config
        # With SERVER_NAME set, Flask answers that host only: the app checks the request's.
        if not config.get("PAGE_CACHE_SECONDS", 0) or config.get("SERVER_NAME"):
            return None
        # The address is not matched to a view (that cost a third of a hit): a copy is kept
        # only under the address a view kept for visitors answered with a 200
        # (cached_for_visitors), so any other address (not found, redirected, not kept)
        # finds none and goes on to the app.
        asked = Request(environ)
        with app.app_context():
            language = language_asked_by(asked.accept_languages) or config[
                "BABEL_DEFAULT_LOCALE"]
            key = _key(language, "", asked.full_path)
            ready = (key, environ.get("HTTP_ACCEPT_ENCODING", ""))
            current = freshness.version()
            answer = self._ready.get(ready)
            if answer is not None and answer.version == current and answer.expires > time.time():
                return answer
            # no token: the slots stay empty
            kept = _kept_body(key, lambda: b"", asked.accept_encodings)
        if kept is None:
            return None
        answer = self._ready[ready] = _answer(kept, current, environ, config)
        if len(self._ready) > self.KEPT:
            self._ready.popitem(last=False)
        return answer


class _Answer(NamedTuple):
    version: str
    expires: float
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


def _answer(kept: tuple, version: str, environ, config) -> _Answer:
    """The response the app's own hit gives a first visit (no token) for `kept`
    (_kept_body's), ready to send."""
    body, packed, expires = kept
    response = Response(packed[1] if packed else body, mimetype="text/html")
    headers = response.headers
    if packed:
        headers["Content-Encoding"] = packed[0]
    headers["X-Page-Cache"] = "hit"
    headers.extend(fixed_headers(config))
    # as Flask-Compress and the session's save say it on the app's own hit
    headers["Vary"] = ("Accept-Encoding, Cookie" if config.get("COMPRESS_REGISTER", True)
                       else "Cookie")
    _iterable, status, wsgi_headers = response.get_wsgi_response(environ)
    return _Answer(version, expires, status, tuple(wsgi_headers), response.get_data())


def register_page_cache(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, serve_kept_page)
    app.wsgi_app = FirstVisits(app, app.wsgi_app)
