"""The session cookie: Flask's own, signed by one serializer per key."""

from __future__ import annotations

from flask import request, session

from marketplace.core.sessions import SessionInterface
from tests.helpers import make_user, sign_in


def test_the_app_signs_sessions_with_one_serializer_per_key(app, monkeypatch):
    interface = app.session_interface
    assert isinstance(interface, SessionInterface)
    first = interface.get_signing_serializer(app)
    assert interface.get_signing_serializer(app) is first
    monkeypatch.setitem(app.config, "SECRET_KEY", "r" * 40)  # a rotated key gets its own
    rotated = interface.get_signing_serializer(app)
    assert rotated is not first and rotated.secret_keys == [b"r" * 40]
    monkeypatch.setitem(app.config, "SECRET_KEY_FALLBACKS", [app.config["SECRET_KEY"]])
    assert interface.get_signing_serializer(app).secret_keys == [b"r" * 40, b"r" * 40]


def test_a_cookie_signed_with_an_old_key_is_refused_after_rotation(app, client, monkeypatch):
    with app.test_request_context():
        session["lang"] = "hi"
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    monkeypatch.setitem(app.config, "SECRET_KEY", "r" * 40)
    with app.test_request_context(headers={
            "Cookie": f"{app.config['SESSION_COOKIE_NAME']}={value}"}):
        assert "lang" not in app.session_interface.open_session(app, request)


def test_a_signed_in_session_still_reads_back(client):
    user = make_user(name="Sunita")
    sign_in(client, user)
    assert "Sunita" in client.get("/account").get_data(as_text=True)
