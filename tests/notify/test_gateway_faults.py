"""The outbox against a loopback gateway that fails (500, 429, answers too late, then OK) while
the deliverer runs again and again and is killed mid-batch: every message arrives once.

The fake gateway deduplicates on the idempotency key, as a real provider does; the test also
proves that the app itself only sends a message again when it cannot know whether the last
try arrived (the answer came too late, or the deliverer died between sending and recording).
It prints created / delivered once / lost / duplicated / the delay after recovery.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from marketplace.core.db import utcnow
from marketplace.extensions import db
from marketplace.notify import delivery
from marketplace.notify.channels import HttpChannel
from marketplace.notify.models import OutboxMessage, OutboxStatus
from marketplace.notify.services import queue_message
from tests.helpers import next_phone

CLIENT_TIMEOUT = 0.2  # seconds; the slow gateway answers after 2 × this
ROUND = timedelta(seconds=10)  # `flask outbox deliver --watch --interval 10`


class FakeGateway:
    """A provider on loopback: takes a message (and delivers it to the phone) once per key."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []  # (key, mode) of every request
        self.delivered: Counter[str] = Counter()  # key -> times a phone got it
        self.replays: list[str] = []  # requests for a key already taken (answered, not sent)
        self.bodies: dict[str, str] = {}
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                try:
                    gateway.handle(self)
                except OSError:
                    pass  # the client gave up waiting (the slow answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        payload = json.loads(request.rfile.read(int(request.headers["Content-Length"])))
        key = request.headers["Idempotency-Key"]
        assert key and payload["reference"] == key
        with self.lock:
            mode = self.mode
            self.requests.append((key, mode))
            if mode in ("ok", "slow"):
                if key in self.delivered:
                    self.replays.append(key)
                else:
                    self.delivered[key] += 1
                    self.bodies[key] = payload["body"]
        if mode == "500":
            status, extra = 500, {}
        elif mode == "429":
            status, extra = 429, {"Retry-After": "1"}
        else:
            status, extra = 200, {}
            if mode == "slow":
                time.sleep(CLIENT_TIMEOUT * 2)  # taken and delivered, but answered too late
        request.send_response(status)
        for name, value in extra.items():
            request.send_header(name, value)
        request.send_header("Content-Type", "application/json")
        request.end_headers()
        request.wfile.write(json.dumps({"id": f"gw-{key}"}).encode())

    def __enter__(self) -> FakeGateway:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Killed(BaseException):
    """The deliverer process dying: not an error it can catch and carry on from."""


class KillableChannel:
    """The real HTTP channel; `kill_after_send`/`kill_before_send` make the next send die
    after the gateway took the message, or before it was sent (but after the claim)."""

    def __init__(self, url: str) -> None:
        self.http = HttpChannel(url, "token", CLIENT_TIMEOUT)
        self.kill_after_send = self.kill_before_send = 0
        self.unknowable: set[str] = set()  # keys whose last try's outcome the app cannot know

    def send(self, to_phone: str, body: str, *, key: str):
        if self.kill_before_send:
            self.kill_before_send -= 1
            raise Killed
        try:
            sent = self.http.send(to_phone, body, key=key)
        except Exception as exc:
            if "Timeout" in str(exc):
                self.unknowable.add(key)
            raise
        if self.kill_after_send:
            self.kill_after_send -= 1
            self.unknowable.add(key)
            raise Killed
        return sent


