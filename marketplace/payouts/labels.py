"""Words for what can go wrong with commissions, payouts and statement periods."""

from __future__ import annotations

from flask_babel import gettext

from marketplace.core.money import format_rupees


def format_percent(basis_points: int) -> str:
    """250 → '2.5', 205 → '2.05', 300 → '3'."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole}.{rest:02d}".rstrip("0") if rest else str(whole)


def payout_error_message(code: str, detail: str | None = None) -> str:
    """The message for a refusal; `detail` is the balance in paise for 'above_balance'."""
    if code == "above_balance":
        balance = int(detail) if detail and detail.lstrip("-").isdigit() else 0
        if balance <= 0:
            return gettext("Nothing is due to this group now, so no payout can be recorded.")
        return gettext("That is more than the group is owed now (%(balance)s). Record at "
                       "most that amount.", balance=format_rupees(balance))
    messages = {
        "commission_format": gettext("Write the commission as a number of percent, e.g. 2.5 "
                                     "(at most two digits after the point)."),
        "commission_range": gettext("The commission must be between 0 and 50 percent."),
        "amount_not_positive": gettext("The amount must be more than zero."),
        "amount_too_large": gettext("That amount is too large."),
        "paid_on_future": gettext("The date paid cannot be in the future."),
        "paid_on_too_early": gettext("The date paid cannot be before the group was "
                                     "registered."),
        "reference_required": gettext("Write the bank or UPI transaction id, or the cash "
                                      "receipt number."),
        "reference_too_long": gettext("The reference can have at most 100 characters."),
        "note_too_long": gettext("The note can have at most 300 characters."),
        "date_format": gettext("Write the date as day-month-year, e.g. 01-12-2026."),
        "date_range": gettext("Choose a date between the years 2000 and 2100."),
        "period_order": gettext("The first day must not be after the last day."),
        "period_too_long": gettext("Choose a period of at most 366 days."),
        "not_staff": gettext("Only the sub-division's staff can do this."),
    }
    return messages.get(code, gettext("That did not work. Check what you wrote and try "
                                      "again."))
