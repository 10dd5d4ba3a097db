"""A small Stripe API stand-in on loopback that the tests own (no network, no stripe-mock)."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import stripe

WEBHOOK_SECRET = "whsec_test_secret"


class FakeStripe:
    def __init__(self) -> None:
        self.sessions: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.fail_with: int | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                fake.requests.append({"path": self.path, "form": form,
                                      "idempotency": self.headers.get("Idempotency-Key")})
                if fake.fail_with:
                    self._send(fake.fail_with, {"error": {"type": "invalid_request_error",
                                                          "message": "refused"}})
                    return
                if self.path != "/v1/checkout/sessions":
                    self._send(404, {"error": {"type": "invalid_request_error"}})
                    return
                session_id = f"cs_test_{len(fake.sessions) + 1}"
                session = {
                    "id": session_id, "object": "checkout.session",
                    "url": f"https://checkout.stripe.test/pay/{session_id}",
                    "amount_total": int(form["line_items[0][price_data][unit_amount]"][0]),
                    "currency": form["line_items[0][price_data][currency]"][0],
                    "payment_status": "unpaid", "status": "open",
                    "client_reference_id": form.get("client_reference_id", [""])[0],
                }
                fake.sessions[session_id] = session
                self._send(200, session)

            def _send(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def signed_event(event_type: str, session: dict, *, event_id: str,
                 secret: str = WEBHOOK_SECRET, **changes) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header."""
    body = json.dumps({"id": event_id, "object": "event", "type": event_type,
                       "data": {"object": {**session, **changes}}})
    header = stripe.WebhookSignature.generate_signature_header(body, secret,
                                                               timestamp=int(time.time()))
    return body.encode(), header
