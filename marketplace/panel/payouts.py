"""Panel: SHG payouts: commission, statements per group and period, payouts recorded."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.db import today_in_india
from marketplace.core.errors import DomainError
from marketplace.core.money import format_rupees
from marketplace.core.unit_of_work import commit_or_refuse, flash_then
from marketplace.panel.access import sub_division_scope, working_sub_division
from marketplace.payouts import queries, services
from marketplace.payouts.errors import PayoutError
from marketplace.payouts.forms import CommissionForm, PayoutForm
from marketplace.payouts.labels import format_percent, payout_error_message
from marketplace.payouts.models import Payout
from marketplace.payouts.pages import period_or_error, render_statement
from marketplace.shg.models import SelfHelpGroup
from marketplace.shg.queries import get_group

bp = Blueprint("payouts", __name__, url_prefix="/payouts")


def _render_index(*, commission_form: CommissionForm | None = None, status: int = 200):
    sub_division = working_sub_division()
    period, period_error = period_or_error()
    commission_bp, rows = queries.get_commission_bp(sub_division.id), []
    if period is not None:
        commission_bp, rows = queries.list_group_figures(sub_division.id, period,
                                                            str(get_locale()))
    form = commission_form or CommissionForm(formdata=None,
                                             data={"commission": format_percent(commission_bp)})
    return render_template(
        "panel/payouts.html", sub_division=sub_division, period=period,
        period_error=period_error, rows=rows, total=queries.totals(rows),
        commission_percent=format_percent(commission_bp), commission_form=form,
        raw_from=request.args.get("from", ""), raw_to=request.args.get("to", ""),
    ), (400 if period_error else status)


@bp.route("")
def index():
    return _render_index()


@bp.route("/commission", methods=["POST"])
def set_commission():
    form = CommissionForm()
    if not form.validate_on_submit():
        return _render_index(commission_form=form, status=400)

    def refused(error: DomainError):
        form.commission.errors = [error.message]
        return _render_index(commission_form=form, status=error.status)

    saved = flash_then(_("Commission set to %(percent)s %%. It applies to orders placed from "
                         "now on; past sales keep their rate.",
                         percent=format_percent(form.commission.basis_points)),
                       url_for("panel.payouts.index"))

    return commit_or_refuse(lambda: services.set_commission(
        working_sub_division().id, commission_bp=form.commission.basis_points,
        actor=current_user), done=saved, refused=refused)


def _group(group_id: int) -> SelfHelpGroup:
    """The group, if it is of the staff member's sub-division (admins: any), else 404."""
    group = get_group(group_id)
    scope = sub_division_scope()
    if group is None or (scope is not None and group.sub_division_id != scope):
        abort(404)
    return group


def _statement_page(group_id: int, template: str):
    return render_statement(_group(group_id), template, for_staff=True)


@bp.route("/groups/<int:group_id>")
def statement(group_id: int):
    return _statement_page(group_id, "panel/payouts_statement.html")


@bp.route("/groups/<int:group_id>/print")
def print_statement(group_id: int):
    return _statement_page(group_id, "payouts/print.html")


def _render_payout(group: SelfHelpGroup, form: PayoutForm, *, status: int = 200):
    balance = queries.current_balance(group, today_in_india())
    return render_template("panel/payouts_record.html", group=group, form=form,
                           balance_paise=balance), status


@bp.route("/groups/<int:group_id>/pay", methods=["GET", "POST"])
def record_payout(group_id: int):
    group = _group(group_id)
    if request.method == "GET":
        return _render_payout(group, PayoutForm(formdata=None,
                                                data={"paid_on": today_in_india()}))
    form = PayoutForm()
    if not form.validate_on_submit():
        return _render_payout(group, form, status=400)

    def refused(error: DomainError):
        field = {PayoutError.PAID_ON_FUTURE: form.paid_on,
                 PayoutError.PAID_ON_TOO_EARLY: form.paid_on,
                 PayoutError.REFERENCE_REQUIRED: form.reference,
                 PayoutError.REFERENCE_TOO_LONG: form.reference,
                 PayoutError.NOTE_TOO_LONG: form.note}.get(error.code, form.amount)
        field.errors = [*field.errors, payout_error_message(error)]
        return _render_payout(group, form, status=error.status)

    def recorded(payout: Payout):
        flash(_("Payout of %(amount)s recorded.", amount=format_rupees(payout.amount_paise)),
              "success")
        return redirect(url_for("panel.payouts.statement", group_id=group.id), 303)

    return commit_or_refuse(lambda: services.record_payout(
        group, amount_paise=form.amount.paise, paid_on=form.paid_on.data,
        reference=form.reference.data, note=form.note.data or "", actor=current_user),
        done=recorded, refused=refused)
