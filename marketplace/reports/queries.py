"""The SQL behind the reports: every figure is a GROUP BY, so a page runs the same few queries
whatever the number of rows. `scope` is a sub-division id, or None for every sub-division."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from marketplace.bookings.models import Booking, BookingStatus
from marketplace.catalogue.models import Product, ProductStatus
from marketplace.core.db import INDIA
from marketplace.core.errors import InvalidInput
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStop, StopOutcome
from marketplace.places.models import Block, SubDivision, Village
from marketplace.reports.errors import ReportError
from marketplace.reports.models import ProductSales, RegistrationTarget, SalesDay
from marketplace.shg.models import SelfHelpGroup, SHGMember
from marketplace.workers.models import Review, WorkerCategory, WorkerProfile, WorkerStatus

#: a report covers at most this many days (a year, leap day included)
MAX_DAYS = 366
#: no report starts before this date
EARLIEST = date(2000, 1, 1)
WEEK_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Period:
    """Calendar days in India, both ends included."""

    start: date
    end: date

    @classmethod
    def checked(cls, start: date, end: date, *, today: date) -> Period:
        """Raises InvalidInput: range_order (from after to), range_too_long (over MAX_DAYS),
        range_out_of_bounds (before EARLIEST or more than a year after today)."""
        if start < EARLIEST or end > today + timedelta(days=MAX_DAYS):
            raise InvalidInput(ReportError.RANGE_OUT_OF_BOUNDS)
        if start > end:
            raise InvalidInput(ReportError.RANGE_ORDER)
        if (end - start).days + 1 > MAX_DAYS:
            raise InvalidInput(ReportError.RANGE_TOO_LONG)
        return cls(start, end)

    @property
    def weeks(self) -> list[date]:
        """The Monday of each ISO week the period touches."""
        first = self.start - timedelta(days=self.start.weekday())
        return [first + timedelta(weeks=n)
                for n in range((self.end - first).days // 7 + 1)]

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, stop): midnight in India at the start, midnight after the last day."""
        return _india_midnight(self.start), _india_midnight(self.end + timedelta(days=1))


def _india_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=INDIA).astimezone(UTC)


def week_of(column, period: Period, *, is_date: bool = False):
    """The week number (0 = the period's first ISO week) of a datetime or date column, in
    India time, as integer arithmetic (a CASE over the boundaries costs far more on 100,000
    rows). Only meaningful for values inside the period."""
    first = period.weeks[0]
    # Seconds since the first Monday's midnight (UTC for a date, India for a moment); India
    # keeps no summer time, so every week is 604,800 seconds.
    start = (calendar.timegm(first.timetuple()) if is_date
             else int(_india_midnight(first).timestamp()))
    if db.session.get_bind().dialect.name == "postgresql":
        if is_date:
            return sa.cast(column - first, sa.Integer) // 7
        return sa.cast(sa.func.floor((sa.func.date_part("epoch", column) - start) / WEEK_SECONDS),
                       sa.Integer)
    # SQLite: the stored text without its fraction (strftime would round 23:59:59.9999 up).
    seconds = sa.cast(sa.func.strftime("%s", sa.func.substr(column, 1, 19)), sa.Integer)
    return (seconds - start) // WEEK_SECONDS


def _within(column, period: Period):
    start, stop = period.utc_bounds()
    return sa.and_(column >= start, column < stop)


def _scoped(query: sa.Select, column, scope: int | None) -> sa.Select:
    return query if scope is None else query.where(column == scope)


def _pairs(query: sa.Select) -> dict:
    """{(key, key): value} from rows of two keys and a value."""
    return {(a, b): value for a, b, value in db.session.execute(query)}


# Places and categories the tables are laid out on.

def list_report_blocks(scope: int | None) -> list[sa.Row]:
    """Rows (id, name_en, name_hi, sub_division_code) ordered by sub-division and name."""
    query = (sa.select(Block.id, Block.name_en, Block.name_hi,
                       SubDivision.code.label("sub_division_code"))
             .join(SubDivision, SubDivision.id == Block.sub_division_id)
             .order_by(SubDivision.code, Block.name_en))
    return db.session.execute(_scoped(query, Block.sub_division_id, scope)).all()


