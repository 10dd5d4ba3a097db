"""Two app servers, one PostgreSQL, one Redis and an RQ worker: a resident's journey (and an SHG
member's) alternating between the servers on every request.

    python -m bench.cluster_smoke [--database-url URL] [--database-name NAME] [--redis-url URL]

Creates the database NAME on the server of --database-url (dropped at the end), empties the
Redis database of --redis-url (it owns that number; emptied again at the end), migrates, loads
the Nadaun demo, starts two gunicorn servers on 127.0.0.1 (production settings, one SECRET_KEY,
uploads in one shared MEDIA_ROOT, separate instance folders) and `flask outbox worker`. Each
check prints what it proved; the exit status is 1 when any failed. Everything it started is
stopped, even on failure or Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import redis
import requests
import sqlalchemy as sa
from PIL import Image

from bench.run import free_port, wait_until_up
from marketplace.core.phone import mask_phone
from tests.databases import postgres_database

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESIDENT = ("+919816000011", "सुनीता देवी")  # marketplace/demo/nadaun.py
SHG_MEMBER = "+919459000001"  # the leader of the demo's first group
PASSWORD = "nadaun-demo"  # noqa: S105 - the demo's published password
WRONG_PASSWORD = "not-the-password"  # noqa: S105
#: the app's per-address ceiling of failed sign-ins (config.ADDRESS_LIMITS: 30 per 15 minutes)
ADDRESS_CEILING = 30
#: variables of ours a caller's environment must not leak into the servers
APP_VARIABLES = ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "STATIC_ROOT", "SECRET_KEY",
                 "MARKETPLACE_ENV", "MARKETPLACE_INSTANCE_PATH", "PAGE_CACHE_SECONDS",
                 "PROXY_HOPS", "MESSAGE_CHANNEL")


class SmokeFailure(AssertionError):
    """A check did not hold."""


def said(response: requests.Response) -> str:
    """What a refused page tells the person (its flash and error lines)."""
    return " / ".join(re.findall(r'class="(?:flash|error)[^"]*"[^>]*>\s*([^<]+)', response.text))


def expect(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# --- the cluster -----------------------------------------------------------------------------

@dataclass
class Cluster:
    servers: list[str]
    engine: sa.Engine
    folder: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def log_tail(self, name: str, lines: int = 15) -> str:
        path = self.folder / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _environment(database_url: str, redis_url: str, folder: Path) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in APP_VARIABLES}
    env.update(MARKETPLACE_ENV="production", SECRET_KEY=secrets.token_hex(32),
               DATABASE_URL=database_url, REDIS_URL=redis_url, MEDIA_ROOT=str(folder / "media"),
               PAGE_CACHE_SECONDS="60", MESSAGE_CHANNEL="log", FLASK_APP="wsgi",
               MARKETPLACE_INSTANCE_PATH=str(folder / "instance"))
    return env


def _run(step: str, command: list[str], env: dict, log: Path) -> None:
    with log.open("a") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                              check=False, timeout=300)
    if done.returncode:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise SmokeFailure(f"{step} failed (exit {done.returncode}):\n{tail}")


def _start(cluster: Cluster, name: str, command: list[str], env: dict) -> None:
    with (cluster.folder / f"{name}.log").open("w") as log:
        # A session of its own: stopping it stops the gunicorn workers it forked too.
        cluster.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                   stderr=subprocess.STDOUT,
                                                   start_new_session=True)


def _stop_all(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes.values():
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextlib.contextmanager
def cluster(database_url: str, name: str, redis_url: str) -> Iterator[Cluster]:
    """Database, Redis db, migrations, demo data, two servers and a worker; all gone after."""
    store = redis.Redis.from_url(redis_url)
    processes: dict[str, subprocess.Popen] = {}
    with tempfile.TemporaryDirectory(prefix="swarozgar-cluster-") as tmp, \
            postgres_database(database_url, name) as app_url:
        store.flushdb()
        engine = sa.create_engine(app_url, poolclass=sa.pool.NullPool)
        try:
            folder = Path(tmp)
            env = _environment(app_url, redis_url, folder)
            setup = folder / "setup.log"
            _run("flask db upgrade", [str(BIN / "flask"), "db", "upgrade"], env, setup)
            _run("flask seed-demo", [str(BIN / "flask"), "seed-demo"], env, setup)
            ports = [free_port(), free_port()]
            found = Cluster([f"http://127.0.0.1:{port}" for port in ports], engine, folder,
                            processes)
            for label, port in zip("AB", ports, strict=True):
                server_env = {**env, "MARKETPLACE_INSTANCE_PATH": str(folder / f"instance-{label}")}
                _start(found, f"server-{label}", [
                    str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
                    "--log-level", "warning", "wsgi:app"], server_env)
            _start(found, "worker", [str(BIN / "flask"), "outbox", "worker"], env)
            for url in found.servers:
                wait_until_up(url + "/healthz", seconds=60)
            yield found
        finally:
            _stop_all(processes)
            engine.dispose()
            store.flushdb()


# --- a browser that changes server on every request ------------------------------------------

class _Forms(HTMLParser):
    """Each form's action and the values a browser would send untouched (the checked radio or
    the first one, the selected or first real option)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._chosen: set[str] = set()

    def handle_starttag(self, tag: str, attrs) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        if not self.forms:
            return
        fields, name, kind = self.forms[-1][1], a.get("name"), a.get("type", "text")
        if tag == "option" and self._select and a.get("value"):
            if self._select not in fields or ("selected" in a and self._select not in
                                              self._chosen):
                fields[self._select] = a["value"]
            if "selected" in a:
                self._chosen.add(self._select)
        elif not name:
            return
        elif tag == "input" and kind in ("radio", "checkbox"):
            if "checked" in a or (kind == "radio" and name not in fields):
                fields[name] = a.get("value", "on")
        elif tag == "input" and kind not in ("submit", "file"):
            fields[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "textarea":
            fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)


