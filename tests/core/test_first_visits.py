"""A first visit (a GET without any cookie) to a kept page is answered before Flask runs
(core.caching.FirstVisits), with the page and headers the app's own hit gives."""

from __future__ import annotations

import brotli
import pytest
from flask import request_started

from marketplace.core import freshness
from marketplace.extensions import db
from tests.helpers import make_worker


@pytest.fixture
def page_cache(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


@pytest.fixture
def flask_requests(app):
    """How many requests reached Flask's dispatch."""
    seen = []

    def count(_sender, **_extra):
        seen.append(1)

    request_started.connect(count, app)
    yield seen
    request_started.disconnect(count, app)


def visit(app, path="/ndn/workers", **headers):
    return app.test_client().get(path, headers=headers)  # a new browser: no cookie


def as_sent(response) -> tuple[int, bytes, list]:
    return response.status_code, response.get_data(), sorted(response.headers.items())


@pytest.mark.parametrize("headers", [{}, {"Accept-Language": "hi"},
                                     {"Accept-Language": "en", "Accept-Encoding": "br"},
                                     {"Accept-Encoding": "gzip"}],
                         ids=["plain", "hindi", "english-br", "gzip"])
def test_a_first_visit_gets_the_apps_own_hit_without_flask(app, nadaun, page_cache,
                                                           flask_requests, headers):
    make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    visit(app, **headers)  # kept
    # The app's own hit: a cookie that changes nothing takes the request through Flask.
    through_flask = app.test_client()
    through_flask.set_cookie("unrelated", "1")
    before = len(flask_requests)
    own = through_flask.get("/ndn/workers", headers=headers)
    assert own.headers["X-Page-Cache"] == "hit" and len(flask_requests) == before + 1
    first = visit(app, **headers)
    again = visit(app, **headers)  # the answer this process keeps ready
    assert len(flask_requests) == before + 1  # both answered before Flask
    assert as_sent(first) == as_sent(own) == as_sent(again)
    html = (brotli.decompress(first.get_data()) if headers.get("Accept-Encoding") == "br"
            else first.get_data())
    if "Accept-Encoding" not in headers:
        assert b"Sohan Lal" in html
        assert (b'lang="hi"' if headers.get("Accept-Language") == "hi" else b'lang="en"') in html


def test_a_change_staff_make_shows_at_once_to_first_visits(app, nadaun, page_cache,
                                                          flask_requests):
    visit(app)
    make_worker(nadaun, name="Meera Devi")
    db.session.commit()  # every write bumps the version (core/freshness.py)
    again = visit(app)
    assert b"Meera Devi" in again.get_data() and "X-Page-Cache" not in again.headers
    with app.app_context():
        freshness.bump()
    assert "X-Page-Cache" not in visit(app).headers


@pytest.mark.parametrize(("method", "path", "cookie"), [
    ("GET", "/ndn/workers", "session=anything"), ("HEAD", "/ndn/workers", None),
    ("GET", "/signin", None), ("GET", "/nowhere", None)])
def test_anything_else_goes_to_the_app(app, nadaun, page_cache, flask_requests, method,
                                       path, cookie):
    visit(app, path)
    before = len(flask_requests)
    client = app.test_client()
    if cookie:
        client.set_cookie(*cookie.split("="))
    client.open(path, method=method)
    assert len(flask_requests) == before + 1


def test_without_the_page_cache_nothing_is_answered_early(app, nadaun, flask_requests):
    visit(app)
    visit(app)
    assert len(flask_requests) == 2


def test_a_first_visits_answer_lasts_as_long_as_the_kept_page(app, nadaun, page_cache,
                                                              flask_requests, monkeypatch):
    """The answer a process keeps ready goes when the shared copy would: at the same
    expiry, even where the shared cache has not dropped it yet."""
    from marketplace.core import caching

    visit(app)  # kept
    visit(app)  # answered before Flask, and kept ready
    before = len(flask_requests)
    assert visit(app).headers["X-Page-Cache"] == "hit" and len(flask_requests) == before
    later = caching.time.time() + 61
    monkeypatch.setattr(caching.time, "time", lambda: later)
    assert "X-Page-Cache" not in visit(app).headers  # made afresh by the app
    assert len(flask_requests) == before + 1
