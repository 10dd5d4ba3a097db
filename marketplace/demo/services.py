"""Load the demo sub-division and its accounts; safe to run again (adds only what is missing)."""

from __future__ import annotations

from datetime import datetime

from marketplace.accounts.models import SCOPED_ROLES, Role, User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.accounts.services import create_account
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.db import INDIA, utcnow
from marketplace.demo import nadaun
from marketplace.demo.bookings import seed_bookings
from marketplace.demo.drives import seed_drive
from marketplace.demo.groups import seed_groups
from marketplace.demo.orders import seed_delivery, seed_orders
from marketplace.demo.panel import seed_targets, seed_waiting_products
from marketplace.demo.workers import seed_workers
from marketplace.places.models import SubDivision, VillageKind
from marketplace.places.services import (
    ensure_block,
    ensure_panchayat,
    ensure_sub_division,
    ensure_village,
)


def seed_places() -> SubDivision:
    sub_division = ensure_sub_division(**nadaun.SUB_DIVISION)
    for block_en, block_hi, panchayats in nadaun.BLOCKS:
        block = ensure_block(sub_division, name_en=block_en, name_hi=block_hi)
        for panchayat_en, panchayat_hi, is_urban, villages in panchayats:
            panchayat = ensure_panchayat(block, name_en=panchayat_en, name_hi=panchayat_hi,
                                         is_urban=is_urban)
            kind = VillageKind.WARD if is_urban else VillageKind.VILLAGE
            for village_en, village_hi, latitude, longitude in villages:
                ensure_village(panchayat, name_en=village_en, name_hi=village_hi,
                               latitude=latitude, longitude=longitude, kind=kind)
    return sub_division


def seed_users(sub_division: SubDivision) -> list[User]:
    users = []
    for role_name, phone, name, language in nadaun.USERS:
        role = Role(role_name)
        user = get_user_by_phone(phone)
        if user is None:
            user = create_account(
                phone=phone,
                name=name,
                password=nadaun.DEMO_PASSWORD,
                role=role,
                language=language,
                sub_division=sub_division if role in SCOPED_ROLES else None,
            )
        users.append(user)
    return users


def seed_demo(now: datetime | None = None) -> list[User]:
    """Everything the demo needs (flushes; the caller commits). Whatever is dated (bookings
    and reviews in the past, orders for the next delivery slots, "available from" dates) is
    built relative to `now` (default: the clock), so the demo looks the same on every day."""
    now = now or utcnow()
    sub_division = seed_places()
    users = seed_users(sub_division)
    seed_workers(sub_division, today=now.astimezone(INDIA).date())
    seed_product_categories()
    seed_groups(sub_division)
    seed_days(sub_division, now)
    seed_targets(sub_division)
    seed_waiting_products(sub_division)
    seed_drive(sub_division, now.astimezone(INDIA).date())
    return users


def seed_days(sub_division: SubDivision, now: datetime) -> None:
    """The part of the demo that depends on the day: past bookings with reviews, delivery
    slots and the orders for the coming slots."""
    seed_bookings(now)
    seed_delivery(sub_division)
    seed_orders(sub_division, now)
