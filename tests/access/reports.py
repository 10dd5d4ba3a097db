"""Authorization rows for the reports: panel users see their own sub-division's figures;
staff asking for another sub-division's (by ?sub_division=) get 404."""

from __future__ import annotations

from tests.access.roles import PANEL, by_role

_OWN_SUB_DIVISION = {**by_role(302, {"staff", "admin"}), "staff_elsewhere": 404}

ACCESS = {
    "panel.reports.index": ("GET", "/panel/reports", by_role(302, PANEL)),
    "panel.reports.registrations": ("GET", "/panel/reports/registrations", by_role(302, PANEL)),
    "panel.reports.groups": ("GET", "/panel/reports/groups?from=2026-01-01&to=2026-03-31",
                             by_role(302, PANEL)),
    "panel.reports.orders": ("GET", "/panel/reports/orders", by_role(302, PANEL)),
    "panel.reports.bookings": ("GET", "/panel/reports/bookings?sub_division={report_scope}",
                               _OWN_SUB_DIVISION),
    "panel.reports.export": ("GET", "/panel/reports/orders.csv?sub_division={report_scope}",
                             _OWN_SUB_DIVISION),
    # Every sub-division side by side: admins only, whichever sub-division staff belong to.
    "panel.reports.sub_divisions": ("GET", "/panel/reports/sub-divisions",
                                    by_role(302, {"admin"})),
    "panel.reports.targets": ("GET", "/panel/reports/targets?sub_division={report_scope}",
                              _OWN_SUB_DIVISION),
}


def add_ids(ids, *, nadaun, **_world):
    ids["report_scope"] = nadaun.id