def test_after_an_outage_every_message_is_delivered_exactly_once(app, monkeypatch, capsys):
    monkeypatch.setitem(app.extensions, "outbox_dispatch", lambda ids: None)
    with FakeGateway() as gateway:
        channel = KillableChannel(gateway.url)
        monkeypatch.setattr(delivery, "channel_from_config", lambda config: channel)
        messages = [queue_message(next_phone(), "password_changed", language="en")
                    for _ in range(10)]
        messages += [queue_message(next_phone(), "sign_in_code", language="hi",
                                   code=f"{123450 + n}") for n in range(2)]
        db.session.commit()
        keys = {f"outbox-{m.id}": m.id for m in messages}
        clock = utcnow()

        def run_round(mode: str, *, kill_before: int = 0, kill_after: int = 0) -> None:
            nonlocal clock
            clock += ROUND
            gateway.mode = mode
            channel.kill_before_send, channel.kill_after_send = kill_before, kill_after
            try:
                delivery.deliver_due(now=clock)
            except Killed:
                pass  # the deliverer died mid-batch; the next round is a new process

        for _ in range(6):
            run_round("500")
        run_round("500", kill_before=1)  # dies after claiming, before sending
        for _ in range(5):
            run_round("429")
        for _ in range(3):
            run_round("slow")  # the gateway takes them but answers after the client gave up
        recovered_at = clock
        run_round("ok", kill_after=1)  # dies after the gateway took a message
        delivered_at = None
        for _ in range(20):
            if all(status is OutboxStatus.SENT for status in db.session.scalars(
                    sa.select(OutboxMessage.status).where(
                        OutboxMessage.id.in_(keys.values())))):
                delivered_at = clock
                break
            run_round("ok")
        for _ in range(3):  # and more rounds change nothing
            run_round("ok")

    db.session.expire_all()  # the deliverer wrote through its own session
    rows = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.id.in_(keys.values()))).all()
    created = len(messages)
    delivered_once = sum(1 for key in keys if gateway.delivered[key] == 1)
    lost = sum(1 for key in keys if gateway.delivered[key] == 0)
    duplicated = sum(count - 1 for count in gateway.delivered.values() if count > 1)
    resent_when_it_knew = [key for key in gateway.replays if key not in channel.unknowable]
    delay = (delivered_at - recovered_at).total_seconds() if delivered_at else None
    with capsys.disabled():
        print(f"\noutbox under gateway faults: created={created} delivered_once={delivered_once}"
              f" lost={lost} duplicated={duplicated}"
              f" deduplicated_by_key={len(gateway.replays)}"
              f" resent_after_a_known_ok={len(resent_when_it_knew)}"
              f" requests={len(gateway.requests)}"
              f" delay_after_recovery={delay}s (simulated, rounds of {ROUND.seconds}s)")
    assert (delivered_once, lost, duplicated) == (created, 0, 0)
    assert resent_when_it_knew == []
    assert len(gateway.replays) > 1, "the slow answers and the kill made the app send again"
    assert delay is not None and delay <= 60
    assert all(row.status is OutboxStatus.SENT and row.provider_message_id ==
               f"gw-outbox-{row.id}" and row.secret is None for row in rows)
    # The phones got the codes; the outbox keeps none of them.
    codes = [gateway.bodies[f"outbox-{m.id}"] for m in messages[-2:]]
    assert [str(123450 + n) in text for n, text in enumerate(codes)] == [True, True]
    assert not any(str(123450 + n) in row.body for n in range(2) for row in rows)


@pytest.mark.parametrize("mode", ["500", "429", "slow"])
def test_each_fault_alone_keeps_the_message_for_the_next_round(app, monkeypatch, mode):
    monkeypatch.setitem(app.extensions, "outbox_dispatch", lambda ids: None)
    with FakeGateway() as gateway:
        channel = KillableChannel(gateway.url)
        monkeypatch.setattr(delivery, "channel_from_config", lambda config: channel)
        message = queue_message(next_phone(), "password_changed", language="en")
        db.session.commit()
        gateway.mode = mode
        now = utcnow()
        assert delivery.deliver_due(now=now) == 0
        db.session.refresh(message)
        assert message.status is OutboxStatus.PENDING
        assert message.next_attempt_at - now <= app.config["OUTBOX_BACKOFF_CAP"]
        gateway.mode = "ok"
        assert delivery.deliver_due(now=now + timedelta(seconds=31)) == 1
    assert sum(gateway.delivered.values()) == 1