class Browser:
    """One person's browser (its own cookies), sending each request to the next server."""

    def __init__(self, servers: list[str], label: str) -> None:
        self.servers, self.label, self.turn = servers, label, 0
        self.http = requests.Session()
        self.http.headers.update({"Accept-Language": "en", "Accept-Encoding": "gzip, br"})
        self.trail: list[str] = []

    def _next(self) -> str:
        server = self.servers[self.turn % len(self.servers)]
        self.trail.append("AB"[self.turn % len(self.servers)])
        self.turn += 1
        return server

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        # The production cookie is Secure (`__Host-`): a cookie jar keeps it but sends it
        # over https only. Here we talk plain HTTP on loopback, as nginx does to the servers.
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        server = self._next()
        # Behind nginx both servers are one site, the Origin a browser names (a visitor's
        # forms on kept pages are checked by it: core/visitor_forms.py).
        headers = {"Origin": server, **({"Cookie": cookie} if cookie else {})}
        return self.http.request(method, server + path, allow_redirects=False, timeout=30,
                                 headers=headers, **kwargs)

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def form(self, page: str, action: str | None = None) -> dict[str, str]:
        """The fields of the form on `page` that posts to `action` (default: the page)."""
        response = self.get(page)
        expect(response.status_code == 200, f"GET {page} answered {response.status_code}")
        parser = _Forms()
        parser.feed(response.text)
        action = action or page
        for target, fields in parser.forms:
            if (target.split("?")[0] or page) == action:
                return fields
        raise SmokeFailure(f"no form posting to {action} on {page}")

    def submit(self, page: str, action: str | None = None, files=None,
               **values: str) -> requests.Response:
        """Fill the form of `page` on one server and post it to the other."""
        fields = {**self.form(page, action), **values}
        return self.request("POST", action or page, data=fields, files=files)

    def sign_in(self, phone: str) -> None:
        answer = self.submit("/signin", phone=phone, password=PASSWORD)
        expect(answer.status_code in (302, 303), f"sign-in of {phone} answered "
                                                 f"{answer.status_code}")

    def where(self, last: int) -> str:
        return "→".join(self.trail[-last:])


