"""Stripe Checkout as the browser meets it, on loopback: the API call that opens a session, the
hosted page with a Pay button, and the signed `checkout.session.completed` webhook that
Stripe sends to our server before it takes the payer back to the success URL."""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.payments.fake_stripe import WEBHOOK_SECRET, signed_event

__all__ = ["WEBHOOK_SECRET", "FakeCheckout"]

PAY_PATH = re.compile(r"^/pay/(cs_test_\w+)$")


class FakeCheckout:
    """Opens Checkout Sessions at POST /v1/checkout/sessions; the payer pays at /pay/<id>."""

    def __init__(self, webhook_url: str) -> None:
        self.webhook_url = webhook_url
        #: sessions as Stripe keeps them, by id (with the success and cancel URLs)
        self.sessions: dict[str, dict] = {}
        #: (HTTP status, body) of each webhook our server answered
        self.webhook_answers: list[tuple[int, dict]] = []
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server name
                match = PAY_PATH.match(self.path)
                session = fake.sessions.get(match.group(1)) if match else None
                if session is None:
                    self._send(404, "text/plain", b"no such page")
                    return
                self._send(200, "text/html; charset=utf-8", fake._page(session).encode())

            def do_POST(self):  # noqa: N802 - the http.server name
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if self.path == "/v1/checkout/sessions":
                    body = json.dumps(fake._open_session(form)).encode()
                    self._send(200, "application/json", body)
                    return
                match = PAY_PATH.match(self.path)
                session = fake.sessions.get(match.group(1)) if match else None
                if session is None or session["status"] != "open":
                    self._send(404, "text/plain", b"no open session")
                    return
                status = fake._complete(session)
                if status != 200:
                    self._send(502, "text/plain", f"webhook answered {status}".encode())
                    return
                self.send_response(303)
                self.send_header("Location", session["success_url"])
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _send(self, status: int, kind: str, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _open_session(self, form: dict[str, list[str]]) -> dict:
        def one(key: str, default: str = "") -> str:
            return form.get(key, [default])[0]

        with self._lock:
            session_id = f"cs_test_{next(self._numbers)}"
            session = {
                "id": session_id, "object": "checkout.session", "mode": one("mode"),
                "url": f"{self.url}/pay/{session_id}",
                "amount_total": int(one("line_items[0][price_data][unit_amount]")),
                "currency": one("line_items[0][price_data][currency]"),
                "description": one("line_items[0][price_data][product_data][name]"),
                "payment_status": "unpaid", "status": "open", "payment_intent": None,
                "client_reference_id": one("client_reference_id"),
                "metadata": {"reference": one("metadata[reference]")},
                "success_url": one("success_url"), "cancel_url": one("cancel_url"),
            }
            self.sessions[session_id] = session
        return session

    def _page(self, session: dict) -> str:
        amount = f"{session['currency'].upper()} {session['amount_total'] / 100:,.2f}"
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Pay · Fake Stripe Checkout</title></head><body>"
            f"<h1>{html.escape(session['description'])}</h1>"
            f"<p>Amount: <strong>{html.escape(amount)}</strong></p>"
            f"<form method='post' action='/pay/{session['id']}'>"
            "<button type='submit'>Pay</button></form>"
            f"<p><a href='{html.escape(session['cancel_url'])}'>Back</a></p>"
            "</body></html>")

    def _complete(self, session: dict) -> int:
        """Mark the session paid and tell our server, signed, as Stripe would."""
        number = next(self._numbers)
        session.update(status="complete", payment_status="paid",
                       payment_intent=f"pi_test_{number}")
        body, signature = signed_event("checkout.session.completed", session,
                                       event_id=f"evt_test_{number}")
        request = urllib.request.Request(  # noqa: S310 - loopback live server
            self.webhook_url, data=body, method="POST",
            headers={"Content-Type": "application/json", "Stripe-Signature": signature})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                status, payload = answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            with error:
                status, payload = error.code, {"error": error.read().decode(errors="replace")}
        self.webhook_answers.append((status, payload))
        return status

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
