"""Reads of the worker directory: search with a fixed number of queries, counts, lookups."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import aliased, joinedload, selectinload

from marketplace.core import freshness
from marketplace.core.db import AnyFetched
from marketplace.core.pagination import SortedQuery, SortedUnion, own_columns
from marketplace.core.text import search_key
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.places import reference as reference_places
from marketplace.places.models import Village
from marketplace.workers.models import (
    Availability,
    CategorySynonym,
    NeighbourListing,
    NeighbourStatus,
    RateCard,
    Review,
    WorkerCategory,
    WorkerProfile,
    WorkerStatus,
    worker_category_links,
    worker_service_villages,
)

KM_PER_DEGREE = 111.2
SORTS = ("distance", "rating", "rate")


@dataclass(frozen=True)
class WorkerFilters:
    sub_division_id: int
    category_id: int | None = None
    village_id: int | None = None
    block_id: int | None = None
    origin: tuple[float, float] | None = None  # (latitude, longitude) of the visitor
    available_now: bool = False
    min_rating: int | None = None
    text: str = ""
    sort: str = "distance"


def list_categories() -> sa.Select:
    return sa.select(WorkerCategory).order_by(WorkerCategory.sort_order)


def get_category_by_slug(slug: str) -> WorkerCategory | None:
    return db.session.scalar(sa.select(WorkerCategory).where(WorkerCategory.slug == slug))


def count_available_by_category(sub_division_id: int, today: date) -> dict[int, int]:
    """{kind of work: workers available today}: counted over every listed worker, so kept per
    process while the data version holds (core/freshness.py); the start page of every
    signed-in visit and the assistant's menu ask for it."""
    def count() -> dict[int, int]:
        return dict(db.session.execute(
            sa.select(WorkerProfile.main_category_id, sa.func.count(WorkerProfile.id))
            .where(WorkerProfile.sub_division_id == sub_division_id,
                   WorkerProfile.status == WorkerStatus.APPROVED, _available_now(today))
            .group_by(WorkerProfile.main_category_id)).all())

    return freshness.remembered(("available by category", sub_division_id, today), count)


def _available_now(today: date):
    """In SQL: available, or available from a date that has come (availability_on says the
    same of one loaded profile)."""
    return sa.or_(
        WorkerProfile.availability == Availability.AVAILABLE,
        sa.and_(WorkerProfile.availability == Availability.FROM_DATE,
                WorkerProfile.available_from <= today),
    )


@dataclass(frozen=True)
class AvailabilityNote:
    """When a worker takes work, as a card or profile shows it."""

    #: takes work today (the rule search and the home page's counts use, in SQL)
    now: bool
    #: the date the worker said they are free from, if they gave one
    from_date: date | None


def availability_on(worker: WorkerProfile, today: date) -> AvailabilityNote:
    from_date = (worker.available_from if worker.availability is Availability.FROM_DATE
                 else None)
    return AvailabilityNote(
        now=worker.availability is Availability.AVAILABLE or (
            from_date is not None and from_date <= today),
        from_date=from_date)


def category_term_index() -> dict[str, int]:
    """search_key of every category name and synonym → category id (one query)."""
    index: dict[str, int] = {}
    for category in db.session.scalars(list_categories()):
        for name in (category.name_en, category.name_hi, category.slug.replace("-", " ")):
            index.setdefault(search_key(name), category.id)
    for key, category_id in db.session.execute(
        sa.select(CategorySynonym.term_key, CategorySynonym.category_id)
    ):
        index.setdefault(key, category_id)
    return index


def understand_text(text: str, index: dict[str, int]) -> tuple[set[int], list[str]]:
    """Split a query into the categories its words name and the words left for names/skills.

    Longest phrases first, so "nal wala" finds plumbers before "wala" is left over.
    """
    return understand_words(search_key(text).split(), index)


