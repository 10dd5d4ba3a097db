"""Wire orders into an app: the payments module tells orders when money comes or fails."""

from __future__ import annotations

from flask import Flask

from marketplace.orders.services import on_payment_settled, order_takes_money
from marketplace.payments.services import on_acceptance, on_settlement


def init_app(app: Flask) -> None:
    on_acceptance(order_takes_money)
    on_settlement(on_payment_settled)
