"""Account operations: sign-up, sign-in, passwords, second factor, staff accounts.

Services flush but never commit; they take the acting account explicitly and raise
DomainError subclasses with machine codes. Messages go through the outbox.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import unicodedata

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from marketplace.accounts.codes import CodeCheck, check_code, issue_code
from marketplace.accounts.errors import AccountError
from marketplace.accounts.labels import ROLE_LABELS
from marketplace.accounts.models import SCOPED_ROLES, CodePurpose, Role, User, new_session_token
from marketplace.accounts.queries import get_user_by_phone
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from marketplace.core.locks import inserted
from marketplace.core.text import is_clean_text
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.places.models import SubDivision

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
NAME_MAX_LENGTH = 80


def clean_name(raw: str | None) -> str:
    """Collapse spaces and refuse empty, overlong or control-character names (any script)."""
    name = " ".join((raw or "").split())
    if not name:
        raise InvalidInput(AccountError.NAME_REQUIRED)
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(AccountError.NAME_TOO_LONG)
    if not is_clean_text(name):
        raise InvalidInput(AccountError.NAME_CHARACTERS)
    return unicodedata.normalize("NFC", name)


def check_password_rules(password: str | None) -> str:
    password = password or ""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput(AccountError.PASSWORD_TOO_SHORT)
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput(AccountError.PASSWORD_TOO_LONG)
    return password


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _clean_language(language: str | None) -> str:
    if language not in ("hi", "en"):
        raise InvalidInput(AccountError.LANGUAGE)
    return language


def create_account(
    *,
    phone: str,
    name: str,
    password: str,
    role: Role = Role.RESIDENT,
    language: str = "hi",
    sub_division: SubDivision | None = None,
    actor: User | None = None,
    password_hash: str | None = None,
) -> User:
    """Make an account (flushes). Raises Conflict('phone_taken'), InvalidInput(...).

    `password_hash` (already hashed) replaces `password` for bulk loads that share one.
    """
    if (role in SCOPED_ROLES) != (sub_division is not None):
        raise InvalidInput(AccountError.SUB_DIVISION_FOR_ROLE)
    if get_user_by_phone(phone):
        raise Conflict(AccountError.PHONE_TAKEN)
    user = User(
        phone=phone,
        name=clean_name(name),
        password_hash=password_hash or hash_password(check_password_rules(password)),
        role=role,
        preferred_language=_clean_language(language),
        sub_division_id=sub_division.id if sub_division else None,
    )
    db.session.add(user)
    db.session.flush()
    record_event(
        "account.created",
        actor_id=actor.id if actor else user.id,
        subject_type="user",
        subject_id=user.id,
        sub_division_id=user.sub_division_id,
        data={"role": role.value},
    )
    return user


def start_sign_up(*, phone: str, name: str, password: str, language: str) -> None:
    """Send a code that proves the phone is theirs; the account is made when it comes back.

    A number that already has an account gets a warning instead of a code, so that the
    sign-up form never tells a stranger which numbers are registered.
    """
    language = _clean_language(language)
    payload = {
        "name": clean_name(name),
        "language": language,
        "password_hash": hash_password(check_password_rules(password)),
    }
    if get_user_by_phone(phone):
        queue_message(phone, "sign_up_existing", language=language)
        return
    code = issue_code(phone, CodePurpose.SIGN_UP, payload=payload)
    queue_message(phone, "sign_up_code", language=language, code=code)


def complete_sign_up(*, phone: str, code: str) -> tuple[CodeCheck, User | None]:
    """Check the sign-up code and make the resident account. Commit even when not OK."""
    result, used = check_code(phone, CodePurpose.SIGN_UP, code)
    if result is not CodeCheck.OK:
        return result, None
    if get_user_by_phone(phone):
        return CodeCheck.WRONG, None
    payload = used.payload
    user = User(
        phone=phone,
        name=payload["name"],
        password_hash=payload["password_hash"],
        preferred_language=payload["language"],
        role=Role.RESIDENT,
    )
    if not inserted(user):
        # Someone finished signing up with the same number a moment ago.
        return CodeCheck.WRONG, None
    used.payload = {}
    record_event("account.created", actor_id=user.id, subject_type="user", subject_id=user.id,
                 data={"role": Role.RESIDENT.value, "via": "sign_up"})
    return CodeCheck.OK, user


@functools.cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash(secrets.token_hex(8), method=method)


def authenticate(*, phone: str | None, password: str) -> User:
    """The active account with this phone and password, or InvalidInput('credentials')."""
    user = get_user_by_phone(phone) if phone else None
    if user is None:
        # Hash anyway, so that the time taken does not tell whether the number is registered.
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        raise InvalidInput(AccountError.CREDENTIALS)
    if not check_password_hash(user.password_hash, password or "") or not user.is_active:
        raise InvalidInput(AccountError.CREDENTIALS)
    return user


def record_sign_in(user: User) -> None:
    user.last_sign_in_at = utcnow()
    record_event("account.signed_in", actor_id=user.id, subject_type="user", subject_id=user.id)


def start_second_factor(user: User, nonce: str) -> None:
    """Send a sign-in code that only the attempt holding `nonce` can use (flushes, queues)."""
    code = issue_code(user.phone, CodePurpose.SIGN_IN, user_id=user.id, payload={"nonce": nonce})
    queue_message(user.phone, "sign_in_code", language=user.preferred_language, code=code)


def password_proof(user: User, nonce: str) -> str:
    """What an attempt keeps to show that its password was right, without telling anyone who
    reads it whether it was (a wrong password keeps random bytes of the same length). Bound to
    the session token, so a changed password or signing out everywhere voids it."""
    message = f"password-proof|{user.phone}|{nonce}|{user.session_token}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message,
                    hashlib.sha256).hexdigest()


def no_password_proof() -> str:
    return secrets.token_hex(32)


def complete_second_factor(user: User, code: str, nonce: str) -> CodeCheck:
    """Check the sign-in code sent for the attempt holding `nonce`. Commit even when not OK."""
    result, _ = check_code(user.phone, CodePurpose.SIGN_IN, code, nonce=nonce)
    return result


def end_all_sessions(user: User) -> None:
    """Every session cookie of the account, copied or not, stops working."""
    user.session_token = new_session_token()


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    """Raises InvalidInput('current_password') or a password rule; ends other sessions."""
    if not check_password_hash(user.password_hash, current_password or ""):
        raise InvalidInput(AccountError.CURRENT_PASSWORD)
    _set_password(user, new_password, action="account.password_changed")


def request_password_reset(phone: str) -> None:
    """Send a reset code if the number has an active account; do nothing visible otherwise."""
    user = get_user_by_phone(phone)
    if user is None or not user.is_active:
        return
    code = issue_code(phone, CodePurpose.PASSWORD_RESET, user_id=user.id)
    queue_message(phone, "password_reset_code", language=user.preferred_language, code=code)


def reset_password(*, phone: str, code: str, new_password: str) -> CodeCheck:
    """Check the reset code and set the new password. Commit even when not OK."""
    check_password_rules(new_password)
    result, used = check_code(phone, CodePurpose.PASSWORD_RESET, code)
    if result is not CodeCheck.OK:
        return result
    user = get_user_by_phone(phone)
    if user is None or not user.is_active or used.user_id != user.id:
        return CodeCheck.WRONG
    _set_password(user, new_password, action="account.password_reset")
    return CodeCheck.OK


def _set_password(user: User, new_password: str, *, action: str) -> None:
    user.password_hash = hash_password(check_password_rules(new_password))
    end_all_sessions(user)
    record_event(action, actor_id=user.id, subject_type="user", subject_id=user.id)
    queue_message(user.phone, "password_changed", language=user.preferred_language)


def update_profile(user: User, *, name: str, language: str) -> None:
    user.name = clean_name(name)
    user.preferred_language = _clean_language(language)


def set_language(user: User, language: str) -> None:
    user.preferred_language = _clean_language(language)


def choose_sub_division(user: User, sub_division_id: int) -> None:
    """Remember where this person's public pages open (the start page's choice)."""
    user.chosen_sub_division_id = sub_division_id


def create_staff_account(
    *,
    phone: str,
    name: str,
    password: str,
    role: Role,
    sub_division: SubDivision | None,
    language: str = "hi",
    actor: User | None = None,
) -> User:
    """Make a staff, operator, delivery or admin account and tell the person by message
    (flushes)."""
    if role not in (Role.STAFF, Role.OPERATOR, Role.DELIVERY, Role.ADMIN):
        raise InvalidInput(AccountError.ROLE)
    user = create_account(phone=phone, name=name, password=password, role=role,
                          language=language, sub_division=sub_division, actor=actor)
    queue_message(phone, "staff_account_created", language=user.preferred_language,
                  sub_division_id=user.sub_division_id, role=ROLE_LABELS[role])
    return user


# The settings pages: who makes and switches off whose account.

#: the roles an admin may give from the settings page; staff may give only DELIVERY
TEAM_ROLES = (Role.STAFF, Role.OPERATOR, Role.DELIVERY, Role.ADMIN)


def _check_team_rights(actor: User, role: Role, sub_division_id: int | None, *,
                       making: bool) -> None:
    """Admins: any team role anywhere. Staff: delivery accounts of their own sub-division.
    Forbidden('account_role') for another role; NotFound('account') for an account of
    elsewhere (when `making`, the role is judged first: no staff may make an admin)."""
    if actor.role is Role.ADMIN:
        return
    if actor.role is not Role.STAFF or (making and role is not Role.DELIVERY):
        raise Forbidden(AccountError.ACCOUNT_ROLE)
    if sub_division_id != actor.sub_division_id:
        raise NotFound(AccountError.ACCOUNT)
    if role is not Role.DELIVERY:
        raise Forbidden(AccountError.ACCOUNT_ROLE)


def add_team_account(*, phone: str, name: str, password: str, role: Role,
                     sub_division: SubDivision | None, language: str, actor: User) -> User:
    """An account for the team (see create_staff_account), if `actor` may make it. An
    admin account belongs to no sub-division, the others to one (else InvalidInput
    'sub_division_for_role'); InvalidInput('role') for a role outside the team."""
    if role not in TEAM_ROLES:
        raise InvalidInput(AccountError.ROLE)
    _check_team_rights(actor, role, sub_division.id if sub_division else None, making=True)
    return create_staff_account(phone=phone, name=name, password=password, role=role,
                                sub_division=sub_division, language=language, actor=actor)


def may_manage_account(actor: User, user: User) -> bool:
    """Whether `actor` may switch `user` off or on (never their own account)."""
    try:
        _check_team_rights(actor, user.role, user.sub_division_id, making=False)
    except (Forbidden, NotFound):
        return False
    return user.id != actor.id


def set_account_active(user: User, *, active: bool, actor: User) -> None:
    """Switch an account off (every session ends at once) or on again (flushes, audits).

    Raises NotFound('account') for staff touching another sub-division's account,
    Forbidden('account_role') for an account they may not manage, InvalidInput('own_account')
    and Conflict('account_unchanged') when it already is so.
    """
    _check_team_rights(actor, user.role, user.sub_division_id, making=False)
    if user.id == actor.id:
        raise InvalidInput(AccountError.OWN_ACCOUNT)
    if user.is_active_account == active:
        raise Conflict(AccountError.ACCOUNT_UNCHANGED)
    user.is_active_account = active
    end_all_sessions(user)
    record_event("account.reactivated" if active else "account.deactivated",
                 actor_id=actor.id, subject_type="user", subject_id=user.id,
                 sub_division_id=user.sub_division_id, data={"role": user.role.value})
    db.session.flush()


def remember_address(user: User, village_id: int, address: str) -> None:
    """Keep where `user` was last served, for the next order or booking form to offer."""
    user.last_village_id, user.last_address = village_id, address
