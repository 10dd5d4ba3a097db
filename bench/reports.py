"""The report pages and CSVs with 100,000 orders on PostgreSQL, beside a bare Flask page.

    python -m bench.reports [--orders N] [--duration S] [--connections C] [--database-url URL]
                            [--index SQL ...]

Makes a throwaway database on the server of --database-url (dropped at the end), migrates it,
seeds the demo (Nadaun: blocks, villages, groups, products, staff) and then writes, with
COPY: more groups and products, buyers, N orders over the last 26 weeks with their per-group
parts and lines (most delivered), workers registered over those weeks and bookings with
ratings, and counts them into the orders report's rollup (`rebuild`, as after any bulk load;
timed). Then it serves the app with gunicorn on 127.0.0.1 and loads each report page and CSV
with wrk as the sub-division's staff member, after a bare Flask page served the same way:
requests/s, p50/p99, SQL queries and SQL milliseconds per request (counted in this process on
one request), bytes. With --index, the same pages are measured again after CREATE INDEX in
the throwaway database, to decide whether the schema needs it. Everything it starts is
stopped when it ends; every load run is bounded.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.bulk import copy_rows, next_id, reset_sequence
from bench.run import (
    add_postgres_server,
    app_with_demo,
    gunicorn,
    run_wrk,
    session_cookie,
    wait_until_up,
    wrk_installed,
)

WEEKS = 26


def india_day(moment: datetime) -> date:
    from marketplace.core.db import INDIA

    return moment.astimezone(INDIA).date()


def generate(orders: int, rng: random.Random) -> dict:
    """Everything beyond the demo, written with COPY; returns what was made."""
    import sqlalchemy as sa

    from marketplace.accounts.models import Role, User
    from marketplace.catalogue.models import Product, ProductCategory
    from marketplace.delivery.models import DeliverySlot
    from marketplace.extensions import db
    from marketplace.payouts.queries import get_commission_bp
    from marketplace.places.models import Village
    from marketplace.places.reference import default_sub_division
    from marketplace.workers.models import WorkerCategory

    nadaun = default_sub_division()  # the demo's first: Nadaun
    # The demo's first sub-division: its own villages and slots (the second has its own)
    villages = db.session.scalars(sa.select(Village.id).where(
        Village.sub_division_id == nadaun.id)).all()
    admin = db.session.scalar(sa.select(User.id).where(User.role == Role.ADMIN))
    hashed = db.session.scalar(sa.select(User.password_hash).limit(1))
    slots = db.session.scalars(sa.select(DeliverySlot.id).where(
        DeliverySlot.sub_division_id == nadaun.id)).all()
    product_categories = db.session.scalars(sa.select(ProductCategory.id)).all()
    worker_categories = db.session.scalars(sa.select(WorkerCategory.id)).all()
    now = datetime.now(UTC)
    first = now - timedelta(weeks=WEEKS)
    raw = db.engine.raw_connection()
    conn = raw.driver_connection
    made: dict[str, int] = {}

    def moment() -> datetime:
        return first + timedelta(seconds=rng.uniform(0, (now - first).total_seconds()))

    # Groups and products: 40 groups of about 10 products.
    group_id = next_id(conn, "self_help_groups")
    new_groups = list(range(group_id, group_id + 30))
    made["groups"] = copy_rows(conn, "self_help_groups", [
        "id", "sub_division_id", "name_en", "name_hi", "village_id", "story", "status",
        "created_by_id", "created_at"], (
        (g, nadaun.id, f"Bench SHG {g}", f"बेंच समूह {g}", rng.choice(villages), "",
         "approved", admin, moment()) for g in new_groups))
    product_id = next_id(conn, "products")
    new_products = [(product_id + n, rng.choice(new_groups)) for n in range(360)]
    made["products"] = copy_rows(conn, "products", [
        "id", "group_id", "sub_division_id", "category_id", "name_en", "name_hi", "search_text",
        "description", "unit", "price_paise", "stock", "units_sold", "is_organic", "season",
        "can_deliver", "can_pick_up", "status", "created_by_id", "created_at", "updated_at"], (
        (p, g, nadaun.id, rng.choice(product_categories), f"Product {p}", f"सामान {p}",
         f"product {p}", "", rng.choice(["kg", "jar", "packet", "dozen"]),
         rng.randrange(2000, 60000, 500), rng.choice([0, 5, 20, 100]), 0, rng.random() < .5,
         "", True, False, rng.choice(["approved"] * 9 + ["pending_review"]), admin, moment(),
         now) for p, g in new_products))
    conn.commit()
    catalogue = db.session.execute(sa.select(
        Product.id, Product.group_id, Product.name_en, Product.name_hi, Product.unit,
        Product.price_paise).where(Product.sub_division_id == nadaun.id)).all()
    by_group: dict[int, list] = {}
    for product in catalogue:
        by_group.setdefault(product.group_id, []).append(product)
    groups = sorted(by_group)

    # Buyers.
    user_id = next_id(conn, "users")
    buyers = [(user_id + n, f"+9195{n:08d}", f"Buyer {n}") for n in range(5000)]
    made["buyers"] = copy_rows(conn, "users", [
        "id", "phone", "name", "preferred_language", "password_hash", "role",
        "is_active_account", "session_token", "created_at"], (
        (b, phone, name, "hi", hashed, "resident", True, secrets.token_hex(16), first)
        for b, phone, name in buyers))

    # Orders with their parts and lines.
    commission_bp = get_commission_bp(nadaun.id)  # what checkout gives each part
    order_id, part_id = next_id(conn, "orders"), next_id(conn, "order_parts")
    line_id = next_id(conn, "order_lines")
    order_rows, part_rows, line_rows = [], [], []
    today = india_day(now)
    for n in range(orders):
        placed = moment()
        buyer = rng.choice(buyers)
        delivery = india_day(placed) + timedelta(days=rng.randint(1, 2))
        if delivery < today:
            status = rng.choices(["delivered", "cancelled", "delivery_failed"], [88, 8, 4])[0]
        else:
            status = rng.choice(["placed", "confirmed", "packed"])
        items = 0
        for group in rng.sample(groups, rng.choices([1, 2, 3], [70, 25, 5])[0]):
            part_items = 0
            for product in rng.sample(by_group[group], min(len(by_group[group]),
                                                           rng.randint(1, 3))):
                quantity = rng.randint(1, 4)
                total = product.price_paise * quantity
                line_rows.append((line_id, order_id, part_id, product.id, product.name_en,
                                  product.name_hi, product.unit.value, product.price_paise,
                                  quantity, total))
                line_id += 1
                part_items += total
            part_rows.append((part_id, order_id, group, "cancelled" if status == "cancelled"
                              else "packed" if status != "placed" else "to_pack", part_items,
                              commission_bp))
            part_id += 1
            items += part_items
        delivery_paise = 0 if items >= 50000 else 3000
        order_rows.append((
            order_id, f"NDN-B{n:09d}", nadaun.id, buyer[0], f"bench-{n}", buyer[2], buyer[1],
            "hi", rng.choice(villages), f"House {n}", "", rng.choice(slots), delivery, status,
            rng.choice(["cash"] * 4 + ["online"]), items, delivery_paise, items + delivery_paise,
            placed + timedelta(days=1) if status == "delivered" else None, buyer[0], placed,
            placed))
        order_id += 1
    made["orders"] = copy_rows(conn, "orders", [
        "id", "number", "sub_division_id", "customer_id", "checkout_key", "contact_name",
        "phone", "language", "village_id", "address", "note", "slot_id", "delivery_date",
        "status", "payment_method", "items_paise", "delivery_paise", "total_paise", "paid_at",
        "created_by_id", "created_at", "updated_at"], order_rows)
    made["parts"] = copy_rows(conn, "order_parts", [
        "id", "order_id", "group_id", "status", "items_paise", "commission_bp"], part_rows)
    made["lines"] = copy_rows(conn, "order_lines", [
        "id", "order_id", "part_id", "product_id", "name_en", "name_hi", "unit",
        "unit_price_paise", "quantity", "total_paise"], line_rows)

    # Workers registered over the weeks, and bookings of them with ratings.
    worker_id = next_id(conn, "worker_profiles")
    worker_users = [(user_id + 5000 + n, f"+9194{n:08d}") for n in range(20000)]
    copy_rows(conn, "users", [
        "id", "phone", "name", "preferred_language", "password_hash", "role",
        "is_active_account", "session_token", "created_at"], (
        (u, phone, f"Worker {n}", "hi", hashed, "worker", True, secrets.token_hex(16), first)
        for n, (u, phone) in enumerate(worker_users)))
    workers = []
    for n, (u, _phone) in enumerate(worker_users):
        registered = moment()
        workers.append((worker_id + n, u, nadaun.id, f"Worker {n}", f"worker {n}",
                        rng.choice(worker_categories), "", "", rng.randint(0, 30), "hi",
                        rng.randrange(30000, 90000, 5000), "day", rng.choice(villages),
                        "available", False, rng.choices(["approved", "pending_review",
                                                         "rejected"], [85, 10, 5])[0],
                        True, 0, 0, registered, registered))
    made["workers"] = copy_rows(conn, "worker_profiles", [
        "id", "user_id", "sub_division_id", "display_name", "name_key", "main_category_id",
        "skills", "skills_key", "experience_years", "languages", "rate_paise", "rate_unit",
        "home_village_id", "availability", "hide_phone", "status", "is_verified",
        "rating_count", "rating_total", "created_at", "updated_at"], workers)
    booking_id, review_id = next_id(conn, "bookings"), next_id(conn, "reviews")
    booking_rows, review_rows = [], []
    for n in range(20000):
        worker = rng.choice(workers)
        asked = moment()
        status = rng.choices(["completed", "cancelled", "declined"], [60, 25, 15])[0]
        booking_rows.append((booking_id + n, nadaun.id, worker[0], buyers[n % 5000][0],
                             "Resident", buyers[n % 5000][1], "hi", worker[12], "House",
                             "Work", india_day(asked) + timedelta(days=1), "morning", status,
                             False, buyers[n % 5000][0], asked))
        if status == "completed" and rng.random() < .7:
            review_rows.append((review_id + len(review_rows), booking_id + n, worker[0],
                                buyers[n % 5000][0], rng.randint(2, 5), "", rng.random() < .03,
                                asked + timedelta(days=2)))
    made["bookings"] = copy_rows(conn, "bookings", [
        "id", "sub_division_id", "worker_id", "resident_id", "contact_name", "contact_phone",
        "contact_language", "village_id", "address", "description", "work_date", "slot",
        "status", "via_helpline", "created_by_id", "created_at"], booking_rows)
    made["reviews"] = copy_rows(conn, "reviews", [
        "id", "booking_id", "worker_id", "author_id", "rating", "text", "is_hidden",
        "created_at"], review_rows)
    for table in ("self_help_groups", "products", "users", "orders", "order_parts",
                  "order_lines", "worker_profiles", "bookings", "reviews"):
        reset_sequence(conn, table)
    conn.commit()
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    raw.close()
    return made


def prepare(env: dict, orders: int) -> tuple[str, str, dict]:
    """Migrate, seed the demo and generate; return the database URL's kind, the staff
    member's cookie and the app (for counting queries here)."""
    from marketplace.accounts.models import Role, User
    from marketplace.extensions import db
    from marketplace.places.reference import default_sub_division
    from marketplace.reports.models import ProductSales, SalesDay
    from marketplace.reports.rollup import rebuild

    app = app_with_demo(env, keep_outbox=True)
    with app.app_context():
        made = generate(orders, random.Random(11))
        began = time.perf_counter()
        rebuild()
        db.session.commit()
        rollup_seconds = time.perf_counter() - began
        with db.engine.connect() as connection:  # the rollup was empty at the VACUUM ANALYZE
            connection.exec_driver_sql("ANALYZE sales_days, product_sales, counted_orders")
            connection.commit()
        made["rollup rows"] = sum(db.session.scalar(db.select(db.func.count()).select_from(m))
                                  for m in (SalesDay, ProductSales))
        staff = db.session.scalar(db.select(User).where(  # of the sub-division loaded
            User.role == Role.STAFF, User.sub_division_id == default_sub_division().id)
            .order_by(User.id))
        cookie = session_cookie(app, staff)
        server = db.session.scalar(db.text("SHOW server_version"))
        db.session.remove()
    return cookie, server, {"app": app, "made": made, "rollup_seconds": rollup_seconds}


