"""Words for commissions and payouts (what they refuse: payouts.errors)."""

from __future__ import annotations

from flask_babel import gettext

from marketplace.core.errors import DomainError
from marketplace.core.money import format_rupees
from marketplace.payouts.errors import PayoutError


def format_percent(basis_points: int) -> str:
    """250 → '2.5', 205 → '2.05', 300 → '3'."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole}.{rest:02d}".rstrip("0") if rest else str(whole)


def payout_error_message(error: DomainError) -> str:
    """The error's message; a payout above the balance names the balance (its detail)."""
    if error.code == PayoutError.ABOVE_BALANCE:
        detail = str(error)
        balance = int(detail) if detail.lstrip("-").isdigit() else 0
        if balance > 0:
            return gettext("That is more than the group is owed now (%(balance)s). Record at "
                           "most that amount.", balance=format_rupees(balance))
    return error.message
