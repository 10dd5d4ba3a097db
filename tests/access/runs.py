"""Authorization rows for delivery runs (panel) and the delivery person's phone pages.

The run here is planned and nobody takes it yet, so the delivery account tried by the table
is not its courier (404), and the buttons stop at a rule (no courier, not out) or at an
empty form, changing nothing."""

from __future__ import annotations

from marketplace.accounts.models import Role
from marketplace.fulfilment.services import build_runs
from marketplace.orders.services import confirm_order, mark_part_packed
from tests.access.roles import PANEL, by_role
from tests.helpers import make_product, make_user, place_order, tomorrow

_OWN = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}
_DELIVERIES = by_role(302, {"staff", "staff_elsewhere", "admin", "delivery"})
_RUN_OF_ANOTHER = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404,
                   "delivery": 404}


def _own(status):
    return {**by_role(302, {"staff", "admin"}, allowed_status=status), "staff_elsewhere": 404}


def _stop_button(status):
    return {**by_role(302, {"staff", "admin"}, allowed_status=status),
            "staff_elsewhere": 404, "delivery": 404}


ACCESS = {
    "panel.runs.index": ("GET", "/panel/runs", by_role(302, PANEL)),
    "panel.runs.pick_list": ("GET", "/panel/runs/pick-list", by_role(302, PANEL)),
    # An empty form: back to the list with a message.
    "panel.runs.build": ("POST", "/panel/runs/build", by_role(302, PANEL, allowed_status=303)),
    "panel.runs.detail": ("GET", "/panel/runs/{run}", _OWN),
    "panel.runs.sheet": ("GET", "/panel/runs/{run}/sheet", _OWN),
    "panel.runs.assign": ("POST", "/panel/runs/{run}/courier", _own(400)),
    # Nobody takes the run yet.
    "panel.runs.dispatch": ("POST", "/panel/runs/{run}/dispatch", _own(409)),
    "panel.runs.move_stop": ("POST", "/panel/runs/{run}/stops/{stop}/move", _own(400)),
    # The only stop is first already.
    "panel.runs.shift_stop": ("POST", "/panel/runs/{run}/stops/{stop}/up", _own(409)),
    "panel.runs.close": ("POST", "/panel/runs/{run}/close", _own(400)),
    "panel.runs.failed": ("GET", "/panel/runs/failed", by_role(302, PANEL)),
    "panel.runs.reschedule": ("POST", "/panel/runs/failed/{run_order}/reschedule", _own(400)),
    "panel.runs.cancel_failed": ("POST", "/panel/runs/failed/{run_order}/cancel", _own(400)),
    "fulfilment.index": ("GET", "/deliveries", _DELIVERIES),
    "fulfilment.run": ("GET", "/deliveries/runs/{run}", _RUN_OF_ANOTHER),
    # The run is not out yet.
    "fulfilment.delivered": ("POST", "/deliveries/stops/{stop}/delivered", _stop_button(409)),
    "fulfilment.failed": ("POST", "/deliveries/stops/{stop}/failed", _stop_button(400)),
}


def add_ids(ids, *, nadaun, group, leader, order):
    """A run of its own packed order (the fixture order must stay placed for the tail row)."""
    staff = make_user(Role.STAFF, sub_division=nadaun, name="Runs Staff")
    own = place_order(make_user(name="Run Buyer"), {make_product(group, name_en="Ghee"): 1})
    confirm_order(own, actor=staff)
    for part in own.parts:
        mark_part_packed(part, actor=staff)
    run = build_runs(nadaun.id, slot_id=own.slot_id, day=tomorrow(), actor=staff)[0]
    ids.update(run=run.id, stop=run.stops[0].id, run_order=own.id)
