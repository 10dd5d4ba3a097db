"""The directory and catalogue at district scale, served by gunicorn, beside a bare Flask page.

    python -m bench.run [--workers N] [--products N] [--duration S] [--connections C]
                        [--processes P] [--rounds R] [--database-url URL]
                        [--throwaway-prefix NAME]

Builds the demo (Nadaun) plus N approved workers (default 100,000, with their accounts and
category links) and N products (default 20,000) in bulk (COPY on PostgreSQL, executemany on
SQLite), then ANALYZE. Without --database-url the database is a SQLite file in a temporary
folder; with a postgresql URL, a throwaway database <prefix>_<pid> is made on that server and
dropped at the end. Then it serves the app with gunicorn on 127.0.0.1 twice (page cache off,
then on for visitors) and loads each list and search page with wrk, between readings of the
bare Flask page served the same way: requests/s, p50/p95/p99, SQL queries per request
(counted in this process on one request), HTML bytes, and the ratio to the bare page's
readings just before and after it. Page 50 is reached the
way people reach it, by following "Next" 49 times. Every load run is bounded by --duration;
everything it starts is stopped when it ends.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BIN = Path(sys.executable).parent
P95_SCRIPT = 'done = function(s, latency, r) io.write(string.format("p95_us %d\\n", ' \
             'latency:percentile(95))) end\n'


def add_postgres_server(parser: argparse.ArgumentParser) -> None:
    """--database-url: the PostgreSQL server on which a bench makes its throwaway database."""
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL") or
                        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server; the run uses a new database on it")


def wrk_installed(make_target: str) -> bool:
    """Whether wrk is on the PATH; says how to get it when it is not."""
    if shutil.which("wrk"):
        return True
    print(f"wrk is not installed: apt-get install wrk (make {make_target} does this)",
          file=sys.stderr)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@contextlib.contextmanager
def gunicorn(app_path: str, env: dict, workers: int, log: Path):
    port = free_port()
    process = subprocess.Popen(
        [str(PYTHON_BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", app_path],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def run_wrk(url: str, *, duration: int, connections: int, cookie: str | None,
            lua: str = P95_SCRIPT) -> dict:
    """wrk's figures for `url`; `lua` is the script (it must print the p95 as P95_SCRIPT
    does); "output" is all wrk printed."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s",
               "-s", script.name]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    try:
        output = subprocess.run(command + [url], capture_output=True, text=True, check=True,
                                timeout=duration + 30).stdout
    finally:
        os.unlink(script.name)

    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50%"),
        "p95": int(re.search(r"p95_us (\d+)", output).group(1)) / 1000,
        "p99": latency("99%"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "output": output,
    }


@contextlib.contextmanager
def throwaway_database(url: str, prefix: str, folder: str):
    """A SQLite file in `folder`, or a new PostgreSQL database on url's server (dropped)."""
    if not url:
        yield f"sqlite:///{folder}/bench.sqlite3"
        return
    from tests.databases import postgres_database

    with postgres_database(url, f"{prefix}_{os.getpid()}") as made:
        yield made


def load(workers: int, products: int) -> dict[str, int]:
    """Bulk-load approved workers (accounts, profiles, category links) and products of the
    demo's groups, then ANALYZE. Inside an app context, after the demo."""
    from bench.bulk import analyze
    from bench.scale_data import add_products, add_workers
    from marketplace.extensions import db

    raw = db.engine.raw_connection()
    try:
        made = {"workers": add_workers(raw.driver_connection, workers),
                "products": add_products(raw.driver_connection, products)}
        analyze(raw.driver_connection)
    finally:
        raw.close()
    return made


def session_cookie(app, user) -> str:
    """The cookie of `user` signed in to `app` (for wrk and the in-process counts). Inside an
    app context."""
    from flask import session
    from flask_login import login_user

    with app.test_request_context():
        login_user(user)
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def dispose(app) -> None:
    """Close the app's connections, so that its throwaway database can be dropped."""
    with app.app_context():
        from marketplace.extensions import db

        db.session.remove()
        db.engine.dispose()


