"""Worker categories, their synonyms and rate cards, and worker profiles."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.accounts.models import User
from marketplace.core.db import (
    GIN_NO_PENDING_LIST,
    Created,
    Keyed,
    OfSubDivision,
    UTCDateTime,
    enum_column_type,
    utcnow,
)
from marketplace.extensions import db
from marketplace.media.models import StoredImage
from marketplace.places.models import Village


class WorkerCategory(Keyed, db.Model):
    """Its icon is the symbol cat-<slug> in static/icons/categories.svg."""

    __tablename__ = "worker_categories"

    slug: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name_en: Mapped[str] = mapped_column(sa.String(60))
    name_hi: Mapped[str] = mapped_column(sa.String(60))
    sort_order: Mapped[int] = mapped_column(default=0)


class CategorySynonym(Keyed, db.Model):
    """An everyday word that finds a category ("nal wala" → plumber); staff keep the list."""

    __tablename__ = "category_synonyms"

    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("worker_categories.id", ondelete="CASCADE"), index=True
    )
    term: Mapped[str] = mapped_column(sa.String(60))
    #: search_key(term), what queries are compared with
    term_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    category: Mapped[WorkerCategory] = relationship()


class RateUnit(enum.StrEnum):
    DAY = "day"
    VISIT = "visit"


class RateCard(Keyed, db.Model):
    """The typical rate of a category in a sub-division, published by its staff."""

    __tablename__ = "rate_cards"

    sub_division_id: Mapped[int] = mapped_column(sa.ForeignKey("sub_divisions.id"))
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("worker_categories.id"))
    min_paise: Mapped[int] = mapped_column()
    max_paise: Mapped[int] = mapped_column()
    unit: Mapped[RateUnit] = mapped_column(enum_column_type(RateUnit, "rate_unit"))
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("sub_division_id", "category_id"),
        sa.CheckConstraint("min_paise > 0 AND max_paise >= min_paise", name="rate_range"),
    )


class WorkerStatus(enum.StrEnum):
    PENDING_CONSENT = "pending_consent"  # registered by an operator, the worker has not confirmed
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # the worker deleted the profile: personal data erased


class Availability(enum.StrEnum):
    AVAILABLE = "available"
    FROM_DATE = "from_date"
    NOT_TAKING = "not_taking"


#: Every category a worker works in, the main one flagged: the directory filters by category
#: through this one table (an index on category_id) rather than `main OR other`. Written only
#: by workers.services.link_categories.
#:
#: Each row also carries the worker's home village, so that "plumbers near this village"
#: walks villages nearest first through ix_worker_category_links_near and stops once a page
#: is full, instead of reading every plumber's profile to sort them. The database keeps the
#: copy true: the foreign key to (worker_profiles.id, home_village_id) cascades a move.
worker_category_links = sa.Table(
    "worker_category_links",
    db.metadata,
    sa.Column("worker_id", sa.ForeignKey("worker_profiles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("category_id", sa.ForeignKey("worker_categories.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("is_main", sa.Boolean(), nullable=False, default=False),
    sa.Column("home_village_id", sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(
        ["worker_id", "home_village_id"],
        ["worker_profiles.id", "worker_profiles.home_village_id"],
        name="fk_worker_category_links_home", onupdate="CASCADE", ondelete="CASCADE"),
    sa.Index("ix_worker_category_links_category", "category_id", "worker_id"),
    sa.Index("ix_worker_category_links_near", "category_id", "home_village_id", "worker_id"),
)

worker_service_villages = sa.Table(
    "worker_service_villages",
    db.metadata,
    sa.Column("worker_id", sa.ForeignKey("worker_profiles.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("village_id", sa.ForeignKey("villages.id", ondelete="CASCADE"), primary_key=True),
)


def rating_average(total: int, count: int) -> float | None:
    """The mean of a worker's ratings to one decimal, None before the first (a profile's
    rating_average; a directory row's, workers/cards.py)."""
    return round(total / count, 1) if count else None