def understand_words(words: list[str], index: dict[str, int]) -> tuple[set[int], list[str]]:
    """understand_text for words already folded by search_key (folding twice is not always
    the same as once)."""
    categories: set[int] = set()
    left: list[str] = []
    position = 0
    while position < len(words):
        for length in range(min(4, len(words) - position), 0, -1):
            phrase = " ".join(words[position:position + length])
            if phrase in index:
                categories.add(index[phrase])
                position += length
                break
        else:
            left.append(words[position])
            position += 1
    return categories, left


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Flat-earth distance: exact enough within a sub-division, and SQL can do the same sums."""
    scale = math.cos(math.radians(a[0]))
    return math.hypot((b[0] - a[0]) * KM_PER_DEGREE, (b[1] - a[1]) * KM_PER_DEGREE * scale)


def _squared_distance(origin: tuple[float, float], village):
    scale = math.cos(math.radians(origin[0]))
    d_lat = (village.latitude - origin[0]) * KM_PER_DEGREE
    d_lng = (village.longitude - origin[1]) * (KM_PER_DEGREE * scale)
    return d_lat * d_lat + d_lng * d_lng


def _in_categories(category_ids: set[int], *, fetch_all: bool):
    """Works in one of the categories, as main or other work (one link table, indexed).
    `fetch_all` when every match is needed (a distance sort): fetch them by id rather than
    walk an index in the page's order."""
    ids = (sa.select(worker_category_links.c.worker_id)
           .where(worker_category_links.c.category_id.in_(category_ids)))
    return AnyFetched(WorkerProfile.id, ids) if fetch_all else WorkerProfile.id.in_(ids)


def _word_matches(word: str):
    return sa.or_(
        WorkerProfile.name_key.like(f"{word}%"),
        WorkerProfile.name_key.like(f"% {word}%"),
        WorkerProfile.skills_key.like(f"{word}%"),
        WorkerProfile.skills_key.like(f"% {word}%"),
    )


#: what a directory card shows (names of places and kinds of work come from the reference
#: copy, workers/cards.py), with `photo_key`
CARD_COLUMNS = ("id", "sub_division_id", "display_name", "is_verified", "main_category_id",
                "home_village_id", "rate_paise", "rate_unit", "rating_count", "rating_total",
                "availability", "available_from", "photo_id")


def _with_photo_key(query: sa.Select, photo_id) -> sa.Select:
    """`query` and the key of the photo whose id is `photo_id`, as photo_key."""
    return (query.add_columns(StoredImage.key.label("photo_key"))
            .outerjoin(StoredImage, StoredImage.id == photo_id))


def search_workers(filters: WorkerFilters, *, today: date,
                   term_index: dict[str, int] | None = None) -> SortedQuery | SortedUnion:
    """`_search_workers`, built once per process for the same filters and day while the
    data version holds (core/freshness.py): building the statement cost more Python than
    running it. `term_index` comes from the reference data, which the version covers."""
    return freshness.remembered(
        ("worker search", filters, today, term_index is None),
        lambda: _search_workers(filters, today=today, term_index=term_index))


def _search_workers(filters: WorkerFilters, *, today: date,
                    term_index: dict[str, int] | None) -> SortedQuery | SortedUnion:
    """Listed workers of the sub-division matching the filters, and those of neighbouring
    sub-divisions also listed in it (workers/neighbours.py), in one order (one SELECT; page
    it with core.pagination.seek). Each part is paged on its own index: the sub-division's
    own workers by ix_worker_profiles_by_*, the neighbours' through
    ix_worker_neighbour_listings_listed. Rows of CARD_COLUMNS and photo_key, not profiles:
    loading ORM objects cost a list page more Python than its SQL.

    `term_index` (from category_term_index) is needed only when there is free text.

    Where no neighbour's worker is listed (most sub-divisions) it is the own part alone, as
    a SortedQuery: building the merged SELECT costs more Python than running it.
    """
    columns = tuple(getattr(WorkerProfile, name) for name in CARD_COLUMNS)
    if filters.sub_division_id not in sub_divisions_listing_neighbours():
        own = _matching(filters, today, term_index, neighbours=False, columns=columns)
        return SortedQuery(_with_photo_key(own.query, WorkerProfile.photo_id), own.keys,
                           own.descending, bound_first_key=own.bound_first_key)
    return SortedUnion([_matching(filters, today, term_index, neighbours=neighbours,
                                  columns=columns)
                        for neighbours in (False, True)],
                       lambda merged: _with_photo_key(own_columns(merged), merged.c.photo_id))


