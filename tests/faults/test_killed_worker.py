"""A gunicorn worker killed (SIGKILL) between taking stock and committing the order: the
database keeps nothing of it, and the buyer's retry (the same form, so the same checkout key)
makes exactly one order. Runs on PostgreSQL, against a real gunicorn on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa

from marketplace import create_app
from marketplace.cart.models import CartItem
from marketplace.cart.services import add_to_cart, open_cart
from marketplace.catalogue.models import Product
from marketplace.config import TestingConfig
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderPart
from tests.databases import fresh_database, suite_database_url
from tests.fuzz.site import PageParser
from tests.helpers import (
    PASSWORD,
    make_group,
    make_product,
    make_slot,
    make_sub_division,
    make_user,
)

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shop():
    """A fresh PostgreSQL database with one jar in a resident's cart (5 in stock); committed."""
    if not (suite_database_url() or "").startswith("postgresql"):
        pytest.skip("the fault tests run on PostgreSQL (set TEST_DATABASE_URL); .ci/run does")
    with fresh_database("fault") as url:
        app = create_app(TestingConfig(database_url=url))
        with app.app_context():
            db.create_all()
            nadaun = make_sub_division()
            group, _ = make_group(nadaun)
            jar = make_product(group, price_paise=60000, stock=5)
            make_slot(nadaun)
            buyer = make_user()
            add_to_cart(open_cart(user_id=buyer.id), jar, 1)
            db.session.commit()
            ids = {"product": jar.id, "buyer": buyer.id, "phone": buyer.phone, "url": url}
            db.session.remove()
        yield app, ids
        with app.app_context():
            db.engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        assert server.poll() is None, "gunicorn exited"
        try:
            if requests.get(base + "/healthz", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not answer")


def _form(html: str, action: str) -> dict:
    parser = PageParser()
    parser.feed(html)
    form = next(f for f in parser.forms if urlsplit(f["action"] or action).path == action)
    data = {}
    for field in form["fields"]:
        if field.kind == "select":
            data[field.name] = field.value or next(o for o in field.options if o)
        elif field.kind == "radio":
            data.setdefault(field.name, field.value)
        elif field.kind not in ("submit", "button", "checkbox"):
            data[field.name] = field.value
    return data


def test_a_worker_killed_after_taking_stock_leaves_nothing_and_the_retry_orders_once(shop):
    app, ids = shop
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="fault-") as folder:
        arm, reached = Path(folder, "arm"), Path(folder, "reached")
        env = {**os.environ, "FAULT_DATABASE_URL": ids["url"], "FAULT_ARM_FILE": str(arm),
               "FAULT_REACHED_FILE": str(reached), "MARKETPLACE_INSTANCE_PATH": folder}
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}",
             "--timeout", "600", "tests.faults.paused_wsgi:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_until_up(base, server)
            browser = requests.Session()
            signin = _form(browser.get(base + "/signin").text, "/signin")
            answer = browser.post(base + "/signin", allow_redirects=False, data={
                **signin, "phone": ids["phone"], "password": PASSWORD})
            assert answer.status_code in (302, 303), answer.text
            checkout = _form(browser.get(base + "/checkout").text, "/checkout")
            checkout["address"] = "House 12, near the temple"

            arm.touch()
            outcome: list = []

            def place() -> None:
                try:
                    outcome.append(browser.post(base + "/checkout", data=checkout,
                                                allow_redirects=False, timeout=60))
                except requests.RequestException as error:
                    outcome.append(error)

            first = threading.Thread(target=place)
            first.start()
            for _ in range(300):
                if reached.exists() and reached.read_text():
                    break
                time.sleep(0.1)
            worker = int(reached.read_text())
            assert worker != server.pid  # a worker, not the master
            os.kill(worker, signal.SIGKILL)
            first.join(timeout=60)
            # The buyer saw the connection drop (never a placed order).
            assert outcome and isinstance(outcome[0], requests.RequestException), outcome

            with app.app_context():
                jar = db.session.get(Product, ids["product"])
                assert (jar.stock, jar.units_sold) == (5, 0)  # the taken stock was given back
                assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
                assert db.session.scalar(sa.select(sa.func.count()).select_from(OrderPart)) == 0
                assert db.session.scalar(sa.select(sa.func.count()).select_from(CartItem)) == 1
                db.session.remove()

            _wait_until_up(base, server)  # the master has started a new worker
            retries = [browser.post(base + "/checkout", data=checkout, allow_redirects=False,
                                    timeout=30) for _ in range(2)]
            assert [r.status_code for r in retries] == [303, 303], [r.text for r in retries]
            assert retries[0].headers["Location"] == retries[1].headers["Location"]
            assert "/orders/" in retries[0].headers["Location"]
            with app.app_context():
                jar = db.session.get(Product, ids["product"])
                assert (jar.stock, jar.units_sold) == (4, 1)
                assert db.session.scalar(sa.select(sa.func.count()).select_from(Order)) == 1
                db.session.remove()
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
