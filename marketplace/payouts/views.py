"""A self-help group's own statement: sales delivered, commission, payouts, balance."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("payouts", __name__, url_prefix="/shg/statement")
