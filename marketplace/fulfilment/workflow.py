"""The life of a delivery run: its transition table.

A run moves only by compare-and-set (fulfilment.services.move_run, its row locked first),
which checks the move here and stamps it; the services record their own audit events, as
each says what the move carried (stops, cash).
"""

from __future__ import annotations

from marketplace.core.workflow import register
from marketplace.fulfilment.errors import RunError
from marketplace.fulfilment.models import DeliveryRun, RunStatus

S = RunStatus
TRANSITIONS: dict[RunStatus, set[RunStatus]] = {
    S.PLANNED: {S.OUT},
    # returned when the last stop has an outcome
    S.OUT: {S.RETURNED},
    S.RETURNED: {S.CLOSED},
    S.CLOSED: set(),
}
RUNS = register(DeliveryRun, TRANSITIONS, code=RunError.RUN_TRANSITION,
                stamps={S.OUT: "dispatched_at", S.CLOSED: "closed_at"})
