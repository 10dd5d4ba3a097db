"""gunicorn entry point for the fault tests only: the app on FAULT_DATABASE_URL, which stops
dead once, right after the statement that takes stock, while the file FAULT_ARM_FILE exists
(it writes its pid to FAULT_REACHED_FILE and sleeps, so the test can SIGKILL it there)."""

from __future__ import annotations

import os
import time

import sqlalchemy as sa

from marketplace import create_app
from marketplace.config import TestingConfig
from marketplace.extensions import db

app = create_app(TestingConfig(database_url=os.environ["FAULT_DATABASE_URL"]))
_ARM = os.environ["FAULT_ARM_FILE"]
_REACHED = os.environ["FAULT_REACHED_FILE"]


def _pause_after_stock_is_taken(conn, cursor, statement, parameters, context, executemany):
    # the whole cart's stock is one UPDATE, after a CTE that locks the rows in id order
    taking_stock = "UPDATE PRODUCTS SET STOCK" in " ".join(statement.upper().split())
    if taking_stock and os.path.exists(_ARM):
        os.remove(_ARM)  # once: the retry goes through
        with open(_REACHED, "w") as reached:
            reached.write(str(os.getpid()))
        time.sleep(300)


with app.app_context():
    sa.event.listen(db.engine, "after_cursor_execute", _pause_after_stock_is_taken)
