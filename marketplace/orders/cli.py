"""Jobs for cron: give back the stock of abandoned online orders, retry due refunds."""

from __future__ import annotations

import click
import sqlalchemy as sa

from marketplace.core.db import utcnow
from marketplace.core.errors import DomainError
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderStatus
from marketplace.orders.services import expire_unpaid_orders, refund_order
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from marketplace.payments.stripe_gateway import GatewayError


@click.command("expire-unpaid-orders")
def expire_unpaid() -> None:
    """Cancel online orders left unpaid past the payment window (run every 10 min)."""
    count = expire_unpaid_orders(utcnow())
    db.session.commit()
    click.echo(f"cancelled {count} unpaid online order(s)")


@click.command("refund-cancelled-orders")
def refund_cancelled() -> None:
    """Refund paid online payments of cancelled orders (e.g. paid after expiry)."""
    orders = db.session.scalars(sa.select(Order).join(Payment, Payment.order_id == Order.id)
                                .where(Order.status == OrderStatus.CANCELLED,
                                       Payment.status == PaymentStatus.PAID,
                                       Payment.method == PaymentMethod.ONLINE)).all()
    done = 0
    for order in orders:
        try:
            refund_order(order, actor_id=None)
            db.session.commit()
            done += 1
        except (GatewayError, DomainError) as error:
            db.session.rollback()
            click.echo(f"{order.number}: refund failed ({error}); will retry")
    click.echo(f"refunded {done} order(s)")


COMMANDS = [expire_unpaid, refund_cancelled]
