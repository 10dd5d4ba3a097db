"""Authorization rows for delivery runs (panel) and the delivery person's phone pages.

The panel's run here is planned and nobody takes it yet; the delivery person's own run is
given to them and not out yet. The buttons stop at a rule (no courier, not out) or at an
empty form, changing nothing."""

from __future__ import annotations

from marketplace.fulfilment.services import assign_courier, build_runs
from marketplace.orders.services import confirm_order, mark_part_packed
from tests.access.roles import PANEL, by_role
from tests.helpers import make_product, make_user, place_order, tomorrow

_OWN = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}
_DELIVERIES = by_role(302, {"staff", "staff_elsewhere", "admin", "delivery"})
_COURIERS_OWN = {**by_role(302, {"staff", "admin", "delivery"}), "staff_elsewhere": 404}


def _own(status):
    return {**by_role(302, {"staff", "admin"}, allowed_status=status), "staff_elsewhere": 404}


def _stop_button(status):
    return {**by_role(302, {"staff", "admin", "delivery"}, allowed_status=status),
            "staff_elsewhere": 404}


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
    # The delivery person's own run, given to them and not out yet.
    "fulfilment.run": ("GET", "/deliveries/runs/{courier_run}", _COURIERS_OWN),
    "fulfilment.delivered": ("POST", "/deliveries/stops/{courier_stop}/delivered",
                             _stop_button(409)),
    "fulfilment.failed": ("POST", "/deliveries/stops/{courier_stop}/failed", _stop_button(400)),
}


def _packed_order(group, staff, name: str):
    order = place_order(make_user(name="Run Buyer"), {make_product(group, name_en=name): 1})
    confirm_order(order, actor=staff)
    for part in order.parts:
        mark_part_packed(part, actor=staff)
    return order


def add_ids(ids, *, nadaun, group, people, **_world):
    """A planned run nobody takes yet, of its own packed order (the fixture order must stay
    placed for the tail row); and the delivery person's own run, given to them, not out."""
    staff = people["staff"]
    own = _packed_order(group, staff, "Ghee")
    run = build_runs(nadaun.id, slot_id=own.slot_id, day=tomorrow(), actor=staff)[0]
    ids.update(run=run.id, stop=run.stops[0].id, run_order=own.id)
    theirs = _packed_order(group, staff, "Butter")
    courier_run = build_runs(nadaun.id, slot_id=theirs.slot_id, day=tomorrow(), actor=staff)[0]
    assign_courier(courier_run, actor=staff, courier=people["delivery"])
    ids.update(courier_run=courier_run.id, courier_stop=courier_run.stops[0].id)
