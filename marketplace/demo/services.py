"""Load the demo's sub-divisions and their accounts; safe to run again (adds only what is
missing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from marketplace.accounts.models import SCOPED_ROLES, Role, User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.accounts.services import create_account
from marketplace.catalogue.services import seed_product_categories
from marketplace.core.db import INDIA, utcnow
from marketplace.demo import nadaun, sonepur
from marketplace.demo.bookings import seed_bookings
from marketplace.demo.drives import seed_drive
from marketplace.demo.groups import seed_groups
from marketplace.demo.orders import seed_delivery, seed_orders
from marketplace.demo.panel import seed_targets, seed_waiting_products
from marketplace.demo.recipe import Recipe
from marketplace.demo.workers import seed_workers
from marketplace.extensions import db
from marketplace.places.models import SubDivision, VillageKind
from marketplace.places.services import (
    ensure_block,
    ensure_panchayat,
    ensure_sub_division,
    ensure_village,
    set_whatsapp_number,
)

#: the demo's sub-divisions in two states, the oldest first: it is created first, so it is
#: the one visitors see first (the default sub-division is the oldest)
RECIPES = (nadaun.RECIPE, sonepur.RECIPE)


@dataclass(frozen=True)
class Loaded:
    """One demo sub-division as `seed_demo` left it, with its logins (the admin's with the
    first)."""

    recipe: Recipe
    sub_division: SubDivision
    users: list[User]


def seed_places(recipe: Recipe) -> SubDivision:
    sub_division = ensure_sub_division(**recipe.sub_division)
    for block_en, block_hi, panchayats in recipe.blocks:
        block = ensure_block(sub_division, name_en=block_en, name_hi=block_hi)
        for panchayat_en, panchayat_hi, is_urban, villages in panchayats:
            panchayat = ensure_panchayat(block, name_en=panchayat_en, name_hi=panchayat_hi,
                                         is_urban=is_urban)
            kind = VillageKind.WARD if is_urban else VillageKind.VILLAGE
            for village_en, village_hi, latitude, longitude in villages:
                ensure_village(panchayat, name_en=village_en, name_hi=village_hi,
                               latitude=latitude, longitude=longitude, kind=kind)
    return sub_division


def seed_users(sub_division: SubDivision, recipe: Recipe) -> list[User]:
    """The recipe's logins; staff, operators and couriers belong to `sub_division`."""
    users = []
    for role_name, phone, name, language in recipe.users:
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


def seed_whatsapp_number(sub_division: SubDivision, recipe: Recipe) -> None:
    """The sub-division's WhatsApp number, unless it has one: with two sub-divisions on the
    site the assistant (and `flask chat simulate --number`) must know whose number it is."""
    if sub_division.whatsapp_phone_number_id:
        return
    phone_number_id, display_number = recipe.whatsapp
    if db.session.scalar(sa.select(SubDivision.id).where(
            SubDivision.whatsapp_phone_number_id == phone_number_id)):
        return  # another sub-division has it: leave the admin's choice alone
    admin = db.session.scalar(sa.select(User).where(User.role == Role.ADMIN).order_by(User.id))
    set_whatsapp_number(sub_division, phone_number_id, actor_id=admin.id,
                        display_number=display_number)


def seed_demo(now: datetime | None = None) -> list[Loaded]:
    """Everything the demo needs, for each sub-division in RECIPES (flushes; the caller
    commits). Whatever is dated (bookings and reviews in the past, orders for the next
    delivery slots, "available from" dates) is built relative to `now` (default: the clock),
    so the demo looks the same on every day."""
    now = now or utcnow()
    today = now.astimezone(INDIA).date()
    loaded = []
    for recipe in RECIPES:
        sub_division = seed_places(recipe)
        users = seed_users(sub_division, recipe)
        seed_whatsapp_number(sub_division, recipe)
        seed_workers(sub_division, recipe, today=today)
        seed_product_categories()
        seed_groups(sub_division, recipe)
        seed_days(sub_division, recipe, now)
        seed_targets(sub_division)
        seed_waiting_products(sub_division, recipe)
        seed_drive(sub_division, recipe, today)
        loaded.append(Loaded(recipe, sub_division, users))
    return loaded


def seed_days(sub_division: SubDivision, recipe: Recipe, now: datetime) -> None:
    """The part of a sub-division's demo that depends on the day: past bookings with
    reviews, delivery slots and the orders for the coming slots."""
    seed_bookings(sub_division, recipe, now)
    seed_delivery(sub_division, recipe)
    seed_orders(sub_division, recipe, now)
