"""Serve the app with gunicorn on 127.0.0.1, load pages with wrk, compare with a bare Flask page.

    python -m bench.run [--accounts N] [--duration S] [--connections C] [--database-url URL]

Prints, per page: requests/s, p50 and p99 latency, SQL queries per request, bytes per response,
and the ratio of its requests/s to the bare Flask page measured in the same run. Everything it
starts is stopped when it ends; every load run is bounded by --duration.
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


def run_wrk(url: str, *, duration: int, connections: int, cookie: str | None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "5s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True,
                            timeout=duration + 30).stdout
    def latency(label: str) -> float:
        value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50%"),
        "p99": latency("99%"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def add_workers(total: int) -> None:
    """Approved workers up to `total`, inserted in bulk (names in both scripts, all categories)."""
    import random

    from marketplace.accounts.models import Role, User
    from marketplace.core.text import search_key
    from marketplace.demo.workers import FIRST_NAMES, LAST_NAMES
    from marketplace.extensions import db
    from marketplace.places.models import Village
    from marketplace.workers.models import (
        Availability,
        RateUnit,
        WorkerCategory,
        WorkerProfile,
        WorkerStatus,
    )

    existing = db.session.scalar(db.select(db.func.count(WorkerProfile.id)))
    if existing >= total:
        return
    rng = random.Random(7)
    categories = db.session.scalars(db.select(WorkerCategory.id)).all()
    villages = db.session.scalars(db.select(Village)).all()
    hashed = db.session.scalar(db.select(User.password_hash).limit(1))
    sub_division_id = villages[0].sub_division_id
    users, start = [], existing
    for index in range(start, total):
        users.append({"phone": f"+9196{index:08d}", "name": f"Bench {index}",
                      "password_hash": hashed, "role": Role.WORKER,
                      "preferred_language": "hi", "session_token": "t"})
    db.session.execute(db.insert(User), users)
    user_ids = db.session.scalars(db.select(User.id).where(User.phone.like("+9196%"))
                                  .order_by(User.id)).all()
    rows = []
    for user_id in user_ids:
        first, first_hi = rng.choice(FIRST_NAMES)
        last, last_hi = rng.choice(LAST_NAMES)
        name = f"{first_hi} {last_hi}" if rng.random() < 0.4 else f"{first} {last}"
        rows.append({
            "user_id": user_id, "sub_division_id": sub_division_id, "display_name": name,
            "name_key": search_key(name), "main_category_id": rng.choice(categories),
            "skills": "", "skills_key": "", "experience_years": rng.randint(0, 30),
            "languages": "hi", "rate_paise": rng.randrange(20000, 90000, 5000),
            "rate_unit": RateUnit.DAY, "home_village_id": rng.choice(villages).id,
            "service_radius_km": rng.choice([None, 5, 10, 20]),
            "availability": rng.choice(list(Availability)), "status": WorkerStatus.APPROVED,
            "is_verified": True, "rating_count": (count := rng.randint(0, 20)),
            "rating_total": count * rng.randint(3, 5),
        })
    db.session.execute(db.insert(WorkerProfile), rows)


def prepare(env: dict, accounts: int, workers: int) -> tuple[str, dict]:
    """Migrate, seed the demo, add `accounts` residents and messages; return the admin cookie
    and the number of SQL queries each page runs (counted in this process)."""
    os.environ.update(env)
    from flask_login import login_user
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.accounts.models import Role, User
    from marketplace.demo.services import seed_demo
    from marketplace.extensions import db
    from marketplace.notify.models import OutboxMessage, OutboxStatus

    app = create_app()
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
        hashed = db.session.scalar(db.select(User.password_hash).limit(1))
        existing = db.session.scalar(db.select(db.func.count(User.id)))
        rows = [
            {"phone": f"+9197{index:08d}", "name": f"Resident {index}", "password_hash": hashed,
             "role": Role.RESIDENT, "preferred_language": "hi", "session_token": "t"}
            for index in range(existing, accounts)
        ]
        if rows:
            db.session.execute(db.insert(User), rows)
            db.session.execute(db.insert(OutboxMessage), [
                {"to_phone": row["phone"], "kind": "password_changed", "language": "hi",
                 "body": "Swarozgar: नमस्ते " + row["name"], "status": OutboxStatus.SENT}
                for row in rows
            ])
        db.session.commit()
        add_workers(workers)
        db.session.commit()
        admin = db.session.scalar(db.select(User).where(User.role == Role.ADMIN))
        with app.test_request_context():
            from flask import session

            login_user(admin)
            cookie_value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
        cookie = f"{app.config['SESSION_COOKIE_NAME']}={cookie_value}"
        engine = db.engine

    # Outside the set-up context, so that each request gets a fresh `g` as in production.
    counts: dict[str, int] = {}
    statements: list[str] = []
    transaction_control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

    def count(conn, cursor, statement, *rest):
        if not statement.lstrip().upper().startswith(transaction_control):
            statements.append(statement)

    db.event.listen(engine, "before_cursor_execute", count)
    for path, needs_admin in PAGES.items():
        client = app.test_client()
        if needs_admin:
            client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie_value)
        statements.clear()
        assert client.get(path).status_code == 200, path
        counts[path] = len(statements)
    return cookie, counts


PAGES = {
    "/": False,
    "/signin": False,
    "/healthz": False,
    "/panel/outbox": True,
    "/workers": False,
    "/workers?q=plumber&available=y": False,
    "/workers?q=राजमिस्त्री&village=5&sort=distance": False,
    "/workers/200": False,
    "/products": False,
    "/products?q=अचार&organic=y&sort=price": False,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=5000, help="accounts and messages")
    parser.add_argument("--workers", type=int, default=10000, help="approved workers")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--no-page-cache", action="store_true",
                        help="measure visitors' pages without the page cache")
    parser.add_argument("--database-url", default="", help="default: a SQLite file in a temp dir")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk (make bench does this)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="swarozgar-bench-") as folder:
        env = {
            **os.environ,
            "MARKETPLACE_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "MARKETPLACE_INSTANCE_PATH": folder,
            "DATABASE_URL": args.database_url or f"sqlite:///{folder}/bench.sqlite3",
        }
        env.pop("REDIS_URL", None)
        env["PAGE_CACHE_SECONDS"] = "0" if args.no_page_cache else "60"
        started = time.monotonic()
        cookie, queries = prepare(env, args.accounts, args.workers)
        print(f"dataset: {args.accounts} accounts and messages, {args.workers} workers, "
              "demo Nadaun places; "
              f"prepared in {time.monotonic() - started:.1f}s; database "
              f"{env['DATABASE_URL'].split(':')[0]}; gunicorn -w {args.processes}; "
              f"wrk -c{args.connections} -d{args.duration}s; page cache for visitors "
              f"{'off' if args.no_page_cache else 'on (60 s)'}")
        results = {}
        with gunicorn("bench.bare_app:app", env, args.processes, Path(folder) / "bare.log") as bare:
            wait_until_up(bare + "/")
            bare_size = len(urllib.request.urlopen(bare + "/").read())  # noqa: S310
            results["bare Flask /"] = (run_wrk(bare + "/", duration=args.duration,
                                               connections=args.connections, cookie=None),
                                       0, bare_size)
        with gunicorn("wsgi:app", env, args.processes, Path(folder) / "app.log") as site:
            wait_until_up(site + "/healthz")
            for path, needs_admin in PAGES.items():
                headers = {"Cookie": cookie} if needs_admin else {}
                url = site + urllib.parse.quote(path, safe="/?=&")
                request = urllib.request.Request(url, headers=headers)  # noqa: S310
                size = len(urllib.request.urlopen(request).read())  # noqa: S310 - loopback
                measured = run_wrk(url, duration=args.duration,
                                   connections=args.connections,
                                   cookie=cookie if needs_admin else None)
                results[path] = (measured, queries[path], size)

    bare_rps = results["bare Flask /"][0]["rps"]
    width = max(len(page) for page in results) + 2
    print(f"{'page':<{width}}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'queries':>9}{'bytes':>9}"
          f"{'vs bare':>9}{'errors':>8}")
    for page, (measured, query_count, size) in results.items():
        print(f"{page:<{width}}{measured['rps']:>9.0f}{measured['p50']:>9.2f}{measured['p99']:>9.2f}"
              f"{query_count:>9}{size:>9}{measured['rps'] / bare_rps:>9.2f}"
              f"{measured['non_2xx']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
