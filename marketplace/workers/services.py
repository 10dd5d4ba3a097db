"""Worker profiles: register, edit, moderate, availability, contact; categories and rate cards.

Services flush, never commit; they take the acting account and raise DomainErrors:
InvalidInput (bad values), Forbidden (actor may not), Conflict (state or duplicate).
Messages to workers go through the outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from marketplace.accounts.access import is_staff_for, may_moderate
from marketplace.accounts.models import Role, User
from marketplace.core.audit import record_event
from marketplace.core.db import utcnow
from marketplace.core.errors import Conflict, Forbidden, InvalidInput
from marketplace.core.hooks import Hook
from marketplace.core.identity import looks_like_aadhaar
from marketplace.core.input import InputError
from marketplace.core.text import ascii_digits, refused_character, search_key
from marketplace.core.workflow import decide_waiting_edits
from marketplace.extensions import db
from marketplace.media.services import delete_image
from marketplace.notify.services import queue_message
from marketplace.places.models import SubDivision, Village
from marketplace.workers.categories import add_missing_categories
from marketplace.workers.errors import WorkerError
from marketplace.workers.models import (
    Availability,
    CategorySynonym,
    ContactReveal,
    RateCard,
    RateUnit,
    WorkerCategory,
    WorkerProfile,
    WorkerStatus,
    worker_category_links,
)
from marketplace.workers.workflow import transition

#: the version of the privacy notice shown at registration (DPDP Act consent)
CONSENT_NOTICE = "2026-11-v1"
LANGUAGES = ("hi", "en", "pahari", "punjabi", "dogri", "urdu")
MATERIAL_FIELDS = ("display_name", "photo_id", "main_category_id", "other_category_ids", "skills")
MAX_RATE_PAISE = 5_000_000
MAX_OTHER_CATEGORIES = 3


@dataclass
class ProfileInput:
    display_name: str
    main_category_id: int
    rate_paise: int
    rate_unit: RateUnit
    home_village_id: int
    other_category_ids: list[int] = field(default_factory=list)
    skills: str = ""
    experience_years: int = 0
    languages: list[str] = field(default_factory=lambda: ["hi"])
    service_radius_km: int | None = None
    service_village_ids: list[int] = field(default_factory=list)
    availability: Availability = Availability.AVAILABLE
    available_from: date | None = None
    eshram_uan: str | None = None
    hide_phone: bool = False
    #: None: leave the profile's choice as it is (a form that does not ask, e.g. an operator's)
    on_posters: bool | None = None
    photo_id: int | None = None


def clean_uan(raw: str | None) -> str | None:
    """An e-Shram UAN is 12 digits (0-9 or ०-९). Anything that passes Aadhaar's checksum is
    refused."""
    digits = ascii_digits(re.sub(r"[\s-]", "", raw or ""))
    if not digits:
        return None
    if not (digits.isascii() and digits.isdigit() and len(digits) == 12):
        raise InvalidInput(WorkerError.UAN_FORMAT)
    if looks_like_aadhaar(digits):
        raise InvalidInput(WorkerError.AADHAAR)
    return digits


def check_profile_fields(data: ProfileInput, today: date) -> None:
    """The rules of a profile's own fields (no database): InvalidInput with the first broken
    rule's code. The CSV import checks each row with it, so its preview and the import agree."""
    name = " ".join((data.display_name or "").split())
    if not name or len(name) > 80:
        raise InvalidInput(WorkerError.NAME)
    if len(data.skills or "") > 1000:
        raise InvalidInput(WorkerError.SKILLS_TOO_LONG)
    for text in (name, data.skills):
        if looks_like_aadhaar(text):
            raise InvalidInput(WorkerError.AADHAAR)
    # The forms' own input rule (core.forms); a list's rows reach here without a form.
    if (refused_character(name) is not None
            or refused_character(data.skills, multiline=True) is not None):
        raise InvalidInput(InputError.TEXT_CHARACTERS)
    if not 0 < data.rate_paise <= MAX_RATE_PAISE:
        raise InvalidInput(WorkerError.RATE_RANGE)
    if not 0 <= data.experience_years <= 70:
        raise InvalidInput(WorkerError.EXPERIENCE_RANGE)
    if data.service_radius_km is not None and not 1 <= data.service_radius_km <= 100:
        raise InvalidInput(WorkerError.RADIUS_RANGE)
    if not data.languages or any(code not in LANGUAGES for code in data.languages):
        raise InvalidInput(WorkerError.LANGUAGES)
    if data.availability is Availability.FROM_DATE and (
        data.available_from is None or data.available_from <= today
    ):
        raise InvalidInput(WorkerError.AVAILABLE_FROM)
    if len(data.other_category_ids) > MAX_OTHER_CATEGORIES:
        raise InvalidInput(WorkerError.TOO_MANY_CATEGORIES)


