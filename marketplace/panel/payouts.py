"""Panel: SHG payouts: commission, statements per group and period, payouts recorded."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("payouts", __name__, url_prefix="/payouts")
