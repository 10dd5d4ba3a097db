from __future__ import annotations

import pytest

from marketplace.core.db import reset_clock, run_clock_from
from marketplace.workers.services import seed_categories
from tests.drives.factories import CAMP_MOMENT, staff_of
from tests.helpers import sign_in


@pytest.fixture(autouse=True)
def _camp_day():
    """Every test of drives runs on the 5th of the October drive, in India."""
    run_clock_from(CAMP_MOMENT)
    seed_categories()
    yield
    reset_clock()


@pytest.fixture
def staff(client, nadaun):
    """Nadaun's staff member, signed in on `client`, reading English."""
    user = staff_of(nadaun)
    sign_in(client, user)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user
