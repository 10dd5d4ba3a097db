"""The few forms on pages kept for visitors, checked without a token of their own.

A visitor who is not signed in and was never given a CSRF token has no session a forged form
could act in. Pages give such a visitor an empty token slot, so a kept page is sent exactly as
kept: no token to sign, no session to start, no cookie. The forms those pages hold (the
language switch, choosing a sub-division, adding to the cart) are checked instead by where the
browser says they come from: its Origin header (else its Referer) must name this site, as
OWASP's "verifying origin with standard headers" does; cookies are SameSite=Lax besides. Once
a visitor holds a token (any page with another form gives one) or signs in, these forms need
the token like every other form. A browser that sends neither header is given a token with the
refusal, so the page it goes back to carries one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import current_app, g, request, session
from flask_wtf.csrf import CSRFError, generate_csrf

from marketplace.core.sessions import signed_in
from marketplace.extensions import csrf


def holds_no_token() -> bool:
    """Whether this visitor's forms go without a token (see the module's note)."""
    return (not signed_in()
            and current_app.config["WTF_CSRF_FIELD_NAME"] not in session)


def token_for_slot() -> bytes:
    """What a page's token slot is filled with for this visitor."""
    return b"" if holds_no_token() else generate_csrf().encode()


def _from_this_site() -> bool:
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return source != "null" and urlsplit(source).netloc.lower() == request.host.lower()


def checked_by_origin_for_visitors(view: Callable) -> Callable:
    """A form on a kept page: a visitor without a token is checked by origin, anyone else by
    the CSRF token as everywhere."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return view(*args, **kwargs)
        if not holds_no_token():
            csrf.protect()
        elif not _from_this_site():
            generate_csrf()  # the next page carries a token, for browsers that send no Origin
            raise CSRFError("The form did not come from this site.")
        g.csrf_valid = True  # the form classes' own token check is satisfied (flask_wtf)
        return view(*args, **kwargs)

    return csrf.exempt(wrapper)
