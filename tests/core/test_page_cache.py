"""Visitors who are not signed in get cached pages; signed-in people never do."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from tests.helpers import make_user, make_worker, sign_in


@pytest.fixture
def page_cache(app, monkeypatch):
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 60)


def test_a_visitors_second_request_is_served_from_the_cache(client, nadaun, page_cache,
                                                            count_queries):
    make_worker(nadaun, name="Sohan Lal")
    db.session.commit()
    first = client.get("/workers")
    assert first.status_code == 200 and "X-Page-Cache" not in first.headers
    assert "Set-Cookie" not in first.headers  # nothing personal in a cached page
    with count_queries() as statements:
        second = client.get("/workers")
    assert second.headers["X-Page-Cache"] == "hit" and statements == []
    assert second.get_data() == first.get_data()


def test_each_language_has_its_own_copy(client, nadaun, page_cache):
    english = client.get("/workers", headers={"Accept-Language": "en"}).get_data(as_text=True)
    hindi = client.get("/workers", headers={"Accept-Language": "hi"}).get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="hi"' in hindi


def test_signed_in_people_always_get_a_fresh_page(client, nadaun, page_cache):
    sign_in(client, make_user(name="Sunita"))
    client.get("/workers")
    again = client.get("/workers")
    assert "X-Page-Cache" not in again.headers and "Sunita" in again.get_data(as_text=True)
