"""The roles every route is tried with, and shorthands for what each may get."""

from __future__ import annotations

ROLES = ["anonymous", "resident", "worker", "shg_member", "operator", "staff", "staff_elsewhere",
         "admin", "delivery"]
SIGNED_IN = ROLES[1:]
PANEL = {"staff", "staff_elsewhere", "admin"}
BUYERS = {"resident", "worker", "shg_member"}


def everyone(status):
    return dict.fromkeys(ROLES, status)


def by_role(anonymous, allowed: set[str], allowed_status=200, others=403):
    table = {role: (allowed_status if role in allowed else others) for role in SIGNED_IN}
    return {"anonymous": anonymous, **table}
