"""Headers, cookies, CSRF and redirects that every page gets."""

from __future__ import annotations

import pytest

from marketplace import create_app
from marketplace.config import ProductionConfig
from marketplace.core.security import is_safe_next
from tests.helpers import make_user, sign_in


@pytest.fixture
def production_client(monkeypatch, tmp_path):
    """A client of the app as configured for production (HTTPS): no database is touched."""
    for name in ("DATABASE_URL", "REDIS_URL", "PROXY_HOPS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "p" * 40)
    monkeypatch.setenv("MARKETPLACE_INSTANCE_PATH", str(tmp_path))
    return create_app(ProductionConfig()).test_client()


def test_in_production_the_session_cookie_has_the_host_prefix(production_client):
    response = production_client.get("/signin", base_url="https://localhost")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-swarozgar_session=")
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "secure" in attributes and "path=/" in attributes
    assert not any(part.startswith("domain=") for part in attributes)


def test_in_production_hsts_covers_subdomains(production_client):
    response = production_client.get("/signin", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_development_and_tests_keep_a_plain_cookie_name_over_http(client):
    response = client.get("/signin")
    assert "swarozgar_session=" in response.headers["Set-Cookie"]
    assert "__Host-" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


def test_every_page_sends_a_strict_content_security_policy(client):
    headers = client.get("/").headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_forms_may_lead_only_to_this_site_and_stripes_payment_page(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "form-action 'self' https://checkout.stripe.com" in policy.split("; ")


def test_the_policy_follows_the_configured_form_targets(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "FORM_ACTION_ORIGINS", ("https://pay.example",))
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "form-action 'self' https://pay.example" in policy.split("; ")


def test_each_security_header_is_sent_once_and_a_views_own_is_kept(client):
    headers = client.get("/password/forgot").headers
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                 "Referrer-Policy", "Permissions-Policy"):
        assert len(headers.getlist(name)) == 1, name
    assert headers["Referrer-Policy"] == "no-referrer"


def test_no_page_has_inline_script_or_style(client):
    for page in ("/", "/signin", "/signup", "/password/forgot"):
        html = client.get(page).get_data(as_text=True)
        assert "<script>" not in html and " style=" not in html and "<style" not in html
        assert " on" + "click=" not in html


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    sign_in(client, make_user())
    cookie = client.get_cookie("swarozgar_session")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_a_form_without_its_token_is_refused_with_a_clear_page(client):
    response = client.post("/signin", data={"phone": "9816012345", "password": "x" * 10})
    assert response.status_code == 400
    assert "form had expired" in response.get_data(as_text=True)


def test_an_oversized_request_is_refused_with_413(client, app):
    body = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/signin", data=body, content_type="application/octet-stream")
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/account", True),
        ("/panel/?page=2", True),
        ("", False),
        (None, False),
        ("https://evil.example", False),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("/ok\r\nSet-Cookie: x=1", False),
        ("account", False),
        ("/" + "a" * 600, False),
    ],
)
def test_safe_next_accepts_only_local_paths(target, safe):
    assert is_safe_next(target) is safe