def app_with_demo(env: dict, *, keep_outbox: bool = False):
    """The app configured by `env` (set in this process's environment), its database migrated
    and the demo seeded and committed; with keep_outbox, queued messages' ids are handed to
    nobody (they stay in the outbox, as when RQ workers take them later)."""
    os.environ.update(env)
    import logging

    logging.getLogger("marketplace.messages").setLevel(logging.ERROR)  # the demo's messages
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.demo.services import seed_demo
    from marketplace.extensions import db

    app = create_app()
    if keep_outbox:
        app.extensions["outbox_dispatch"] = lambda ids: None
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
    return app


def prepare(env: dict, args) -> tuple:
    """Migrate, seed the demo, bulk-load; return the app (page cache on, as served), a
    resident's cookie and what was made."""
    from flask import session
    from flask_login import login_user

    from marketplace.accounts.models import Role, User
    from marketplace.extensions import db

    app = app_with_demo(env)
    with app.app_context():
        made = load(args.workers, args.products)
        resident = db.session.scalar(db.select(User).where(User.role == Role.RESIDENT)
                                     .order_by(User.id))
        with app.test_request_context():
            login_user(resident)
            value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        db.session.remove()
    return app, f"{app.config['SESSION_COOKIE_NAME']}={value}", made


def follow_next(app, path: str, times: int) -> tuple[str, int]:
    """The URL of the page `times` "Next" clicks after `path` (or of the last page), and its
    number."""
    client = app.test_client()
    for clicks in range(times):
        html = client.get(path).get_data(as_text=True)
        link = re.search(r'rel="next" href="([^"]+)"', html)
        if link is None:
            return path, clicks + 1
        path = link.group(1).replace("&amp;", "&")
    return path, times + 1


def pages_to_load(app, connections: int) -> list[tuple]:
    """(label, path, signed in, page cache on, connections) of every measured page."""
    from marketplace.extensions import cache, db
    from marketplace.places.models import Village
    from marketplace.workers.models import WorkerCategory

    with app.app_context():
        plumber = db.session.scalar(db.select(WorkerCategory.id).where(
            WorkerCategory.slug == "plumber"))
        villages = db.session.scalars(db.select(Village.id).order_by(Village.id)).all()
        (workers_deep, w_page), (products_deep, p_page) = (
            follow_next(app, "/ndn/workers", 49), follow_next(app, "/ndn/products", 49))
        cache.clear()
    near = f"/ndn/workers?category={plumber}&village={villages[len(villages) // 2]}"
    return [
        ("/workers", "/ndn/workers", False, False, connections),
        (f"/workers page {w_page}", workers_deep, False, False, connections),
        ("/products", "/ndn/products", False, False, connections),
        (f"/products page {p_page}", products_deep, False, False, connections),
        # A customer: the kept list with her own header (core/caching.py), and made afresh
        # (the page cache off).
        ("/workers signed in", "/ndn/workers", True, True, connections),
        ("/products signed in", "/ndn/products", True, True, connections),
        ("/workers signed in, fresh", "/ndn/workers", True, False, connections),
        ("/products signed in, fresh", "/ndn/products", True, False, connections),
        ("/workers (4 conn.)", "/ndn/workers", False, False, 4),
        ("q=कुमार (4 conn.)", "/ndn/workers?q=कुमार", False, False, 4),
        ("category+village (4 conn.)", near, False, False, 4),
        ("/workers cached", "/ndn/workers", False, True, connections),
        ("/products cached", "/ndn/products", False, True, connections),
        # The second sub-division of the demo (Sonepur, its own demo rows only): the same
        # pages under its code cost the same queries.
        ("2nd sub-division /snp/workers", "/snp/workers", False, False, connections),
        ("2nd sub-division /snp/products", "/snp/products", False, False, connections),
    ]


