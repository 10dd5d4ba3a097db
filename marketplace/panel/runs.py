"""Panel: Delivery runs: pick lists, runs by area, run sheets, outcomes and cash reconciliation."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from marketplace.accounts.queries import get_user
from marketplace.core.db import today_in_india, utcnow
from marketplace.core.errors import DomainError
from marketplace.core.forms import EmptyForm
from marketplace.core.i18n import localized
from marketplace.core.phone import display_phone
from marketplace.core.templating import local_date
from marketplace.core.unit_of_work import commit_or_refuse, flash_refusal, flash_then
from marketplace.delivery.queries import get_slot, list_slots
from marketplace.delivery.services import offered_choices, parse_choice
from marketplace.extensions import db
from marketplace.fulfilment import outcomes, queries, services
from marketplace.fulfilment.errors import RunError
from marketplace.fulfilment.forms import (
    NAMED_PERSON,
    BuildRunsForm,
    CloseRunForm,
    CourierForm,
    MoveStopForm,
    RescheduleForm,
    RunDayForm,
)
from marketplace.fulfilment.labels import OUTCOME_LABELS, RUN_STATUS_LABELS
from marketplace.fulfilment.models import DeliveryRun, RunStatus
from marketplace.fulfilment.queries import amounts_to_collect
from marketplace.orders.labels import STATUS_LABELS
from marketplace.panel.access import sub_division_scope, working_sub_division
from marketplace.panel.forms import CancelOrderForm
from marketplace.panel.orders import _refund_if_due

bp = Blueprint("runs", __name__, url_prefix="/runs")


def _area(run: DeliveryRun) -> str:
    return localized(run, "area", str(get_locale()))


def _slot_label(slot) -> str:
    return f"{slot.starts_at.strftime('%H:%M')}–{slot.ends_at.strftime('%H:%M')}"


def _day_form(form_class, formdata=None):
    """The date-and-slot form with this sub-division's slots (active ones first)."""
    slots = db.session.scalars(list_slots(working_sub_division().id)).all()
    form = form_class(formdata=formdata)
    form.slot.choices = [SelectChoice(slot.id, _slot_label(slot)) for slot in slots]
    if form.day.data is None and not form.day.raw_data:
        form.day.data = today_in_india() + timedelta(days=1)
    if form.slot.data is None and not form.slot.raw_data and slots:
        form.slot.data = slots[0].id
    return form


def _chosen_day_and_slot():
    """(form, day, slot id) from the address; a bad choice gets 400 with the form's message."""
    form = _day_form(RunDayForm, request.args if request.args else None)
    if request.args and not form.validate():
        return form, None, None
    return form, form.day.data, form.slot.data


@bp.route("")
def index():
    form, day, slot_id = _chosen_day_and_slot()
    scope = sub_division_scope()
    runs = db.session.execute(queries.list_runs(scope, day=day, slot_id=slot_id)).all() \
        if day and slot_id else []
    # the page opens on tomorrow (runs are made the day before): today's runs not sent out
    # yet are shown anyway, or the morning's work would be a date change away
    to_send = db.session.execute(queries.list_runs(
        scope, statuses=(RunStatus.PLANNED,), through=today_in_india())).all()
    waiting = db.session.execute(queries.list_runs(
        scope, statuses=(RunStatus.OUT, RunStatus.RETURNED))).all()
    return render_template(
        "panel/runs.html", form=form, day=day, slot_id=slot_id, runs=runs, waiting=waiting,
        to_send=to_send,
        build_form=EmptyForm(), failed_count=queries.count_failed_deliveries(scope),
        run_status_labels=RUN_STATUS_LABELS), 400 if form.errors else 200


@bp.route("/pick-list")
def pick_list():
    form, day, slot_id = _chosen_day_and_slot()
    if form.errors:
        return render_template("panel/runs.html", form=form, day=None, slot_id=None, runs=[],
                               waiting=[], build_form=EmptyForm(), failed_count=0,
                               run_status_labels=RUN_STATUS_LABELS), 400
    # A sub-division without slots has nothing to pick.
    slot = get_slot(slot_id) if slot_id else None
    groups = (queries.list_pick_groups(working_sub_division().id, day, slot_id,
                                       str(get_locale())) if slot else [])
    return render_template("panel/runs_pick_list.html", groups=groups, day=day, slot=slot,
                           sub_division=working_sub_division(), order_status_labels=STATUS_LABELS)


@bp.route("/build", methods=["POST"])
def build():
    form = _day_form(BuildRunsForm, request.form)
    if not form.validate_on_submit():
        flash(_("Choose a date and a delivery time."), "error")
        return redirect(url_for("panel.runs.index")), 303
    day, slot_id = form.day.data, form.slot.data
    back = url_for("panel.runs.index", day=day.isoformat(), slot=slot_id)

    def refused(error: DomainError):
        flash(error.message, "error")
        return redirect(back), 303

    def built(runs: list[DeliveryRun]):
        if runs:
            flash(_("Runs made: %(count)d. Choose who takes each run, then send it out.",
                    count=len(runs)), "success")
        else:
            flash(_("No packed orders are waiting for a run at this date and time."), "success")
        return redirect(back), 303

    return commit_or_refuse(lambda: services.build_runs(
        working_sub_division().id, slot_id=slot_id, day=day, actor=current_user),
        done=built, refused=refused)


