"""A small Stripe API stand-in on loopback that the tests own (no network, no stripe-mock).

It answers Checkout Session creation and refunds the way Stripe does (including answering a
repeated idempotency key with the first result), and records every request it saw.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import stripe

WEBHOOK_SECRET = "whsec_test_secret"


class FakeStripe:
    def __init__(self) -> None:
        self.sessions: dict[str, dict] = {}
        #: refunds made, in order: {"id", "amount", "payment_intent", "idempotency"}
        self.refunds: list[dict] = []
        self.requests: list[dict] = []
        #: answer every request with this HTTP status (and Stripe-Should-Retry: false)
        self.fail_with: int | None = None
        #: sleep this many seconds before answering the first POST (a timeout at the client)
        self.delay_first: float = 0
        self._delayed = False
        self._by_idempotency: dict[tuple[str, str], dict] = {}
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                with fake._lock:
                    fake.requests.append({"path": self.path, "method": "GET"})
                    prefix = "/v1/checkout/sessions/"
                    session = fake.sessions.get(self.path[len(prefix):]) \
                        if self.path.startswith(prefix) else None
                    if fake.fail_with:
                        self._send(fake.fail_with, {"error": {"type": "api_error"}},
                                   retry=False)
                    elif session is None:
                        self._send(404, {"error": {"type": "invalid_request_error"}})
                    else:
                        self._send(200, session)

            def do_POST(self):  # noqa: N802 - the http.server name
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                key = self.headers.get("Idempotency-Key")
                late = False
                with fake._lock:
                    if fake.delay_first and not fake._delayed:
                        fake._delayed = late = True  # do the work, but answer too late
                    fake.requests.append({"path": self.path, "form": form, "idempotency": key})
                    if fake.fail_with:
                        kind = "api_error" if fake.fail_with >= 500 else "invalid_request_error"
                        self._send(fake.fail_with, {"error": {"type": kind,
                                                              "message": "refused"}},
                                   retry=False)
                        return
                    answer = fake._by_idempotency.get((self.path, key)) if key else None
                    if answer is None:
                        make = {"/v1/checkout/sessions": fake._new_session,
                                "/v1/refunds": fake._new_refund}.get(self.path)
                        if make is None:
                            self._send(404, {"error": {"type": "invalid_request_error"}})
                            return
                        answer = make(form, key)
                        if key:
                            fake._by_idempotency[(self.path, key)] = answer
                if late:
                    time.sleep(fake.delay_first)
                try:
                    self._send(200, answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the point of `late`

            def _send(self, status, body, *, retry: bool | None = None):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if retry is not None:
                    self.send_header("Stripe-Should-Retry", "true" if retry else "false")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def _new_session(self, form: dict, _key: str | None) -> dict:
        session_id = f"cs_test_{len(self.sessions) + 1}"
        session = {
            "id": session_id, "object": "checkout.session",
            "url": f"https://checkout.stripe.test/pay/{session_id}",
            "amount_total": int(form["line_items[0][price_data][unit_amount]"][0]),
            "currency": form["line_items[0][price_data][currency]"][0],
            "payment_status": "unpaid", "status": "open",
            "client_reference_id": form.get("client_reference_id", [""])[0],
            "expires_at": int(form["expires_at"][0]) if "expires_at" in form else None,
        }
        self.sessions[session_id] = session
        return session

    def _new_refund(self, form: dict, key: str | None) -> dict:
        refund = {
            "id": f"re_test_{len(self.refunds) + 1}", "object": "refund",
            "amount": int(form["amount"][0]) if "amount" in form else None,
            "payment_intent": form.get("payment_intent", [None])[0],
            "currency": "inr", "status": "succeeded",
        }
        self.refunds.append({**refund, "idempotency": key})
        return refund

    def pay(self, session_id: str, *, payment_intent: str | None = None) -> dict:
        """Stripe's record of the session becomes paid (as after the payer paid)."""
        session = self.sessions[session_id]
        session.update(payment_status="paid", status="complete",
                       payment_intent=payment_intent or f"pi_{session_id}")
        return dict(session)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def signed_event(event_type: str, session: dict, *, event_id: str,
                 secret: str = WEBHOOK_SECRET, timestamp: int | None = None,
                 **changes) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header (signed now, or at `timestamp`)."""
    body = json.dumps({"id": event_id, "object": "event", "type": event_type,
                       "data": {"object": {**session, **changes}}})
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret, timestamp=int(time.time()) if timestamp is None else timestamp)
    return body.encode(), header
