"""Checkouts per second on PostgreSQL: buyers racing for the same few products, beside buyers
who share no product.

    python -m bench.checkout [--buyers N] [--threads T | --processes P] [--stock S]
                             [--database-url URL]

Makes a throwaway database on the server of --database-url (dropped at the end), a
sub-division with SHGs, products, one delivery slot and 2×N buyers with filled carts (not
timed). Then T threads of one process (or P forked processes of one thread, as gunicorn's sync
workers) check the carts out as the checkout page does (place_order, commit;
rollback on a refusal): first N carts holding 1–3 units of the same hot products, stocked
below demand, then N carts each holding products of their own. Prints the figures, checks the
books and exits 1 when they do not add up or anything but a clean refusal went wrong.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import queue
import random
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.accounts.services import create_account
from marketplace.cart.services import add_to_cart, find_cart, open_cart
from marketplace.catalogue.models import Product
from marketplace.config import TestingConfig
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict
from marketplace.delivery.models import SlotLoad
from marketplace.delivery.quote import quote
from marketplace.delivery.services import MAX_CAPACITY, terms_of
from marketplace.extensions import db
from marketplace.orders.checkout import CheckoutDetails, place_order
from marketplace.orders.models import Order, OrderCounter, OrderLine
from marketplace.payments.models import PaymentMethod
from tests.databases import fresh_database
from tests.helpers import first_village, make_group, make_product, make_slot, make_sub_division
from tests.helpers import tomorrow as next_day

HOT_PRODUCTS = 3
GROUPS = 4
SHARED_ROWS_NOTE = ("uncontended shares no product row, but every checkout still takes the same "
                    "slot-day row and order-number counter row (last, by one upsert each; "
                    "held for the final inserts and the commit)")


@dataclass
class Buyer:
    user_id: int
    wanted: dict[int, int]  # product id: units
    details: CheckoutDetails
    outcome: str = ""


def carts(rng: random.Random, count: int, *, hot: bool) -> list[dict[int, int]]:
    """{product number: units}, 1–3 products of 1–3 units a cart: the hot products (numbered
    from 0) when `hot`, else products of its own (numbered after them)."""
    wanted, free = [], HOT_PRODUCTS
    for _ in range(count):
        if hot:
            chosen = rng.sample(range(HOT_PRODUCTS), rng.randint(1, HOT_PRODUCTS))
        else:
            chosen = range(free, free + rng.randint(1, 3))
            free = chosen.stop
        wanted.append({number: rng.randint(1, 3) for number in chosen})
    return wanted


def prepare(count: int, stock: int | None, rng: random.Random) -> tuple[dict, dict[int, int]]:
    """Build everything; return the buyers of each run and every product's starting stock."""
    nadaun = make_sub_division()
    groups = [make_group(nadaun, name=f"Bench SHG {n}")[0] for n in range(GROUPS)]
    slot = make_slot(nadaun, capacity=MAX_CAPACITY)
    village, terms = first_village(nadaun), terms_of(nadaun.id)
    hashed = generate_password_hash("bench", method="pbkdf2:sha256:1000")
    runs = {"contended": carts(rng, count, hot=True), "uncontended": carts(rng, count, hot=False)}
    demand = sum((Counter(wanted) for wanted in runs["contended"]), Counter())
    hot_stock = {n: demand[n] // 2 if stock is None else stock for n in range(HOT_PRODUCTS)}
    shelf = [make_product(groups[n % GROUPS], name_en=f"Product {n}", name_hi=f"सामान {n}",
                          price_paise=rng.randrange(5000, 40000, 500),
                          stock=hot_stock.get(n, 5))
             for n in range(max(max(w) for w in runs["uncontended"]) + 1)]
    for index, (run, day) in enumerate((("contended", next_day()),
                                        ("uncontended", next_day() + timedelta(days=1)))):
        buyers = []
        for n, wanted in enumerate(runs[run]):
            user = create_account(phone=f"+9197{index}{n:08d}", name=f"Buyer {n}",
                                  password="", password_hash=hashed)
            cart = open_cart(user_id=user.id)
            for number, units in wanted.items():
                add_to_cart(cart, shelf[number], units)
            details = CheckoutDetails(
                village_id=village.id, address=f"House {n}, near the temple", phone=user.phone,
                slot_id=slot.id, delivery_date=day, payment_method=PaymentMethod.CASH,
                checkout_key=uuid.uuid4().hex, contact_name=user.name,
                quoted_total_paise=quote(terms, [(units, shelf[number].price_paise)
                                               for number, units in wanted.items()]).total_paise)
            buyers.append(Buyer(user.id, {shelf[k].id: u for k, u in wanted.items()}, details))
        runs[run] = buyers
    db.session.commit()
    return runs, dict(db.session.execute(sa.select(Product.id, Product.stock)).all())


def check_out(app, buyer: Buyer) -> str:
    """One checkout in its own app context and session, as one request would make it."""
    with app.app_context():
        try:
            user = db.session.get(User, buyer.user_id)
            place_order(find_cart(user_id=user.id), buyer.details, actor=user, now=utcnow(),
                        online_enabled=False)
            db.session.commit()
            return "placed"
        except Conflict as refusal:
            db.session.rollback()
            return f"refused {refusal.code}"
        except Exception as error:  # noqa: BLE001 - counted and shown; must not happen
            db.session.rollback()
            return f"error {type(error).__name__}: {str(error).splitlines()[0][:120]}"
        finally:
            db.session.remove()


def measure(app, buyers: list[Buyer], threads: int) -> dict:
    """Every buyer checks out once, spread over `threads` released together."""
    statements = itertools.count()  # SQL sent (COMMIT and ROLLBACK not counted)

    def count(*_) -> None:
        next(statements)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    work: queue.SimpleQueue[Buyer] = queue.SimpleQueue()
    for buyer in buyers:
        work.put(buyer)
    latencies: list[float] = []
    start = threading.Barrier(threads + 1)

    def worker() -> None:
        start.wait()
        while True:
            try:
                buyer = work.get_nowait()
            except queue.Empty:
                return
            began = time.perf_counter()
            buyer.outcome = check_out(app, buyer)
            latencies.append(time.perf_counter() - began)

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in pool:
        thread.join(timeout=600)
    seconds = time.perf_counter() - began
    sa.event.remove(engine, "before_cursor_execute", count)
    return summary(buyers, latencies, seconds, next(statements))


def measure_in_processes(app, buyers: list[Buyer], processes: int) -> dict:
    """As `measure`, but each checkout runs in one of `processes` forked processes of one
    thread each, as gunicorn's sync workers run requests: they share no interpreter lock,
    only the database."""
    context = multiprocessing.get_context("fork")
    work, done, start = context.Queue(), context.Queue(), context.Barrier(processes + 1)
    for index in [*range(len(buyers)), *[None] * processes]:
        work.put(index)
    with app.app_context():
        db.engine.dispose()  # each process opens its own connection

    def child() -> None:
        statements = itertools.count()
        with app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", lambda *_: next(statements))
        results = []
        start.wait()
        while (index := work.get()) is not None:
            began = time.perf_counter()
            results.append((index, check_out(app, buyers[index]), time.perf_counter() - began))
        done.put((results, next(statements)))

    pool = [context.Process(target=child) for _ in range(processes)]
    for process in pool:
        process.start()
    start.wait()
    began = time.perf_counter()
    collected = [done.get(timeout=600) for _ in pool]
    seconds = time.perf_counter() - began
    for process in pool:
        process.join()
    latencies = []
    for results, _ in collected:
        for index, outcome, latency in results:
            buyers[index].outcome = outcome
            latencies.append(latency)
    return summary(buyers, latencies, seconds, sum(sent for _, sent in collected))


def summary(buyers: list[Buyer], latencies: list[float], seconds: float, sql: int) -> dict:
    outcomes = Counter(buyer.outcome.split(" ", 1)[0] for buyer in buyers)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {"attempted": len(buyers), "placed": outcomes["placed"],
            "refused": outcomes["refused"], "errors": len(buyers) - outcomes["placed"]
            - outcomes["refused"], "per_s": len(buyers) / seconds,
            "orders_per_s": outcomes["placed"] / seconds, "p50": cuts[49] * 1000,
            "p99": cuts[98] * 1000, "sql": sql / len(buyers)}


def check_books(runs: dict, starting: dict[int, int]) -> list[str]:
    """What must hold after both runs; returns the broken rules."""
    broken, left = [], {}
    sold = dict(db.session.execute(sa.select(OrderLine.product_id, sa.func.sum(
        OrderLine.quantity)).group_by(OrderLine.product_id)).all())
    for product_id, stock, units_sold in db.session.execute(
            sa.select(Product.id, Product.stock, Product.units_sold)):
        if stock < 0:
            broken.append(f"product {product_id}: stock {stock} is negative")
        if units_sold != sold.get(product_id, 0) or stock + units_sold != starting[product_id]:
            broken.append(f"product {product_id}: {units_sold} sold, {sold.get(product_id, 0)} "
                          f"on order lines, {stock} left of {starting[product_id]}")
        left[product_id] = stock
    placed = sum(b.outcome == "placed" for buyers in runs.values() for b in buyers)
    orders = db.session.scalars(sa.select(Order.number)).all()
    last = db.session.scalar(sa.select(sa.func.max(OrderCounter.last_number)))
    if len(orders) != placed or len(set(orders)) != placed or (last or 0) != placed:
        broken.append(f"{placed} checkouts succeeded, {len(orders)} orders "
                      f"({len(set(orders))} numbers), counter at {last}")
    for run, buyers in runs.items():
        booked = db.session.scalar(sa.select(sa.func.sum(SlotLoad.booked)).where(
            SlotLoad.delivery_date == buyers[0].details.delivery_date)) or 0
        if booked != sum(b.outcome == "placed" for b in buyers):
            broken.append(f"{run}: {booked} places booked in the slot")
        for buyer in buyers:  # a refusal is clean only if some product really ran short
            if buyer.outcome.startswith("refused") and all(
                    left[p] >= units for p, units in buyer.wanted.items()):
                broken.append(f"{run}: buyer {buyer.user_id} refused with stock left")
            if not buyer.outcome.startswith(("placed", "refused")):
                broken.append(f"{run}: buyer {buyer.user_id}: {buyer.outcome or 'not run'}")
    return broken[:20]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buyers", type=int, default=400,
                        help=f"buyers in each run (at most {MAX_CAPACITY}, one slot's places)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=0,
                        help="check out in this many forked one-thread processes instead of "
                             "threads of one process (as gunicorn's sync workers would)")
    parser.add_argument("--stock", type=int, default=None,
                        help="units of each hot product (default: half of what buyers want)")
    parser.add_argument("--database-url", default=os.environ.get("TEST_DATABASE_URL") or
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test",
                        help="a PostgreSQL server; the run uses a new database on it")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql") or not 2 <= args.buyers <= MAX_CAPACITY:
        parser.error(f"needs a postgresql URL and 2–{MAX_CAPACITY} buyers")
    os.environ["TEST_DATABASE_URL"] = args.database_url  # where fresh_database makes its own
    with fresh_database(f"bench_checkout_{os.getpid()}") as url:
        config = TestingConfig(database_url=url)
        config.SQLALCHEMY_ENGINE_OPTIONS = {  # a connection per thread; no wait without end
            "pool_size": max(args.threads, args.processes) + 1, "max_overflow": 0,
            "connect_args": {"options": "-c statement_timeout=60s"}}
        app = create_app(config)
        # Messages stay in the outbox, as when RQ workers take them: not part of a checkout.
        app.extensions["outbox_dispatch"] = lambda ids: None
        with app.app_context():
            began = time.perf_counter()
            db.create_all()
            runs, starting = prepare(args.buyers, args.stock, random.Random(5))
            hot_stock = [starting[p] for p in sorted(starting)[:HOT_PRODUCTS]]
            wanted = sum(sum(b.wanted.values()) for b in runs["contended"])
            server = db.session.scalar(sa.text("SHOW server_version"))
            prepared = time.perf_counter() - began
            db.session.remove()
        results = {run: measure_in_processes(app, buyers, args.processes) if args.processes
                   else measure(app, buyers, args.threads) for run, buyers in runs.items()}
        with app.app_context():
            broken = check_books(runs, starting)
            db.session.remove()
            db.engine.dispose()

    print(f"PostgreSQL {server} on 127.0.0.1 (same host), {os.cpu_count()} CPUs; "
          f"{args.buyers} buyers per run, "
          f"{f'{args.processes} processes' if args.processes else f'{args.threads} threads'}; "
          f"contended: "
          f"{HOT_PRODUCTS} hot products stocked {hot_stock}, {wanted} units wanted; "
          f"prepared in {prepared:.1f}s (not timed)")
    print(f"{'run':<13}{'attempted':>10}{'placed':>8}{'refused':>9}{'errors':>8}"
          f"{'checkouts/s':>13}{'orders/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'SQL/checkout':>14}")
    for run, r in results.items():
        print(f"{run:<13}{r['attempted']:>10}{r['placed']:>8}{r['refused']:>9}{r['errors']:>8}"
              f"{r['per_s']:>13.0f}{r['orders_per_s']:>10.0f}{r['p50']:>9.1f}{r['p99']:>9.1f}"
              f"{r['sql']:>14.1f}")
    contended, uncontended = results["contended"], results["uncontended"]
    print(f"contended/uncontended: {contended['per_s'] / uncontended['per_s']:.2f} checkouts/s, "
          f"{contended['orders_per_s'] / max(uncontended['orders_per_s'], 1e-9):.2f} orders/s")
    refusals = Counter(b.outcome.split(" ", 1)[1] for b in runs["contended"]
                       if b.outcome.startswith("refused"))
    print("contended refusals:", ", ".join(f"{code} {n}" for code, n in refusals.items()) or "-")
    print("note:", SHARED_ROWS_NOTE)
    if uncontended["refused"]:
        broken.append(f"uncontended: {uncontended['refused']} refusals")
    print("books:", "FAILED\n  " + "\n  ".join(broken) if broken else
          "stock never negative, units sold = order lines = stock taken, one order and one "
          "slot place per success, numbers without gaps, every refusal had a product short")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
