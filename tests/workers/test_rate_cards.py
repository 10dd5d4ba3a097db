"""Who may set a sub-division's typical rate for a category (the rate card)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from marketplace.accounts.models import Role
from marketplace.core.errors import Forbidden
from marketplace.extensions import db
from marketplace.workers.models import RateUnit, WorkerCategory
from marketplace.workers.services import seed_categories, set_rate_card
from tests.helpers import make_user


@pytest.fixture
def plumber():
    seed_categories()
    return db.session.scalar(sa.select(WorkerCategory).where(WorkerCategory.slug == "plumber"))


def _set(sub_division, category, actor):
    return set_rate_card(sub_division, category, min_paise=30000, max_paise=70000,
                         unit=RateUnit.DAY, actor=actor)


@pytest.mark.parametrize("role", [Role.STAFF, Role.ADMIN])
def test_staff_of_the_sub_division_and_admins_set_its_rate_card(nadaun, plumber, role):
    actor = make_user(role, sub_division=nadaun if role is Role.STAFF else None)
    card = _set(nadaun, plumber, actor)
    assert (card.min_paise, card.max_paise, card.updated_by_id) == (30000, 70000, actor.id)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DELIVERY])
def test_other_accounts_of_the_sub_division_may_not_set_its_rate_card(nadaun, plumber, role):
    with pytest.raises(Forbidden):
        _set(nadaun, plumber, make_user(role, sub_division=nadaun))


def test_staff_of_another_sub_division_may_not_set_its_rate_card(nadaun, other_sub_division,
                                                                 plumber):
    with pytest.raises(Forbidden):
        _set(nadaun, plumber, make_user(Role.STAFF, sub_division=other_sub_division))