def _check(data: ProfileInput, sub_division_id: int, today: date) -> None:
    check_profile_fields(data, today)
    category_ids = {data.main_category_id, *data.other_category_ids}
    found = db.session.scalar(
        sa.select(sa.func.count(WorkerCategory.id)).where(WorkerCategory.id.in_(category_ids)))
    if found != len(category_ids):
        raise InvalidInput(WorkerError.CATEGORY)
    village_ids = {data.home_village_id, *data.service_village_ids}
    in_sub_division = db.session.scalar(
        sa.select(sa.func.count(Village.id)).where(
            Village.id.in_(village_ids), Village.sub_division_id == sub_division_id))
    if in_sub_division != len(village_ids):
        raise InvalidInput(WorkerError.VILLAGE)


def _apply_material(profile: WorkerProfile, changes: dict) -> None:
    if "display_name" in changes:
        profile.display_name = " ".join(changes["display_name"].split())
        profile.name_key = search_key(profile.display_name)
    if "skills" in changes:
        profile.skills = changes["skills"].strip()
        profile.skills_key = search_key(profile.skills)
    if "photo_id" in changes:
        profile.photo_id = changes["photo_id"]
    if "main_category_id" in changes or "other_category_ids" in changes:
        others = changes.get("other_category_ids",
                             [c.id for c in profile.other_categories] if profile.id else [])
        link_categories(profile, changes.get("main_category_id", profile.main_category_id),
                        others)


def link_categories(profile: WorkerProfile, main_id: int, other_ids: list[int]) -> None:
    """Set the profile's main and other categories: the column the cards show and the link
    rows the directory filters by (the only writer of worker_category_links)."""
    profile.main_category_id = main_id
    db.session.flush()  # the profile has an id, and its main category is saved
    db.session.execute(sa.delete(worker_category_links)
                       .where(worker_category_links.c.worker_id == profile.id))
    known = set(db.session.scalars(sa.select(WorkerCategory.id).where(
        WorkerCategory.id.in_(set(other_ids) - {main_id}))))
    home = profile.home_village_id
    db.session.execute(sa.insert(worker_category_links), [
        {"worker_id": profile.id, "category_id": main_id, "is_main": True,
         "home_village_id": home},
        *({"worker_id": profile.id, "category_id": i, "is_main": False,
           "home_village_id": home} for i in sorted(known)),
    ])
    db.session.expire(profile, ["other_categories"])


def add_ratings(worker_id: int, *, rating_sum: int, count: int) -> None:
    """Count `count` more ratings summing to `rating_sum` (negative to take them out) in the
    worker's count, total and stored average: the one place ratings change. In one UPDATE,
    so that two reviews at once both count."""
    new_count = WorkerProfile.rating_count + count
    new_total = WorkerProfile.rating_total + rating_sum
    db.session.execute(
        sa.update(WorkerProfile).where(WorkerProfile.id == worker_id).values(
            rating_count=new_count, rating_total=new_total,
            rating_avg=sa.case((new_count > 0, new_total * 1.0 / new_count), else_=0),
        ).execution_options(synchronize_session=False)
    )
    worker = db.session.get(WorkerProfile, worker_id)
    db.session.expire(worker, ["rating_count", "rating_total", "rating_avg"])


def _apply_everyday(profile: WorkerProfile, data: ProfileInput) -> None:
    profile.experience_years = data.experience_years
    profile.languages = ",".join(dict.fromkeys(data.languages))
    profile.rate_paise = data.rate_paise
    profile.rate_unit = data.rate_unit
    profile.home_village_id = data.home_village_id
    profile.service_radius_km = data.service_radius_km
    profile.service_villages = db.session.scalars(
        sa.select(Village).where(Village.id.in_(data.service_village_ids))).all()
    profile.availability = data.availability
    profile.available_from = (
        data.available_from if data.availability is Availability.FROM_DATE else None)
    profile.eshram_uan = clean_uan(data.eshram_uan)
    profile.hide_phone = data.hide_phone
    if data.on_posters is not None:
        profile.on_posters = data.on_posters


def _material_values(data: ProfileInput) -> dict:
    return {
        "display_name": data.display_name,
        "photo_id": data.photo_id,
        "main_category_id": data.main_category_id,
        "other_category_ids": sorted(set(data.other_category_ids) - {data.main_category_id}),
        "skills": data.skills or "",
    }


