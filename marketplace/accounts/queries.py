"""Reads of accounts."""

from __future__ import annotations

import sqlalchemy as sa

from marketplace.accounts.models import Role, User
from marketplace.extensions import db


def get_user(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def get_user_by_phone(phone_e164: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.phone == phone_e164))


def list_users(*, role: Role | None = None, sub_division_id: int | None = None) -> sa.Select:
    query = sa.select(User).order_by(User.id)
    if role:
        query = query.where(User.role == role)
    if sub_division_id:
        query = query.where(User.sub_division_id == sub_division_id)
    return query


def count_users(*, role: Role | None = None) -> int:
    query = sa.select(sa.func.count(User.id))
    if role:
        query = query.where(User.role == role)
    return db.session.scalar(query)
