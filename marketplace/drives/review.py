"""The weekly review meeting's paper for a drive: each block's and partner's registrations
against the target, camps held and planned, top and bottom performers, and registrations
waiting for approval longer than three days. Assembled from a fixed set of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from marketplace.drives import queries
from marketplace.drives.models import Camp, Drive
from marketplace.drives.progress import DriveProgress, Progress, drive_progress

#: a registration waiting longer than this is raised at the meeting
OVERDUE = timedelta(days=3)
#: how many performers are named at the top and at the bottom
PERFORMERS = 3


@dataclass(frozen=True)
class Review:
    drive: Drive
    progress: DriveProgress
    #: (block id or None, partner id or None) → CampStatus → number of camps
    camps: dict[tuple[str, int], Counter]
    camp_totals: Counter
    top: list[Progress]
    bottom: list[Progress]
    operators: list[queries.OperatorCount]
    overdue: list
    today: date

    def camps_of(self, row: Progress) -> Counter:
        target = row.target_row
        key = ("block", target.block_id) if target.block_id is not None \
            else ("partner", target.partner_id)
        return self.camps.get(key, Counter())

    @property
    def top_operators(self) -> list[queries.OperatorCount]:
        return self.operators[:PERFORMERS]

    @property
    def bottom_operators(self) -> list[queries.OperatorCount]:
        rest = self.operators[PERFORMERS:]
        return list(reversed(rest[-PERFORMERS:]))


def _camp_counts(camps: list[Camp]) -> tuple[dict, Counter]:
    by_key: dict[tuple[str, int], Counter] = {}
    totals: Counter = Counter()
    for camp in camps:
        by_key.setdefault(("block", camp.block_id), Counter())[camp.status] += 1
        if camp.partner_id is not None:
            by_key.setdefault(("partner", camp.partner_id), Counter())[camp.status] += 1
        totals[camp.status] += 1
    return by_key, totals


def review_of(drive: Drive, *, today: date, now: datetime) -> Review:
    progress = drive_progress(drive, queries.list_targets(drive.id),
                              queries.count_registrations(drive.id), today)
    camps, totals = _camp_counts(queries.list_camps(drive.id))
    ranked = sorted((row for row in progress.rows if row.target),
                    key=lambda row: (row.done / row.target, row.done), reverse=True)
    top = ranked[:PERFORMERS]
    bottom = [row for row in reversed(ranked[-PERFORMERS:]) if row not in top]
    return Review(drive, progress, camps, totals, top, bottom,
                  progress.operators,
                  queries.list_waiting_since(drive.id, now - OVERDUE), today)


