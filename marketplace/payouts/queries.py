"""Reads for payouts: what each group sold, was charged, had refunded and was paid.

How the figures are made (the statement page says the same to its readers):
- A sale is a group's part of an order (its items, without the delivery charge) counted on the
  day the order was delivered, in India's calendar (the OrderStatusChange to `delivered`;
  DELIVERED is final, so an order has exactly one such row). Cancelled orders never count.
- Commission is applied to each part separately at the part's own rate: the sub-division's
  rate in force when the order was placed (OrderPart.commission_bp; a later change of the
  rate applies to later orders only, so a settled period stays settled), rounded half up
  to the paisa: (items_paise × basis points + 5000) // 10000.
- A refund counts on the day it was made (for several partial refunds: the last one's day),
  for the amount refunded (ours or made at Stripe, full or partial, or a dispute lost) of
  payments of delivered orders; a group
  bears the share of its part in the order's total (items_paise / total_paise), rounded half
  up, so a full refund takes back exactly that group's sale.
- Owed for a period = sales − commission − refunds; the balance at the end of a period is
  everything owed up to its last day minus every payout paid on or before that day.

Every function runs a fixed number of queries, whatever the number of orders or groups.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from marketplace.accounts.models import User
from marketplace.core.db import INDIA, today_in_india
from marketplace.core.i18n import by_name
from marketplace.extensions import db
from marketplace.orders.models import Order, OrderPart, OrderStatus, OrderStatusChange, PartStatus
from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payouts.models import Payout, PayoutTerms
from marketplace.shg.models import SelfHelpGroup, SHGStatus

BASIS_POINTS = 10_000


def commission_on(items_paise: int, commission_bp: int) -> int:
    """The commission on one part, half up to the paisa (`_commission_of_part` is the same
    in SQL)."""
    return (items_paise * commission_bp + BASIS_POINTS // 2) // BASIS_POINTS


def _commission_of_part():
    """`commission_on` of each part's items at its own rate, as a SQL expression (integers
    both: the division truncates, on SQLite and PostgreSQL alike)."""
    return (sa.cast(OrderPart.items_paise, sa.BigInteger)
            * sa.cast(OrderPart.commission_bp, sa.BigInteger)
            + BASIS_POINTS // 2) // BASIS_POINTS


def refund_share(refunded_paise: int, part_paise: int, order_total_paise: int) -> int:
    """A group's share of a refund: its part of the order's total, half up to the paisa."""
    return (2 * refunded_paise * part_paise + order_total_paise) // (2 * order_total_paise)


def refunded_parts(*conditions) -> sa.Select:
    """Rows (order id, group id, refunded paise, when refunded, the part's paise, the order's
    total) for every refunded payment of a delivered order that meets `conditions`, one per
    group of the order: what `refund_share` shares out."""
    # A payment marked refunded went back whole; otherwise what Stripe says was refunded.
    refunded_paise = sa.case((Payment.status == PaymentStatus.REFUNDED, Payment.amount_paise),
                             else_=Payment.refunded_paise)
    return (sa.select(Order.id, OrderPart.group_id, refunded_paise, Payment.refunded_at,
                      OrderPart.items_paise, Order.total_paise)
            .join(Order, Order.id == Payment.order_id)
            .join(OrderPart, OrderPart.order_id == Order.id)
            .where(sa.or_(Payment.status == PaymentStatus.REFUNDED, Payment.refunded_paise > 0),
                   Order.status == OrderStatus.DELIVERED,
                   OrderPart.status != PartStatus.CANCELLED, *conditions))


def group_refund_shares(*conditions) -> list[tuple[int, int, datetime]]:
    """(group id, its share in paise, when refunded) for every refunded payment of a delivered
    order that meets `conditions`, one row per group of the order. One query; payouts and the
    sales report's rollup both count refunds this way."""
    return [(group_id, refund_share(refunded, part_paise, total_paise), refunded_at)
            for _order, group_id, refunded, refunded_at, part_paise, total_paise
            in db.session.execute(refunded_parts(*conditions))]


