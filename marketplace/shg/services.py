"""Registering self-help groups, approving them, and keeping their members.

Services flush, never commit; they take the actor and raise DomainErrors; every change that
someone must hear about writes an outbox message in the same transaction.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from marketplace.accounts.access import is_staff_for, require_staff_for
from marketplace.accounts.models import Role, User
from marketplace.accounts.queries import get_user_by_phone
from marketplace.accounts.services import clean_name, create_account
from marketplace.core.audit import record_event
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.core.i18n import localized
from marketplace.core.identity import looks_like_aadhaar
from marketplace.core.locks import inserted
from marketplace.core.text import ascii_digits
from marketplace.extensions import db
from marketplace.notify.services import queue_message
from marketplace.places.models import SubDivision
from marketplace.places.services import village_of
from marketplace.shg.errors import ShgError
from marketplace.shg.invitations import invitation_url
from marketplace.shg.models import SelfHelpGroup, SHGMember, SHGStatus
from marketplace.shg.workflow import GROUPS, transition

_IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")
_UPI = re.compile(r"^[A-Za-z0-9.\-_]{2,64}@[A-Za-z]{2,32}$")
_NRLM = re.compile(r"^[A-Z0-9/\-]{6,20}$")


@dataclass
class GroupInput:
    village_id: int
    name_en: str = ""
    name_hi: str = ""
    nrlm_code: str = ""
    story: str = ""
    upi_id: str = ""
    bank_account_name: str = ""
    bank_account_number: str = ""
    bank_ifsc: str = ""
    photo_id: int | None = None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _clean(data: GroupInput, sub_division_id: int) -> dict:
    """The group's columns from the input, or InvalidInput naming the first bad field."""
    name_en, name_hi = _one_line(data.name_en), _one_line(data.name_hi)
    if not (name_en or name_hi):
        raise InvalidInput(ShgError.GROUP_NAME)
    if len(name_en) > 100 or len(name_hi) > 100:
        raise InvalidInput(ShgError.GROUP_NAME)
    story = (data.story or "").strip()
    if len(story) > 1000:
        raise InvalidInput(ShgError.STORY)
    if looks_like_aadhaar(story):
        raise InvalidInput(ShgError.AADHAAR)
    village = village_of(sub_division_id, data.village_id)
    nrlm = _one_line(data.nrlm_code).upper() or None
    if nrlm and not _NRLM.match(nrlm):
        raise InvalidInput(ShgError.NRLM_CODE)
    # a bank's codes are figures in either script, as every number the site reads
    ifsc = ascii_digits(_one_line(data.bank_ifsc)).upper() or None
    if ifsc and not _IFSC.match(ifsc):
        raise InvalidInput(ShgError.IFSC)
    account = re.sub(r"\s", "", ascii_digits(data.bank_account_number or "")) or None
    if account and not (account.isascii() and account.isdigit() and 9 <= len(account) <= 18):
        raise InvalidInput(ShgError.BANK_ACCOUNT)
    upi = _one_line(data.upi_id) or None
    if upi and not _UPI.match(upi):
        raise InvalidInput(ShgError.UPI)
    return {"name_en": name_en, "name_hi": name_hi, "story": story, "village_id": village.id,
            "nrlm_code": nrlm, "bank_ifsc": ifsc, "bank_account_number": account,
            "upi_id": upi, "bank_account_name": _one_line(data.bank_account_name)[:100] or None,
            "photo_id": data.photo_id}


def membership_of(user: User) -> SHGMember | None:
    return db.session.scalar(sa.select(SHGMember).where(SHGMember.user_id == user.id))


def _member_account(phone: str, name: str) -> User:
    user = get_user_by_phone(phone)
    if user is None:
        return _new_member_account(phone, name)
    _check_may_join(user)
    user.role = Role.SHG_MEMBER
    return user


def _new_member_account(phone: str, name: str) -> User:
    unusable = generate_password_hash(secrets.token_urlsafe(32), method="pbkdf2:sha256:1000")
    return create_account(phone=phone, name=clean_name(name), password="",
                          password_hash=unusable, role=Role.SHG_MEMBER, language="hi")


def _check_may_join(user: User) -> None:
    if membership_of(user) is not None:
        raise Conflict(ShgError.IN_ANOTHER_GROUP)
    if user.role not in (Role.RESIDENT, Role.SHG_MEMBER):
        raise Conflict(ShgError.MEMBER_ROLE)


def _insert_group(values: dict, *, sub_division: SubDivision, actor: User,
                  status: SHGStatus) -> SelfHelpGroup:
    group = SelfHelpGroup(sub_division_id=sub_division.id, created_by_id=actor.id,
                          status=status, **GROUPS.stamp(status), **values)
    if not inserted(group):
        raise Conflict(ShgError.NRLM_TAKEN)
    return group


def register_group(data: GroupInput, *, sub_division: SubDivision, actor: User,
                   leader_phone: str, leader_name: str) -> SelfHelpGroup:
    """Staff register a group they know, approved at once, with its first leader."""
    require_staff_for(actor, sub_division.id)
    values = _clean(data, sub_division.id)
    leader = _member_account(leader_phone, leader_name)
    group = _insert_group(values, sub_division=sub_division, actor=actor,
                          status=SHGStatus.APPROVED)
    db.session.add(SHGMember(group=group, user=leader, is_leader=True))
    db.session.flush()
    record_event("shg.registered", actor_id=actor.id, subject_type="shg", subject_id=group.id,
                 sub_division_id=sub_division.id)
    queue_message(leader.phone, "shg_member_added", language=leader.preferred_language,
                  sub_division_id=sub_division.id, group=group.name_hi or group.name_en)
    return group


