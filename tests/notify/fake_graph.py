"""A fake WhatsApp Cloud API (and SMS gateway) on loopback, owned by the tests.

`POST /graph/{phone_number_id}/messages` answers like Graph: `{"messages": [{"id": wamid}]}`,
or the next scripted answer (a status, a Graph error code); `POST /sms` answers like the SMS
gateway `HttpChannel` posts to. Every request is recorded.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GRAPH_TOKEN = "test-graph-token"  # noqa: S105 - the tests' own
SMS_TOKEN = "test-sms-token"  # noqa: S105 - the tests' own
NUMBER_ID = "106540352242922"


@dataclass
class Request:
    path: str
    auth: str
    json: dict


@dataclass
class FakeGraph:
    requests: list[Request] = field(default_factory=list)
    #: answers to give to the next Graph requests, in order: (HTTP status, Graph error code or
    #: None, Retry-After or None); afterwards every request succeeds
    script: list[tuple[int, int | None, str | None]] = field(default_factory=list)
    sms_script: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    url: str = ""

    def graph_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.startswith("/graph/")]

    def sms_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/sms"]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        body = json.loads(handler.rfile.read(int(handler.headers["Content-Length"])))
        with self.lock:
            self.requests.append(Request(handler.path, handler.headers["Authorization"], body))
            number = next(self.ids)
            if handler.path == "/sms":
                status = self.sms_script.pop(0) if self.sms_script else 200
                reply, retry_after = {"id": f"sms-{number}"}, None
            else:
                status, code, retry_after = (self.script.pop(0) if self.script
                                             else (200, None, None))
                reply = ({"messaging_product": "whatsapp",
                          "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                          "messages": [{"id": f"wamid.fake{number:04d}"}]} if status == 200
                         else {"error": {"message": f"(#{code}) refused",
                                         "type": "OAuthException",
                                         "code": code, "error_data": {
                                             "messaging_product": "whatsapp",
                                             "details": f"details of {code}"},
                                         "fbtrace_id": "AbCdEf"}})
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        if retry_after:
            handler.send_header("Retry-After", retry_after)
        handler.end_headers()
        handler.wfile.write(json.dumps(reply).encode())


def start_fake_graph() -> tuple[FakeGraph, ThreadingHTTPServer]:
    graph = FakeGraph()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server name
            graph.answer(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    graph.url = f"http://127.0.0.1:{server.server_port}"
    return graph, server


def point_app_at(config: dict, graph: FakeGraph, *, sms_gateway: bool) -> dict:
    """The settings that send WhatsApp rows to the fake (and SMS to it, with `sms_gateway`)."""
    settings = {"WHATSAPP_ACCESS_TOKEN": GRAPH_TOKEN, "WHATSAPP_GRAPH_URL": f"{graph.url}/graph",
                "MESSAGE_HTTP_TIMEOUT": 5.0}
    if sms_gateway:
        settings.update(MESSAGE_CHANNEL="http", MESSAGE_HTTP_URL=f"{graph.url}/sms",
                        MESSAGE_HTTP_TOKEN=SMS_TOKEN)
    else:
        settings.update(MESSAGE_CHANNEL="log")
    return settings
