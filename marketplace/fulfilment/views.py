"""The delivery person's phone pages: today's runs, mark each stop delivered or failed.

Delivery accounts see the runs given to them; staff (and admins) may work any run of their
sub-division from here too. Anyone else's run is a 404.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.core.db import today_in_india
from marketplace.core.forms import EmptyForm
from marketplace.core.money import format_rupees
from marketplace.core.security import roles_required
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal
from marketplace.extensions import db
from marketplace.fulfilment import outcomes, queries
from marketplace.fulfilment.forms import FailedStopForm
from marketplace.fulfilment.labels import OUTCOME_LABELS, RUN_STATUS_LABELS
from marketplace.fulfilment.models import DeliveryRun, RunStop, StopOutcome
from marketplace.fulfilment.services import is_planned, may_work_run

bp = Blueprint("fulfilment", __name__, url_prefix="/deliveries")


@bp.before_request
@roles_required(Role.DELIVERY, Role.STAFF, Role.ADMIN)
def require_delivery_role():
    """Delivery accounts, staff and admins only."""


@bp.route("")
def index():
    today = today_in_india()
    if current_user.role is Role.DELIVERY:
        query = queries.list_runs(current_user.sub_division_id, courier_id=current_user.id,
                                  out_or_day=today)
    else:
        scope = None if current_user.role is Role.ADMIN else current_user.sub_division_id
        query = queries.list_runs(scope, out_or_day=today)
    runs = db.session.execute(query).all()
    return render_template("fulfilment/index.html", runs=runs,
                           run_status_labels=RUN_STATUS_LABELS)


def _run(run_id: int) -> DeliveryRun:
    run = queries.get_run(run_id, with_lines=True)
    if run is None or not may_work_run(run, current_user):
        abort(404)
    return run


def _failed_form(stop: RunStop, *, submitted: bool = False) -> FailedStopForm:
    if submitted:
        return FailedStopForm(prefix=f"stop{stop.id}")
    return FailedStopForm(formdata=None, prefix=f"stop{stop.id}")


def _render_run(run_id: int, *, status: int = 200, forms: dict | None = None):
    run = _run(run_id)
    collect, total = queries.amounts_to_collect(run)
    forms = forms or {}
    failed_forms = {stop.id: forms.get(stop.id) or _failed_form(stop) for stop in run.stops
                    if stop.outcome is StopOutcome.PENDING}
    return render_template(
        "fulfilment/run.html", run=run, collect=collect, total_collect=total,
        failed_forms=failed_forms, action_form=EmptyForm(), is_out=outcomes.may_mark_stops(run),
        is_planned=is_planned(run),
        pending=StopOutcome.PENDING, run_status_labels=RUN_STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS), status


@bp.route("/runs/<int:run_id>")
def run(run_id: int):
    return _render_run(run_id)


def _stop(stop_id: int) -> RunStop:
    stop = queries.get_stop(stop_id)
    if stop is None or not may_work_run(stop.run, current_user):
        abort(404)
    return stop


def _back_to_run(run_id: int):
    return redirect(url_for("fulfilment.run", run_id=run_id)), 303


def _shown_on(run_id: int, forms: dict | None = None):
    """What a refused change answers: the run's page as it is now, saying why."""
    return flash_refusal(lambda error: _render_run(run_id, status=error.status, forms=forms))


@bp.route("/stops/<int:stop_id>/delivered", methods=["POST"])
def delivered(stop_id: int):
    stop = _stop(stop_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    number, run_id = stop.order.number, stop.run_id

    def marked(cash: int):
        flash(_("%(number)s delivered.", number=number), "success")
        if cash:
            flash(_("Cash collected: %(amount)s.", amount=format_rupees(cash)), "success")
        return _back_to_run(run_id)

    return commit_or_refuse(lambda: outcomes.mark_stop_delivered(stop, actor=current_user),
                            done=marked, refused=_shown_on(run_id))


@bp.route("/stops/<int:stop_id>/failed", methods=["POST"])
def failed(stop_id: int):
    stop = _stop(stop_id)
    form = _failed_form(stop, submitted=True)
    if not form.validate_on_submit():
        return _render_run(stop.run_id, status=400, forms={stop.id: form})
    number, run_id = stop.order.number, stop.run_id

    def marked(_result: object):
        flash(_("%(number)s marked not delivered; the buyer has been told.", number=number),
              "success")
        return _back_to_run(run_id)

    return commit_or_refuse(lambda: outcomes.mark_stop_failed(
        stop, actor=current_user, reason=form.reason.data, other=form.other.data or ""),
        done=marked, refused=_shown_on(run_id, forms={stop.id: form}))