def _current_material(profile: WorkerProfile) -> dict:
    return {
        "display_name": profile.display_name,
        "photo_id": profile.photo_id,
        "main_category_id": profile.main_category_id,
        "other_category_ids": sorted(c.id for c in profile.other_categories),
        "skills": profile.skills,
    }


def register_worker(
    user: User,
    data: ProfileInput,
    *,
    sub_division: SubDivision,
    actor: User,
    today: date,
    awaiting_consent: bool = False,
) -> WorkerProfile:
    """Create the profile of `user` in `sub_division` (waiting for review, or for the worker's
    own consent when an operator registered them). Conflict('profile_exists')."""
    if db.session.scalar(sa.select(WorkerProfile.id).where(WorkerProfile.user_id == user.id)):
        raise Conflict(WorkerError.PROFILE_EXISTS)
    _check(data, sub_division.id, today)
    profile = WorkerProfile(
        user=user,
        sub_division_id=sub_division.id,
        status=WorkerStatus.PENDING_CONSENT if awaiting_consent else WorkerStatus.PENDING_REVIEW,
        registered_by_id=actor.id if actor.id != user.id else None,
        display_name="", name_key="", rate_paise=data.rate_paise, rate_unit=data.rate_unit,
        home_village_id=data.home_village_id, main_category_id=data.main_category_id,
    )
    if not awaiting_consent:
        profile.consent_at, profile.consent_notice = utcnow(), CONSENT_NOTICE
    db.session.add(profile)
    _apply_material(profile, _material_values(data))
    _apply_everyday(profile, data)
    if user.role is Role.RESIDENT:
        user.role = Role.WORKER
    db.session.flush()
    record_event("worker.registered", actor_id=actor.id, subject_type="worker_profile",
                 subject_id=profile.id, sub_division_id=sub_division.id,
                 data={"by_operator": profile.registered_by_id is not None})
    return profile


def update_worker(profile: WorkerProfile, data: ProfileInput, *, actor: User,
                  today: date) -> bool:
    """Everyday fields change at once; material ones (name, photo, categories, skills) of a
    listed profile wait for staff in pending_changes. Returns True when something waits."""
    if profile.status is WorkerStatus.WITHDRAWN:
        raise Conflict(WorkerError.WORKER_TRANSITION)
    _check(data, profile.sub_division_id, today)
    _apply_everyday(profile, data)
    wanted, current = _material_values(data), _current_material(profile)
    changes = {key: value for key, value in wanted.items() if value != current[key]}
    if profile.status is WorkerStatus.APPROVED:
        profile.pending_changes = changes or None
    else:
        _apply_material(profile, changes)
        profile.pending_changes = None
        if profile.status is WorkerStatus.REJECTED and changes:
            transition(profile, WorkerStatus.PENDING_REVIEW, actor=actor)
    record_event("worker.edited", actor_id=actor.id, subject_type="worker_profile",
                 subject_id=profile.id, sub_division_id=profile.sub_division_id,
                 data={"waiting": sorted(profile.pending_changes or {})})
    return bool(profile.pending_changes)


def approve_worker(profile: WorkerProfile, *, actor: User, reason: str | None = None) -> None:
    """Approve a new profile, or the waiting edits of a listed one; tell the worker."""
    _decide(profile, approve=True, actor=actor, reason=reason)


def reject_worker(profile: WorkerProfile, *, actor: User, reason: str) -> None:
    """Reject a new profile, or only the waiting edits of a listed one; the reason is sent."""
    _decide(profile, approve=False, actor=actor, reason=reason)


def _decide(profile: WorkerProfile, *, approve: bool, actor: User, reason: str | None) -> None:
    if not may_moderate(actor, profile.sub_division_id, owner_user_id=profile.user_id):
        raise Forbidden(WorkerError.MODERATE_WORKER)
    if not approve:
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidInput(WorkerError.REASON_REQUIRED)
    if profile.status is WorkerStatus.APPROVED:
        decide_waiting_edits(profile, approve=approve, actor_id=actor.id, reason=reason,
                             apply=_apply_material, nothing_waiting=WorkerError.NOTHING_TO_REVIEW)
    else:
        transition(profile, WorkerStatus.APPROVED if approve else WorkerStatus.REJECTED,
                   actor=actor, reason=reason)
    told = {} if approve else {"reason": reason}
    queue_message(profile.user.phone, "worker_approved" if approve else "worker_rejected",
                  language=profile.user.preferred_language,
                  sub_division_id=profile.sub_division_id, **told)


def set_availability(profile: WorkerProfile, availability: Availability,
                     available_from: date | None, *, today: date) -> None:
    if availability is Availability.FROM_DATE and (available_from is None
                                                   or available_from <= today):
        raise InvalidInput(WorkerError.AVAILABLE_FROM)
    profile.availability = availability
    profile.available_from = available_from if availability is Availability.FROM_DATE else None


