"""Switch the assistant on with the tests' own app secret and verify token."""

from __future__ import annotations

import pytest

from tests.chat.payloads import APP_SECRET, VERIFY_TOKEN


@pytest.fixture
def assistant(app, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", APP_SECRET)
    monkeypatch.setitem(app.config, "WHATSAPP_VERIFY_TOKEN", VERIFY_TOKEN)
    return app