def count_in_process(app, path: str, cookie: str | None, cached: bool,
                     repeats: int = 7) -> tuple[int, int, float, float]:
    """SQL statements, HTML bytes, and the median milliseconds in SQL and in all of one
    request (a cache hit when `cached`), served in this process `repeats` times."""
    from statistics import median

    from marketplace.extensions import cache, db

    statements: list[str] = []
    in_sql: list[float] = []

    def before(_conn, _cursor, statement, *_rest):
        if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            statements.append(statement)
        in_sql.append(-time.perf_counter())

    def after(*_args):
        in_sql[-1] += time.perf_counter()

    client = app.test_client()
    if cookie:
        client.set_cookie(*cookie.split("=", 1))
    with app.app_context():
        cache.clear()
        engine = db.engine
    client.get(path)  # warm: templates compiled, connections open, the cache filled
    if not cached:
        with app.app_context():
            cache.clear()
    runs = []
    for _ in range(repeats):
        statements.clear()
        in_sql.clear()
        db.event.listen(engine, "before_cursor_execute", before)
        db.event.listen(engine, "after_cursor_execute", after)
        began = time.perf_counter()
        try:
            response = client.get(path)
        finally:
            db.event.remove(engine, "before_cursor_execute", before)
            db.event.remove(engine, "after_cursor_execute", after)
        runs.append((sum(in_sql) * 1000, (time.perf_counter() - began) * 1000))
        if not cached:
            with app.app_context():
                cache.clear()
    assert response.status_code == 200, path
    return (len(statements), len(response.get_data()), median(r[0] for r in runs),
            median(r[1] for r in runs))


def measure(site: str, page: tuple, cookie: str, duration: int) -> dict:
    _label, path, signed_in, _cached, connections = page
    url = site + urllib.parse.quote(path, safe="/?=&")
    urllib.request.urlopen(urllib.request.Request(  # noqa: S310 - loopback; warms the cache
        url, headers={"Cookie": cookie} if signed_in else {})).read()
    return run_wrk(url, duration=duration, connections=connections,
                   cookie=cookie if signed_in else None)


def _median_reading(taken: list[tuple[dict, float, float | None]]
                    ) -> tuple[dict, float, float | None]:
    """Of a page's (wrk's figures, the bare page's req/s beside them, the same-size bare
    page's req/s or None) in each round, the one whose ratio is the median (the lower middle
    of an even count)."""
    ordered = sorted(taken, key=lambda reading: reading[0]["rps"] / reading[1])
    return ordered[(len(ordered) - 1) // 2]


def print_table(results: list[tuple]) -> None:
    """Rows of (label, connections, wrk's figures, the bare page's req/s beside it, the
    same-size bare page's req/s or None, queries, bytes, SQL ms, one request's ms, every
    round's ratio)."""
    width = max(len(label) for label, *_ in results) + 2
    print(f"{'page':<{width}}{'conn':>5}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
          f"{'queries':>8}{'SQL ms':>7}{'one ms':>7}{'bytes':>8}{'bare':>7}{'vs bare':>8}"
          f"{'errors':>7}{'vs same size':>13}  rounds")
    for (label, connections, measured, beside, same_size, queries, size, sql_ms, one_ms,
         ratios) in results:
        same = f"{measured['rps'] / same_size:>13.3f}" if same_size else f"{'':>13}"
        print(f"{label:<{width}}{connections:>5}{measured['rps']:>8.0f}{measured['p50']:>8.2f}"
              f"{measured['p95']:>8.2f}{measured['p99']:>8.2f}{queries:>8}{sql_ms:>7.2f}"
              f"{one_ms:>7.2f}{size:>8}{beside:>7.0f}{measured['rps'] / beside:>8.3f}"
              f"{measured['non_2xx']:>7}{same}  {' '.join(f'{ratio:.3f}' for ratio in ratios)}")
    print("SQL ms and one ms: median of 7 requests served in the bench's own process (no "
          "load): time in SQL, and in the whole request. vs same size (kept pages): to the "
          "bare page padded to the page's bytes, loaded just after it")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=100_000, help="approved workers")
    parser.add_argument("--products", type=int, default=20_000, help="products")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--rounds", type=int, default=1,
                        help="load each page this many times (each beside the bare page); "
                             "the table shows the median reading and every round's ratio")
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL server (a throwaway database is made on it); "
                             "default: a SQLite file in a temporary folder")
    parser.add_argument("--throwaway-prefix", default="bench_run",
                        help="name of the throwaway PostgreSQL database, before _<pid>")
    args = parser.parse_args()
    if not wrk_installed("bench"):
        return 2
    with tempfile.TemporaryDirectory(prefix="swarozgar-bench-") as folder, \
            throwaway_database(args.database_url, args.throwaway_prefix, folder) as url:
        return run(args, folder, url)


