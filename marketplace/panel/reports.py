"""Panel: Reports: registrations against targets, orders and revenue, bookings; CSV and SVG."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
