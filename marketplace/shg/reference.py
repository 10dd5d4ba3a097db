"""The listed self-help groups as the catalogue's filter and cards name them: kept per
process until a group changes (core/freshness.py)."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.core import freshness
from marketplace.shg.models import SelfHelpGroup, SHGStatus


def listed_groups(sub_division_id: int) -> tuple[sa.Row, ...]:
    """id, name_en, name_hi, village_id of the sub-division's approved groups, by name."""
    return freshness.rows(("listed-groups", sub_division_id), lambda: sa.select(
        SelfHelpGroup.id, SelfHelpGroup.name_en, SelfHelpGroup.name_hi,
        SelfHelpGroup.village_id).where(SelfHelpGroup.sub_division_id == sub_division_id,
                                        SelfHelpGroup.status == SHGStatus.APPROVED)
        .order_by(SelfHelpGroup.name_en, SelfHelpGroup.id))