def apply_for_group(data: GroupInput, *, sub_division: SubDivision, actor: User) -> SelfHelpGroup:
    """A resident signs her group up; she becomes its leader; staff approve it."""
    if membership_of(actor) is not None:
        raise Conflict(ShgError.IN_ANOTHER_GROUP)
    if actor.role not in (Role.RESIDENT, Role.SHG_MEMBER):
        raise Forbidden(ShgError.MEMBER_ROLE)
    values = _clean(data, sub_division.id)
    group = _insert_group(values, sub_division=sub_division, actor=actor,
                          status=SHGStatus.PENDING_REVIEW)
    actor.role = Role.SHG_MEMBER
    db.session.add(SHGMember(group=group, user=actor, is_leader=True))
    db.session.flush()
    record_event("shg.applied", actor_id=actor.id, subject_type="shg", subject_id=group.id,
                 sub_division_id=sub_division.id)
    return group


def _leaders(group: SelfHelpGroup) -> list[User]:
    return [m.user for m in group.members if m.is_leader]


def decide_group(group: SelfHelpGroup, *, approve: bool, actor: User,
                 reason: str | None = None) -> None:
    """Staff approve or reject a group that signed itself up; the leaders are told."""
    require_staff_for(actor, group.sub_division_id)
    to = SHGStatus.APPROVED if approve else SHGStatus.REJECTED
    GROUPS.check(group.status, to)  # a decided group is a conflict, whatever the reason
    reason = _one_line(reason)[:500]
    if not approve and not reason:
        raise InvalidInput(ShgError.REASON_REQUIRED)
    transition(group, to, actor=actor, reason=reason or None)
    for leader in _leaders(group):
        queue_message(leader.phone, "shg_approved" if approve else "shg_rejected",
                      language=leader.preferred_language, sub_division_id=group.sub_division_id,
                      group=group.name_hi or group.name_en, **({} if approve else
                                                               {"reason": reason}))


def _may_manage(group: SelfHelpGroup, actor: User) -> bool:
    if is_staff_for(actor, group.sub_division_id):
        return True
    member = membership_of(actor)
    return member is not None and member.group_id == group.id and member.is_leader


def add_member(group: SelfHelpGroup, *, phone: str, name: str,
               actor: User) -> SHGMember | None:
    """A leader (or staff) adds a member by mobile number; she is told by message. A number
    with an account already is asked first (shg.invitations): None, and she joins when she
    agrees (join_group)."""
    if not _may_manage(group, actor):
        raise Forbidden(ShgError.NOT_LEADER)
    user = get_user_by_phone(phone)
    if user is not None:
        _invite(group, user, actor=actor)
        return None
    member = _enrol(group, _new_member_account(phone, name), actor_id=actor.id)
    queue_message(member.user.phone, "shg_member_added", language=member.user.preferred_language,
                  sub_division_id=group.sub_division_id, group=group.name_hi or group.name_en)
    return member


def _invite(group: SelfHelpGroup, user: User, *, actor: User) -> None:
    _check_may_join(user)
    language = user.preferred_language
    queue_message(user.phone, "shg_member_invited", language=language,
                  sub_division_id=group.sub_division_id,
                  group=localized(group, "name", language),
                  link=invitation_url(group.id, user.id))
    record_event("shg.member_invited", actor_id=actor.id, subject_type="shg",
                 subject_id=group.id, sub_division_id=group.sub_division_id,
                 data={"user_id": user.id})


def is_member_of(user: User, group: SelfHelpGroup) -> bool:
    current = membership_of(user)
    return current is not None and current.group_id == group.id


def join_group(group: SelfHelpGroup, user: User) -> SHGMember:
    """She agreed on the page her invitation opened. Agreeing again changes nothing;
    Conflict('in_another_group') if she joined another group since."""
    if is_member_of(user, group):
        return membership_of(user)
    _check_may_join(user)
    return _enrol(group, user, actor_id=user.id)


def _enrol(group: SelfHelpGroup, user: User, *, actor_id: int) -> SHGMember:
    member = SHGMember(group_id=group.id, user_id=user.id)
    if not inserted(member):  # she was enrolled by another request just now
        raise Conflict(ShgError.IN_ANOTHER_GROUP)
    user.role = Role.SHG_MEMBER
    record_event("shg.member_added", actor_id=actor_id, subject_type="shg",
                 subject_id=group.id, sub_division_id=group.sub_division_id,
                 data={"user_id": user.id})
    return member


def remove_member(member: SHGMember, *, actor: User) -> None:
    """A leader (or staff) removes a member; the last leader cannot be removed."""
    group = member.group
    if not _may_manage(group, actor):
        raise Forbidden(ShgError.NOT_LEADER)
    if member.is_leader and len(_leaders(group)) == 1:
        raise Conflict(ShgError.LAST_LEADER)
    record_event("shg.member_removed", actor_id=actor.id, subject_type="shg",
                 subject_id=group.id, sub_division_id=group.sub_division_id,
                 data={"user_id": member.user_id})
    if member.user.role is Role.SHG_MEMBER:
        member.user.role = Role.RESIDENT
    db.session.delete(member)
    db.session.flush()


def set_leader(member: SHGMember, *, is_leader: bool, actor: User) -> None:
    group = member.group
    if not _may_manage(group, actor):
        raise Forbidden(ShgError.NOT_LEADER)
    if not is_leader and member.is_leader and len(_leaders(group)) == 1:
        raise Conflict(ShgError.LAST_LEADER)
    member.is_leader = is_leader
    record_event("shg.leader_set" if is_leader else "shg.leader_unset", actor_id=actor.id,
                 subject_type="shg", subject_id=group.id, sub_division_id=group.sub_division_id,
                 data={"user_id": member.user_id})
