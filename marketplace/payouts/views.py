"""A self-help group's own statement: sales delivered, commission, payouts, balance."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from marketplace.payouts.pages import render_statement
from marketplace.shg.queries import get_group
from marketplace.shg.services import membership_of

bp = Blueprint("payouts", __name__, url_prefix="/shg/statement")


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
