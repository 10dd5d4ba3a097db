"""The registration drive's pages with 100,000 registrations at its camps, on PostgreSQL.

    python -m bench.drives [--registrations N] [--camps N] [--duration S] [--connections N]
                           [--processes N] [--database-url URL]

Makes a throwaway database on the server of --database-url (dropped at the end), migrates
it, seeds the demo (Nadaun with its drive) and writes with COPY: more camps of the demo's
drive on its days so far, spread over the villages and partners, and N workers registered at
them (most listed, some waiting or refused). Then, in this process as the sub-division's
staff member, it counts the SQL statements and milliseconds of one request (after a
warm-up) of the drive's page, its CSV, the review sheet and its CSV, and a camp's page; then
serves the app with gunicorn and loads each with wrk, after the bare Flask page served the
same way in the same run (bench.reports' measure and table).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bulk import copy_rows, next_id, reset_sequence
from bench.reports import count_in_process, measure, measure_bare, print_table
from bench.run import (
    add_postgres_server,
    app_with_demo,
    dispose,
    gunicorn,
    session_cookie,
    wait_until_up,
    wrk_installed,
)


def generate(registrations: int, camps: int, rng: random.Random) -> dict:
    """Camps and registrations beyond the demo, with COPY; returns what was made."""
    import sqlalchemy as sa

    from marketplace.accounts.models import Role, User
    from marketplace.drives.models import Drive, Partner
    from marketplace.extensions import db
    from marketplace.places.models import Village
    from marketplace.places.reference import default_sub_division
    from marketplace.workers.models import WorkerCategory

    # The demo runs two sub-divisions, each with its drive: the first one's is loaded and read.
    here = default_sub_division().id
    drive = db.session.scalars(sa.select(Drive).where(Drive.sub_division_id == here)
                               .order_by(Drive.id).limit(1)).one()
    villages = db.session.execute(sa.select(Village.id, Village.block_id).where(
        Village.sub_division_id == here)).all()
    partners = [*db.session.scalars(sa.select(Partner.id).where(
        Partner.sub_division_id == here)), None]
    operator = db.session.scalar(sa.select(User.id).where(
        User.role == Role.OPERATOR, User.sub_division_id == here).order_by(User.id))
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
    return {**made, "drive": drive.id, "camp": camp_id, "sub_division": here}


def prepare(env: dict, registrations: int, camps: int):
    app = app_with_demo(env, keep_outbox=True)
    from marketplace.accounts.models import Role, User
    from marketplace.extensions import db

    with app.app_context():
        made = generate(registrations, camps, random.Random(17))
        cookie = session_cookie(app, db.session.scalar(
            db.select(User).where(User.role == Role.STAFF,
                                  User.sub_division_id == made.pop("sub_division"))
            .order_by(User.id)))
        server = db.session.scalar(db.text("SHOW server_version"))
        db.session.remove()
    return app, cookie, server, made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=100_000)
    parser.add_argument("--camps", type=int, default=300)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    add_postgres_server(parser)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("needs a postgresql URL")
    if not wrk_installed("bench-drives"):
        return 2
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
              + f" (plus the demo); prepared in {time.monotonic() - began:.0f}s (not timed); "
              f"gunicorn -w {args.processes}, wrk -c{args.connections} -d{args.duration}s, as "
              "the sub-division's staff; no page cache")
        counted = count_in_process(app, cookie, paths)
        bare = measure_bare(env, args, folder)
        with gunicorn("wsgi:app", env, args.processes, Path(folder) / "app.log") as site:
            wait_until_up(site + "/healthz")
            results = measure(site, paths, cookie, args)
        print_table("the drive's pages", bare, results, counted)
        dispose(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
