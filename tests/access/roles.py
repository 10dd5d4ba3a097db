"""The roles every route is tried with, and shorthands for what each may get."""

from __future__ import annotations

# Each persona owns what its role owns (tests/access/world.py). The *_other and *_elsewhere
# personas have the same role as the one before them, their own data in the same
# (operator_other, shg_member_other) or another (staff_elsewhere) sub-division, and are
# tried on the first one's records.
ROLES = ["anonymous", "resident", "worker", "shg_member", "shg_member_other", "operator",
         "operator_other", "staff", "staff_elsewhere", "admin", "delivery"]
SIGNED_IN = ROLES[1:]
PANEL = {"staff", "staff_elsewhere", "admin"}
MEMBERS = {"shg_member", "shg_member_other"}
OPERATORS = {"operator", "operator_other"}
BUYERS = {"resident", "worker", *MEMBERS}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def by_role(anonymous, allowed: set[str], allowed_status=200, others=403):
    table = {role: (allowed_status if role in allowed else others) for role in SIGNED_IN}
    return {"anonymous": anonymous, **table}