def sub_divisions_listing_neighbours() -> frozenset[int]:
    """The sub-divisions where a worker of another is listed (kept per process until a
    listing changes: core/freshness.py)."""
    rows = freshness.rows("sub-divisions listing neighbours", lambda: sa.select(
        NeighbourListing.sub_division_id).distinct().where(
        NeighbourListing.status == NeighbourStatus.ACCEPTED))
    return frozenset(row.sub_division_id for row in rows)


def _matching(filters: WorkerFilters, today: date, term_index: dict[str, int] | None, *,
              neighbours: bool, columns: tuple) -> SortedQuery:
    """The sub-division's own listed workers matching the filters, or (`neighbours`) those
    of other sub-divisions it also lists; selecting `columns`."""
    home = aliased(Village)
    named, words = (understand_text(filters.text, term_index or {}) if filters.text.strip()
                    else (set(), []))
    # The neighbours' part starts from their few listings: walking or fetching a category's
    # workers first would only cost it.
    by_distance = _by_distance(filters) and not neighbours
    walked = _walked_category(filters, named)
    # Nearest first, village by village, stopping at a full page: through a category's
    # links, or through every worker's home when no words narrow the list (rare words are
    # found faster through their trigram index and then sorted).
    walk = by_distance and (walked is not None or not words)
    near = _villages_nearest_first(filters) if walk else None
    query = sa.select(*columns)
    if near is not None:
        query = _walk_villages(query, near, walked)
    if neighbours:
        query = query.join(NeighbourListing, sa.and_(
            NeighbourListing.worker_id == WorkerProfile.id,
            NeighbourListing.sub_division_id == filters.sub_division_id,
            NeighbourListing.status == NeighbourStatus.ACCEPTED))
    else:
        query = query.where(WorkerProfile.sub_division_id == filters.sub_division_id)
    query = (query.join(home, WorkerProfile.home_village_id == home.id)
             .where(WorkerProfile.status == WorkerStatus.APPROVED))
    for category_ids in ({filters.category_id} if filters.category_id else set(), named):
        if category_ids and not (walk and category_ids == {walked}):
            query = query.where(_in_categories(category_ids,
                                               fetch_all=by_distance and not walk))
    for word in words:
        query = query.where(_word_matches(word))
    reach = near.c.reach if near is not None else None
    if filters.village_id:
        query = query.where(_serves_village(filters, home, reach))
    if filters.block_id:
        serves_block = (
            sa.select(worker_service_villages.c.worker_id)
            .join(Village, Village.id == worker_service_villages.c.village_id)
            .where(Village.block_id == filters.block_id)
        )
        query = query.where(sa.or_(home.block_id == filters.block_id,
                                   WorkerProfile.id.in_(serves_block)))
    if filters.available_now:
        query = query.where(_available_now(today))
    if filters.min_rating:
        query = query.where(WorkerProfile.rating_count > 0,
                            WorkerProfile.rating_avg >= filters.min_rating)
    if reach is not None:
        return SortedQuery(query, [reach, WorkerProfile.id], bound_first_key=True)
    return _ordering(query, filters, home)


def _walked_category(filters: WorkerFilters, named: set[int]) -> int | None:
    """The one kind of work a distance sort can walk village by village (the filter's, or
    the only one the words name); None when there is none or the words name several."""
    if filters.category_id:
        return filters.category_id
    return next(iter(named)) if len(named) == 1 else None


def _villages_nearest_first(filters: WorkerFilters):
    """The sub-division's villages (every own worker's home is one: workers.services._check)
    and their squared distance from the origin, nearest first: the walk's outer loop. Its
    ORDER BY lets PostgreSQL join each village's links in turn and stop at a full page."""
    place = aliased(Village)
    reach = _squared_distance(filters.origin, place)
    return (sa.select(place.id.label("village_id"), reach.label("reach"))
            .where(place.sub_division_id == filters.sub_division_id)
            .order_by(reach).subquery("near"))


