"""Worker cards as the directory prints them: names chosen for the reader's language from
the reference copy (workers/reference.py, places/reference.py), words translated once per
process, so that the card template only prints fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from marketplace.core.i18n import localized, translated
from marketplace.places import reference as reference_places
from marketplace.workers import reference
from marketplace.workers.labels import UNIT_LABELS
from marketplace.workers.models import WorkerProfile, rating_average
from marketplace.workers.queries import availability_on, distance_km

WORDS = {
    "verified": _l("Verified"), "available_now": _l("Available now"),
    "not_taking_work": _l("Not taking work"), "no_ratings": _l("No ratings yet"),
    # formats: translated once, filled per card
    "km": _l("%(km)s km"), "from_date": _l("From %(date)s"),
    "also_serves": _l("Also serves from %(place)s"),
}


#: a row of queries.search_workers (CARD_COLUMNS and photo_key), or a profile (the assistant's
#: chosen worker), which has the same names
Worker = sa.Row | WorkerProfile


class WorkerCard(NamedTuple):
    """A tuple (made and hashed in C: a list page makes twenty and keys a kept fragment by
    each, core/fragments.py)."""

    id: int
    name: str
    photo_key: str | None
    is_verified: bool
    category: str
    village: str
    distance: str | None
    rate_paise: int
    unit: str
    rating: str
    #: "now", "from" (a date to come) or "" (not taking work): the badge's look
    availability: str
    availability_text: str
    #: a neighbouring sub-division's worker also listed here: "Also serves from <theirs>"
    also_serves: str = ""


def _rating(worker: Worker, words: Mapping[str, str]) -> str:
    if not worker.rating_count:
        return words["no_ratings"]
    return f"★ {rating_average(worker.rating_total, worker.rating_count)} ({worker.rating_count})"


def _availability(worker: Worker, today: date, words: Mapping[str, str]):
    note = availability_on(worker, today)
    if note.now:
        return "now", words["available_now"]
    if note.from_date:
        return "from", words["from_date"] % {"date": format_date(note.from_date, "d MMM y")}
    return "", words["not_taking_work"]


def also_serves(worker: Worker, here: int, locale: str) -> str:
    """"Also serves from <their sub-division>" for a neighbour's worker listed `here`
    (workers/neighbours.py), else ""."""
    if worker.sub_division_id == here:
        return ""
    theirs = reference_places.sub_division(worker.sub_division_id)
    return translated(WORDS, locale)["also_serves"] % {
        "place": localized(theirs, "name", locale) if theirs is not None else ""}


def _home_of(worker: Worker, villages: Mapping[int, sa.Row]) -> sa.Row | None:
    """The worker's village: from `villages`, or for a neighbour's worker from the reference
    copy of their own sub-division's (kept per process: no query on a list page)."""
    home = villages.get(worker.home_village_id)
    if home is None:
        home = next((row for row in reference_places.villages(worker.sub_division_id)
                     if row.id == worker.home_village_id), None)
    return home


def worker_cards(workers: Iterable[Worker], *, villages: Mapping[int, sa.Row],
                 origin: tuple[float, float] | None, today: date, locale: str,
                 here: int | None = None) -> list[WorkerCard]:
    """Cards of the rows of queries.search_workers (or of profiles); `villages` by id (the
    sub-division's, from places.reference), `origin` the point distances are measured from,
    `here` the sub-division listing them (its neighbours' workers get a badge)."""
    words = translated(WORDS, locale)
    units = translated(UNIT_LABELS, locale)
    categories = reference.category_names(locale)
    cards = []
    for worker in workers:
        home = _home_of(worker, villages)
        distance = None
        if origin and home is not None:
            km = distance_km(origin, (home.latitude, home.longitude))
            distance = words["km"] % {"km": f"{km:.1f}"}
        availability, availability_text = _availability(worker, today, words)
        cards.append(WorkerCard(
            id=worker.id, name=worker.display_name,
            photo_key=worker.photo_key,
            is_verified=worker.is_verified,
            category=categories.get(worker.main_category_id, ""),
            village=localized(home, "name", locale) if home is not None else "",
            distance=distance, rate_paise=worker.rate_paise, unit=units[worker.rate_unit],
            rating=_rating(worker, words), availability=availability,
            availability_text=availability_text,
            also_serves=also_serves(worker, here, locale) if here is not None else ""))
    return cards


def card_context(workers: Iterable[Worker], **how) -> dict:
    """What a page of worker cards passes to its template: `cards` and `card_words`."""
    return {"cards": worker_cards(workers, **how),
            "card_words": translated(WORDS, how["locale"])}
