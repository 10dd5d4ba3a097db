"""The drive services refuse what the forms cannot send but the CLI, jobs or a forged
request could: another sub-division's places, operators and drives, and dates that would
leave a camp outside its drive."""

from __future__ import annotations

from datetime import date

import pytest

from marketplace.core.errors import Forbidden, InvalidInput
from marketplace.drives import services
from marketplace.drives.errors import DriveError
from tests.drives.factories import (
    CAMP_DAY,
    END,
    START,
    make_camp,
    make_drive,
    operator_of,
    staff_of,
)
from tests.helpers import first_village


def test_staff_of_another_sub_division_may_not_touch_the_drive(nadaun, other_sub_division):
    drive = make_drive(nadaun, staff_of(nadaun))
    outsider = staff_of(other_sub_division)
    with pytest.raises(Forbidden):
        services.update_drive(drive, services.DriveInput("X", START, END),
                              expected_version=1, actor=outsider)
    with pytest.raises(Forbidden):
        services.plan_camp(drive, services.CampInput(
            date(2026, 10, 5), first_village(nadaun).id, [operator_of(nadaun).id]),
            actor=outsider, today=CAMP_DAY)


@pytest.mark.parametrize("whose", ["village", "operator"])
def test_a_camp_with_another_sub_divisions_village_or_operator_is_refused(
        nadaun, other_sub_division, whose):
    staff = staff_of(nadaun)
    drive = make_drive(nadaun, staff)
    village = first_village(other_sub_division if whose == "village" else nadaun)
    operator = operator_of(other_sub_division if whose == "operator" else nadaun)
    with pytest.raises(InvalidInput) as refused:
        services.plan_camp(drive, services.CampInput(date(2026, 10, 5), village.id,
                                                     [operator.id]), actor=staff,
                                  today=CAMP_DAY)
    assert refused.value.code in (DriveError.CAMP_VILLAGE, DriveError.CAMP_OPERATORS)


def test_the_drives_dates_cannot_leave_a_planned_camp_outside(nadaun):
    staff = staff_of(nadaun)
    drive = make_drive(nadaun, staff)
    camp = make_camp(drive, staff, [operator_of(nadaun)], day=date(2026, 10, 12))
    with pytest.raises(InvalidInput) as refused:
        services.update_drive(drive, services.DriveInput("Shorter", START, date(2026, 10, 10)),
                              expected_version=1, actor=staff)
    assert refused.value.code is DriveError.CAMPS_OUTSIDE
    services.cancel_camp(camp, actor=staff, reason="Not needed")
    services.update_drive(drive, services.DriveInput("Shorter", START, date(2026, 10, 10)),
                          expected_version=1, actor=staff)
    assert (drive.ends_on, drive.version) == (date(2026, 10, 10), 2)
