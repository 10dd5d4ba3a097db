"""The people the authorization table is tried as, each owning what their role owns.

Two sub-divisions, either one the home of the personas (build_world's `home`; below, Nadaun).
In Nadaun: a worker with a profile and two bookings from the resident
(one accepted, one to answer), a resident with those bookings and orders, two self-help
groups (each with a member, products and an order part to pack), two CSC operators (each
with a worker waiting for consent and an import batch), staff, a delivery person (runs.py
gives them a run) and an admin. In Barsar: its own staff, worker, group, product, order and
booking. The table's `{ids}` point at the first of each (the worker's, the resident's, the
first group's, the first operator's), so the owners walk their own records and the second
operator, the second group's member and Barsar's staff are refused them in the same sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.bookings.models import Slot
from marketplace.bookings.services import BookingRequest, answer_booking, request_booking
from marketplace.core.db import today_in_india
from marketplace.extensions import db
from marketplace.workers import importing
from marketplace.workers.assisted import register_for_worker
from marketplace.workers.models import WorkerCategory, WorkerStatus
from marketplace.workers.services import ProfileInput
from tests.helpers import (
    early_today,
    first_village,
    make_group,
    make_product,
    make_sub_division,
    make_user,
    make_worker,
    place_order,
)

#: a batch with one good row and one bad, so its errors.csv has a phone number in it
_BATCH_ROWS = ("9816044441,Good Row,mason,{village},700,day,5,,hi,\n"
               "9816044442,Bad Row,no-such-work,{village},x,day,,,hi,\n")


@dataclass
class World:
    people: dict[str, User] = field(default_factory=dict)
    ids: dict[str, int | str] = field(default_factory=dict)
    #: persona: (the persona it mirrors, its own ids in place of that one's)
    mirrors: dict[str, tuple[str, dict[str, int | str]]] = field(default_factory=dict)


def _booking(worker, resident, sub_division, days: int = 0):
    """A booking for `days` from today (today's work may be started today, so the clock
    reads early morning)."""
    return request_booking(
        worker, BookingRequest(work_date=early_today() + timedelta(days=days),
                               slot=Slot.MORNING, village_id=first_village(sub_division).id,
                               address="House 1", description="Tap"),
        actor=resident, today=today_in_india())


def _registrations(operator: User, sub_division, phone: str):
    """A worker the operator registered at the counter (waiting for the code) and a batch."""
    village = first_village(sub_division)
    mason = db.session.scalar(sa.select(WorkerCategory.id).where(WorkerCategory.slug == "mason"))
    profile = register_for_worker(
        actor=operator, sub_division=sub_division, phone=phone, name="Counter Worker",
        language="en", today=today_in_india(),
        data=ProfileInput(display_name="Counter Worker", main_category_id=mason,
                          rate_paise=70000, rate_unit="day", home_village_id=village.id))
    batch = importing.save_batch(",".join(importing.COLUMNS) + "\n"
                                 + _BATCH_ROWS.format(village=village.name_en),
                                 "list.csv", sub_division=sub_division, actor=operator)
    return profile, batch


def _elsewhere(world: World, away) -> None:
    """The other sub-division, with data of its own that its staff see on their pages."""
    world.people["staff_elsewhere"] = make_user(Role.STAFF, sub_division=away,
                                                name=f"{away.name_en} Staff")
    worker = make_worker(away, name=f"{away.name_en} Worker")
    resident = make_user(name=f"{away.name_en} Resident")
    _booking(worker, resident, away)
    group, _leader = make_group(away, name=f"{away.name_en} SHG")
    place_order(resident, {make_product(group, name_en=f"{away.name_en} Honey"): 1})


#: the two public tenants; either is the one whose people own the records of a sweep
TENANTS = {"NDN": "Nadaun", "BRS": "Barsar"}


def build_world(home: str = "NDN") -> tuple[World, dict]:
    """Everyone and everything, the personas in `home` (the other sub-division's staff are
    "staff_elsewhere"); returns the world and the records area modules build on."""
    world = World()
    people, ids = world.people, world.ids
    places = {code: make_sub_division(code, name) for code, name in TENANTS.items()}
    here = places[home]
    listed = make_worker(here, name="Listed")
    resident = make_user(name="Resident Persona")
    group, leader = make_group(here)
    other_group, other_leader = make_group(here, name="Second SHG")
    operator = make_user(Role.OPERATOR, sub_division=here, name="First Operator")
    other_operator = make_user(Role.OPERATOR, sub_division=here, name="Second Operator")
    people.update(resident=resident, worker=listed.user, shg_member=leader,
                  shg_member_other=other_leader, operator=operator,
                  operator_other=other_operator,
                  staff=make_user(Role.STAFF, sub_division=here, name=f"{here.name_en} Staff"),
                  admin=make_user(Role.ADMIN, name="Admin"),
                  delivery=make_user(Role.DELIVERY, sub_division=here, name="Courier"))

    ids["listed"] = listed.id
    ids["waiting"] = make_worker(here, name="Waiting", status=WorkerStatus.PENDING_REVIEW).id
    booking = _booking(listed, resident, here)
    answer_booking(booking, accept=True, actor=listed.user)
    ids["booking"] = booking.id
    ids["booking_to_answer"] = _booking(listed, resident, here, days=3).id
    ids["group"], ids["product"] = group.id, make_product(group).id
    order = place_order(resident, {make_product(group, name_en="Honey"): 1})
    ids["order"], ids["part"] = order.number, order.parts[0].id
    ids["order_id"], ids["slot"] = order.id, order.slot_id
    other_order = place_order(resident, {make_product(other_group, name_en="Second Jam"): 1})
    world.mirrors["shg_member_other"] = ("shg_member", {
        "group": other_group.id, "product": make_product(other_group, name_en="Second Ghee").id,
        "part": other_order.parts[0].id})

    registration, batch = _registrations(operator, here, "+919816055551")
    ids["registration"], ids["batch"] = registration.id, batch.id
    registration, batch = _registrations(other_operator, here, "+919816055552")
    world.mirrors["operator_other"] = ("operator", {"registration": registration.id,
                                                    "batch": batch.id})
    _elsewhere(world, next(place for code, place in places.items() if code != home))
    # Area modules (tests/access/*.py) know the home tenant as `nadaun`.
    return world, {"nadaun": here, "group": group, "leader": leader, "order": order,
                   "people": people}
