"""A self-help group's own statement: sales delivered, commission, payouts, balance."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from marketplace.core.db import today_in_india
from marketplace.core.errors import InvalidInput
from marketplace.payouts import queries
from marketplace.payouts.forms import parse_period
from marketplace.payouts.labels import format_percent, payout_error_message
from marketplace.shg.queries import get_group
from marketplace.shg.services import membership_of

bp = Blueprint("payouts", __name__, url_prefix="/shg/statement")


@bp.app_context_processor
def group_balance_helper():
    """`group_balance(group)` for the SHG dashboard (catalogue may not import payouts)."""
    return {"group_balance": lambda group: queries.current_balance(group, today_in_india())}


def period_or_error():
    """(period, None) from ?from=…&to=…, or (None, message) when they make no sense."""
    try:
        return parse_period(request.args, today_in_india()), None
    except InvalidInput as error:
        return None, payout_error_message(error.code)


def render_statement(group, template: str, *, for_staff: bool):
    """A group's statement for the asked period (the members' pages and the panel's)."""
    period, period_error = period_or_error()
    statement = queries.get_statement(group, period) if period else None
    return render_template(
        template, group=group, statement=statement, period=period, period_error=period_error,
        commission_percent=format_percent(statement.commission_bp) if statement else "",
        raw_from=request.args.get("from", ""), raw_to=request.args.get("to", ""),
        for_staff=for_staff, today=today_in_india(),
    ), (400 if period_error else 200)


def _render(template: str):
    """The statement of the signed-in member's own group (any member); 404 for anyone who
    is in no group. There is no group id in the address: a member sees her group only."""
    member = membership_of(current_user) or abort(404)
    group = get_group(member.group_id) or abort(404)
    return render_statement(group, template, for_staff=False)


@bp.route("")
@login_required
def statement():
    return _render("payouts/statement.html")


@bp.route("/print")
@login_required
def print_statement():
    return _render("payouts/print.html")