def _run(run_id: int, *, with_lines: bool = False) -> DeliveryRun:
    """The run, if it is of the staff member's sub-division (admins: any), else 404."""
    run = queries.get_run(run_id, with_lines=with_lines)
    scope = sub_division_scope()
    if run is None or (scope is not None and run.sub_division_id != scope):
        abort(404)
    return run


def _courier_form(run: DeliveryRun, formdata=None) -> CourierForm:
    couriers = db.session.scalars(queries.list_couriers(run.sub_division_id)).all()
    form = CourierForm(formdata=formdata)
    form.courier.choices = [
        SelectChoice(NAMED_PERSON, _("A person without an account (write below)")),
        *[SelectChoice(user.id, f"{user.name} · {display_phone(user.phone)}")
          for user in couriers]]
    if formdata is None:
        form.courier.data = run.courier_id or (couriers[0].id if couriers and not
                                               run.courier_name else NAMED_PERSON)
        if run.courier_id is None:
            form.name.data, form.phone.data = run.courier_name, run.courier_phone
    return form


def _move_form(siblings, formdata=None) -> MoveStopForm:
    form = MoveStopForm(formdata=formdata)
    form.target.choices = [SelectChoice(run.id, f"{_area(run)} · #{run.id}") for run in siblings]
    return form


def _render_detail(run_id: int, *, status: int = 200, courier_form=None, close_form=None):
    run = _run(run_id)
    planned = services.is_planned(run)
    siblings = db.session.scalars(queries.list_sibling_runs(run)).all() if planned else []
    collect, total = amounts_to_collect(run)
    expected = run.cash_expected_paise
    return render_template(
        "panel/runs_detail.html", run=run, siblings=siblings, collect=collect, total_collect=total,
        courier_form=courier_form or _courier_form(run),
        move_form=_move_form(siblings), action_form=EmptyForm(),
        # empty: staff type what the courier handed over, counted (a pre-filled total would
        # be closed unchecked); the expected total is shown beside the box
        close_form=close_form or CloseRunForm(formdata=None),
        difference=(run.cash_handed_in_paise - expected
                    if run.cash_handed_in_paise is not None else None),
        closed_by=get_user(run.closed_by_id) if run.closed_by_id else None,
        run_status_labels=RUN_STATUS_LABELS, outcome_labels=OUTCOME_LABELS,
        slot_label=_slot_label(run.slot),
        # what the services would allow now (fulfilment.services and outcomes)
        is_planned=planned, may_close=outcomes.may_close(run),
        is_closed=run.status is RunStatus.CLOSED,
        shows_deliveries=outcomes.may_mark_stops(run) or outcomes.may_close(run)), status


@bp.route("/<int:run_id>")
def detail(run_id: int):
    return _render_detail(run_id)


@bp.route("/<int:run_id>/sheet")
def sheet(run_id: int):
    run = _run(run_id, with_lines=True)
    collect, total = amounts_to_collect(run)
    return render_template("panel/runs_sheet.html", run=run, collect=collect,
                           total_collect=total, slot_label=_slot_label(run.slot))


def _back_to(run: DeliveryRun, success: str):
    """What a change that went through answers: say so, and back to the run."""
    return flash_then(success, url_for("panel.runs.detail", run_id=run.id))


def _shown_on(run: DeliveryRun, **forms):
    """What a refused change answers: the run's page as it is now, saying why."""
    return flash_refusal(lambda error: _render_detail(run.id, status=error.status, **forms))


