"""The delivery run status table, as a matrix; runs move by compare-and-set, which asks the
same table first."""

from __future__ import annotations

import itertools

import pytest

from marketplace.core.errors import Conflict
from marketplace.core.workflow import change_status
from marketplace.fulfilment.models import DeliveryRun, RunStatus
from marketplace.fulfilment.services import move_run
from marketplace.fulfilment.workflow import TRANSITIONS

ALL = list(RunStatus)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(start, end):
    run = DeliveryRun(status=start)
    if end in TRANSITIONS[start]:
        change_status(run, end)
        assert run.status is end
        assert (run.dispatched_at is not None) is (end is RunStatus.OUT)
        assert (run.closed_at is not None) is (end is RunStatus.CLOSED)
    else:
        with pytest.raises(Conflict) as error:
            change_status(run, end)
        assert error.value.code == "run_transition"
        assert run.status is start


def test_a_compare_and_set_the_table_does_not_have_is_refused_before_the_update():
    with pytest.raises(Conflict) as error:
        move_run(DeliveryRun(status=RunStatus.CLOSED), RunStatus.CLOSED, RunStatus.OUT)
    assert error.value.code == "run_transition"
