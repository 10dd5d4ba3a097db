"""The status helper on a table of its own: it checks, sets, stamps and audits a move."""

from __future__ import annotations

import enum
from datetime import datetime

import pytest
import sqlalchemy as sa

from marketplace.core import workflow
from marketplace.core.audit import AuditEvent
from marketplace.core.errors import Conflict
from marketplace.core.workflow import Audit, change_status, register
from marketplace.extensions import db


class LampStatus(enum.StrEnum):
    OFF = "off"
    ON = "on"
    BROKEN = "broken"


class Lamp:
    """A thing with a status, as a domain's model has one (no table: the helper needs none)."""

    def __init__(self, status: LampStatus, sub_division_id: int) -> None:
        self.id = 7
        self.status = status
        self.sub_division_id = sub_division_id
        self.lit_at: datetime | None = None


S = LampStatus
MOVES = {S.OFF: {S.ON, S.BROKEN}, S.ON: {S.OFF, S.BROKEN}, S.BROKEN: set()}


@pytest.fixture
def lamps():
    """Register the lamp's table for one test, then forget it."""
    def make(**options):
        return register(Lamp, MOVES, code="lamp_transition", stamps={S.ON: "lit_at"}, **options)

    yield make
    workflow.TABLES.pop(Lamp, None)


def events() -> list[AuditEvent]:
    return db.session.scalars(sa.select(AuditEvent).where(AuditEvent.subject_type == "lamp")
                              .order_by(AuditEvent.id)).all()


def test_an_allowed_move_sets_the_status_stamps_it_and_records_the_event(nadaun, lamps):
    lamps(audit=Audit("lamp", "lamp", with_moves=True))
    lamp = Lamp(S.OFF, nadaun.id)
    assert change_status(lamp, S.ON, actor_id=None, reason="dark") is S.OFF
    assert lamp.status is S.ON and lamp.lit_at is not None and lamp.lit_at.tzinfo is not None
    [event] = events()
    assert (event.action, event.subject_id, event.sub_division_id, event.reason, event.data) == (
        "lamp.on", 7, nadaun.id, "dark", {"from": "off", "to": "on"})


def test_a_refused_move_raises_the_tables_code_and_changes_nothing(nadaun, lamps):
    lamps(audit=Audit("lamp", "lamp"))
    lamp = Lamp(S.BROKEN, nadaun.id)
    with pytest.raises(Conflict) as error:
        change_status(lamp, S.ON)
    assert error.value.code == "lamp_transition" and error.value.status == 409
    assert (lamp.status, lamp.lit_at, events()) == (S.BROKEN, None, [])


def test_the_audit_records_only_the_statuses_the_domain_audits(nadaun, lamps):
    lamps(audit=Audit("lamp", "lamp", only=frozenset({S.BROKEN})))
    lamp = Lamp(S.OFF, nadaun.id)
    change_status(lamp, S.ON)
    change_status(lamp, S.BROKEN, reason="dropped")
    assert [(e.action, e.reason, e.data) for e in events()] == [("lamp.broken", "dropped", {})]


def test_a_table_without_audit_records_nothing(nadaun, lamps):
    lamps()
    change_status(Lamp(S.OFF, nadaun.id), S.BROKEN)
    assert events() == []


def test_a_compare_and_set_reads_the_sources_and_the_stamp_from_the_table(lamps):
    lamp_flow = lamps()
    assert lamp_flow.sources(S.BROKEN) == (S.OFF, S.ON)
    assert lamp_flow.sources(S.OFF) == (S.ON,)
    assert set(lamp_flow.stamp(S.ON)) == {"lit_at"} and lamp_flow.stamp(S.OFF) == {}
    with pytest.raises(Conflict, match="broken → on"):
        lamp_flow.check(S.BROKEN, S.ON)


def test_a_table_must_have_a_row_for_every_status():
    with pytest.raises(ValueError, match="broken"):
        register(Lamp, {S.OFF: {S.ON}, S.ON: {S.OFF}}, code="lamp_transition")
    assert Lamp not in workflow.TABLES


def test_a_model_without_a_table_cannot_change_status():
    with pytest.raises(LookupError, match="Lamp has no transition table"):
        change_status(Lamp(S.OFF, 1), S.ON)
