"""Visitors who are not signed in get cached pages; signed-in people get fresh ones, but for
the list pages shared with customers (tests/core/test_shared_pages.py)."""

from __future__ import annotations

import re

import pytest

from marketplace.core.caching import TOKEN_SLOT
from marketplace.extensions import cache, db
from tests.helpers import make_user, make_worker, sign_in

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def page_cache(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


def test_a_visitors_second_request_is_served_from_the_cache(client, nadaun, page_cache,
                                                            count_queries):
    make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    first = client.get("/ndn/workers")
    assert first.status_code == 200 and "X-Page-Cache" not in first.headers
    with count_queries() as statements:
        second = client.get("/ndn/workers")
    assert second.headers["X-Page-Cache"] == "hit" and statements == []
    # The same page; only the visitor's CSRF token is signed anew (it carries a timestamp).
    assert _TOKEN.sub("", second.get_data(as_text=True)) == _TOKEN.sub(
        "", first.get_data(as_text=True))


def test_the_shared_copy_holds_no_token_and_each_visitor_gets_their_own(app, client, nadaun,
                                                                      page_cache):
    client.get("/signin")  # a page with a form of its own gives this visitor a token
    first = client.get("/ndn/workers").get_data(as_text=True)
    # Kept with the version it was made under, as the page's bytes cut where tokens go.
    _version, kept, with_header, _expires = cache.get("pages3:en::/ndn/workers?")
    assert with_header and len(kept) > 1 and all(isinstance(part, bytes) for part in kept)
    assert not _TOKEN.search(b"".join(kept).decode())  # nothing personal in the shared copy
    assert b"".join(kept).decode() == _TOKEN.sub('name="csrf_token" value=""', first)
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    other.get("/signin")
    second = other.get("/ndn/workers")
    assert second.headers["X-Page-Cache"] == "hit"
    mine, theirs = _TOKEN.search(first).group(1), _TOKEN.search(second.get_data(
        as_text=True)).group(1)
    assert TOKEN_SLOT not in (mine, theirs) and mine != theirs
    # Each visitor's own token works on the language switch; another visitor's does not.
    assert other.post("/language/hi", data={"csrf_token": mine}).status_code == 400
    assert other.post("/language/hi", data={"csrf_token": theirs}).status_code == 303


def test_a_first_visit_is_served_the_kept_bytes_without_a_cookie(app, client, nadaun,
                                                                 page_cache):
    made = client.get("/ndn/workers")
    hit = app.test_client().get("/ndn/workers")
    assert hit.headers["X-Page-Cache"] == "hit"
    # Neither visitor was given a token, so neither got a session cookie (core/visitor_forms)
    assert "Set-Cookie" not in made.headers and "Set-Cookie" not in hit.headers
    assert hit.get_data() == made.get_data() and TOKEN_SLOT.encode() not in hit.get_data()
    assert 'name="csrf_token" value=""' in hit.get_data(as_text=True)


def test_each_language_has_its_own_copy(client, nadaun, page_cache):
    english = client.get("/ndn/workers", headers={"Accept-Language": "en"}).get_data(as_text=True)
    hindi = client.get("/ndn/workers", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="hi"' in hindi


def test_signed_in_people_get_a_fresh_page_of_one_listing(client, nadaun, page_cache):
    worker = make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    sign_in(client, make_user())
    client.get(f"/ndn/workers/{worker.id}")
    again = client.get(f"/ndn/workers/{worker.id}")
    assert again.status_code == 200 and "X-Page-Cache" not in again.headers
    assert "Sign out" in again.get_data(as_text=True)


@pytest.mark.parametrize(("accepts", "encoding", "unpack"), [
    ("gzip, deflate, br, zstd", "br", "brotli"), ("gzip", "gzip", "gzip")])
def test_a_first_visit_gets_the_kept_page_compressed_once_per_process(
        app, client, nadaun, page_cache, monkeypatch, accepts, encoding, unpack):
    import gzip

    import brotli

    from marketplace.core import caching

    plain = client.get("/ndn/workers").get_data()
    made = []
    compress = caching._COMPRESSORS[encoding]
    monkeypatch.setitem(caching._COMPRESSORS, encoding,
                        lambda body, config: made.append(1) or compress(body, config))
    hits = [app.test_client().get("/ndn/workers", headers={"Accept-Encoding": accepts})
            for _visitor in range(3)]
    assert all(hit.headers["X-Page-Cache"] == "hit" for hit in hits)
    assert all(hit.headers["Content-Encoding"] == encoding for hit in hits)
    assert "Accept-Encoding" in hits[0].headers["Vary"]
    decompress = brotli.decompress if unpack == "brotli" else gzip.decompress
    assert all(decompress(hit.get_data()) == plain for hit in hits)
    assert made == [1]  # compressed for the first of three visitors only
    # A visitor holding a token gets their own page, compressed for them.
    holder = app.test_client()
    holder.get("/signin")
    own = holder.get("/ndn/workers", headers={"Accept-Encoding": accepts})
    assert own.headers["Content-Encoding"] == encoding
    assert _TOKEN.search(decompress(own.get_data()).decode()) and made == [1]


def test_no_kept_page_is_packed_when_a_proxy_compresses(app, monkeypatch):
    from marketplace.core.caching import _packed_copy

    with app.test_request_context(headers={"Accept-Encoding": "br"}) as asked:
        accepts = asked.request.accept_encodings
        assert _packed_copy("pages:k", "v1", b"x" * 5000, accepts)[0] == "br"
        monkeypatch.setitem(app.config, "COMPRESS_REGISTER", False)  # COMPRESS_RESPONSES=0
        assert _packed_copy("pages:k", "v1", b"x" * 5000, accepts) is None
