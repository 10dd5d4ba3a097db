"""Panel: Orders taken by phone or WhatsApp for people without the app."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("phone_orders", __name__, url_prefix="/phone-orders")
