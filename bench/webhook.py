"""The WhatsApp webhook under 50 concurrent signed deliveries, beside a bare Flask page.

    python -m bench.webhook [--duration S] [--connections C] [--processes P] [--senders N]
                            [--redelivered SHARE] [--database-url URL] [--redis-url URL]
                            [--throwaway-prefix NAME]

Makes a throwaway database <prefix>_<hex> on the PostgreSQL of --database-url (dropped at the
end), migrates it and seeds the demo (Nadaun and Sonepur, each with its own WhatsApp number;
the deliveries go to Nadaun's). Then it serves the app with gunicorn on 127.0.0.1 with a
WHATSAPP_APP_SECRET and loads the webhook with wrk: each request is the next of deliveries made
beforehand, each one message (a distinct wamid, words residents write, such as "प्लंबर चाहिए")
from one of --senders phones, signed as Meta signs them (wrk cannot compute an HMAC, so its Lua
script rotates through them); a share (--redelivered) repeat a delivery sent shortly before, as Meta
redelivers, some while the first is still being answered. The bare Flask page is served and
loaded the same way first. Prints deliveries acknowledged per second, p50/p95/p99 and the ratio
to the bare page; then checks the database: every message sent recorded once, each with
exactly one reply in the outbox and nothing else written there; exits 1 otherwise or on any
answer but 200. Without --redis-url the replies' ids are handed to nobody (they stay in the
outbox, as when RQ workers take them later); with it they are enqueued to RQ on that Redis, as
in production, and the queue is emptied at the end. Everything it starts is stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.run import (
    add_postgres_server,
    app_with_demo,
    gunicorn,
    run_wrk,
    wait_until_up,
    wrk_installed,
)

WEBHOOK = "/chat/whatsapp/webhook"
#: what residents write; none hands the conversation to staff, who would answer instead
TEXTS = ("प्लंबर चाहिए", "नमस्ते", "1", "मेनू", "बिजली मिस्त्री चाहिए", "plumbar", "nal wala",
         "menu", "2", "English", "हिंदी", "मेरा ऑर्डर कहाँ है", "कल सुबह आ सकते हैं?",
         "बढ़ई चाहिए नादौन में", "hi", "धन्यवाद 🙏")
#: a redelivery repeats one of this many deliveries before it: some still in flight
REDELIVERY_REACH = 60

LUA = """
local files, threads, made = {%(files)s}, {}, 0
function setup(thread)
  made = made + 1
  thread:set("file", files[made])
  table.insert(threads, thread)
