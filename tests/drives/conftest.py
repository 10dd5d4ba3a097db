from __future__ import annotations

import pytest

from marketplace.core.db import reset_clock, run_clock_from
from marketplace.workers.services import seed_categories
from tests.drives.factories import CAMP_MOMENT


@pytest.fixture(autouse=True)
def _camp_day():
    """Every test of drives runs on the 5th of the October drive, in India."""
    run_clock_from(CAMP_MOMENT)
    seed_categories()
    yield
    reset_clock()
