"""Accounts, their roles and one-time codes."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import Created, Keyed, UTCDateTime, enum_column_type, utcnow
from marketplace.extensions import db
from marketplace.places.models import SubDivision


class Role(enum.StrEnum):
    RESIDENT = "resident"
    WORKER = "worker"
    SHG_MEMBER = "shg_member"
    OPERATOR = "operator"
    STAFF = "staff"
    ADMIN = "admin"
    #: takes parcels to doorsteps and marks them delivered or failed (made by staff)
    DELIVERY = "delivery"


#: roles that act for one sub-division and must belong to one
SCOPED_ROLES = frozenset({Role.OPERATOR, Role.STAFF, Role.DELIVERY})
#: roles that must pass a second factor at sign-in
SECOND_FACTOR_ROLES = frozenset({Role.STAFF, Role.ADMIN})


def new_session_token() -> str:
    return secrets.token_urlsafe(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: E.164, e.g. +919816012345
    phone: Mapped[str] = mapped_column(sa.String(16), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    preferred_language: Mapped[str] = mapped_column(sa.String(2), default="hi")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"), default=Role.RESIDENT)
    #: the tenant of operators and staff; None for everyone else
    sub_division_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sub_divisions.id"), index=True
    )
    is_active_account: Mapped[bool] = mapped_column(default=True)
    #: part of every session id: rotating it ends every session of the account
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: where this person last had an order delivered or a worker come: offered first next time
    last_village_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("villages.id", ondelete="SET NULL"))
    last_address: Mapped[str | None] = mapped_column(sa.String(300))
    #: the sub-division this person chose on the start page: the public pages they open first
    chosen_sub_division_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("sub_divisions.id", ondelete="SET NULL"))

    sub_division: Mapped[SubDivision | None] = relationship(foreign_keys=[sub_division_id])

    __table_args__ = (
        sa.CheckConstraint("preferred_language IN ('hi', 'en')", name="language"),
        sa.CheckConstraint(
            "(role IN ('operator', 'staff', 'delivery')) = (sub_division_id IS NOT NULL)",
            name="scoped_roles_have_sub_division",
        ),
    )

    # Flask-Login: the session id carries the token, so a copied cookie dies with it.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


class CodePurpose(enum.StrEnum):
    SIGN_UP = "sign_up"
    SIGN_IN = "sign_in"
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a purpose, not a secret
    WORKER_CONSENT = "worker_consent"


class OneTimeCode(Keyed, Created, db.Model):
    """A 6-digit code sent to a phone; only its keyed hash is stored."""

    __tablename__ = "one_time_codes"

    phone: Mapped[str] = mapped_column(sa.String(16), index=True)
    purpose: Mapped[CodePurpose] = mapped_column(enum_column_type(CodePurpose, "code_purpose"))
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    #: what the code will complete, e.g. a pending sign-up (never a plain password)
    payload: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.Index("ix_one_time_codes_lookup", "phone", "purpose", "created_at"),
    )