end
function init(args)
  items, sent = {}, 0
  for line in io.lines(file) do
    local tab = line:find("\\t", 1, true)
    items[#items + 1] = {line:sub(1, tab - 1), line:sub(tab + 1)}
  end
end
function request()
  sent = sent + 1
  local item = items[(sent - 1) %% #items + 1]
  return wrk.format("POST", nil, {["Content-Type"] = "application/json",
                                  ["X-Hub-Signature-256"] = item[1]}, item[2])
end
function done(summary, latency, requests)
  io.write(string.format("p95_us %%d\\n", latency:percentile(95)))
  for i, thread in ipairs(threads) do
    io.write(string.format("thread %%d sent %%d\\n", i, thread:get("sent")))
  end
end
"""


@dataclass(frozen=True)
class Delivery:
    wamid: str
    body: bytes
    signature: str


def make_deliveries(count: int, *, secret: str, senders: int, redelivered: float,
                    rng: random.Random, timestamp: int, tag: str = "") -> list[Delivery]:
    """`count` deliveries signed with `secret`, each one text message from one of `senders`
    Indian mobile numbers; about `redelivered` of them repeat, byte for byte, one made
    shortly before (as Meta redelivers). Message ids are distinct across calls with distinct
    `tag`s."""
    from marketplace.chat.cloud_api import signature_of, simulated_delivery
    from marketplace.demo.nadaun import WHATSAPP

    number, _dialled = WHATSAPP  # the demo's Nadaun number: its messages are served there
    made: list[Delivery] = []
    for n in range(count):
        if made and rng.random() < redelivered:
            made.append(made[-rng.randint(1, min(len(made), REDELIVERY_REACH))])
            continue
        wamid = f"wamid.bench{tag}.{n:07d}.{secrets.token_hex(8)}"
        body = json.dumps(simulated_delivery(
            sender=f"9197{rng.randrange(senders):08d}", wamid=wamid, phone_number_id=number,
            timestamp=timestamp, text=rng.choice(TEXTS)), ensure_ascii=False).encode()
        made.append(Delivery(wamid, body, signature_of(body, secret)))
    return made


def write_for_wrk(deliveries: list[Delivery], path: Path) -> None:
    """One delivery a line, "signature<TAB>body", as the Lua script reads them."""
    with path.open("wb") as file:
        for item in deliveries:
            file.write(item.signature.encode() + b"\t" + item.body + b"\n")


def prepare(env: dict):
    """Migrate and seed the demo; return the app (for the checks) and the outbox's last id."""
    import sqlalchemy as sa

    from marketplace.extensions import db
    from marketplace.notify.models import OutboxMessage

    app = app_with_demo(env, keep_outbox=True)
    with app.app_context():
        last = db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0
        server = db.session.scalar(sa.text("SHOW server_version"))
        db.session.remove()
    return app, last, server


def post(url_or_client, item: Delivery) -> int:
    """POST one delivery, to a server's URL or a test client; its status."""
    from marketplace.chat.cloud_api import SIGNATURE_HEADER

    headers = {SIGNATURE_HEADER: item.signature, "Content-Type": "application/json"}
    if not isinstance(url_or_client, str):
        return url_or_client.post(WEBHOOK, data=item.body, headers=headers).status_code
    request = urllib.request.Request(url_or_client + WEBHOOK, data=item.body, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def count_in_process(app, deliveries: list[Delivery]) -> tuple[float, float, float]:
    """The median SQL statements, milliseconds in SQL and milliseconds in all of one delivery
    answered in this process (test client, no server), after a first one to warm up."""
    from statistics import median

    import sqlalchemy as sa

    from marketplace.extensions import db

    with app.app_context():
        engine = db.engine
    client = app.test_client()
    timings: list[float] = []

    def before(*_args):
        timings.append(-time.perf_counter())

    def after(*_args):
        timings[-1] += time.perf_counter()

    runs = []
    for number, item in enumerate(deliveries):
        timings.clear()
        sa.event.listen(engine, "before_cursor_execute", before)
        sa.event.listen(engine, "after_cursor_execute", after)
        began = time.perf_counter()
        try:
            status = post(client, item)
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)
            sa.event.remove(engine, "after_cursor_execute", after)
        if status != 200:
            raise RuntimeError(f"the webhook answered {status} to a bench delivery")
        if number:
            runs.append((len(timings), sum(timings) * 1000,
                         (time.perf_counter() - began) * 1000))
    return tuple(median(run[k] for run in runs) for k in range(3))


def check_records(app, sent: list[Delivery], outbox_before: int, in_flight: int) -> list[str]:
    """What must hold after the load; returns the broken rules (and prints what it found)."""
    import sqlalchemy as sa

    from marketplace.chat.models import InboundMessage
    from marketplace.extensions import db
    from marketplace.notify.models import OutboxMessage

    distinct = {item.wamid for item in sent}
    with app.app_context():
        recorded = db.session.execute(sa.select(InboundMessage.wamid, InboundMessage.reply_id)
                                      ).all()
        outbox = set(db.session.scalars(sa.select(OutboxMessage.id).where(
            OutboxMessage.id > outbox_before)))
        db.session.remove()
    wamids = [wamid for wamid, _ in recorded]
    replies = [reply for _, reply in recorded if reply is not None]
    broken = []
    if len(wamids) != len(set(wamids)):
        broken.append(f"{len(wamids) - len(set(wamids))} messages recorded twice")
    if set(wamids) - distinct:
        broken.append(f"{len(set(wamids) - distinct)} recorded messages were never sent")
    missing = len(distinct - set(wamids))
    if missing > in_flight:
        broken.append(f"{missing} messages sent were not recorded")
    if len(replies) != len(wamids) or len(set(replies)) != len(replies):
        broken.append(f"{len(wamids)} messages recorded, {len(replies)} with a reply "
                      f"({len(set(replies))} distinct)")
    if outbox != set(replies):
        broken.append(f"{len(outbox)} outbox rows written during the run, "
                      f"{len(set(replies))} of them replies")
    print(f"records: {len(sent)} deliveries sent, {len(distinct)} distinct messages; "
          f"{len(wamids)} recorded ({len(set(wamids))} distinct ids, {missing} not recorded: "
          f"in flight when wrk stopped), {len(replies)} replies in the outbox "
          f"({len(set(replies))} distinct), {len(outbox)} outbox rows written in all")
    return broken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load")
    parser.add_argument("--connections", type=int, default=50, help="concurrent deliveries")
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--senders", type=int, default=2000, help="distinct sender phones")
    parser.add_argument("--redelivered", type=float, default=0.1,
                        help="share of deliveries that repeat one sent shortly before")
    parser.add_argument("--per-thread", type=int, default=6000,
                        help="deliveries made for each of wrk's 2 threads (reused if it runs "
                             "out, which only adds redeliveries)")
    add_postgres_server(parser)
    parser.add_argument("--redis-url", default="",
                        help="enqueue the replies to RQ on this Redis (its 'outbox' queue is "
                             "emptied at the end); default: no Redis, ids handed to nobody")
    parser.add_argument("--throwaway-prefix", default="bench_webhook")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("needs a postgresql URL")
    if not wrk_installed("bench-webhook"):
        return 2
    from tests.databases import postgres_database

    with tempfile.TemporaryDirectory(prefix="swarozgar-bench-") as folder, \
            postgres_database(args.database_url,
                              f"{args.throwaway_prefix}_{secrets.token_hex(4)}") as url:
        try:
            return run(args, Path(folder), url)
        finally:
            if args.redis_url:
                from redis import Redis
                from rq import Queue

                from marketplace.notify.jobs import QUEUE_NAME

                Queue(QUEUE_NAME, connection=Redis.from_url(args.redis_url)).empty()


def run(args, folder: Path, url: str) -> int:
    secret = secrets.token_hex(32)
    env = {**os.environ, "MARKETPLACE_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
           "MARKETPLACE_INSTANCE_PATH": str(folder), "DATABASE_URL": url,
           "WHATSAPP_APP_SECRET": secret, "PAGE_CACHE_SECONDS": "0"}
    env.pop("REDIS_URL", None)
    began = time.monotonic()
    app, outbox_before, server = prepare(env)
    rng = random.Random(15)
    per_thread = [make_deliveries(args.per_thread, secret=secret, senders=args.senders,
                                  redelivered=args.redelivered, rng=rng, tag=str(t),
                                  timestamp=int(time.time())) for t in range(2)]
    files = [folder / f"deliveries-{t}.txt" for t in range(2)]
    for deliveries, path in zip(per_thread, files, strict=True):
        write_for_wrk(deliveries, path)
    alone = make_deliveries(8, secret=secret, senders=args.senders, redelivered=0, rng=rng,
                            tag="a", timestamp=int(time.time()))
    counted = count_in_process(app, alone)
    lua = LUA % {"files": ", ".join(f'"{path}"' for path in files)}
    print(f"PostgreSQL {server} on 127.0.0.1 (same host), {os.cpu_count()} CPUs; demo Nadaun; "
          f"prepared in {time.monotonic() - began:.0f}s (not timed); gunicorn -w "
          f"{args.processes}, wrk -t2 -c{args.connections} -d{args.duration}s; deliveries of "
          f"one text message from {args.senders} phones, {args.redelivered:.0%} redelivered; "
          + (f"replies enqueued to RQ on {args.redis_url}" if args.redis_url else
             "replies left in the outbox (no Redis)"))
    with gunicorn("bench.bare_app:app", env, args.processes, folder / "bare.log") as bare:
        wait_until_up(bare + "/")
        bare_result = run_wrk(bare + "/", duration=args.duration, connections=args.connections,
                              cookie=None)
    warm = make_deliveries(4 * args.processes, secret=secret, senders=args.senders,
                           redelivered=0, rng=rng, tag="w", timestamp=int(time.time()))
    served = {**env, "REDIS_URL": args.redis_url} if args.redis_url else env
    with gunicorn("wsgi:app" if args.redis_url else "bench.webhook_app:app", served,
                  args.processes, folder / "app.log") as site:
        wait_until_up(site + "/healthz")
        for item in warm:  # each process answers one before the clock starts; none is a 403
            if (status := post(site, item)) != 200:
                raise RuntimeError(f"the webhook answered {status} to a bench delivery")
        result = run_wrk(site + WEBHOOK, duration=args.duration,
                         connections=args.connections, cookie=None, lua=lua)
    # gunicorn has stopped: every delivery it took is answered and committed.
    counts = [int(n) for n in re.findall(r"thread \d+ sent (\d+)", result["output"])]
    sent = [item for deliveries, n in zip(per_thread, counts, strict=True)
            for item in (deliveries * (n // len(deliveries) + 1))[:n]]
    print_table(bare_result, result, args.connections, counted)
    broken = check_records(app, alone + warm + sent, outbox_before, in_flight=args.connections)
    if result["non_2xx"] or bare_result["non_2xx"]:
        broken.append(f"{result['non_2xx']} deliveries answered other than 200")
    print("checks:", "FAILED\n  " + "\n  ".join(broken) if broken else
          "every delivery answered 200; each message recorded once with exactly one reply in "
          "the outbox; redeliveries wrote nothing")
    with app.app_context():
        from marketplace.extensions import db

        db.engine.dispose()
    return 1 if broken else 0


def print_table(bare: dict, webhook: dict, connections: int, counted: tuple) -> None:
    print(f"{'page':<24}{'conn':>5}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          f"{'requests':>9}{'vs bare':>8}{'non-200':>8}{'queries':>8}{'SQL ms':>7}{'one ms':>7}")
    for label, measured, (queries, sql_ms, one_ms) in (
            ("bare Flask /", bare, (0, 0, 0)), ("POST webhook (signed)", webhook, counted)):
        print(f"{label:<24}{connections:>5}{measured['rps']:>8.0f}{measured['p50']:>8.1f}"
              f"{measured['p95']:>8.1f}{measured['p99']:>8.1f}{measured['requests']:>9}"
              f"{measured['rps'] / bare['rps']:>8.3f}{measured['non_2xx']:>8}{queries:>8.0f}"
              f"{sql_ms:>7.1f}{one_ms:>7.1f}")
    print("req/s of the webhook: deliveries acknowledged (200) per second; queries, SQL ms and "
          "one ms: median of 7 deliveries answered alone in the bench's process")


if __name__ == "__main__":
    sys.exit(main())
