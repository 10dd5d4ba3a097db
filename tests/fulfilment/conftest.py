"""The fulfilment tests move the app's clock to a run's day; each test starts on the real one."""

from __future__ import annotations

import pytest

from marketplace.core.db import reset_clock


@pytest.fixture(autouse=True)
def _real_clock_after_each_test():
    yield
    reset_clock()
