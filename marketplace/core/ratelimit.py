"""Rate-limit keys: per address and per account (the phone number a form is about)."""

from __future__ import annotations

from flask import current_app, request, session
from flask_limiter.util import get_remote_address

from marketplace.core.phone import try_normalize_phone
from marketplace.core.text import ascii_digits
from marketplace.extensions import limiter


def account_key() -> str:
    """The phone a request is about: from the form, else the pending flow in the session."""
    raw = request.form.get("phone", "")
    phone = try_normalize_phone(ascii_digits(raw)) if raw else None
    phone = phone or session.get("pending_phone")
    return f"account:{phone}" if phone else f"address:{get_remote_address()}"


def _config_limit(name: str):
    return lambda: current_app.config[name]


def _failed(response) -> bool:
    # Successful steps redirect; failures re-render the form with a 4xx.
    return response.status_code >= 400


def limit_sign_in(view):
    """Failed sign-ins, counted per account and per address."""
    view = limiter.limit(_config_limit("SIGNIN_LIMITS"), key_func=account_key, methods=["POST"],
                         deduct_when=_failed, scope="sign-in-account")(view)
    return limiter.limit(_config_limit("ADDRESS_LIMITS"), methods=["POST"], deduct_when=_failed,
                         scope="sign-in-address")(view)


def limit_code_requests(view):
    """Sending codes costs money and annoys the owner of the number: per account and address."""
    view = limiter.limit(_config_limit("CODE_REQUEST_LIMITS"), key_func=account_key,
                         methods=["POST"], scope="code-request-account")(view)
    return limiter.limit(_config_limit("ADDRESS_LIMITS"), methods=["POST"],
                         scope="code-request-address")(view)


def limit_code_checks(view):
    view = limiter.limit(_config_limit("CODE_CHECK_LIMITS"), key_func=account_key,
                         methods=["POST"], scope="code-check-account")(view)
    return limiter.limit(_config_limit("ADDRESS_LIMITS"), methods=["POST"],
                         scope="code-check-address")(view)
