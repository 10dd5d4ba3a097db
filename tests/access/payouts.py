"""Authorization rows for SHG payouts: the panel's pages and a group's own statement."""

from __future__ import annotations

from tests.access.roles import MEMBERS, PANEL, by_role

_OWN_SUB_DIVISION = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}

ACCESS = {
    "panel.payouts.index": ("GET", "/panel/payouts", by_role(302, PANEL)),
    # An empty form: staff anywhere get as far as the form's check.
    "panel.payouts.set_commission": ("POST", "/panel/payouts/commission",
                                     by_role(302, PANEL, allowed_status=400)),
    "panel.payouts.statement": ("GET", "/panel/payouts/groups/{group}", _OWN_SUB_DIVISION),
    "panel.payouts.print_statement": ("GET", "/panel/payouts/groups/{group}/print",
                                      _OWN_SUB_DIVISION),
    "panel.payouts.record_payout": ("GET", "/panel/payouts/groups/{group}/pay",
                                    _OWN_SUB_DIVISION),
    # Each group's member sees their own group's statement (tests/payouts/test_pages.py
    # checks what is on it).
    "payouts.statement": ("GET", "/shg/statement", by_role(302, MEMBERS, others=404)),
    "payouts.print_statement": ("GET", "/shg/statement/print",
                                by_role(302, MEMBERS, others=404)),
}
