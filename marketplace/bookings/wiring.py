"""Wire bookings into an app: payments ask whether a booking takes money, and tell it of
refunds and disputes."""

from __future__ import annotations

from flask import Flask

from marketplace.bookings.services import booking_takes_money, on_payment_settled
from marketplace.payments.services import on_acceptance, on_settlement


def init_app(app: Flask) -> None:
    on_acceptance(booking_takes_money)
    on_settlement(on_payment_settled)