class WorkerProfile(OfSubDivision, Created, db.Model):
    __tablename__ = "worker_profiles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(80))
    #: search_key(display_name): finds Devanagari names by Latin queries and the reverse
    name_key: Mapped[str] = mapped_column(sa.String(200), index=True)
    photo_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stored_images.id", ondelete="SET NULL")
    )
    main_category_id: Mapped[int] = mapped_column(sa.ForeignKey("worker_categories.id"),
                                                  index=True)
    skills: Mapped[str] = mapped_column(sa.String(1000), default="")
    skills_key: Mapped[str] = mapped_column(sa.String(2000), default="")
    experience_years: Mapped[int] = mapped_column(default=0)
    #: comma-separated language codes, e.g. "hi,pahari"
    languages: Mapped[str] = mapped_column(sa.String(100), default="hi")
    rate_paise: Mapped[int] = mapped_column()
    rate_unit: Mapped[RateUnit] = mapped_column(enum_column_type(RateUnit, "worker_rate_unit"))
    home_village_id: Mapped[int] = mapped_column(sa.ForeignKey("villages.id"), index=True)
    #: serves everyone within this distance of home; None means only the listed villages
    service_radius_km: Mapped[int | None] = mapped_column()
    availability: Mapped[Availability] = mapped_column(
        enum_column_type(Availability, "availability"), default=Availability.AVAILABLE
    )
    available_from: Mapped[date | None] = mapped_column(sa.Date)
    #: e-Shram Universal Account Number (12 digits); never an Aadhaar number
    eshram_uan: Mapped[str | None] = mapped_column(sa.String(12))
    hide_phone: Mapped[bool] = mapped_column(default=False)
    #: the worker chose to have their name and number printed on the paper posters of their
    #: village (drives' village posters); only ever their own choice, never an operator's
    on_posters: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    status: Mapped[WorkerStatus] = mapped_column(
        enum_column_type(WorkerStatus, "worker_status"), default=WorkerStatus.PENDING_REVIEW,
        index=True,
    )
    #: approved by staff at least once (shown as a badge)
    is_verified: Mapped[bool] = mapped_column(default=False)
    #: material edits of an approved profile, waiting for staff: {field: new value}, or NULL
    pending_changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON(none_as_null=True))
    review_note: Mapped[str | None] = mapped_column(sa.String(500))
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_total: Mapped[int] = mapped_column(default=0)
    #: rating_total / rating_count (0 when unrated), stored so that an index can serve the
    #: directory's order; kept by workers.services.add_ratings, the one place ratings change
    rating_avg: Mapped[float] = mapped_column(sa.Float, default=0, server_default="0")

    registered_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    #: the registration drive's camp it was made at (drives.models.Camp), counted to that
    #: camp, its block and its partner; None for registrations made anywhere else
    camp_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("drive_camps.id", ondelete="SET NULL"))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: which privacy notice the worker agreed to (DPDP Act: consent to a specific notice)
    consent_notice: Mapped[str | None] = mapped_column(sa.String(32))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    photo: Mapped[StoredImage | None] = relationship()
    main_category: Mapped[WorkerCategory] = relationship()
    other_categories: Mapped[list[WorkerCategory]] = relationship(
        secondary=worker_category_links,
        primaryjoin=lambda: sa.and_(WorkerProfile.id == worker_category_links.c.worker_id,
                                    worker_category_links.c.is_main.is_(False)),
        order_by=lambda: WorkerCategory.sort_order, viewonly=True,
    )
    home_village: Mapped[Village] = relationship()
    service_villages: Mapped[list[Village]] = relationship(secondary=worker_service_villages)

    __table_args__ = (
        sa.CheckConstraint("rate_paise > 0 AND rate_paise <= 5000000", name="rate_range"),
        sa.CheckConstraint("experience_years BETWEEN 0 AND 70", name="experience_range"),
        sa.CheckConstraint("service_radius_km IS NULL OR service_radius_km BETWEEN 1 AND 100",
                           name="radius_range"),
        sa.CheckConstraint("rating_count >= 0 AND rating_total >= 0", name="ratings"),
        sa.CheckConstraint("eshram_uan IS NULL OR length(eshram_uan) = 12", name="uan_length"),
        # The directory's orders within a sub-division's listed workers; seek pagination
        # (core.pagination) walks them from the last row shown, so page 50 costs as page 1.
        sa.Index("ix_worker_profiles_by_rating", "sub_division_id", "status", "rating_avg",
                 "rating_count", "id"),
        sa.Index("ix_worker_profiles_by_rate", "sub_division_id", "status", "rate_paise", "id"),
        # A walk of villages nearest first (workers/queries._walk_villages).
        sa.Index("ix_worker_profiles_by_home", "sub_division_id", "status", "home_village_id",
                 "id"),
        # What worker_category_links' copy of the home village refers to (unique, as the
        # id alone is).
        sa.Index("uq_worker_profiles_id_home", "id", "home_village_id", unique=True),
        # A drive's counts per camp, status and operator read this index alone (an index-only
        # scan on PostgreSQL), not the profiles.
        sa.Index("ix_worker_profiles_camp", "camp_id", "status", "registered_by_id"),
        # Search matches words anywhere in the folded keys (LIKE '% word%'): trigram indexes
        # on PostgreSQL (pg_trgm, created with the schema); SQLite scans.
        sa.Index("ix_worker_profiles_name_key_trgm", "name_key", postgresql_using="gin",
                 postgresql_ops={"name_key": "gin_trgm_ops"},
                 postgresql_with=GIN_NO_PENDING_LIST).ddl_if(dialect="postgresql"),
        sa.Index("ix_worker_profiles_skills_key_trgm", "skills_key", postgresql_using="gin",
                 postgresql_ops={"skills_key": "gin_trgm_ops"},
                 postgresql_with=GIN_NO_PENDING_LIST).ddl_if(dialect="postgresql"),
    )

    @property
    def rating_average(self) -> float | None:
        return rating_average(self.rating_total, self.rating_count)

    @property
    def photo_key(self) -> str | None:
        """The photo's key, as a directory row carries it (workers.queries.search_workers)."""
        return self.photo.key if self.photo_id else None

    @property
    def is_listed(self) -> bool:
        return self.status is WorkerStatus.APPROVED