def count_in_process(app, cookie: str, paths: list[str]) -> dict[str, tuple[int, float, int]]:
    """{path: (SQL statements, milliseconds in SQL, milliseconds in all)} for one request,
    after one warm-up request."""
    import sqlalchemy as sa

    from marketplace.extensions import db

    with app.app_context():
        engine = db.engine
    statements: list[float] = []
    started: list[float] = []

    def before(*_args):
        started.append(time.perf_counter())

    def after(*_args):
        statements.append(time.perf_counter() - started.pop())

    result = {}
    for path in paths:
        client = app.test_client()
        client.set_cookie(*cookie.split("=", 1))
        first = client.get(path)
        if first.status_code != 200:
            raise RuntimeError(f"{path} answered {first.status_code}")
        sa.event.listen(engine, "before_cursor_execute", before)
        sa.event.listen(engine, "after_cursor_execute", after)
        statements.clear()
        began = time.perf_counter()
        response = client.get(path)
        total = (time.perf_counter() - began) * 1000
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)
        assert response.status_code == 200, path
        result[path] = (len(statements), sum(statements) * 1000, total)
    return result


def create_indexes(url: str, statements: list[str]) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        for statement in statements:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql("ANALYZE orders")
    engine.dispose()


def measure(site: str, paths: list[str], cookie: str, args) -> dict:
    results = {}
    for path in paths:
        url = site + urllib.parse.quote(path, safe="/?=&")
        request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
        with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
            size = len(response.read())
            if response.url != url:  # sent to the sign-in page: the cookie did not work
                raise RuntimeError(f"{path} answered {response.url}")
        results[path] = (run_wrk(url, duration=args.duration, connections=args.connections,
                                 cookie=cookie), size)
    return results