def list_report_categories() -> list[sa.Row]:
    """Rows (id, slug, name_en, name_hi) of every worker category, in the directory's order."""
    return db.session.execute(
        sa.select(WorkerCategory.id, WorkerCategory.slug, WorkerCategory.name_en,
                  WorkerCategory.name_hi)
        .order_by(WorkerCategory.sort_order, WorkerCategory.name_en)).all()


# 1. Registrations of workers by block and kind of work, against targets.

def _registrations(scope: int | None, period: Period) -> sa.Select:
    query = (sa.select(WorkerProfile.main_category_id, WorkerProfile.created_at,
                       Village.block_id)
             .join(Village, Village.id == WorkerProfile.home_village_id)
             .where(WorkerProfile.status == WorkerStatus.APPROVED,
                    _within(WorkerProfile.created_at, period)))
    return _scoped(query, WorkerProfile.sub_division_id, scope)


def count_registrations(scope: int | None, period: Period) -> dict[tuple[int, int], int]:
    """{(block id, category id): listed workers who registered in the period}."""
    rows = _registrations(scope, period).subquery()
    return _pairs(sa.select(rows.c.block_id, rows.c.main_category_id, sa.func.count())
                  .group_by(rows.c.block_id, rows.c.main_category_id))


def count_registrations_by_week(scope: int | None, period: Period) -> dict[tuple[int, int], int]:
    """{(block id, week number): listed workers who registered that week}."""
    rows = _registrations(scope, period).add_columns(
        week_of(WorkerProfile.created_at, period).label("week")).subquery()
    return _pairs(sa.select(rows.c.block_id, rows.c.week, sa.func.count())
                  .group_by(rows.c.block_id, rows.c.week))


def list_targets(scope: int | None) -> dict[tuple[int, int], int]:
    """{(block id, category id): target}."""
    query = (sa.select(RegistrationTarget.block_id, RegistrationTarget.category_id,
                       RegistrationTarget.target)
             .join(Block, Block.id == RegistrationTarget.block_id))
    return _pairs(_scoped(query, Block.sub_division_id, scope))


# 2. Self-help groups, their members and products.

