"""Point the app at the tests' own fake Stripe."""

from __future__ import annotations

import pytest

from tests.payments.fake_stripe import WEBHOOK_SECRET, FakeStripe


@pytest.fixture
def fake_stripe(app, monkeypatch):
    fake = FakeStripe()
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_123")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", fake.url)
    yield fake
    fake.close()
