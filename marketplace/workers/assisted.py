"""Workers registered by someone else: a CSC operator at the counter, or a staff CSV import.

Either way the profile is listed only after the worker's own consent: a code sent to their
phone that they read out to the operator, or a signed link in a message for imported rows.
The consent and the notice version are recorded (DPDP Act).
"""

from __future__ import annotations

import secrets
from datetime import date

from werkzeug.security import generate_password_hash

from marketplace.accounts.access import may_handle_registration, may_register_workers_in
from marketplace.accounts.codes import CodeCheck, check_code, issue_code
from marketplace.accounts.models import CodePurpose, Role, User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.accounts.services import clean_name, create_account
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden
from marketplace.core.i18n import localized
from marketplace.core.links import read_signed, signed_url
from marketplace.notify.services import queue_message
from marketplace.places.models import SubDivision
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import WorkerProfile, WorkerStatus
from marketplace.workers.services import CONSENT_NOTICE, ProfileInput, register_worker
from marketplace.workers.workflow import transition

_CONSENT_SALT = "worker-consent"
CONSENT_LINK_MAX_AGE = 30 * 24 * 3600


def may_register_for(actor: User, sub_division_id: int) -> bool:
    return may_register_workers_in(actor, sub_division_id)


def may_handle(actor: User, profile: WorkerProfile) -> bool:
    """The counter registration's own operator, or staff for its sub-division."""
    return may_handle_registration(actor, sub_division_id=profile.sub_division_id,
                                   registered_by_id=profile.registered_by_id)


def awaits_consent(profile: WorkerProfile) -> bool:
    """Registered by someone else and not yet agreed to by the worker: the code and the link
    still work (confirm_with_code, confirm_by_link)."""
    return profile.status is WorkerStatus.PENDING_CONSENT


def _worker_account(phone: str, name: str, language: str) -> User:
    """The person's account, made without a usable password if they have none (they can set
    one later with 'forgot password')."""
    user = get_user_by_phone(phone)
    if user is not None:
        if user.role not in (Role.RESIDENT, Role.WORKER):
            raise Conflict(WorkerError.PROFILE_EXISTS)
        return user
    unusable = generate_password_hash(secrets.token_urlsafe(32), method="pbkdf2:sha256:1000")
    return create_account(phone=phone, name=clean_name(name), password="",
                          password_hash=unusable, role=Role.RESIDENT, language=language)


def register_for_worker(*, actor: User, sub_division: SubDivision, phone: str, name: str,
                        language: str, data: ProfileInput, today: date,
                        consent_by_link: bool = False) -> WorkerProfile:
    """Create a profile waiting for the worker's consent and send the code (or the link)."""
    if not may_register_for(actor, sub_division.id):
        raise Forbidden(WorkerError.REGISTER_FOR)
    user = _worker_account(phone, name, language)
    profile = register_worker(user, data, sub_division=sub_division, actor=actor, today=today,
                              awaiting_consent=True)
    work = localized(profile.main_category, "name", user.preferred_language)
    if consent_by_link:
        queue_message(phone, "worker_consent_link", language=user.preferred_language,
                      sub_division_id=sub_division.id, work=work,
                      link=consent_url(profile.id))
    else:
        code = issue_code(phone, CodePurpose.WORKER_CONSENT, user_id=user.id,
                          payload={"worker_id": profile.id})
        queue_message(phone, "worker_consent_code", language=user.preferred_language,
                      sub_division_id=sub_division.id, operator=actor.name, work=work,
                      code=code)
    return profile


def _record_consent(profile: WorkerProfile, *, actor: User | None, how: str) -> None:
    profile.consent_at, profile.consent_notice = utcnow(), CONSENT_NOTICE
    transition(profile, WorkerStatus.PENDING_REVIEW, actor=actor)
    record_event("worker.consented", actor_id=actor.id if actor else None,
                 subject_type="worker_profile", subject_id=profile.id,
                 sub_division_id=profile.sub_division_id,
                 data={"notice": CONSENT_NOTICE, "how": how})


def confirm_with_code(profile: WorkerProfile, code: str, *, actor: User) -> CodeCheck:
    """The operator types the code the worker received. Commit even when not OK."""
    if not may_handle(actor, profile):
        raise Forbidden(WorkerError.REGISTER_FOR)
    if not awaits_consent(profile):
        raise Conflict(WorkerError.WORKER_TRANSITION)
    result, used = check_code(profile.user.phone, CodePurpose.WORKER_CONSENT, code)
    if result is CodeCheck.OK and used.payload.get("worker_id") == profile.id:
        _record_consent(profile, actor=actor, how="code")
        return CodeCheck.OK
    return result if result is not CodeCheck.OK else CodeCheck.WRONG


def consent_url(worker_id: int) -> str:
    return signed_url(_CONSENT_SALT, "/workers/consent", {"w": worker_id})


def read_consent_token(token: str) -> int | None:
    data = read_signed(_CONSENT_SALT, token, max_age=CONSENT_LINK_MAX_AGE, keys=("w",))
    return int(data["w"]) if data is not None else None


def confirm_by_link(profile: WorkerProfile) -> None:
    """The worker agreed on the page the signed link opened."""
    if not awaits_consent(profile):
        raise Conflict(WorkerError.WORKER_TRANSITION)
    _record_consent(profile, actor=profile.user, how="link")
