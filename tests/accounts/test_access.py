"""The access rules of marketplace/accounts/access.py, as a matrix."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from marketplace.accounts.access import (
    is_staff_for,
    may_handle_registration,
    may_moderate,
    may_register_workers_in,
    may_see_unlisted,
    require_staff_for,
)
from marketplace.accounts.errors import AccessError
from marketplace.accounts.models import Role
from marketplace.core.errors import Forbidden

HOME, ELSEWHERE, OPERATOR_ID = 1, 2, 10


def person(role: Role, sub_division_id: int | None = HOME, user_id: int = 99):
    return SimpleNamespace(id=user_id, role=role, sub_division_id=sub_division_id,
                           is_authenticated=True)


# (person, staff for HOME?, registers in HOME?, handles OPERATOR_ID's registration in HOME?)
CASES = {
    "admin": (person(Role.ADMIN, None), True, True, True),
    "staff": (person(Role.STAFF), True, True, True),
    "staff elsewhere": (person(Role.STAFF, ELSEWHERE), False, False, False),
    "the registering operator": (person(Role.OPERATOR, user_id=OPERATOR_ID), False, True, True),
    "another operator of the sub-division": (person(Role.OPERATOR), False, True, False),
    "the registering operator, moved elsewhere": (
        person(Role.OPERATOR, ELSEWHERE, user_id=OPERATOR_ID), False, False, False),
    "resident": (person(Role.RESIDENT, None), False, False, False),
    "delivery": (person(Role.DELIVERY), False, False, False),
}


@pytest.mark.parametrize("case", CASES)
def test_who_may_act_for_a_sub_division(case):
    actor, staff, registers, handles = CASES[case]
    assert is_staff_for(actor, HOME) is staff
    assert may_register_workers_in(actor, HOME) is registers
    assert may_handle_registration(actor, sub_division_id=HOME,
                                   registered_by_id=OPERATOR_ID) is handles


@pytest.mark.parametrize("case", CASES)
def test_every_domain_refuses_a_non_staff_person_with_the_same_words(app, case):
    actor, staff, _registers, _handles = CASES[case]
    if staff:
        require_staff_for(actor, HOME)
        return
    with pytest.raises(Forbidden) as refused:
        require_staff_for(actor, HOME)
    assert refused.value.code is AccessError.STAFF_ONLY
    with force_locale("en"):
        assert refused.value.message == "Only the SDM office of this sub-division can do this."


def test_a_registration_nobody_made_at_a_counter_is_handled_by_staff_only():
    assert not may_handle_registration(person(Role.OPERATOR), sub_division_id=HOME,
                                       registered_by_id=None)
    assert may_handle_registration(person(Role.STAFF), sub_division_id=HOME,
                                   registered_by_id=None)


OWNER_ID = 7

# (person, sees an unlisted thing of HOME owned by OWNER_ID?, may moderate OWNER_ID's listing?)
LISTING_CASES = {
    "admin": (person(Role.ADMIN, None), True, True),
    "staff": (person(Role.STAFF), True, True),
    "staff elsewhere": (person(Role.STAFF, ELSEWHERE), False, False),
    "the owner, a resident": (person(Role.RESIDENT, None, user_id=OWNER_ID), True, False),
    "the owner, staff of the sub-division": (person(Role.STAFF, user_id=OWNER_ID), True, False),
    "the owner, an admin": (person(Role.ADMIN, None, user_id=OWNER_ID), True, False),
    "the owner, staff elsewhere": (person(Role.STAFF, ELSEWHERE, user_id=OWNER_ID), True, False),
    "resident": (person(Role.RESIDENT, None), False, False),
    "operator of the sub-division": (person(Role.OPERATOR), False, False),
    "delivery of the sub-division": (person(Role.DELIVERY), False, False),
}


@pytest.mark.parametrize("case", LISTING_CASES)
def test_who_sees_and_moderates_an_unlisted_thing(case):
    actor, sees, moderates = LISTING_CASES[case]
    assert may_see_unlisted(actor, HOME, owner_user_ids=(OWNER_ID,)) is sees
    assert may_moderate(actor, HOME, owner_user_id=OWNER_ID) is moderates


def test_any_of_several_owners_sees_an_unlisted_thing():
    # A group's products: every member is an owner.
    member = person(Role.SHG_MEMBER, None, user_id=OWNER_ID)
    assert may_see_unlisted(member, HOME, owner_user_ids=[3, OWNER_ID, 12])
    assert not may_see_unlisted(member, HOME, owner_user_ids=[3, 12])
    assert not may_see_unlisted(member, HOME)


def test_a_visitor_who_is_not_signed_in_sees_nothing_unlisted():
    # Flask-Login's anonymous user has no id or role; it must not be asked for them.
    visitor = SimpleNamespace(is_authenticated=False)
    assert not may_see_unlisted(visitor, HOME, owner_user_ids=(OWNER_ID,))
