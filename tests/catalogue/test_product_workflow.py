"""The product status table, as a matrix: the helper allows exactly its moves and audits
only the decisions."""

from __future__ import annotations

import itertools

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.catalogue.models import ProductStatus
from marketplace.catalogue.workflow import TRANSITIONS, transition
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict
from marketplace.extensions import db
from tests.helpers import make_group, make_product, make_user

ALL = list(ProductStatus)
DECISIONS = {ProductStatus.APPROVED, ProductStatus.REJECTED}


@pytest.mark.parametrize(("start", "end"), list(itertools.product(ALL, ALL)))
def test_the_status_table_allows_exactly_its_moves(nadaun, start, end):
    group, _leader = make_group(nadaun)
    product = make_product(group, approved=False)
    product.status = start
    staff = make_user(Role.STAFF, sub_division=nadaun)
    if end in TRANSITIONS[start]:
        transition(product, end, actor=staff, reason="why")
        assert product.status is end
    else:
        with pytest.raises(Conflict) as error:
            transition(product, end, actor=staff)
        assert error.value.code == "product_transition"
        assert product.status is start
    recorded = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.subject_type == "product", AuditEvent.subject_id == product.id,
        AuditEvent.action != "product.added")).all()
    allowed = end in TRANSITIONS[start]
    assert recorded == ([f"product.{end.value}"] if allowed and end in DECISIONS else [])
