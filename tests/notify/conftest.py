"""The fake Cloud API and the app pointed at it."""

from __future__ import annotations

import pytest

from tests.notify.fake_graph import FakeGraph, point_app_at, start_fake_graph


@pytest.fixture
def graph() -> FakeGraph:
    fake, server = start_fake_graph()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def whatsapp(app, graph, monkeypatch) -> FakeGraph:
    """WhatsApp rows go to the fake Graph; no SMS gateway (the log channel)."""
    for key, value in point_app_at(app.config, graph, sms_gateway=False).items():
        monkeypatch.setitem(app.config, key, value)
    return graph


@pytest.fixture
def whatsapp_and_sms(app, graph, monkeypatch) -> FakeGraph:
    """WhatsApp rows go to the fake Graph, and refusals fall back to its SMS gateway."""
    for key, value in point_app_at(app.config, graph, sms_gateway=True).items():
        monkeypatch.setitem(app.config, key, value)
    return graph
