"""Flask's signed session cookie, with its signing serializer made once per key.

Flask makes a new serializer for every session it opens and every one it saves, and
itsdangerous tries a serializer out (a JSON dump) each time one is made: a tenth of what a
cached page costs to serve. The serializer keeps nothing between calls, so one per key does.
The cookie, its signature and every rule of the session stay Flask's own.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
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


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