def run(args, folder: str, url: str) -> int:
    env = {**os.environ, "MARKETPLACE_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
           "MARKETPLACE_INSTANCE_PATH": folder, "DATABASE_URL": url,
           "PAGE_CACHE_SECONDS": "60"}
    env.pop("REDIS_URL", None)
    started = time.monotonic()
    app, cookie, made = prepare(env, args)
    pages = pages_to_load(app, args.connections)
    counted = {page: count_in_process(app, page[1], cookie if page[2] else None, page[3])
               for page in pages}
    print(f"dataset: demo Nadaun + {made['workers']} workers, {made['products']} products on "
          f"{url.split(':')[0]}; loaded and analysed in {time.monotonic() - started:.0f}s; "
          f"gunicorn -w {args.processes}; wrk -d{args.duration}s; {os.cpu_count()} CPUs")
    results = []
    with gunicorn("bench.bare_app:app", env, args.processes, Path(folder) / "bare.log") as bare:
        wait_until_up(bare + "/")
        bare_size = len(urllib.request.urlopen(bare + "/").read())  # noqa: S310 - loopback

        def bare_run(path: str = "/") -> dict:
            return run_wrk(bare + path, duration=args.duration, connections=args.connections,
                           cookie=None)

        # The bare page is loaded between every two pages (its server idles meanwhile), and
        # each page is compared with the readings just before and after it: a shared host
        # whose speed drifts during a run would otherwise skew every ratio against one reading.
        bare_readings = [bare_run()]
        for cached in (False, True):
            server_env = {**env, "PAGE_CACHE_SECONDS": "60" if cached else "0"}
            with gunicorn("wsgi:app", server_env, args.processes,
                          Path(folder) / "app.log") as site:
                wait_until_up(site + "/healthz")
                readings: dict[tuple, list[tuple[dict, float, float | None]]] = {}
                for _round in range(args.rounds):
                    for page in pages:
                        if page[3] == cached:
                            measured = measure(site, page, cookie, args.duration)
                            bare_readings.append(bare_run())
                            beside = (bare_readings[-2]["rps"] + bare_readings[-1]["rps"]) / 2
                            # Beside a kept page, the bare page as long as it: what its
                            # bytes cost by themselves (gunicorn's writes, wrk reading them).
                            same_size = (bare_run(f"/{counted[page][1]}")["rps"]
                                         if cached else None)
                            readings.setdefault(page, []).append((measured, beside, same_size))
                for page, taken in readings.items():
                    results.append((page[0], page[4], *_median_reading(taken), *counted[page],
                                    [m["rps"] / b for m, b, _same in taken]))
    rates = [reading["rps"] for reading in bare_readings]
    print(f"bare Flask page: {len(rates)} readings, one between every two pages, "
          f"{min(rates):.0f}–{max(rates):.0f} req/s; each page's ratio is to the mean of the "
          f"readings just before and after it; {args.rounds} round(s): the median reading")
    mean = {**bare_readings[0], "rps": sum(rates) / len(rates)}
    print_table([("bare Flask / (mean)", args.connections, mean, mean["rps"], None, 0,
                  bare_size, 0.0, 0.0, [1.0]), *results])
    with app.app_context():
        from marketplace.extensions import db

        db.session.remove()
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
