"""Flask's signed session cookie and Flask-Login's check of it, with the work a visitor's
empty session never needed left out.

Flask makes a new serializer for every session it opens and every one it saves, and
itsdangerous tries a serializer out (a JSON dump) each time one is made: a tenth of what a
cached page costs to serve. The serializer keeps nothing between calls, so one per key does.
An empty, unchanged session (a visitor's, on most kept pages) is saved as Flask saves it, with
no cookie, without first reading seven cookie settings; and Flask-Login's session protection,
which leaves an empty session alone, is not asked to hash the visitor's address and browser
first. The cookie, its signature and every rule of the session stay Flask's own.
"""

from __future__ import annotations

from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, current_user
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        # Keyed by the keys themselves: a key rotated (or a test's own) gets its own.
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]

    def save_session(self, app: Flask, session, response) -> None:
        if session or session.modified:
            return super().save_session(app, session, response)
        if session.accessed:
            response.vary.add("Cookie")
        return None


class VisitorLoginManager(LoginManager):
    def _session_protection_failed(self) -> bool:
        # Flask-Login's own check passes an empty session (a visitor's) whatever it computes
        return bool(session) and super()._session_protection_failed()


def signed_in() -> bool:
    """current_user.is_authenticated, without loading anyone for an empty session: a visitor's
    (this site signs people in by the session alone, never by Flask-Login's remember cookie)."""
    return bool(session) and current_user.is_authenticated


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
