"""A drive's progress: each target's registrations day by day, the gap to it, and the daily
run rate needed to close the gap by the last day. Plain arithmetic over what queries read."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from marketplace.drives.models import Drive, Partner
from marketplace.drives.queries import CampCount, OperatorCount, TargetRow


@dataclass(frozen=True)
class Days:
    """Where `today` stands in the drive's dates."""

    all: list[date]
    #: days from the first to today (0 before it starts, all of them after it ends)
    elapsed: int
    #: days still to register on, today included (0 once it has ended)
    left: int

    @classmethod
    def of(cls, drive: Drive, today: date) -> Days:
        count = (drive.ends_on - drive.starts_on).days + 1
        days = [drive.starts_on + timedelta(days=n) for n in range(count)]
        elapsed = min(max((today - drive.starts_on).days + 1, 0), count)
        left = min(max((drive.ends_on - today).days + 1, 0), count)
        return cls(days, elapsed, left)


@dataclass(frozen=True)
class Progress:
    """Registrations against one target (or the drive's total: target_row None)."""

    name_en: str
    name_hi: str
    target: int | None
    #: registrations on each day of the drive
    per_day: list[int]
    days: Days
    target_row: TargetRow | None = None

    @property
    def done(self) -> int:
        return sum(self.per_day)

    @property
    def cumulative(self) -> list[int]:
        total, out = 0, []
        for count in self.per_day:
            total += count
            out.append(total)
        return out

    @property
    def gap(self) -> int | None:
        return None if self.target is None else max(self.target - self.done, 0)

    @property
    def percent(self) -> int:
        if not self.target:
            return 100 if self.target == 0 else 0
        return min(100, math.floor(100 * self.done / self.target))

    @property
    def run_rate(self) -> float:
        """Registrations per day so far."""
        return round(self.done / self.days.elapsed, 1) if self.days.elapsed else 0.0

    @property
    def needed_per_day(self) -> int | None:
        """Registrations a day from today on that meet the target by the last day; 0 when it
        is met; None when no day is left to meet it."""
        if self.gap is None or self.gap == 0:
            return 0 if self.gap == 0 else None
        return math.ceil(self.gap / self.days.left) if self.days.left else None


@dataclass(frozen=True)
class DriveProgress:
    days: Days
    total: Progress
    blocks: list[Progress]
    partners: list[Progress]
    #: registrations per camp id
    by_camp: dict[int, int]
    #: each operator's registrations at the drive's camps, the most first
    operators: list[OperatorCount]

    @property
    def rows(self) -> list[Progress]:
        return [*self.blocks, *self.partners]


def drive_progress(drive: Drive, targets: list[TargetRow], counts: list[CampCount],
                   today: date) -> DriveProgress:
    days = Days.of(drive, today)
    index = {day: n for n, day in enumerate(days.all)}
    by_block: dict[int, list[int]] = defaultdict(lambda: [0] * len(days.all))
    by_partner: dict[int, list[int]] = defaultdict(lambda: [0] * len(days.all))
    total, by_camp = [0] * len(days.all), defaultdict(int)
    for count in counts:
        by_camp[count.camp_id] += count.registered
        n = index.get(count.day)
        if n is None:  # a camp moved out of the dates before the drive's were changed
            continue
        total[n] += count.registered
        by_block[count.block_id][n] += count.registered
        if count.partner_id is not None:
            by_partner[count.partner_id][n] += count.registered

    def row(target: TargetRow, series: dict) -> Progress:
        key = target.block_id if target.block_id is not None else target.partner_id
        return Progress(target.name_en, target.name_hi, target.target,
                        list(series.get(key, [0] * len(days.all))), days, target)

    blocks = [row(t, by_block) for t in targets if t.block_id is not None]
    partners = [row(t, by_partner) for t in targets if t.partner_id is not None]
    overall = sum(t.target for t in targets if t.block_id is not None) if blocks else None
    return DriveProgress(days, Progress("", "", overall, total, days), blocks, partners,
                         dict(by_camp), ranked_operators(counts))


def ranked_operators(counts: list[CampCount]) -> list[OperatorCount]:
    totals: dict[tuple[int | None, str], int] = defaultdict(int)
    for count in counts:
        totals[count.operator_id, count.operator] += count.registered
    return sorted((OperatorCount(key, name, registered)
                   for (key, name), registered in totals.items()),
                  key=lambda row: (-row.registered, row.name))


@dataclass(frozen=True)
class PartnerCount:
    #: None: the operators who work for no partner
    partner: Partner | None
    registered: int


def ranked_partners(operators: list[OperatorCount],
                    partner_of: dict[int, Partner]) -> list[PartnerCount]:
    """The operators' registrations added up by the partner each works for, the most first
    (those of no partner last)."""
    totals: dict[int | None, int] = defaultdict(int)
    partners: dict[int | None, Partner | None] = {None: None}
    for operator in operators:
        partner = partner_of.get(operator.operator_id) if operator.operator_id else None
        key = partner.id if partner is not None else None
        partners[key] = partner
        totals[key] += operator.registered
    return sorted((PartnerCount(partners[key], registered) for key, registered in totals.items()),
                  key=lambda row: (row.partner is None, -row.registered,
                                   (row.partner.name_en or row.partner.name_hi)
                                   if row.partner else ""))
