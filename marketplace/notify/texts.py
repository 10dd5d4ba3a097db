"""The words of each kind of message, rendered in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import force_locale, gettext

TEXTS: dict[str, Callable[..., str]] = {
    "sign_up_code": lambda code: gettext(
        "Swarozgar: your code to finish signing up is %(code)s. It expires in 10 minutes. "
        "Do not share it with anyone.",
        code=code,
    ),
    "sign_up_existing": lambda: gettext(
        "Swarozgar: someone tried to sign up with this number, which already has an account. "
        "If it was you, sign in or reset your password."
    ),
    "sign_in_code": lambda code: gettext(
        "Swarozgar: your sign-in code is %(code)s. It expires in 10 minutes. "
        "Do not share it with anyone.",
        code=code,
    ),
    "password_reset_code": lambda code: gettext(
        "Swarozgar: your code to reset your password is %(code)s. It expires in 10 minutes. "
        "If you did not ask for it, ignore this message.",
        code=code,
    ),
    "password_changed": lambda: gettext(
        "Swarozgar: the password of your account was changed and other devices were signed "
        "out. If this was not you, reset your password now."
    ),
    "staff_account_created": lambda role: gettext(
        "Swarozgar: an account (%(role)s) was made for you. Sign in with this number and the "
        "password you were given, then change it.",
        role=role,
    ),
    "worker_approved": lambda: gettext(
        "Swarozgar: your worker profile is approved and residents can now find you."
    ),
    "worker_rejected": lambda reason: gettext(
        "Swarozgar: your worker profile was not approved. Reason: %(reason)s. "
        "You can correct it and send it again.",
        reason=reason,
    ),
}


def render_text(kind: str, language: str, **params) -> str:
    """The message text of `kind` in `language` ('hi' or 'en')."""
    with force_locale(language):
        return TEXTS[kind](**params)
