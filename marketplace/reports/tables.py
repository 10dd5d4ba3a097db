"""The four reports laid out as tables with totals, from the figures of reports.queries.

Each builder runs a fixed number of queries; the Python here only walks the aggregated rows
(blocks × kinds of work, groups × weeks), never the orders or workers themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from marketplace.core.i18n import by_name, localized
from marketplace.core.money import paise_to_input
from marketplace.reports import queries
from marketplace.reports.queries import Period

# 1. Registrations against targets.


@dataclass
class TargetRow:
    category: sa.Row
    count: int
    target: int | None

    @property
    def percent(self) -> int | None:
        """Per cent of the target reached (may pass 100); None without a target, and 100 for a
        target of 0."""
        if self.target is None:
            return None
        return 100 if self.target == 0 else round(100 * self.count / self.target)


@dataclass
class BlockRegistrations:
    block: sa.Row
    rows: list[TargetRow]
    weekly: list[int]
    total: int = 0
    target_total: int = 0


@dataclass
class Registrations:
    period: Period
    weeks: list[date]
    blocks: list[BlockRegistrations]
    weekly_totals: list[int]
    total: int
    target_total: int


def registrations_table(scope: int | None, period: Period, locale: str) -> Registrations:
    """Every block in scope (by sub-division, then in the alphabetical order of `locale`), with
    a row for each kind of work that has a target or a registration in the period. Five
    queries."""
    weeks = period.weeks
    categories = queries.list_report_categories()
    counts = queries.count_registrations(scope, period)
    by_week = queries.count_registrations_by_week(scope, period)
    targets = queries.list_targets(scope)
    blocks = []
    in_order = sorted(by_name(queries.list_report_blocks(scope), locale),
                      key=lambda block: block.sub_division_code)
    for block in in_order:
        rows = [TargetRow(category, counts.get((block.id, category.id), 0),
                          targets.get((block.id, category.id)))
                for category in categories]
        rows = [row for row in rows if row.count or row.target is not None]
        blocks.append(BlockRegistrations(
            block, rows, [by_week.get((block.id, n), 0) for n in range(len(weeks))],
            total=sum(row.count for row in rows),
            target_total=sum(row.target or 0 for row in rows)))
    return Registrations(period, weeks, blocks,
                         [sum(b.weekly[n] for b in blocks) for n in range(len(weeks))],
                         total=sum(b.total for b in blocks),
                         target_total=sum(b.target_total for b in blocks))


# 2. Groups and products: the query's rows are the table.

def groups_table(scope: int | None, period: Period, locale: str) -> list[sa.Row]:
    return by_name(queries.list_group_summaries(scope, period), locale)


# 3. Orders and revenue by group and week; top products.


@dataclass
class Figures:
    placed: int = 0
    delivered: int = 0
    paise: int = 0
    refunded: int = 0

    @property
    def net(self) -> int:
        """Revenue less what was refunded of it (a refund counts in the week it was made)."""
        return self.paise - self.refunded

    def add(self, other: Figures) -> None:
        self.placed += other.placed
        self.delivered += other.delivered
        self.paise += other.paise
        self.refunded += other.refunded


@dataclass
class GroupOrders:
    group: sa.Row
    weeks: list[Figures]
    total: Figures = field(default_factory=Figures)


@dataclass
class OrdersReport:
    period: Period
    weeks: list[date]
    groups: list[GroupOrders]
    week_totals: list[Figures]
    total: Figures
    top: list[sa.Row]


def orders_table(scope: int | None, period: Period, locale: str) -> OrdersReport:
    """Groups with an order placed, delivered or refunded in the period (in the alphabetical
    order of `locale`), week by week; the weeks' totals count an order shared by two groups
    once. Three queries, on the rollup."""
    weeks = period.weeks
    figures = queries.sum_orders_by_group_week(scope, period)

    def of(group_id: int | None, week: int) -> Figures:
        found = figures.get((group_id, week))
        return (Figures(found.placed, found.delivered, found.paise, found.refunded) if found
                else Figures())

    week_totals = [of(None, number) for number in range(len(weeks))]
    groups = []
    for group in by_name(queries.list_group_names(scope), locale):
        report = GroupOrders(group, [of(group.id, number) for number in range(len(weeks))])
        for number, week in enumerate(report.weeks):
            report.total.add(week)
            week_totals[number].paise += week.paise
            week_totals[number].refunded += week.refunded
        if report.total.placed or report.total.delivered or report.total.refunded:
            groups.append(report)
    total = Figures()
    for week_total in week_totals:
        total.add(week_total)
    return OrdersReport(period, weeks, groups, week_totals, total,
                        queries.list_top_products(scope, period))


# 4. Bookings and ratings by kind of work.


def average_stars(stars: int, ratings: int) -> float | None:
    """The average rating, to one decimal; None without ratings."""
    return round(stars / ratings, 1) if ratings else None


@dataclass
class CategoryBookings:
    category: sa.Row
    requested: int = 0
    completed: int = 0
    cancelled: int = 0
    declined: int = 0
    ratings: int = 0
    stars: int = 0

    @property
    def average(self) -> float | None:
        return average_stars(self.stars, self.ratings)


def bookings_table(scope: int | None, period: Period, locale: str) -> list[CategoryBookings]:
    """Kinds of work with a booking or a rating in the period, in the directory's order
    whatever the `locale` (as the directory lists them). Three queries."""
    bookings = queries.count_bookings_by_category(scope, period)
    ratings = queries.sum_ratings_by_category(scope, period)
    rows = []
    for category in queries.list_report_categories():
        counted = bookings.get(category.id)
        ratings_count, stars = ratings.get(category.id, (0, 0))
        if counted is None and not ratings_count:
            continue
        rows.append(CategoryBookings(
            category, *((int(counted.requested), int(counted.completed),
                         int(counted.cancelled), int(counted.declined)) if counted
                        else (0, 0, 0, 0)), ratings=ratings_count, stars=stars))
    return rows


# The CSVs: one row per figure, plain numbers (rupees with a point) for spreadsheets.

def registrations_rows(report: Registrations, locale: str) -> list[list]:
    return [[b.block.sub_division_code, localized(b.block, "name", locale),
             localized(row.category, "name", locale), row.count,
             "" if row.target is None else row.target,
             "" if row.percent is None else row.percent]
            for b in report.blocks for row in b.rows]


def registrations_weekly_rows(report: Registrations, locale: str) -> list[list]:
    return [[b.block.sub_division_code, localized(b.block, "name", locale),
             monday.isoformat(), b.weekly[n]]
            for b in report.blocks for n, monday in enumerate(report.weeks)]


def groups_rows(rows: list[sa.Row], locale: str, status_labels: dict) -> list[list]:
    return [[localized(row, "name", locale), status_labels[row.status], row.members,
             row.approved, row.waiting, row.out_of_stock, row.added] for row in rows]


def orders_rows(report: OrdersReport, locale: str) -> list[list]:
    return [[localized(g.group, "name", locale), monday.isoformat(), figures.placed,
             figures.delivered, paise_to_input(figures.paise), paise_to_input(figures.refunded),
             paise_to_input(figures.net)]
            for g in report.groups for monday, figures in zip(report.weeks, g.weeks,
                                                              strict=True)]


def top_products_table(scope: int | None, period: Period, locale: str) -> list[sa.Row]:
    """Only the top products, by sales whatever the `locale` (for their CSV). One query."""
    return queries.list_top_products(scope, period)


def top_products_rows(top: list[sa.Row], locale: str, unit_labels: dict) -> list[list]:
    return [[rank, localized(row, "name", locale),
             row.group_name_hi if locale == "hi" and row.group_name_hi
             else row.group_name_en or row.group_name_hi,
             str(unit_labels.get(row.unit, row.unit)), int(row.units),
             paise_to_input(int(row.paise))]
            for rank, row in enumerate(top, start=1)]


def bookings_rows(rows: list[CategoryBookings], locale: str) -> list[list]:
    return [[localized(row.category, "name", locale), row.requested, row.completed,
             row.cancelled, row.declined, row.ratings,
             "" if row.average is None else f"{row.average:.1f}"] for row in rows]


# 5. Every sub-division side by side, with each district's and state's totals.


@dataclass
class SideBySide:
    """One sub-division's figures for the period (or the sum of several)."""

    registrations: int = 0
    target: int = 0
    workers_listed: int = 0
    products_listed: int = 0
    orders: Figures = field(default_factory=Figures)
    bookings: int = 0
    completed: int = 0
    ratings: int = 0
    stars: int = 0
    delivered: int = 0
    failed: int = 0

    @property
    def percent(self) -> int | None:
        """Per cent of the registration target reached; None without a target."""
        return round(100 * self.registrations / self.target) if self.target else None

    @property
    def average(self) -> float | None:
        return average_stars(self.stars, self.ratings)

    @property
    def success(self) -> int | None:
        """Per cent of doorstep deliveries tried that were made; None when none were tried."""
        tried = self.delivered + self.failed
        return round(100 * self.delivered / tried) if tried else None

    def add(self, other: SideBySide) -> None:
        for name in ("registrations", "target", "workers_listed", "products_listed",
                     "bookings", "completed", "ratings", "stars", "delivered", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.orders.add(other.orders)


@dataclass
class Area:
    """A district or a state: its sub-divisions (or districts) and their total."""

    place: sa.Row
    parts: list = field(default_factory=list)
    total: SideBySide = field(default_factory=SideBySide)


@dataclass
class SubDivisionsReport:
    period: Period
    states: list[Area]
    rows: list[tuple[sa.Row, SideBySide]]
    total: SideBySide


@dataclass(frozen=True)
class _Name:
    name_en: str
    name_hi: str


def _named(sub_division: sa.Row, level: str) -> _Name:
    return _Name(getattr(sub_division, f"{level}_en"), getattr(sub_division, f"{level}_hi"))


def _side_by_side(period: Period) -> dict[int, SideBySide]:
    """{sub-division id: its figures}. Seven queries, each grouped by sub-division."""
    figures: dict[int, SideBySide] = {}

    def of(sub_division_id: int) -> SideBySide:
        return figures.setdefault(sub_division_id, SideBySide())

    for sub_division_id, count in queries.count_registrations_by_sub_division(period).items():
        of(sub_division_id).registrations = count
    for sub_division_id, target in queries.sum_targets_by_sub_division().items():
        of(sub_division_id).target = int(target)
    for sub_division_id, (workers, products) in queries.count_listings_by_sub_division().items():
        of(sub_division_id).workers_listed, of(sub_division_id).products_listed = workers, products
    for sub_division_id, row in queries.sum_orders_by_sub_division(period).items():
        of(sub_division_id).orders = Figures(row.placed, row.delivered, row.paise, row.refunded)
    for sub_division_id, (asked, done) in queries.count_bookings_by_sub_division(period).items():
        of(sub_division_id).bookings, of(sub_division_id).completed = asked, done
    for sub_division_id, (count, stars) in queries.sum_ratings_by_sub_division(period).items():
        of(sub_division_id).ratings, of(sub_division_id).stars = count, stars
    for sub_division_id, (made, failed) in queries.count_deliveries_by_sub_division(
            period).items():
        of(sub_division_id).delivered, of(sub_division_id).failed = made, failed
    return figures


def sub_divisions_table(period: Period) -> SubDivisionsReport:
    """Every sub-division, grouped by state and district (in English order) with each
    district's, state's and the site's totals. Eight queries whatever the number of rows."""
    figures = _side_by_side(period)
    states: dict[str, Area] = {}
    rows, total = [], SideBySide()
    for sub_division in queries.list_sub_divisions_by_state():
        own = figures.get(sub_division.id, SideBySide())
        state = states.setdefault(sub_division.state_en, Area(_named(sub_division, "state")))
        if not state.parts or state.parts[-1].place.name_en != sub_division.district_en:
            state.parts.append(Area(_named(sub_division, "district")))
        district = state.parts[-1]
        district.parts.append((sub_division, own))
        for area in (district, state):
            area.total.add(own)
        total.add(own)
        rows.append((sub_division, own))
    return SubDivisionsReport(period, list(states.values()), rows, total)


def sub_divisions_rows(report: SubDivisionsReport, locale: str) -> list[list]:
    return [[localized(_named(row, "state"), "name", locale),
             localized(_named(row, "district"), "name", locale),
             localized(row, "name", locale), row.code, own.registrations, own.target or "",
             "" if own.percent is None else own.percent, own.workers_listed,
             own.products_listed, own.orders.placed, own.orders.delivered,
             paise_to_input(own.orders.net), own.bookings, own.completed, own.ratings,
             "" if own.average is None else f"{own.average:.1f}", own.delivered, own.failed,
             "" if own.success is None else own.success]
            for row, own in report.rows]
