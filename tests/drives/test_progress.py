"""The arithmetic of a drive's progress: the days left, the gap and the run rate needed."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from marketplace.drives.progress import Days, drive_progress
from marketplace.drives.queries import CampCount, TargetRow

#: what the arithmetic reads of a drive
DRIVE = SimpleNamespace(starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 15))
BLOCK = TargetRow(1, block_id=7, partner_id=None, target=100, name_en="A", name_hi="अ")
PARTNER = TargetRow(2, block_id=None, partner_id=3, target=10, name_en="ITI", name_hi="ITI")


@pytest.mark.parametrize(("today", "elapsed", "left"), [
    (date(2026, 9, 20), 0, 15), (date(2026, 10, 1), 1, 15), (date(2026, 10, 5), 5, 11),
    (date(2026, 10, 15), 15, 1), (date(2026, 11, 2), 15, 0)])
def test_days_elapsed_and_left_count_today_as_a_day_still_to_register_on(today, elapsed, left):
    days = Days.of(DRIVE, today)
    assert (len(days.all), days.elapsed, days.left) == (15, elapsed, left)


def test_the_gap_is_spread_over_the_days_left_rounding_up():
    counts = [CampCount(1, date(2026, 10, 2), 7, 3, 20),
              CampCount(2, date(2026, 10, 4), 7, None, 5)]
    progress = drive_progress(DRIVE, [BLOCK, PARTNER], counts, date(2026, 10, 5))
    block, partner = progress.blocks[0], progress.partners[0]
    assert (block.done, block.gap, block.needed_per_day) == (25, 75, 7)  # 75 over 11 days
    assert block.run_rate == 5.0 and block.percent == 25
    assert block.cumulative[:5] == [0, 20, 20, 25, 25]
    assert (partner.done, partner.gap, partner.needed_per_day) == (20, 0, 0)
    assert progress.total.done == 25 and progress.total.target == 100
    assert progress.by_camp == {1: 20, 2: 5}


def test_after_the_last_day_an_unmet_target_needs_what_no_day_can_give():
    progress = drive_progress(DRIVE, [BLOCK], [], date(2026, 10, 20))
    assert progress.blocks[0].gap == 100 and progress.blocks[0].needed_per_day is None


def test_a_camp_moved_out_of_the_dates_counts_to_its_camp_but_on_no_day():
    counts = [CampCount(1, date(2026, 12, 1), 7, None, 4)]
    progress = drive_progress(DRIVE, [BLOCK], counts, date(2026, 10, 5))
    assert progress.blocks[0].done == 0 and progress.by_camp == {1: 4}