@dataclass(frozen=True)
class Period:
    """Calendar days `first`..`last` (both included) in India."""

    first: date
    last: date

    @classmethod
    def month_of(cls, day: date) -> Period:
        first = day.replace(day=1)
        following = (first + timedelta(days=31)).replace(day=1)
        return cls(first, following - timedelta(days=1))

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first, time(), INDIA).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        return datetime.combine(self.last + timedelta(days=1), time(), INDIA).astimezone(UTC)


@dataclass
class GroupFigures:
    """One group's money for a period, in paise."""

    group_id: int
    sales_paise: int = 0
    commission_paise: int = 0
    refunds_paise: int = 0
    paid_paise: int = 0
    #: sales − commission − refunds from the beginning up to the end of the period
    owed_to_date_paise: int = 0
    #: payouts paid on or before the last day of the period
    paid_to_date_paise: int = 0

    @property
    def owed_paise(self) -> int:
        return self.sales_paise - self.commission_paise - self.refunds_paise

    @property
    def balance_paise(self) -> int:
        return self.owed_to_date_paise - self.paid_to_date_paise


def get_commission_bp(sub_division_id: int) -> int:
    """The sub-division's commission now, in basis points (0 when never set): what an order
    placed now keeps on each of its parts."""
    return db.session.scalar(sa.select(PayoutTerms.commission_bp).where(
        PayoutTerms.sub_division_id == sub_division_id)) or 0


def _scope(column, *, group_id: int | None, sub_division_id: int | None):
    if group_id is not None:
        return column == group_id
    return column.in_(sa.select(SelfHelpGroup.id).where(
        SelfHelpGroup.sub_division_id == sub_division_id))


def _delivered_parts():
    """Parts of delivered orders with the time of delivery (a Select to add columns to)."""
    delivered = OrderStatusChange
    return (sa.select().select_from(OrderPart)
            .join(Order, Order.id == OrderPart.order_id)
            .join(delivered, sa.and_(delivered.order_id == Order.id,
                                     delivered.to_status == OrderStatus.DELIVERED))
            .where(Order.status == OrderStatus.DELIVERED,
                   OrderPart.status != PartStatus.CANCELLED))


def compute_figures(period: Period, *, group_id: int | None = None,
                    sub_division_id: int | None = None) -> dict[int, GroupFigures]:
    """Figures per group id (of one group, or of every group of a sub-division); groups with
    nothing sold, refunded or paid are missing. Three queries."""
    figures: dict[int, GroupFigures] = {}

    def of(key: int) -> GroupFigures:
        return figures.setdefault(key, GroupFigures(key))

    delivered_at = OrderStatusChange.created_at
    items = OrderPart.items_paise
    commission = _commission_of_part()
    in_period = delivered_at >= period.starts_at
    sales = _delivered_parts().add_columns(
        OrderPart.group_id,
        sa.func.sum(sa.case((in_period, items), else_=0)),
        sa.func.sum(sa.case((in_period, commission), else_=0)),
        sa.func.sum(items), sa.func.sum(commission),
    ).where(delivered_at < period.ends_at,
            _scope(OrderPart.group_id, group_id=group_id, sub_division_id=sub_division_id)
            ).group_by(OrderPart.group_id)
    for key, sold, charged, sold_to_date, charged_to_date in db.session.execute(sales):
        row = of(key)
        row.sales_paise, row.commission_paise = int(sold), int(charged)
        row.owed_to_date_paise += int(sold_to_date) - int(charged_to_date)

    for key, share, refunded_at in group_refund_shares(
            Payment.refunded_at < period.ends_at,
            _scope(OrderPart.group_id, group_id=group_id, sub_division_id=sub_division_id)):
        row = of(key)
        row.owed_to_date_paise -= share
        if refunded_at >= period.starts_at:
            row.refunds_paise += share

    in_period_paid = Payout.paid_on >= period.first
    paid = (sa.select(Payout.group_id,
                      sa.func.sum(sa.case((in_period_paid, Payout.amount_paise), else_=0)),
                      sa.func.sum(Payout.amount_paise))
            .where(Payout.paid_on <= period.last,
                   _scope(Payout.group_id, group_id=group_id, sub_division_id=sub_division_id))
            .group_by(Payout.group_id))
    for key, paid_in_period, paid_to_date in db.session.execute(paid):
        row = of(key)
        row.paid_paise, row.paid_to_date_paise = int(paid_in_period), int(paid_to_date)
    return figures


