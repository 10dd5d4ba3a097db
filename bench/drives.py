"""The registration drive's pages with 100,000 registrations at its camps, on PostgreSQL.

    python -m bench.drives [--registrations N] [--camps N] [--repeat N] [--database-url URL]

Makes a throwaway database on the server of --database-url (dropped at the end), migrates
it, seeds the demo (Nadaun with its drive) and writes with COPY: more camps of the demo's
drive on its days so far, spread over the villages and partners, and N workers registered at
them (most listed, some waiting or refused). Then, in this process as the sub-division's
staff member, it requests the drive's page, its CSV, the review sheet and its CSV, and a
camp's page: SQL statements and milliseconds in SQL for one request (after a warm-up), and
the median of --repeat requests. No gunicorn or wrk: the figure is the page's own cost
(bench.reports measures throughput the same way the drive page would have it).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from bench.bulk import copy_rows, next_id, reset_sequence
from bench.reports import count_in_process
from bench.run import app_with_demo, dispose, session_cookie


def generate(registrations: int, camps: int, rng: random.Random) -> dict:
    """Camps and registrations beyond the demo, with COPY; returns what was made."""
    import sqlalchemy as sa

    from marketplace.accounts.models import Role, User
    from marketplace.drives.models import Drive, Partner
    from marketplace.extensions import db
    from marketplace.places.models import Village
    from marketplace.workers.models import WorkerCategory

    drive = db.session.scalars(sa.select(Drive)).one()
    villages = db.session.execute(sa.select(Village.id, Village.block_id)).all()
    partners = [*db.session.scalars(sa.select(Partner.id)), None]
    operator = db.session.scalar(sa.select(User.id).where(User.role == Role.OPERATOR))
    hashed = db.session.scalar(sa.select(User.password_hash).limit(1))
    categories = db.session.scalars(sa.select(WorkerCategory.id)).all()
    days = [drive.starts_on + timedelta(days=n) for n in range(5)]
    now = datetime.now(UTC)
    raw = db.engine.raw_connection()
    conn = raw.driver_connection
    camp_id = next_id(conn, "drive_camps")
    camp_rows = []
    for n in range(camps):
        village, block = rng.choice(villages)
        camp_rows.append((camp_id + n, drive.sub_division_id, drive.id, rng.choice(days),
                          village, block, rng.choice(partners), 100, "held", now, now))
    made = {"camps": copy_rows(conn, "drive_camps", [
        "id", "sub_division_id", "drive_id", "held_on", "village_id", "block_id", "partner_id",
        "expected_footfall", "status", "held_at", "created_at"], camp_rows)}
    copy_rows(conn, "camp_operators", ["camp_id", "user_id"],
              ((row[0], operator) for row in camp_rows))
    user_id, worker_id = next_id(conn, "users"), next_id(conn, "worker_profiles")
    copy_rows(conn, "users", [
        "id", "phone", "name", "preferred_language", "password_hash", "role",
        "is_active_account", "session_token", "created_at"], (
        (user_id + n, f"+9193{n:08d}", f"Worker {n}", "hi", hashed, "worker", True,
         secrets.token_hex(16), now) for n in range(registrations)))
    made["registrations"] = copy_rows(conn, "worker_profiles", [
        "id", "user_id", "sub_division_id", "display_name", "name_key", "main_category_id",
        "skills", "skills_key", "experience_years", "languages", "availability", "hide_phone",
        "is_verified", "rating_count", "rating_total", "rate_paise", "rate_unit",
        "home_village_id", "status", "registered_by_id", "camp_id", "created_at",
        "updated_at"], (
        (worker_id + n, user_id + n, drive.sub_division_id, f"Worker {n}", f"worker {n}",
         rng.choice(categories), "", "", 3, "hi", "available", False, False, 0, 0, 60000,
         "day", rng.choice(villages)[0],
         rng.choices(["approved", "pending_review", "pending_consent", "rejected"],
                     [80, 10, 5, 5])[0], operator, rng.choice(camp_rows)[0], now, now)
        for n in range(registrations)))
    for table in ("drive_camps", "users", "worker_profiles"):
        reset_sequence(conn, table)
    conn.commit()
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    raw.close()
    return {**made, "drive": drive.id, "camp": camp_id}


def prepare(env: dict, registrations: int, camps: int):
    app = app_with_demo(env, keep_outbox=True)
    from marketplace.accounts.models import Role, User
    from marketplace.extensions import db

    with app.app_context():
        made = generate(registrations, camps, random.Random(17))
        cookie = session_cookie(app, db.session.scalar(
            db.select(User).where(User.role == Role.STAFF)))
        server = db.session.scalar(db.text("SHOW server_version"))
        db.session.remove()
    return app, cookie, server, made


def median_ms(app, cookie: str, path: str, repeat: int) -> float:
    client = app.test_client()
    client.set_cookie(*cookie.split("=", 1))
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        assert client.get(path).status_code == 200, path
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--camps", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL") or
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("needs a postgresql URL")
    os.environ["TEST_DATABASE_URL"] = args.database_url
    from tests.databases import fresh_database

    with tempfile.TemporaryDirectory(prefix="swarozgar-bench-") as folder, \
            fresh_database(f"bench_drives_{os.getpid()}") as url:
        env = {**os.environ, "MARKETPLACE_ENV": "production",
               "SECRET_KEY": secrets.token_hex(32), "MARKETPLACE_INSTANCE_PATH": folder,
               "DATABASE_URL": url, "PAGE_CACHE_SECONDS": "0"}
        env.pop("REDIS_URL", None)
        began = time.monotonic()
        app, cookie, server, made = prepare(env, args.registrations, args.camps)
        drive, camp = made.pop("drive"), made.pop("camp")
        paths = [f"/panel/drives/{drive}", f"/panel/drives/{drive}/progress.csv",
                 f"/panel/drives/{drive}/review", f"/panel/drives/{drive}/review.csv",
                 f"/panel/camps/{camp}"]
        print(f"PostgreSQL {server}, {os.cpu_count()} CPUs; "
              + ", ".join(f"{n} {what}" for what, n in made.items())
              + f" (plus the demo); prepared in {time.monotonic() - began:.0f}s; in process, "
              f"as the sub-division's staff, median of {args.repeat} requests")
        counted = count_in_process(app, cookie, paths)
        print(f"{'page':44} {'SQL':>4} {'SQL ms':>7} {'median ms':>10}")
        for path in paths:
            statements, sql_ms, _total = counted[path]
            print(f"{path:44} {statements:4d} {sql_ms:7.1f} "
                  f"{median_ms(app, cookie, path, args.repeat):10.1f}")
        dispose(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