# --- the checks ------------------------------------------------------------------------------

@dataclass
class Journey:
    cluster: Cluster
    visitor: Browser
    resident: Browser
    member: Browser
    product_id: int = 0
    group_id: int = 0
    group_product_id: int = 0

    def scalar(self, sql: str, **params):
        with self.cluster.engine.connect() as conn:
            return conn.execute(sa.text(sql), params).scalar()


def check_static_files(j: Journey) -> str:
    page = j.visitor.get("/").text
    css = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
    expect(re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", css), f"unhashed CSS {css}")
    for _server in j.cluster.servers:
        answer = j.visitor.get(css)
        expect(answer.status_code == 200, f"{css} answered {answer.status_code}")
        expect(answer.headers.get("Content-Encoding") in ("gzip", "br"), "CSS not compressed")
        expect(answer.headers["Cache-Control"] == "public, max-age=31536000, immutable",
               f"CSS cached as {answer.headers['Cache-Control']}")
    html = j.visitor.get("/ndn/products")
    expect(html.headers.get("Content-Encoding") in ("gzip", "br"), "HTML not compressed")
    return f"{css} compressed and immutable, HTML compressed ({j.visitor.where(4)})"


def check_page_cache_is_shared(j: Journey) -> str:
    path = f"/ndn/shg/{j.group_id}"  # a page without a form of its own: visitors share it
    first, second = j.visitor.get(path), j.visitor.get(path)
    expect(first.status_code == second.status_code == 200, "the group's page is not 200")
    expect("X-Page-Cache" not in first.headers, "the first copy came from a cache")
    expect(second.headers.get("X-Page-Cache") == "hit",
           "the other server did not find the page the first one cached")
    return f"a page cached by one server is a hit on the other ({j.visitor.where(2)})"


def check_sign_in_holds_on_both(j: Journey) -> str:
    j.resident.sign_in(RESIDENT[0])
    for _server in j.cluster.servers:
        account = j.resident.get("/account")
        expect(account.status_code == 200 and RESIDENT[1] in account.text,
               f"/account answered {account.status_code} without the resident's name")
    return f"signed in on one server, /account on both ({j.resident.where(5)})"


def check_cart_follows(j: Journey) -> str:
    page = f"/ndn/products/{j.product_id}"
    # Three of the dearest product: above the sub-division's smallest order.
    added = j.resident.submit(page, f"/cart/add/{j.product_id}", quantity="3")
    expect(added.status_code in (302, 303), f"add to cart answered {added.status_code}")
    # the page is in the language her browser asks for (the account's is offered, not imposed)
    name = j.scalar("SELECT name_en FROM products WHERE id = :id", id=j.product_id)
    for _server in j.cluster.servers:
        cart = j.resident.get("/cart")
        expect(cart.status_code == 200 and name in cart.text, f"{name} not in the cart")
    return f"added {name!r} on one server, in the cart on both ({j.resident.where(4)})"


def check_list_shared_with_the_resident(j: Journey) -> str:
    # Kept by one server (the visitors' copy, or hers made without her header, when her
    # language is not theirs), then a hit on both, her own header in it.
    j.resident.get("/ndn/products")
    for _server in j.cluster.servers:
        page = j.resident.get("/ndn/products")
        expect(page.headers.get("X-Page-Cache") == "hit", "the catalogue was made afresh")
        expect(re.search(r'href="/cart">[^<]*\(1\)</a>', page.text) and "/signout" in page.text,
               "the catalogue came without her cart and sign-out")
    visitor = j.visitor.get("/ndn/products")
    expect("/signout" not in visitor.text, "a visitor got a signed-in header")
    return (f"the kept catalogue served to her on both, with her cart and sign-out; "
            f"a visitor's still without them ({j.resident.where(3)})")


def check_checkout_and_outbox(j: Journey) -> str:
    started = j.scalar("SELECT coalesce(max(id), 0) FROM outbox_messages")
    placed = j.resident.submit("/checkout", address="House 12, near the temple")
    expect(placed.status_code in (302, 303) and "/orders/" in placed.headers["Location"],
           f"checkout answered {placed.status_code}: {said(placed)}")
    order = urlsplit(placed.headers["Location"]).path.split("/orders/")[1]
    expect(j.resident.get(f"/orders/{order}").status_code == 200, "order page not 200")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        sent = j.scalar("SELECT count(*) FROM outbox_messages WHERE id > :id AND to_phone = :to "
                        "AND status = 'sent'", id=started, to=RESIDENT[0])
        if sent:
            break
        time.sleep(0.5)
    expect(sent, "no message to the resident was sent within 30 s")
    expect("MESSAGE to " + mask_phone(RESIDENT[0]) in j.cluster.log_tail("worker", 200),
           "the RQ worker's log does not show the message")
    return (f"order {order} placed through both servers; the RQ worker sent the resident's "
            f"message ({j.resident.where(4)})")


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 120, 40)).save(out, "JPEG", quality=80)
    return out.getvalue()