def _button_run(run_id: int) -> DeliveryRun:
    run = _run(run_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return run


@bp.route("/<int:run_id>/courier", methods=["POST"])
def assign(run_id: int):
    run = _run(run_id)
    form = _courier_form(run, request.form)
    if not form.validate_on_submit():
        return _render_detail(run.id, status=400, courier_form=form)
    courier = None
    if form.courier.data != NAMED_PERSON:
        courier = get_user(form.courier.data)
        if courier is None:
            abort(400)
    return commit_or_refuse(lambda: services.assign_courier(
        run, actor=current_user, courier=courier, name=form.name.data or "",
        phone=form.phone.e164 or ""), done=_back_to(run, _("The run has someone to take it.")),
        refused=_shown_on(run, courier_form=form))


@bp.route("/<int:run_id>/dispatch", methods=["POST"])
def dispatch(run_id: int):
    run = _button_run(run_id)
    return commit_or_refuse(lambda: services.dispatch_run(run, actor=current_user),
                            done=_back_to(run, _("The run is out; each buyer has been told.")),
                            refused=_shown_on(run))


def _stop_of(run: DeliveryRun, stop_id: int):
    return next((stop for stop in run.stops if stop.id == stop_id), None) or abort(404)


@bp.route("/<int:run_id>/stops/<int:stop_id>/move", methods=["POST"])
def move_stop(run_id: int, stop_id: int):
    run = _run(run_id)
    stop = _stop_of(run, stop_id)
    form = _move_form(db.session.scalars(queries.list_sibling_runs(run)).all(), request.form)
    if not form.validate_on_submit():
        flash(str(RunError.TARGET_RUN.message), "error")
        return _render_detail(run.id, status=400)
    target = queries.get_run(form.target.data) or abort(404)
    return commit_or_refuse(lambda: services.move_stop(stop, target, actor=current_user),
                            done=_back_to(target, _("Stop moved to the run %(area)s.",
                                                    area=_area(target))),
                            refused=_shown_on(run))


@bp.route("/<int:run_id>/stops/<int:stop_id>/<any(up, down):direction>", methods=["POST"])
def shift_stop(run_id: int, stop_id: int, direction: str):
    run = _button_run(run_id)
    stop = _stop_of(run, stop_id)
    return commit_or_refuse(
        lambda: services.shift_stop(stop, up=direction == "up", actor=current_user),
        done=_back_to(run, _("Order changed.")), refused=_shown_on(run))


@bp.route("/<int:run_id>/close", methods=["POST"])
def close(run_id: int):
    run = _run(run_id)
    form = CloseRunForm()
    if not form.validate_on_submit():
        return _render_detail(run.id, status=400, close_form=form)

    def refused(error: DomainError):
        if error.code == RunError.CASH_NOTE:
            form.note.errors = [*form.note.errors, error.message]
        else:
            flash(error.message, "error")
        return _render_detail(run.id, status=error.status, close_form=form)

    return commit_or_refuse(lambda: outcomes.close_run(
        run, actor=current_user, handed_in_paise=form.handed_in.paise, note=form.note.data or ""),
        done=_back_to(run, _("Cash counted; the run is closed.")), refused=refused)


# Failed deliveries: a new slot, or cancel.

def _choices(sub_division_id: int):
    return [SelectChoice(choice.value, f"{local_date(choice.day)} · {_slot_label(choice.slot)}"
                         + (f" ({_('full')})" if choice.is_full else ""))
            for choice in offered_choices(sub_division_id, utcnow())]


def _render_failed(*, status: int = 200, errors: dict | None = None):
    scope = sub_division_scope()
    rows = db.session.execute(queries.list_failed_deliveries(scope)).all()
    choices = {sub_division_id: _choices(sub_division_id)
               for sub_division_id in {order.sub_division_id for order, _stop in rows}}
    return render_template("panel/runs_failed.html", rows=rows, choices=choices,
                           errors=errors or {}, form=EmptyForm()), status


@bp.route("/failed")
def failed():
    return _render_failed()


def _failed_order(order_id: int):
    order = queries.get_failed_order(order_id)
    scope = sub_division_scope()
    if order is None or (scope is not None and order.sub_division_id != scope):
        abort(404)
    return order


def _shown_on_failed(order_id: int):
    """What a refused change answers: the failed deliveries, saying why next to the order."""
    return lambda error: _render_failed(status=error.status, errors={order_id: error.message})


@bp.route("/failed/<int:order_id>/reschedule", methods=["POST"])
def reschedule(order_id: int):
    order = _failed_order(order_id)
    form = RescheduleForm()
    form.choice.choices = _choices(order.sub_division_id)
    if not form.validate_on_submit():
        message = " ".join(map(str, form.choice.errors)) or str(RunError.SLOT.message)
        return _render_failed(status=400, errors={order.id: message})
    slot_id, day = parse_choice(form.choice.data)

    def rescheduled(_result: object):
        flash(_("Order %(number)s waits for a run on %(date)s; the buyer has been told.",
                number=order.number, date=local_date(day)), "success")
        return redirect(url_for("panel.runs.failed")), 303

    return commit_or_refuse(lambda: outcomes.reschedule_delivery(
        order, actor=current_user, slot_id=slot_id, day=day, now=utcnow()),
        done=rescheduled, refused=_shown_on_failed(order.id))


@bp.route("/failed/<int:order_id>/cancel", methods=["POST"])
def cancel_failed(order_id: int):
    order = _failed_order(order_id)
    form = CancelOrderForm()
    if not form.validate_on_submit():
        return _render_failed(status=400, errors={order.id: " ".join(
            map(str, form.cancel_reason.errors)) or str(RunError.REASON.message)})

    def cancelled(_result: object):
        flash(_("Order %(number)s cancelled; the stock and the delivery place are given back.",
                number=order.number), "success")
        _refund_if_due(order)
        return redirect(url_for("panel.runs.failed")), 303

    return commit_or_refuse(lambda: outcomes.cancel_failed_delivery(
        order, actor=current_user, reason=form.cancel_reason.data),
        done=cancelled, refused=_shown_on_failed(order.id))