class ContactReveal(Keyed, Created, db.Model):
    """A signed-in person was shown a worker's phone number (who, when)."""

    __tablename__ = "contact_reveals"

    worker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("worker_profiles.id", ondelete="CASCADE"), index=True
    )
    viewer_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                           index=True)


class Review(Keyed, Created, db.Model):
    """One rating per completed booking, by the resident who booked (see bookings.services)."""

    __tablename__ = "reviews"

    booking_id: Mapped[int] = mapped_column(sa.ForeignKey("bookings.id"), unique=True)
    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("worker_profiles.id"), index=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    rating: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.String(1000), default="")
    is_hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(sa.String(500))
    hidden_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: reported as unfair or abusive (by the worker it is about), waiting for staff
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    flagged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    flag_reason: Mapped[str | None] = mapped_column(sa.String(300))

    # "Booking" by name: bookings sit above workers and import them, not the reverse.
    booking: Mapped[Booking] = relationship("Booking", back_populates="review")  # noqa: F821
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    __table_args__ = (sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),)


class ImportBatch(OfSubDivision, Created, db.Model):
    """An uploaded skill-mapping CSV's rows: kept between the preview and the import (no
    process memory), and marked imported once so a second click imports nothing."""

    __tablename__ = "worker_import_batches"

    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(sa.String(120))
    #: the parsed rows the import needs, never the raw upload: [{"line", "values" (template
    #: columns only, Aadhaar-shaped numbers masked), "aadhaar_in" (columns that held one)}]
    rows: Mapped[list] = mapped_column(sa.JSON, default=list)
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    imported_count: Mapped[int] = mapped_column(default=0)
    #: the registration camp the list was collected at (drives): its workers count there
    camp_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("drive_camps.id", ondelete="SET NULL"))


class NeighbourStatus(enum.StrEnum):
    PROPOSED = "proposed"  # the worker's own staff asked; the other sub-division's decide
    ACCEPTED = "accepted"  # listed there too
    REFUSED = "refused"
    ENDED = "ended"  # withdrawn or ended by staff of either side


class NeighbourListing(OfSubDivision, Created, db.Model):
    """A worker also listed in a neighbouring sub-division: proposed by the staff of the
    worker's own, accepted or refused by the staff of `sub_division_id` (the other one), ended
    by either (workers/neighbours.py). The directory of the other sub-division lists the
    worker while this is accepted (workers.queries.search_workers)."""

    __tablename__ = "worker_neighbour_listings"

    worker_id: Mapped[int] = mapped_column(
        sa.ForeignKey("worker_profiles.id", ondelete="CASCADE"), index=True)
    status: Mapped[NeighbourStatus] = mapped_column(
        enum_column_type(NeighbourStatus, "neighbour_status"), default=NeighbourStatus.PROPOSED)
    proposed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: when the other sub-division's staff accepted or refused it
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    worker: Mapped[WorkerProfile] = relationship()

    __table_args__ = (
        # The other directory's second branch: the workers it also lists, by one index.
        sa.Index("ix_worker_neighbour_listings_listed", "sub_division_id", "status",
                 "worker_id"),
        # One live listing of a worker in a sub-division (two staff proposing at once: one
        # wins).
        sa.Index("uq_worker_neighbour_listings_live", "worker_id", "sub_division_id",
                 unique=True,
                 postgresql_where=sa.text("status IN ('proposed', 'accepted')"),
                 sqlite_where=sa.text("status IN ('proposed', 'accepted')")),
    )