#: how many numbers one account may be shown (the site's button and the WhatsApp assistant
#: count together, per account)
REVEAL_LIMITS = "30 per hour; 100 per day"
REVEAL_SCOPE = "reveal"


def reveal_contact(profile: WorkerProfile, *, viewer: User) -> ContactReveal:
    """Record that `viewer` is shown the worker's number. Forbidden when hidden or unlisted."""
    if not profile.is_listed or profile.hide_phone:
        raise Forbidden(WorkerError.PHONE_HIDDEN)
    reveal = ContactReveal(worker_id=profile.id, viewer_id=viewer.id)
    db.session.add(reveal)
    db.session.flush()
    return reveal


def seed_categories() -> None:
    """Add the 26 categories and their starting synonyms where missing (flushes). A migration
    loads them into every database; this is for tests and databases made without migrations."""
    db.session.flush()
    add_missing_categories(db.session.connection())


def add_synonym(category: WorkerCategory, term: str, *, actor: User) -> CategorySynonym:
    term = " ".join((term or "").split())
    key = search_key(term)
    if not key or len(term) > 60:
        raise InvalidInput(WorkerError.SYNONYM)
    if db.session.scalar(sa.select(CategorySynonym.id).where(CategorySynonym.term_key == key)):
        raise Conflict(WorkerError.SYNONYM_EXISTS)
    synonym = CategorySynonym(category_id=category.id, term=term, term_key=key,
                              created_by_id=actor.id)
    db.session.add(synonym)
    db.session.flush()
    record_event("synonym.added", actor_id=actor.id, subject_type="category",
                 subject_id=category.id, data={"term": term})
    return synonym


def remove_synonym(synonym: CategorySynonym, *, actor: User) -> None:
    record_event("synonym.removed", actor_id=actor.id, subject_type="category",
                 subject_id=synonym.category_id, data={"term": synonym.term})
    db.session.delete(synonym)


def set_rate_card(sub_division: SubDivision, category: WorkerCategory, *, min_paise: int,
                  max_paise: int, unit: RateUnit, actor: User) -> RateCard:
    if not is_staff_for(actor, sub_division.id):
        raise Forbidden(WorkerError.RATE_CARD)
    if not 0 < min_paise <= max_paise <= MAX_RATE_PAISE:
        raise InvalidInput(WorkerError.RATE_RANGE)
    card = db.session.scalar(sa.select(RateCard).where(
        RateCard.sub_division_id == sub_division.id, RateCard.category_id == category.id))
    if card is None:
        card = RateCard(sub_division_id=sub_division.id, category_id=category.id)
        db.session.add(card)
    card.min_paise, card.max_paise, card.unit, card.updated_by_id = (
        min_paise, max_paise, unit, actor.id)
    db.session.flush()
    record_event("rate_card.set", actor_id=actor.id, subject_type="category",
                 subject_id=category.id, sub_division_id=sub_division.id,
                 data={"min": min_paise, "max": max_paise, "unit": unit.value})
    return card


#: a higher layer acts in the same transaction before a profile is erased (bookings cancels
#: the worker's live bookings and tells the residents): (profile, actor)
on_withdrawal: Hook[[WorkerProfile, User], None] = Hook("workers.on_withdrawal")


def withdraw_worker(profile: WorkerProfile, *, actor: User) -> None:
    """The worker deletes their profile: consent withdrawn, the listeners told first (live
    bookings are cancelled), then personal data and photo erased.

    What past bookings need stays (the profile row with a neutral name, ratings, amounts).
    Forbidden('withdraw_worker') for anyone but the worker.
    """
    if actor.id != profile.user_id:
        raise Forbidden(WorkerError.WITHDRAW_WORKER)
    on_withdrawal.notify(profile, actor)
    photo = profile.photo
    transition(profile, WorkerStatus.WITHDRAWN, actor=actor)
    profile.display_name, profile.name_key = "—", ""
    profile.skills = profile.skills_key = ""
    profile.photo_id, profile.eshram_uan = None, None
    profile.pending_changes = None
    profile.service_villages = []
    link_categories(profile, profile.main_category_id, [])
    profile.hide_phone = True
    profile.on_posters = False
    profile.availability = Availability.NOT_TAKING
    profile.consent_at = profile.consent_notice = None
    db.session.execute(sa.delete(ContactReveal).where(ContactReveal.worker_id == profile.id))
    if profile.user.role is Role.WORKER:
        profile.user.role = Role.RESIDENT
    db.session.flush()
    if photo is not None:
        delete_image(photo)