def current_balance(group: SelfHelpGroup, today: date) -> int:
    """What the group is owed now, after every payout (three queries)."""
    figures = compute_figures(Period(today, today), group_id=group.id)
    return figures[group.id].balance_paise if group.id in figures else 0


def group_page_figures(group: SelfHelpGroup) -> dict[str, object]:
    """What the group's own products page shows from payouts (catalogue asks through
    catalogue.queries.get_group_figures): `balance_paise`, owed today (three queries)."""
    return {"balance_paise": current_balance(group, today_in_india())}


@dataclass(frozen=True)
class SaleLine:
    order_id: int
    number: str
    delivered_at: datetime
    items_paise: int
    #: the rate the sale keeps (in force when the order was placed)
    commission_bp: int
    commission_paise: int


@dataclass(frozen=True)
class PayoutLine:
    payout: Payout
    recorded_by_name: str


@dataclass
class Statement:
    group: SelfHelpGroup
    period: Period
    #: the rate in force now, for orders placed from now on (each sale keeps its own)
    commission_bp: int
    figures: GroupFigures
    sales: list[SaleLine] = field(default_factory=list)
    payouts: list[PayoutLine] = field(default_factory=list)


def get_statement(group: SelfHelpGroup, period: Period) -> Statement:
    """The group's statement for the period: six queries whatever the number of orders."""
    commission_bp = get_commission_bp(group.sub_division_id)
    figures = compute_figures(period, group_id=group.id).get(group.id, GroupFigures(group.id))
    lines = _delivered_parts().add_columns(
        Order.id, Order.number, OrderStatusChange.created_at, OrderPart.items_paise,
        OrderPart.commission_bp,
    ).where(OrderPart.group_id == group.id,
            OrderStatusChange.created_at >= period.starts_at,
            OrderStatusChange.created_at < period.ends_at,
            ).order_by(OrderStatusChange.created_at, Order.id)
    sales = [SaleLine(order_id, number, delivered_at, items, rate, commission_on(items, rate))
             for order_id, number, delivered_at, items, rate in db.session.execute(lines)]
    payouts = [PayoutLine(payout, name) for payout, name in db.session.execute(
        sa.select(Payout, User.name).join(User, User.id == Payout.recorded_by_id)
        .where(Payout.group_id == group.id, Payout.paid_on >= period.first,
               Payout.paid_on <= period.last)
        .order_by(Payout.paid_on, Payout.id))]
    return Statement(group, period, commission_bp, figures, sales, payouts)


@dataclass(frozen=True)
class OverviewRow:
    group: SelfHelpGroup
    figures: GroupFigures


def list_group_figures(sub_division_id: int, period: Period,
                       locale: str) -> tuple[int, list[OverviewRow]]:
    """(commission in force now, in basis points, a row per group): approved groups and any
    group with money in its books, by name in the alphabetical order of `locale`. Five
    queries whatever the number of groups or orders."""
    commission_bp = get_commission_bp(sub_division_id)
    groups = by_name(db.session.scalars(
        sa.select(SelfHelpGroup).where(SelfHelpGroup.sub_division_id == sub_division_id)
    ).all(), locale)
    figures = compute_figures(period, sub_division_id=sub_division_id)
    rows = [OverviewRow(group, figures.get(group.id, GroupFigures(group.id)))
            for group in groups
            if group.status is SHGStatus.APPROVED or group.id in figures]
    return commission_bp, rows


def totals(rows: list[OverviewRow]) -> GroupFigures:
    """The overview's bottom line (no query)."""
    total = defaultdict(int)
    for row in rows:
        for name in ("sales_paise", "commission_paise", "refunds_paise", "paid_paise",
                     "owed_to_date_paise", "paid_to_date_paise"):
            total[name] += getattr(row.figures, name)
    return GroupFigures(0, **total)


def has_payout_with_reference(group_id: int, reference: str) -> bool:
    """A transaction id or receipt number is one payment: is it recorded for the group already
    (in any case)? Asked with the group's row held, two staff recording it at once see each
    other's."""
    return db.session.scalar(sa.select(Payout.id).where(
        Payout.group_id == group_id,
        sa.func.lower(Payout.reference) == reference.lower()).limit(1)) is not None