def _walk_villages(query: sa.Select, near, category_id: int | None) -> sa.Select:
    """`query` over the villages of `near` in turn, each joined to the workers living there
    (ix_worker_profiles_by_home) or to the category's links of those workers (then to their
    profiles). On PostgreSQL the links are a LATERAL
    subquery behind OFFSET 0, which the planner may not merge into the outer query: left to
    itself it joins the category's every link to its profile before it looks at the
    villages' order. SQLite (no LATERAL) walks the villages in order anyway."""
    if category_id is None:
        return query.select_from(near).join(
            WorkerProfile, WorkerProfile.home_village_id == near.c.village_id)
    links = worker_category_links
    if db.session.get_bind().dialect.name == "postgresql":
        walk = (sa.select(links.c.worker_id)
                .where(links.c.category_id == category_id,
                       links.c.home_village_id == near.c.village_id)
                .offset(0).lateral("walk"))
        query = query.select_from(near).join(walk, sa.true())
    else:
        walk = links.alias("walk")
        query = query.select_from(near).join(walk, sa.and_(
            walk.c.category_id == category_id, walk.c.home_village_id == near.c.village_id))
    return query.join(WorkerProfile, WorkerProfile.id == walk.c.worker_id)


def _serves_village(filters: WorkerFilters, home, reach):
    """Lives in the village, lists it among those served, or lives within their radius of
    it. `reach`: the squared distance of home from the village when the walk has it."""
    # the sub-division's reference copy: no query (a neighbour's part asks about a village
    # of this sub-division too)
    target = next((row for row in reference_places.villages(filters.sub_division_id)
                   if row.id == filters.village_id), None)
    serves_target = sa.select(worker_service_villages.c.worker_id).where(
        worker_service_villages.c.village_id == filters.village_id)
    conditions = [WorkerProfile.home_village_id == filters.village_id,
                  WorkerProfile.id.in_(serves_target)]
    if target is not None:
        if reach is None or (target.latitude, target.longitude) != filters.origin:
            reach = _squared_distance((target.latitude, target.longitude), home)
        conditions.append(sa.and_(
            WorkerProfile.service_radius_km.is_not(None),
            reach <= WorkerProfile.service_radius_km * WorkerProfile.service_radius_km))
    return sa.or_(*conditions)


def _by_distance(filters: WorkerFilters) -> bool:
    return filters.sort == "distance" and filters.origin is not None


def _ordering(query: sa.Select, filters: WorkerFilters, home) -> SortedQuery:
    """Each order but distance is an index's (ix_worker_profiles_by_rating, _by_rate)."""
    if _by_distance(filters):
        return SortedQuery(query, [_squared_distance(filters.origin, home), WorkerProfile.id],
                           bound_first_key=True)
    if filters.sort == "rate":
        return SortedQuery(query, [WorkerProfile.rate_paise, WorkerProfile.id])
    return SortedQuery(query, [WorkerProfile.rating_avg, WorkerProfile.rating_count,
                               WorkerProfile.id], descending=True)


def get_worker(worker_id: int) -> WorkerProfile | None:
    return db.session.scalar(
        sa.select(WorkerProfile).where(WorkerProfile.id == worker_id).options(
            joinedload(WorkerProfile.home_village),
            joinedload(WorkerProfile.main_category),
            joinedload(WorkerProfile.photo),
            joinedload(WorkerProfile.user),
            selectinload(WorkerProfile.other_categories),
            selectinload(WorkerProfile.service_villages),
        )
    )


def get_worker_of_user(user_id: int) -> WorkerProfile | None:
    return db.session.scalar(sa.select(WorkerProfile).where(WorkerProfile.user_id == user_id))


def get_rate_card(sub_division_id: int, category_id: int) -> RateCard | None:
    return db.session.scalar(sa.select(RateCard).where(
        RateCard.sub_division_id == sub_division_id, RateCard.category_id == category_id))


def _waiting_for_staff():
    return sa.or_(
        WorkerProfile.status == WorkerStatus.PENDING_REVIEW,
        sa.and_(WorkerProfile.status == WorkerStatus.APPROVED,
                WorkerProfile.pending_changes.is_not(None)),
    )


