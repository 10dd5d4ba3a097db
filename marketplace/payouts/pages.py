"""A group's statement page as both its members' views and the panel show it (no routes)."""

from __future__ import annotations

from flask import render_template, request

from marketplace.core.db import today_in_india
from marketplace.core.errors import InvalidInput
from marketplace.payouts import queries
from marketplace.payouts.forms import parse_period
from marketplace.payouts.labels import format_percent


def period_or_error():
    """(period, None) from ?from=…&to=…, or (None, message) when they make no sense."""
    try:
        return parse_period(request.args, today_in_india()), None
    except InvalidInput as error:
        return None, error.message


def render_statement(group, template: str, *, for_staff: bool):
    """A group's statement for the asked period (the members' pages and the panel's)."""
    period, period_error = period_or_error()
    statement = queries.get_statement(group, period) if period else None
    return render_template(
        template, group=group, statement=statement, period=period, period_error=period_error,
        commission_percent=format_percent(statement.commission_bp) if statement else "",
        percent_of={line.commission_bp: format_percent(line.commission_bp)
                    for line in statement.sales} if statement else {},
        raw_from=request.args.get("from", ""), raw_to=request.args.get("to", ""),
        for_staff=for_staff, today=today_in_india(),
    ), (400 if period_error else 200)
