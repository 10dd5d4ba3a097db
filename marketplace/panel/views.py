"""Panel home and the outbox reader (admins)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from marketplace.accounts.models import Role
from marketplace.chat.queries import count_handed_to_staff
from marketplace.core.db import today_in_india
from marketplace.core.forms import EmptyForm
from marketplace.core.i18n import localized
from marketplace.core.pagination import paginate, parse_page_number
from marketplace.core.security import roles_required
from marketplace.extensions import db
from marketplace.fulfilment.models import DeliveryRun, RunStatus
from marketplace.notify.models import OutboxStatus
from marketplace.notify.queries import list_outbox
from marketplace.notify.services import redrive_messages
from marketplace.orders.labels import STATUS_LABELS
from marketplace.orders.models import OrderStatus
from marketplace.orders.queries import count_orders_for_day
from marketplace.panel.access import (
    SubDivisionChoiceForm,
    choose_sub_division,
    sub_division_scope,
    working_sub_division,
)
from marketplace.panel.approvals import bp as approvals_bp
from marketplace.panel.approvals.queue import count_waiting
from marketplace.panel.assistant import bp as assistant_bp
from marketplace.panel.bookings import bp as bookings_bp
from marketplace.panel.camps import bp as camps_bp
from marketplace.panel.conversations import bp as conversations_bp
from marketplace.panel.delivery import bp as delivery_bp
from marketplace.panel.drives import bp as drives_bp
from marketplace.panel.neighbours import bp as neighbours_bp
from marketplace.panel.orders import bp as orders_bp
from marketplace.panel.payouts import bp as payouts_bp
from marketplace.panel.phone_orders import bp as phone_orders_bp
from marketplace.panel.posters import bp as posters_bp
from marketplace.panel.reports import bp as reports_bp
from marketplace.panel.runs import bp as runs_bp
from marketplace.panel.settings import bp as settings_bp
from marketplace.panel.shg import bp as shg_bp
from marketplace.panel.workers import bp as workers_bp
from marketplace.places.queries import (
    count_villages_by_sub_division,
    list_blocks_by_sub_division,
    list_sub_divisions,
)

bp = Blueprint("panel", __name__, url_prefix="/panel")
bp.register_blueprint(workers_bp)
bp.register_blueprint(bookings_bp)
bp.register_blueprint(shg_bp)
bp.register_blueprint(orders_bp)
bp.register_blueprint(delivery_bp)
for part in (runs_bp, payouts_bp, reports_bp, approvals_bp, phone_orders_bp, settings_bp,
             assistant_bp, conversations_bp, drives_bp, camps_bp, posters_bp, neighbours_bp):
    bp.register_blueprint(part)


@bp.before_request
@roles_required(Role.STAFF, Role.ADMIN)
def require_panel_role():
    """Every panel page is for staff and admins only."""


def _runs_to_close(scope: int | None) -> int:
    """Delivery runs back from the road whose cash is still to be counted and closed."""
    query = sa.select(sa.func.count(DeliveryRun.id)).where(
        DeliveryRun.status == RunStatus.RETURNED)
    if scope is not None:
        query = query.where(DeliveryRun.sub_division_id == scope)
    return db.session.scalar(query)


def _switch_form(sub_divisions) -> SubDivisionChoiceForm:
    form = SubDivisionChoiceForm()
    form.sub_division.choices = [SelectChoice("", _("All sub-divisions"))] + [
        SelectChoice(str(s.id), f"{localized(s, 'name', str(get_locale()))} ({s.code})")
        for s in sub_divisions]
    return form


@bp.route("/", methods=["GET", "POST"])
def home():
    """Today's numbers and what waits, for the working sub-division; admins choose it here
    (a POST from staff is refused: they always work on their own)."""
    is_admin = current_user.role is Role.ADMIN
    if request.method == "POST" and not is_admin:
        abort(403)
    all_sub_divisions = db.session.scalars(list_sub_divisions()).all() if is_admin else []
    switch_form, status = None, 200
    if is_admin:
        switch_form = _switch_form(all_sub_divisions)
        if switch_form.validate_on_submit():
            chosen = next((s for s in all_sub_divisions
                           if str(s.id) == switch_form.sub_division.data), None)
            choose_sub_division(chosen)
            flash(_("You are working on %(name)s.", name=localized(
                chosen, "name", str(get_locale()))) if chosen
                else _("You see every sub-division."), "success")
            return redirect(url_for("panel.home"), code=303)
        status = 400 if switch_form.errors else 200
    scope = sub_division_scope()
    if scope is None:
        sub_divisions = all_sub_divisions
    else:
        sub_divisions = [working_sub_division()]
    if switch_form is not None and request.method == "GET":
        switch_form.sub_division.data = str(scope or "")
    ids = [sub_division.id for sub_division in sub_divisions]
    blocks = list_blocks_by_sub_division(ids)
    village_counts = count_villages_by_sub_division(ids)
    summaries = [
        {
            "sub_division": sub_division,
            "blocks": blocks[sub_division.id],
            "village_count": village_counts.get(sub_division.id, 0),
        }
        for sub_division in sub_divisions
    ]
    today = today_in_india()
    return render_template(
        "panel/home.html", summaries=summaries, switch_form=switch_form,
        working=sub_divisions[0] if scope is not None else None, today=today,
        numbers=count_orders_for_day(scope, today), waiting=count_waiting(scope),
        runs_to_close=_runs_to_close(scope), chats_waiting=count_handed_to_staff(scope),
        order_statuses=list(OrderStatus),
        order_status_labels=STATUS_LABELS), status


@bp.route("/outbox")
def outbox():
    if current_user.role is not Role.ADMIN:
        abort(403)
    status_arg = request.args.get("status", "")
    status = OutboxStatus(status_arg) if status_arg in OutboxStatus.__members__.values() else None
    page = paginate(list_outbox(status=status), number=parse_page_number(request.args.get("page")))
    # redrive_messages sends again the failed ones (the dead-letter list), and only those
    return render_template("panel/outbox.html", page=page, status=status,
                           status_arg=status.value if status else None,
                           statuses=list(OutboxStatus), redrive_form=EmptyForm(),
                           showing_dead_letters=status is OutboxStatus.FAILED,
                           redrivable={m.id for m in page.items
                                       if m.status is OutboxStatus.FAILED})


@bp.route("/outbox/redrive", methods=["POST"])
@bp.route("/outbox/<int:message_id>/redrive", methods=["POST"])
def outbox_redrive(message_id: int | None = None):
    """Send dead-lettered messages again: one, or the whole dead-letter list."""
    if current_user.role is not Role.ADMIN:
        abort(403)
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = redrive_messages(None if message_id is None else [message_id],
                             actor_id=current_user.id)
    db.session.commit()
    flash(ngettext("%(num)d message is being sent again.",
                   "%(num)d messages are being sent again.", count) if count
          else _("No message was queued again (one-time codes are never sent late; they "
                    "expire instead)."),
          "success" if count else "info")
    return redirect(url_for("panel.outbox", status=OutboxStatus.FAILED.value))
