"""A delivery run: the orders of one date and slot for one area, taken by one person, and
the cash they hand in afterwards."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.db import Created, Keyed, OfSubDivision, UTCDateTime, enum_column_type
from marketplace.delivery.models import DeliverySlot
from marketplace.extensions import db
from marketplace.orders.models import Order


class RunStatus(enum.StrEnum):
    PLANNED = "planned"
    OUT = "out"
    #: every stop has an outcome; cash still to be handed in
    RETURNED = "returned"
    #: cash counted and the run closed by staff
    CLOSED = "closed"


class StopOutcome(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class DeliveryRun(OfSubDivision, Created, db.Model):
    __tablename__ = "delivery_runs"

    delivery_date: Mapped[date] = mapped_column(sa.Date, index=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("delivery_slots.id"))
    #: the area the run covers, e.g. a block's name, as shown on the run sheet
    area_en: Mapped[str] = mapped_column(sa.String(120))
    area_hi: Mapped[str] = mapped_column(sa.String(120))
    #: a delivery account, or else a named person with a phone
    courier_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    courier_name: Mapped[str] = mapped_column(sa.String(80))
    courier_phone: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[RunStatus] = mapped_column(enum_column_type(RunStatus, "run_status"),
                                              default=RunStatus.PLANNED, index=True)
    #: cash the courier should bring back: the cash-on-delivery orders delivered
    cash_expected_paise: Mapped[int] = mapped_column(default=0)
    cash_handed_in_paise: Mapped[int | None] = mapped_column()
    #: why handed-in cash differs from the expected amount (required when it does)
    cash_note: Mapped[str | None] = mapped_column(sa.String(500))
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    slot: Mapped[DeliverySlot] = relationship()
    stops: Mapped[list[RunStop]] = relationship(back_populates="run",
                                                order_by="RunStop.position")

    __table_args__ = (
        sa.CheckConstraint("cash_expected_paise >= 0", name="cash_expected"),
        sa.CheckConstraint("cash_handed_in_paise IS NULL OR cash_handed_in_paise >= 0",
                           name="cash_handed_in"),
    )


class RunStop(Keyed, db.Model):
    """One order on a run, in the order the courier visits them."""

    __tablename__ = "run_stops"

    run_id: Mapped[int] = mapped_column(sa.ForeignKey("delivery_runs.id"), index=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id"), index=True)
    position: Mapped[int] = mapped_column()
    outcome: Mapped[StopOutcome] = mapped_column(enum_column_type(StopOutcome, "stop_outcome"),
                                                 default=StopOutcome.PENDING)
    outcome_reason: Mapped[str | None] = mapped_column(sa.String(300))
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: cash taken at the door (cash-on-delivery orders delivered)
    cash_collected_paise: Mapped[int] = mapped_column(default=0)

    run: Mapped[DeliveryRun] = relationship(back_populates="stops")
    order: Mapped[Order] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("run_id", "order_id"),
        sa.UniqueConstraint("run_id", "position"),
        # An order is on at most one run still waiting for its outcome.
        sa.Index("uq_run_stops_pending_order", "order_id", unique=True,
                 postgresql_where=sa.text("outcome = 'pending'"),
                 sqlite_where=sa.text("outcome = 'pending'")),
        sa.CheckConstraint("cash_collected_paise >= 0", name="cash_collected"),
    )

    @property
    def is_failed(self) -> bool:
        """The parcel did not reach the door: there is nothing to collect here."""
        return self.outcome is StopOutcome.FAILED