def list_group_summaries(scope: int | None, period: Period) -> list[sa.Row]:
    """Per group: id, name_en, name_hi, status, members, approved, waiting, out_of_stock
    (approved with no stock) and added (products added in the period)."""
    members = (sa.select(SHGMember.group_id, sa.func.count().label("members"))
               .group_by(SHGMember.group_id).subquery())
    approved = Product.status == ProductStatus.APPROVED

    def how_many(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    products = (sa.select(
        Product.group_id,
        how_many(approved).label("approved"),
        how_many(Product.status == ProductStatus.PENDING_REVIEW).label("waiting"),
        how_many(sa.and_(approved, Product.stock == 0)).label("out_of_stock"),
        how_many(_within(Product.created_at, period)).label("added"),
    ).group_by(Product.group_id).subquery())
    query = (sa.select(
        SelfHelpGroup.id, SelfHelpGroup.name_en, SelfHelpGroup.name_hi, SelfHelpGroup.status,
        sa.func.coalesce(members.c.members, 0).label("members"),
        *(sa.func.coalesce(products.c[name], 0).label(name)
          for name in ("approved", "waiting", "out_of_stock", "added")))
        .outerjoin(members, members.c.group_id == SelfHelpGroup.id)
        .outerjoin(products, products.c.group_id == SelfHelpGroup.id)
        .order_by(SelfHelpGroup.name_en, SelfHelpGroup.name_hi, SelfHelpGroup.id))
    return db.session.execute(_scoped(query, SelfHelpGroup.sub_division_id, scope)).all()


# 3. Orders, revenue and top products, by group and week.

@dataclass
class WeekFigures:
    """Orders placed (by creation time), orders delivered and their paise (by delivery date),
    and the paise of those refunded since (by the day of the refund), in one week: per group,
    and for all groups (`None`) counting each order once (refunds: per group only)."""

    placed: int = 0
    delivered: int = 0
    paise: int = 0
    refunded: int = 0


def sum_orders_by_group_week(scope: int | None,
                             period: Period) -> dict[tuple[int | None, int], WeekFigures]:
    """{(group id or None for all groups, week number): WeekFigures}, in one statement over
    the rollup's weeks and edge days (reports.rollup: groups × weeks, whatever the number of
    orders). The
    all-groups figures count each order once (its lowest group's row holds it); their paise
    and refunds are left to the groups' rows."""
    week = week_of(SalesDay.day, period, is_date=True)
    # As bigint: PostgreSQL's sum of a bigint is a numeric, read far more slowly (Decimal).
    figures_of = [sa.cast(sa.func.sum(column), sa.BigInteger) for column in (
        SalesDay.placed, SalesDay.placed_orders, SalesDay.delivered, SalesDay.delivered_orders,
        SalesDay.paise, SalesDay.refunded)]
    query = _scoped(sa.select(SalesDay.group_id, week.label("week"), *figures_of)
                    .where(_rollup_within(SalesDay.days, SalesDay.day, period)),
                    SalesDay.sub_division_id, scope)
    # Grouped by position: the week's expression carries parameters PostgreSQL would not
    # match between the SELECT and the GROUP BY.
    figures: dict[tuple[int | None, int], WeekFigures] = {}
    for group_id, number, placed, orders, delivered, delivered_orders, paise, refunded in (
            db.session.execute(query.group_by(SalesDay.group_id, sa.literal_column("2")))):
        figures[(group_id, number)] = WeekFigures(placed, delivered, paise, refunded)
        every = figures.setdefault((None, number), WeekFigures())
        every.placed += orders
        every.delivered += delivered_orders
    return figures


def list_group_names(scope: int | None) -> list[sa.Row]:
    """Rows (id, name_en, name_hi) of the groups in scope."""
    query = (sa.select(SelfHelpGroup.id, SelfHelpGroup.name_en, SelfHelpGroup.name_hi)
             .order_by(SelfHelpGroup.name_en, SelfHelpGroup.name_hi, SelfHelpGroup.id))
    return db.session.execute(_scoped(query, SelfHelpGroup.sub_division_id, scope)).all()


def _rollup_within(days_column, start_column, period: Period):
    """The rollup rows (reports.rollup: a day's, days=1, or an ISO week's, days=7) that add
    up to the period: its whole weeks' rows and the day rows of the (at most 12) days outside
    them, as index ranges."""
    def rows(days: int, first: date, last: date):
        return sa.and_(days_column == days, start_column >= first, start_column <= last)

    first_monday = period.start + timedelta(days=-period.start.weekday() % 7)
    last_sunday = period.end - timedelta(days=(period.end.weekday() + 1) % 7)
    if first_monday > last_sunday:  # no whole week inside
        return rows(1, period.start, period.end)
    return sa.or_(rows(7, first_monday, last_sunday - timedelta(days=6)),
                  rows(1, period.start, first_monday - timedelta(days=1)),
                  rows(1, last_sunday + timedelta(days=1), period.end))


def list_top_products(scope: int | None, period: Period, limit: int = 10) -> list[sa.Row]:
    """The products most units of which were delivered in the period: rows (id, name_en,
    name_hi, unit, group_name_en, group_name_hi, units, paise), from the rollup's weeks and
    edge days (reports.rollup), then named."""
    units = sa.cast(sa.func.sum(ProductSales.units), sa.BigInteger).label("units")
    top = (_scoped(sa.select(ProductSales.product_id, units,
                             sa.cast(sa.func.sum(ProductSales.paise), sa.BigInteger)
                             .label("paise"))
                   .where(_rollup_within(ProductSales.days, ProductSales.start_on, period)),
                   ProductSales.sub_division_id, scope)
           .group_by(ProductSales.product_id)
           .order_by(units.desc(), ProductSales.product_id)
           .limit(limit).subquery())
    return name_top_products(top)


def name_top_products(top: sa.Subquery) -> list[sa.Row]:
    """Rows of `top` (product_id, units, paise), most units first, with the product's and its
    group's names."""
    return db.session.execute(
        sa.select(Product.id, Product.name_en, Product.name_hi, Product.unit,
                  SelfHelpGroup.name_en.label("group_name_en"),
                  SelfHelpGroup.name_hi.label("group_name_hi"), top.c.units, top.c.paise)
        .join(top, top.c.product_id == Product.id)
        .join(SelfHelpGroup, SelfHelpGroup.id == Product.group_id)
        .order_by(top.c.units.desc(), Product.id)).all()


# 4. Bookings and ratings by kind of work.

def count_bookings_by_category(scope: int | None, period: Period) -> dict[int, sa.Row]:
    """{category id: row (requested, completed, cancelled, declined)} of bookings made in the
    period, by the worker's main kind of work."""
    def how_many(*statuses):
        return sa.func.coalesce(sa.func.sum(sa.case((Booking.status.in_(statuses), 1),
                                                    else_=0)), 0)

    query = (sa.select(WorkerProfile.main_category_id, sa.func.count().label("requested"),
                       how_many(BookingStatus.COMPLETED).label("completed"),
                       how_many(BookingStatus.CANCELLED).label("cancelled"),
                       how_many(BookingStatus.DECLINED).label("declined"))
             .join(WorkerProfile, WorkerProfile.id == Booking.worker_id)
             .where(_within(Booking.created_at, period))
             .group_by(WorkerProfile.main_category_id))
    rows = db.session.execute(_scoped(query, Booking.sub_division_id, scope))
    return {row.main_category_id: row for row in rows}


def sum_ratings_by_category(scope: int | None, period: Period) -> dict[int, tuple[int, int]]:
    """{category id: (ratings, sum of stars)} of reviews written in the period and not
    hidden by staff."""
    query = (sa.select(WorkerProfile.main_category_id, sa.func.count(),
                       sa.func.coalesce(sa.func.sum(Review.rating), 0))
             .join(WorkerProfile, WorkerProfile.id == Review.worker_id)
             .where(_within(Review.created_at, period), Review.is_hidden.is_(False))
             .group_by(WorkerProfile.main_category_id))
    rows = db.session.execute(_scoped(query, WorkerProfile.sub_division_id, scope))
    return {category: (count, int(stars)) for category, count, stars in rows}


# 5. Every sub-division side by side (the district and state view): one row per sub-division.

def count_registrations_by_sub_division(period: Period) -> dict[int, int]:
    """{sub-division id: listed workers who registered in the period}."""
    return dict(db.session.execute(
        sa.select(WorkerProfile.sub_division_id, sa.func.count())
        .where(WorkerProfile.status == WorkerStatus.APPROVED,
               _within(WorkerProfile.created_at, period))
        .group_by(WorkerProfile.sub_division_id)).all())


def sum_targets_by_sub_division() -> dict[int, int]:
    """{sub-division id: the sum of its blocks' registration targets}."""
    return dict(db.session.execute(
        sa.select(Block.sub_division_id, sa.func.sum(RegistrationTarget.target))
        .join(Block, Block.id == RegistrationTarget.block_id)
        .group_by(Block.sub_division_id)).all())


def count_listings_by_sub_division() -> dict[int, tuple[int, int]]:
    """{sub-division id: (workers listed now, products in the catalogue now)}, in one query."""
    workers = (sa.select(WorkerProfile.sub_division_id.label("sub_division_id"),
                         sa.literal(1).label("kind"), sa.func.count().label("count"))
               .where(WorkerProfile.status == WorkerStatus.APPROVED)
               .group_by(WorkerProfile.sub_division_id))
    products = (sa.select(Product.sub_division_id, sa.literal(2), sa.func.count())
                .where(Product.status == ProductStatus.APPROVED)
                .group_by(Product.sub_division_id))
    listed: dict[int, tuple[int, int]] = {}
    for sub_division_id, kind, count in db.session.execute(sa.union_all(workers, products)):
        workers_listed, products_listed = listed.get(sub_division_id, (0, 0))
        listed[sub_division_id] = ((count, products_listed) if kind == 1
                                   else (workers_listed, count))
    return listed


def sum_orders_by_sub_division(period: Period) -> dict[int, sa.Row]:
    """{sub-division id: row (placed, delivered, paise, refunded)}: orders placed and
    delivered counted once each, revenue of delivered orders and refunds, from the rollup's
    weeks and edge days (reports.rollup)."""
    def total(column):
        return sa.cast(sa.func.coalesce(sa.func.sum(column), 0), sa.BigInteger)

    rows = db.session.execute(
        sa.select(SalesDay.sub_division_id, total(SalesDay.placed_orders).label("placed"),
                  total(SalesDay.delivered_orders).label("delivered"),
                  total(SalesDay.paise).label("paise"),
                  total(SalesDay.refunded).label("refunded"))
        .where(_rollup_within(SalesDay.days, SalesDay.day, period))
        .group_by(SalesDay.sub_division_id))
    return {row.sub_division_id: row for row in rows}


def count_bookings_by_sub_division(period: Period) -> dict[int, tuple[int, int]]:
    """{sub-division id: (bookings asked for, completed)} of bookings made in the period."""
    completed = sa.func.coalesce(sa.func.sum(sa.case(
        (Booking.status == BookingStatus.COMPLETED, 1), else_=0)), 0)
    rows = db.session.execute(
        sa.select(Booking.sub_division_id, sa.func.count(), completed)
        .where(_within(Booking.created_at, period)).group_by(Booking.sub_division_id))
    return {sub_division_id: (asked, int(done)) for sub_division_id, asked, done in rows}


def sum_ratings_by_sub_division(period: Period) -> dict[int, tuple[int, int]]:
    """{sub-division id: (ratings, sum of stars)} of reviews written in the period and not
    hidden by staff."""
    rows = db.session.execute(
        sa.select(WorkerProfile.sub_division_id, sa.func.count(),
                  sa.func.coalesce(sa.func.sum(Review.rating), 0))
        .join(WorkerProfile, WorkerProfile.id == Review.worker_id)
        .where(_within(Review.created_at, period), Review.is_hidden.is_(False))
        .group_by(WorkerProfile.sub_division_id))
    return {sub_division_id: (count, int(stars)) for sub_division_id, count, stars in rows}


def count_deliveries_by_sub_division(period: Period) -> dict[int, tuple[int, int]]:
    """{sub-division id: (doorstep deliveries made, failed)} on runs of days in the period."""
    def how_many(outcome: StopOutcome):
        return sa.func.coalesce(sa.func.sum(sa.case((RunStop.outcome == outcome, 1),
                                                    else_=0)), 0)

    rows = db.session.execute(
        sa.select(DeliveryRun.sub_division_id, how_many(StopOutcome.DELIVERED),
                  how_many(StopOutcome.FAILED))
        .join(RunStop, RunStop.run_id == DeliveryRun.id)
        .where(DeliveryRun.delivery_date.between(period.start, period.end))
        .group_by(DeliveryRun.sub_division_id))
    return {sub_division_id: (int(made), int(failed)) for sub_division_id, made, failed in rows}


def list_sub_divisions_by_state() -> list[sa.Row]:
    """Rows (id, code, name_en, name_hi, district_en, district_hi, state_en, state_hi) of
    every sub-division, by state, district and name."""
    return db.session.execute(
        sa.select(SubDivision.id, SubDivision.code, SubDivision.name_en, SubDivision.name_hi,
                  SubDivision.district_en, SubDivision.district_hi, SubDivision.state_en,
                  SubDivision.state_hi)
        .order_by(SubDivision.state_en, SubDivision.district_en, SubDivision.name_en)).all()