def list_approval_rows(sub_division_id: int | None) -> sa.Select:
    """The panel's approval queue rows of profiles waiting for staff (None: every
    sub-division): kind, id, since, village_id, title_en, title_hi, change ("new"/"edit")."""
    query = sa.select(
        sa.literal("worker").label("kind"), WorkerProfile.id.label("id"),
        WorkerProfile.updated_at.label("since"),
        WorkerProfile.home_village_id.label("village_id"),
        WorkerProfile.display_name.label("title_en"), WorkerProfile.display_name.label("title_hi"),
        sa.case((WorkerProfile.pending_changes.is_not(None), "edit"), else_="new").label("change"),
    ).where(_waiting_for_staff())
    if sub_division_id is not None:
        query = query.where(WorkerProfile.sub_division_id == sub_division_id)
    return query


def list_visible_reviews(worker_id: int, limit: int = 20) -> list[Review]:
    return list(db.session.scalars(
        sa.select(Review).where(Review.worker_id == worker_id, Review.is_hidden.is_(False))
        .options(joinedload(Review.author))
        .order_by(Review.created_at.desc()).limit(limit)))


def get_review(review_id: int) -> Review | None:
    return db.session.scalar(sa.select(Review).where(Review.id == review_id)
                             .options(joinedload(Review.booking)))


def list_synonyms() -> list[CategorySynonym]:
    return list(db.session.scalars(sa.select(CategorySynonym).order_by(CategorySynonym.term)))


def list_rate_cards(sub_division_id: int) -> dict[int, RateCard]:
    return {card.category_id: card for card in db.session.scalars(
        sa.select(RateCard).where(RateCard.sub_division_id == sub_division_id))}


# Listed in a neighbouring sub-division too (workers/neighbours.py)

def get_listing(listing_id: int) -> NeighbourListing | None:
    return db.session.scalar(
        sa.select(NeighbourListing).where(NeighbourListing.id == listing_id)
        .options(joinedload(NeighbourListing.worker).joinedload(WorkerProfile.home_village)))


def is_also_listed_in(worker_id: int, sub_division_id: int) -> bool:
    """Whether the worker is listed in that (not their own) sub-division too."""
    return db.session.scalar(sa.select(NeighbourListing.id).where(
        NeighbourListing.worker_id == worker_id,
        NeighbourListing.sub_division_id == sub_division_id,
        NeighbourListing.status == NeighbourStatus.ACCEPTED)) is not None


def list_live_listings(sub_division_id: int | None = None, *,
                       worker_id: int | None = None) -> list[NeighbourListing]:
    """Proposed and accepted listings, newest first, with their workers: of one worker, or
    those a sub-division's staff may end (its workers listed elsewhere, and the workers of
    others listed in it); None: every one (admins)."""
    query = (sa.select(NeighbourListing)
             .join(WorkerProfile, WorkerProfile.id == NeighbourListing.worker_id)
             .where(NeighbourListing.status.in_((NeighbourStatus.PROPOSED,
                                                 NeighbourStatus.ACCEPTED)))
             .options(joinedload(NeighbourListing.worker))
             .order_by(NeighbourListing.created_at.desc(), NeighbourListing.id.desc()))
    if worker_id is not None:
        query = query.where(NeighbourListing.worker_id == worker_id)
    if sub_division_id is not None:
        query = query.where(sa.or_(NeighbourListing.sub_division_id == sub_division_id,
                                   WorkerProfile.sub_division_id == sub_division_id))
    return list(db.session.scalars(query))


def list_neighbour_approval_rows(sub_division_id: int | None) -> sa.Select:
    """The approval queue's rows of workers proposed for listing in the sub-division (None:
    every one): kind, id, since, village_id, title_en, title_hi, change."""
    query = (sa.select(
        sa.literal("neighbour").label("kind"), NeighbourListing.id.label("id"),
        NeighbourListing.created_at.label("since"),
        WorkerProfile.home_village_id.label("village_id"),
        WorkerProfile.display_name.label("title_en"),
        WorkerProfile.display_name.label("title_hi"), sa.literal("neighbour").label("change"))
        .join(WorkerProfile, WorkerProfile.id == NeighbourListing.worker_id)
        .where(NeighbourListing.status == NeighbourStatus.PROPOSED))
    if sub_division_id is not None:
        query = query.where(NeighbourListing.sub_division_id == sub_division_id)
    return query