def measure_bare(env: dict, args, folder: str) -> dict:
    """The bare Flask page served and loaded as the pages are (args: processes, duration,
    connections), with its size."""
    with gunicorn("bench.bare_app:app", env, args.processes, Path(folder) / "bare.log") as b:
        wait_until_up(b + "/")
        with urllib.request.urlopen(b + "/") as response:  # noqa: S310 - loopback
            size = len(response.read())
        return {**run_wrk(b + "/", duration=args.duration, connections=args.connections,
                          cookie=None), "size": size}


def print_table(title: str, bare: dict, results: dict, counted: dict) -> None:
    print(f"\n{title}")
    width = max(len(p) for p in results) + 2
    print(f"{'page':<{width}}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'queries':>8}"
          f"{'SQL ms':>8}{'1 req ms':>9}{'bytes':>9}{'vs bare':>9}{'errors':>7}")
    print(f"{'bare Flask /':<{width}}{bare['rps']:>8.0f}{bare['p50']:>9.2f}{bare['p99']:>9.2f}"
          f"{0:>8}{0:>8}{0:>9}{bare['size']:>9}{1:>9.2f}{bare['non_2xx']:>7}")
    for path, (measured, size) in results.items():
        queries, sql_ms, total = counted[path]
        print(f"{path:<{width}}{measured['rps']:>8.1f}{measured['p50']:>9.1f}"
              f"{measured['p99']:>9.1f}{queries:>8}{sql_ms:>8.1f}{total:>9.1f}{size:>9}"
              f"{measured['rps'] / bare['rps']:>9.3f}{measured['non_2xx']:>7}")
    print("SQL ms and 1 req ms: one request alone, in this process (test client, no server)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--index", action="append", default=[],
                        help="CREATE INDEX … to measure with too (repeatable)")
    add_postgres_server(parser)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("needs a postgresql URL")
    if not wrk_installed("bench-reports"):
        return 2
    os.environ["TEST_DATABASE_URL"] = args.database_url  # where fresh_database makes its own
    from tests.databases import fresh_database

    with tempfile.TemporaryDirectory(prefix="swarozgar-bench-") as folder, \
            fresh_database(f"bench_reports_{os.getpid()}") as url:
        env = {**os.environ, "MARKETPLACE_ENV": "production",
               "SECRET_KEY": secrets.token_hex(32), "MARKETPLACE_INSTANCE_PATH": folder,
               "DATABASE_URL": url, "PAGE_CACHE_SECONDS": "0"}
        env.pop("REDIS_URL", None)
        began = time.monotonic()
        cookie, server, prepared = prepare(env, args.orders)
        app, made = prepared["app"], prepared["made"]
        seconds = time.monotonic() - began
        today = datetime.now(UTC).date()
        full = (f"from={(today - timedelta(weeks=WEEKS)).isoformat()}"
                f"&to={today.isoformat()}")
        paths = ["/panel/reports/registrations", f"/panel/reports/registrations?{full}",
                 "/panel/reports/groups", "/panel/reports/orders",
                 f"/panel/reports/orders?{full}", "/panel/reports/bookings",
                 f"/panel/reports/bookings?{full}", f"/panel/reports/orders.csv?{full}",
                 f"/panel/reports/top-products.csv?{full}",
                 f"/panel/reports/registrations.csv?{full}"]
        print(f"PostgreSQL {server} on 127.0.0.1 (same host), {os.cpu_count()} CPUs; "
              + ", ".join(f"{n} {what}" for what, n in made.items())
              + f" over {WEEKS} weeks (plus the demo); prepared in {seconds:.0f}s (not timed; "
              f"the rollup rebuilt from all orders in {prepared['rollup_seconds']:.1f}s); "
              f"gunicorn -w {args.processes}, wrk -c{args.connections} -d{args.duration}s, "
              "as the sub-division's staff; no page cache. Default range: the last 12 weeks; "
              f"'{full}': all {WEEKS} weeks")
        bare = measure_bare(env, args, folder)
        runs = [("schema as migrated", [])]
        if args.index:
            runs.append(("with " + "; ".join(args.index), args.index))
        for title, indexes in runs:
            if indexes:
                create_indexes(url, indexes)
            counted = count_in_process(app, cookie, paths)
            with gunicorn("wsgi:app", env, args.processes, Path(folder) / "app.log") as site:
                wait_until_up(site + "/healthz")
                results = measure(site, paths, cookie, args)
            print_table(title, bare, results, counted)
        with app.app_context():
            from marketplace.extensions import db

            db.session.remove()
            db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
