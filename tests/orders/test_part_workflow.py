"""The status table of an order's per-group parts, as a matrix; parts move by
compare-and-set within the statuses the table lets move."""

from __future__ import annotations

import itertools

import pytest

from marketplace.core.errors import Conflict
from marketplace.core.workflow import change_status
from marketplace.orders.models import OrderPart, PartStatus
from marketplace.orders.workflow import PARTS

ALL = list(PartStatus)


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(start, end):
    part = OrderPart(status=start)
    if end in PARTS.moves[start]:
        change_status(part, end)
        assert part.status is end
        assert (part.packed_at is not None) is (end is PartStatus.PACKED)
    else:
        with pytest.raises(Conflict) as error:
            change_status(part, end)
        assert error.value.code == "part_transition"
        assert part.status is start


def test_a_part_is_packed_from_to_pack_and_cancelled_from_either():
    assert PARTS.sources(PartStatus.PACKED) == (PartStatus.TO_PACK,)
    assert PARTS.sources(PartStatus.CANCELLED) == (PartStatus.TO_PACK, PartStatus.PACKED)
