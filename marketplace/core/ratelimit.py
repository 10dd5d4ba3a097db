"""Rate limits: per address and per account (the phone number a form is about).

Sign-in (README, "Sign-in limits"): failed passwords are counted per address and per number.
An address past its ceiling gets 429. A number past its ceiling is never locked: from then on
its password alone does not sign in, a code sent to the number's own phone must follow, and
the answer to a right and a wrong password is the same, so guessing there teaches nothing.
"""

from __future__ import annotations

from ipaddress import ip_address

from flask import current_app, g, request, session
from flask_limiter.util import get_remote_address
from limits import parse_many

from marketplace.core.phone import try_normalize_phone
from marketplace.extensions import limiter


def account_key() -> str:
    """The phone a request is about: from the form, else the pending flow in the session."""
    raw = request.form.get("phone", "")
    phone = try_normalize_phone(raw) if raw else None
    phone = phone or session.get("pending_phone")
    return f"account:{phone}" if phone else f"address:{get_remote_address()}"


def _config_limit(name: str):
    return lambda: current_app.config[name]


def _from_trusted_address() -> bool:
    """The office's own addresses (TRUSTED_ADDRESSES) are not held to the address ceiling: a
    desk signs in and signs up many people from one address."""
    networks = current_app.config.get("TRUSTED_ADDRESSES") or ()
    if not networks:
        return False
    try:
        address = ip_address(get_remote_address())
    except ValueError:
        return False
    return any(address in network for network in networks)


def _address_limit(scope: str, **options):
    """The ADDRESS_LIMITS ceiling on a view's POSTs, counted in `scope`."""
    return limiter.limit(_config_limit("ADDRESS_LIMITS"), methods=["POST"], scope=scope,
                         exempt_when=_from_trusted_address, **options)


def _failed(response) -> bool:
    # Successful steps redirect; failures re-render the form with a 4xx, or say so on `g`
    # when the answer must look like success (a challenged number's wrong password).
    return response.status_code >= 400 or g.get("sign_in_failed", False)


def limit_sign_in(view):
    """Failed sign-ins per address: past the ceiling, 429. (Per number: see below.)"""
    return _address_limit("sign-in-address", deduct_when=_failed)(view)


def _sign_in_limits():
    return parse_many(current_app.config["SIGNIN_LIMITS"])


def sign_in_needs_code(phone: str) -> bool:
    """Has this number had SIGNIN_LIMITS failed passwords? Then a code must follow."""
    if not limiter.enabled:
        return False
    return not all(limiter.limiter.test(item, "sign-in-number", phone)
                   for item in _sign_in_limits())


def count_failed_sign_in(phone: str) -> None:
    """Count a wrong password for the number, and for the address (even when the answer
    redirects like a success)."""
    g.sign_in_failed = True
    if limiter.enabled:
        for item in _sign_in_limits():
            limiter.limiter.hit(item, "sign-in-number", phone)


def pending_sign_in_key() -> str:
    """The sign-in waiting for its code in this browser: the tries of one attempt are counted
    by itself, so nobody else's tries use up the owner's."""
    nonce = (session.get("pending_second_factor") or {}).get("nonce")
    return f"pending:{nonce}" if nonce else f"address:{get_remote_address()}"


def _per_key_and_address(limits: str, key_func, scope: str, address_scope: str):
    """A decorator: the POSTs of a view counted per `key_func` against the `limits` setting,
    and per address against ADDRESS_LIMITS (each count in its own scope)."""
    def decorate(view):
        view = limiter.limit(_config_limit(limits), key_func=key_func, methods=["POST"],
                             scope=scope)(view)
        return _address_limit(address_scope)(view)
    return decorate


limit_second_factor_checks = _per_key_and_address(
    "CODE_CHECK_LIMITS", pending_sign_in_key, "second-factor-check", "code-check-address")
limit_second_factor_requests = _per_key_and_address(
    "CODE_REQUEST_LIMITS", pending_sign_in_key, "second-factor-request", "code-request-address")
#: sending codes costs money and annoys the owner of the number: per account and address
limit_code_requests = _per_key_and_address(
    "CODE_REQUEST_LIMITS", account_key, "code-request-account", "code-request-address")
limit_code_checks = _per_key_and_address(
    "CODE_CHECK_LIMITS", account_key, "code-check-account", "code-check-address")


def spend(limits: str, scope: str, key: str) -> bool:
    """Count one use of `key` against `limits` (e.g. "30 per hour; 100 per day") in `scope`,
    the very counters a view's `limiter.shared_limit(limits, scope=scope, key_func=…)` keeps
    for the same key: False when one is already used up (nothing is counted then). For
    callers that are not a view of their own (the WhatsApp assistant)."""
    if not limiter.enabled:
        return True
    items = parse_many(limits)
    if not all(limiter.limiter.test(item, key, scope) for item in items):
        return False
    return all([limiter.limiter.hit(item, key, scope) for item in items])
