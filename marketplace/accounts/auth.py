"""Flask-Login wiring: sessions are bound to the account's current session token."""

from __future__ import annotations

import hmac

from flask import Flask
from flask_babel import lazy_gettext as _l

from marketplace.accounts.models import User
from marketplace.core.text import whole_number
from marketplace.extensions import db, login_manager


def load_user(session_id: str) -> User | None:
    user_id, _, token = session_id.partition(":")
    number = whole_number(user_id, most_digits=18)
    if number is None or not token:
        return None
    user = db.session.get(User, number)
    if user is None or not user.is_active:
        return None
    if not hmac.compare_digest(user.session_token, token):
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.login_message_category = "info"
    # Phones change networks all the time; binding the session to an address would log them out.
    login_manager.session_protection = "basic"
