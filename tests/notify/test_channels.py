"""The HTTP channel against a gateway served on loopback by the test."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from marketplace.notify.channels import DeliveryError, HttpChannel, LogChannel, channel_from_config


@pytest.fixture
def gateway():
    received: list[dict] = []
    state = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            length = int(self.headers["Content-Length"])
            received.append({"auth": self.headers["Authorization"],
                             "key": self.headers["Idempotency-Key"],
                             "json": json.loads(self.rfile.read(length))})
            self.send_response(state["status"])
            if state.get("retry_after"):
                self.send_header("Retry-After", state["retry_after"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "gw-42"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received, state
    server.shutdown()
    server.server_close()


def test_the_http_channel_posts_the_message_with_the_token_and_the_idempotency_key(gateway):
    url, received, _ = gateway
    sent = HttpChannel(url, "secret-token", 5).send("+919816012345", "नमस्ते", key="outbox-7")
    assert sent.provider_message_id == "gw-42"
    assert received == [{"auth": "Bearer secret-token", "key": "outbox-7",
                         "json": {"to": "+919816012345", "body": "नमस्ते",
                                  "reference": "outbox-7"}}]


def test_a_gateway_error_is_a_delivery_error(gateway):
    url, _, state = gateway
    state["status"] = 503
    with pytest.raises(DeliveryError, match="503") as caught:
        HttpChannel(url, "t", 5).send("+919816012345", "hi", key="outbox-1")
    assert not caught.value.permanent


@pytest.mark.parametrize(("status", "permanent"), [
    (500, False), (502, False), (429, False), (408, False), (400, True), (401, True),
    (404, True), (422, True)])
def test_only_a_refusal_of_the_request_itself_is_permanent(gateway, status, permanent):
    url, _, state = gateway
    state["status"] = status
    with pytest.raises(DeliveryError) as caught:
        HttpChannel(url, "t", 5).send("+919816012345", "hi", key="outbox-1")
    assert caught.value.permanent is permanent


def test_the_gateways_retry_after_is_passed_on(gateway):
    url, _, state = gateway
    state.update(status=429, retry_after="7")
    with pytest.raises(DeliveryError) as caught:
        HttpChannel(url, "t", 5).send("+919816012345", "hi", key="outbox-1")
    assert caught.value.retry_after == 7


def test_an_unreachable_gateway_is_a_delivery_error():
    with pytest.raises(DeliveryError, match="unreachable"):
        HttpChannel("http://127.0.0.1:9/send", "t", 1).send("+919816012345", "hi", key="k")


def test_the_channel_comes_from_configuration():
    assert isinstance(channel_from_config({"MESSAGE_CHANNEL": "log"}), LogChannel)
    config = {"MESSAGE_CHANNEL": "http", "MESSAGE_HTTP_URL": "http://127.0.0.1:1/",
              "MESSAGE_HTTP_TOKEN": "t", "MESSAGE_HTTP_TIMEOUT": 3}
    assert isinstance(channel_from_config(config), HttpChannel)
    with pytest.raises(RuntimeError, match="MESSAGE_HTTP_URL"):
        channel_from_config({**config, "MESSAGE_HTTP_URL": ""})


def test_the_log_channel_logs_the_text_but_masks_the_phone_number(caplog):
    LogChannel().send("+919816012345", "आपका कोड 123456 है", key="outbox-5")
    assert "आपका कोड 123456 है" in caplog.text  # a developer reads the code there
    assert "+91•••••••345" in caplog.text and "9816012345" not in caplog.text