def check_photo_on_both(j: Journey) -> str:
    j.member.sign_in(SHG_MEMBER)
    made = j.member.submit("/products/new", name_hi="परीक्षण अचार", name_en="Smoke pickle",
                           price="120", stock="5",
                           files={"photos": ("pickle.jpg", _photo(), "image/jpeg")})
    expect(made.status_code in (302, 303),
           f"new product answered {made.status_code}: {said(made)}")
    page = j.member.get(urlsplit(made.headers["Location"]).path)
    images = re.findall(r'src="(/media/[^"]+\.webp)"', page.text)
    expect(images, "the new product's page shows no photo")
    bodies = []
    for _server in j.cluster.servers:
        deadline = time.monotonic() + 20  # derived sizes may come from the job queue
        while (answer := j.member.get(images[0])).status_code == 404 and (
                time.monotonic() < deadline):
            time.sleep(0.5)
        expect(answer.status_code == 200 and answer.headers["Content-Type"] == "image/webp",
               f"{images[0]} answered {answer.status_code}")
        bodies.append(answer.content)
    expect(bodies[0] == bodies[1], "the servers gave different bytes for one photo")
    return f"photo uploaded through one server, {images[0]} served by both"


def check_cache_invalidation(j: Journey) -> str:
    path = f"/ndn/shg/{j.group_id}"
    warm = j.visitor.get(path)
    expect(warm.status_code == 200 and "₹777" not in warm.text, "group page not as expected")
    action = f"/products/{j.group_product_id}/stock"
    fields = j.member.form("/products/mine", action)  # one form per product: prefixed names
    fields.update({name: "777" for name in fields if name.endswith("-price")})
    changed = j.member.request("POST", action, data=fields)
    expect(changed.status_code in (302, 303), f"restock answered {changed.status_code}")
    price = j.scalar("SELECT price_paise FROM products WHERE id = :id", id=j.group_product_id)
    expect(price == 77700, f"the price was not changed (₹{price / 100:g})")
    for _server in j.cluster.servers:
        fresh = j.visitor.get(path)
        expect("₹777" in fresh.text, f"a visitor still gets the group's page from before the "
                                     f"change (X-Page-Cache: {fresh.headers.get('X-Page-Cache')})")
    return (f"the member changed a price on one server; the cached group page is fresh on "
            f"both at once ({j.visitor.where(2)})")


def check_sign_out_ends_both(j: Journey) -> str:
    answer = j.resident.submit("/account", "/signout")
    expect(answer.status_code in (302, 303), f"sign-out answered {answer.status_code}")
    for _server in j.cluster.servers:
        account = j.resident.get("/account")
        expect(account.status_code in (302, 303), "still signed in after signing out")
    return f"signed out on one server, signed out on both ({j.resident.where(4)})"


