"""One-time codes: issue, and check with a bounded number of tries, race-safe."""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app

from marketplace.accounts.models import CodePurpose, OneTimeCode
from marketplace.core.db import utcnow
from marketplace.extensions import db


class CodeCheck(enum.Enum):
    OK = "ok"
    WRONG = "wrong"  # wrong, expired, already used, or no code for this number
    TOO_MANY_TRIES = "too_many_tries"


def _hash(phone: str, purpose: CodePurpose, code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}|{purpose.value}|{code}".encode(), hashlib.sha256).hexdigest()


def issue_code(
    phone: str,
    purpose: CodePurpose,
    *,
    user_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> str:
    """Create a fresh 6-digit code for phone+purpose (earlier ones stop working); flushes.

    Returns the plain code for the caller to put in a message; only its hash is stored.
    """
    now = utcnow()
    db.session.execute(
        sa.update(OneTimeCode)
        .where(
            OneTimeCode.phone == phone,
            OneTimeCode.purpose == purpose,
            OneTimeCode.consumed_at.is_(None),
        )
        .values(consumed_at=now)
        .execution_options(synchronize_session=False)
    )
    code = f"{secrets.randbelow(10**6):06d}"
    db.session.add(
        OneTimeCode(
            phone=phone,
            purpose=purpose,
            user_id=user_id,
            code_hash=_hash(phone, purpose, code),
            payload=payload or {},
            expires_at=now + current_app.config["ONE_TIME_CODE_TTL"],
        )
    )
    db.session.flush()
    return code


def check_code(phone: str, purpose: CodePurpose, code: str, *,
               nonce: str | None = None) -> tuple[CodeCheck, OneTimeCode | None]:
    """Spend one try on the live code of phone+purpose; consume it when right.

    With `nonce`, only a code issued with that nonce in its payload is tried: another
    browser's attempt is WRONG at once and spends none of the code's tries.

    The try is counted by a conditional UPDATE, so parallel guesses cannot exceed the limit,
    and the code is consumed by another, so two right answers at once succeed only once.
    The caller must commit even when the answer is wrong, or the try is not counted.
    """
    now = utcnow()
    max_tries = current_app.config["ONE_TIME_CODE_MAX_TRIES"]
    live = db.session.scalar(
        sa.select(OneTimeCode)
        .where(
            OneTimeCode.phone == phone,
            OneTimeCode.purpose == purpose,
            OneTimeCode.consumed_at.is_(None),
            OneTimeCode.expires_at > now,
        )
        .order_by(OneTimeCode.id.desc())
        .limit(1)
    )
    if live is None:
        return CodeCheck.WRONG, None
    if nonce is not None and not hmac.compare_digest(str(live.payload.get("nonce", "")), nonce):
        return CodeCheck.WRONG, None
    counted = db.session.execute(
        sa.update(OneTimeCode)
        .where(OneTimeCode.id == live.id, OneTimeCode.attempts < max_tries)
        .values(attempts=OneTimeCode.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if counted != 1:
        return CodeCheck.TOO_MANY_TRIES, None
    if not hmac.compare_digest(live.code_hash, _hash(phone, purpose, code.strip())):
        return CodeCheck.WRONG, None
    consumed = db.session.execute(
        sa.update(OneTimeCode)
        .where(OneTimeCode.id == live.id, OneTimeCode.consumed_at.is_(None))
        .values(consumed_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if consumed != 1:
        return CodeCheck.WRONG, None
    db.session.refresh(live)
    return CodeCheck.OK, live
