"""Security headers, role checks for views, and safe redirects."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, make_response
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from marketplace.core.sessions import signed_in

_POLICY = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",  # blob: shows a chosen photo before upload
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
]


def content_security_policy(form_targets: Iterable[str] = ()) -> str:
    """The policy; `form_targets` are other origins a form may lead to, such as a payment
    page the server redirects to after a POST (browsers check form-action on redirects)."""
    return "; ".join([*_POLICY, " ".join(["form-action 'self'", *form_targets])])


@lru_cache(maxsize=8)
def _fixed_headers(form_targets: tuple[str, ...], secure: bool) -> tuple[tuple[str, str], ...]:
    """The headers every response carries unless a view set its own (worked out once per
    configuration, not per response)."""
    fixed = (
        ("Content-Security-Policy", content_security_policy(form_targets)),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "geolocation=(self), camera=(self)"),
    )
    if secure:
        fixed += (("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),)
    return fixed


def fixed_headers(config) -> tuple[tuple[str, str], ...]:
    """The security headers every response carries unless a view set its own."""
    return _fixed_headers(tuple(config.get("FORM_ACTION_ORIGINS", ())),
                          config["SESSION_COOKIE_SECURE"])


def register_security_headers(app: Flask) -> None:
    config = app.config

    @app.after_request
    def set_headers(response):
        headers = response.headers
        present = {name.lower() for name, _value in headers.items()}
        headers.extend((name, value) for name, value in fixed_headers(config)
                       if name.lower() not in present)
        if "cache-control" not in present and signed_in():
            # Pages of a signed-in person must not be kept by shared caches. (Responses that
            # set their own caching, like images, are left alone and never touch the session.)
            headers["Cache-Control"] = "private, no-store"
        return response


def no_referrer(view: Callable) -> Callable:
    """Pages a one-time code is typed on tell no other site where the visitor came from."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def roles_required(*roles: str) -> Callable:
    """Allow a view only to signed-in accounts whose role is one of `roles` (else 401/403)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role.value not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapper.allowed_roles = allowed
        return wrapper

    return decorator


def role_may_open(path: str, role: str) -> bool:
    """Whether the page at `path` lets this role in, as far as roles_required on the view or
    on its blueprints says: sign-in sends nobody on to a page that would only answer 403.
    A path that leads to no page, or a check made inside the view, is left to the page."""
    try:
        endpoint, _args = current_app.url_map.bind("").match(urlsplit(path).path, method="GET")
    except RequestRedirect as moved:  # /panel for /panel/
        return role_may_open(urlsplit(moved.new_url).path, role) if moved.new_url else True
    except HTTPException:
        return True
    guards = [current_app.view_functions.get(endpoint)]
    blueprint = endpoint.rpartition(".")[0]
    while blueprint:
        guards += current_app.before_request_funcs.get(blueprint, [])
        blueprint = blueprint.rpartition(".")[0]
    return all(role in getattr(guard, "allowed_roles", (role,)) for guard in guards)


def is_safe_next(target: str | None) -> bool:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or len(target) > 500:
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    return target if is_safe_next(target) else default