def check_rate_limit_is_shared(j: Journey) -> str:
    guesser = Browser(j.cluster.servers, "guesser")
    fields = guesser.form("/signin")  # one token serves every try; the posts alternate
    for attempt in range(1, ADDRESS_CEILING + 10):
        answer = guesser.request("POST", "/signin", data={
            **fields, "phone": f"98160{99000 + attempt}", "password": WRONG_PASSWORD})
        if answer.status_code == 429:
            break
        expect(answer.status_code == 400, f"a wrong sign-in answered {answer.status_code}")
    expect(answer.status_code == 429, f"no 429 after {attempt} failed sign-ins")
    expect(attempt == ADDRESS_CEILING + 1,
           f"429 after {attempt - 1} failures: the servers do not count together")
    again = guesser.request("POST", "/signin", data={**fields, "password": WRONG_PASSWORD})
    expect(again.status_code == 429, "the other server still takes sign-ins")
    return (f"{ADDRESS_CEILING} failed sign-ins posted to the servers in turn, then 429 on "
            f"both: the limit is counted in Redis ({guesser.where(4)})")


CHECKS: list[tuple[str, Callable[[Journey], str]]] = [
    ("static files", check_static_files),
    ("page cache shared", check_page_cache_is_shared),
    ("sign-in and session", check_sign_in_holds_on_both),
    ("cart", check_cart_follows),
    ("list page shared with a resident", check_list_shared_with_the_resident),
    ("checkout and outbox worker", check_checkout_and_outbox),
    ("uploaded photo", check_photo_on_both),
    ("page cache invalidation", check_cache_invalidation),
    ("sign-out", check_sign_out_ends_both),
    ("rate limits", check_rate_limit_is_shared),
]


def _journey(found: Cluster) -> Journey:
    j = Journey(found, *(Browser(found.servers, label)
                         for label in ("visitor", "resident", "member")))
    # A product the cart takes (approved, in stock, delivered) and one of the member's group.
    j.product_id = j.scalar(
        "SELECT id FROM products WHERE status = 'approved' AND stock >= 5 AND can_deliver "
        "ORDER BY price_paise DESC, id LIMIT 1")
    j.group_id = j.scalar("SELECT m.group_id FROM shg_members m JOIN users u ON u.id = m.user_id "
                          "WHERE u.phone = :phone", phone=SHG_MEMBER)
    j.group_product_id = j.scalar(
        "SELECT id FROM products WHERE group_id = :group AND status = 'approved' "
        "ORDER BY id LIMIT 1", group=j.group_id)
    return j


def run_checks(found: Cluster) -> int:
    j = _journey(found)
    failures = 0
    for name, check in CHECKS:
        try:
            print(f"ok    {name}: {check(j)}", flush=True)
        except (SmokeFailure, requests.RequestException, AttributeError, KeyError) as error:
            failures += 1
            print(f"FAIL  {name}: {error!r}", flush=True)
    if failures:
        for name in found.processes:
            print(f"--- last lines of {name}.log ---\n{found.log_tail(name)}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "CLUSTER_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server to make the throwaway database on")
    parser.add_argument("--database-name", default="cluster_smoke")
    parser.add_argument("--redis-url", default=os.environ.get(
        "CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a Redis database number the smoke owns (emptied before and after)")
    args = parser.parse_args()
    # SIGTERM (CI's timeout, kill) unwinds like Ctrl-C, so the finally blocks stop everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.monotonic()
    print(f"cluster smoke: 2 gunicorn servers × 2 workers, PostgreSQL database "
          f"{args.database_name}, Redis {args.redis_url}, one RQ worker", flush=True)
    try:
        with cluster(args.database_url, args.database_name, args.redis_url) as found:
            print(f"up after {time.monotonic() - began:.0f} s (migrated, demo loaded): "
                  f"A={found.servers[0]} B={found.servers[1]}", flush=True)
            failures = run_checks(found)
    except (SmokeFailure, RuntimeError) as error:  # setup: a step failed, a server never came up
        print(f"FAIL  setting up the cluster: {error}")
        return 1
    print(f"{len(CHECKS) - failures}/{len(CHECKS)} checks passed in "
          f"{time.monotonic() - began:.0f} s; everything stopped, database dropped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
