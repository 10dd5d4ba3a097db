"""The self-help group status table, as a matrix."""

from __future__ import annotations

import itertools

import pytest

from marketplace.accounts.models import Role
from marketplace.core.errors import Conflict
from marketplace.shg.models import SHGStatus
from marketplace.shg.workflow import TRANSITIONS, transition
from tests.helpers import make_group, make_user

ALL = list(SHGStatus)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(nadaun, start, end):
    group, _leader = make_group(nadaun)
    group.status, group.approved_at = start, None
    staff = make_user(Role.STAFF, sub_division=nadaun)
    if end in TRANSITIONS[start]:
        transition(group, end, actor=staff, reason="why")
        assert group.status is end
        assert (group.approved_at is not None) is (end is SHGStatus.APPROVED)
    else:
        with pytest.raises(Conflict) as error:
            transition(group, end, actor=staff)
        assert error.value.code == "shg_transition"
        assert group.status is start and group.approved_at is None
